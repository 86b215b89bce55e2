"""Voice of the customer: feedback over time, what drives it, and what customers say in their own words.

Pure models (numpy, scipy, pandas; scikit-learn, jieba and snowballstemmer are imported lazily by the
text functions only). The input is the feedback table the ``feedback`` engagement section builds
(:mod:`cxconsult.sections.feedback`): one row per response with ``response_id``, ``date``,
``touchpoint``, ``channel``, ``segment``, ``language``, ``nps`` (0-10), ``csat``, ``ces``, one column
per attribute rating and ``verbatim``.

- :mod:`~cxconsult.voc.trend`: each metric by month or week with confidence intervals, by touchpoint
  or segment; :func:`compare_periods` (the test is named in the result); :func:`minimum_sample`.
- :mod:`~cxconsult.voc.drivers`: :func:`key_drivers` (Shapley/LMG or Johnson's relative weights, with
  bootstrap intervals) and :func:`importance_performance`.
- :mod:`~cxconsult.voc.themes`: codebook themes in six languages, theme volumes, NPS, trend and quotes,
  and discovery of what the codebook misses (TF-IDF + NMF).
- :mod:`~cxconsult.voc.cube`: a pre-aggregated cube that answers dashboard filters on a million rows.
- :mod:`~cxconsult.voc.dashboard`: the tree of lagging and leading measures (baseline, target, owner, trend).
- :mod:`~cxconsult.voc.sample`: a seeded generator of sample feedback (verbatims in the client's language).
"""

from cxconsult.voc.drivers import importance_performance, key_drivers
from cxconsult.voc.trend import (
    METRICS,
    PeriodChange,
    compare_periods,
    metric_summary,
    minimum_sample,
    trend,
)

__all__ = ["METRICS", "PeriodChange", "compare_periods", "importance_performance", "key_drivers",
           "metric_summary", "minimum_sample", "trend"]
