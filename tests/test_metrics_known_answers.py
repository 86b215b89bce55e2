"""Known answers, worked by hand, for the metrics behind the retention and service-profit-chain sections.

Each expected value is computed here from the published formula written out step by step (never by
calling the code under test), with data chosen so that a planted bug changes the answer:

- CSAT (share of 4-5 on 1-5) and its standard error sqrt(p(1-p)/n), with the Wilson (1927) interval;
- NPS (Reichheld 2003): Var = p + d - (p - d)^2, SE = 100 sqrt(Var / n) (see the project's shared CX-FACTS.md);
- Goodman (1965) simultaneous intervals, where the chi-square(1) quantile is taken at 1 - alpha/k: the
  split of alpha over the k categories;
- the perception gap's "agree" threshold: promoters answer 9-10, so 8s (present in the data) do not count;
- the like-with-like perception gap: Newcombe (1998, method 10) interval for a difference of two shares.

References: Wilson, E. B. (1927), JASA 22(158):209-212; Reichheld, F. F. (2003), HBR 81(12):46-54;
Goodman, L. A. (1965), Technometrics 7(2):247-254; Newcombe, R. G. (1998), Statistics in Medicine
17(8):873-890.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from cxconsult.metrics import csat, nps_ci
from cxconsult.retention.economics import defection_split, goodman_intervals
from cxconsult.spc import perception_gap

Z95 = stats.norm.ppf(0.975)  # 1.959964


def _wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval, written out: (k + z^2/2 +- z sqrt(k(n-k)/n + z^2/4)) / (n + z^2)."""
    centre = k + z * z / 2
    half = z * math.sqrt(k * (n - k) / n + z * z / 4)
    return (centre - half) / (n + z * z), (centre + half) / (n + z * z)


def test_csat_value_standard_error_and_wilson_interval():
    scores = [5, 4, 4, 3, 2, 5, 1, 4, 5, 3]  # 4-5 answers: 5, 4, 4, 5, 4, 5 -> k = 6 of n = 10
    m = csat(scores)
    assert m.value == pytest.approx(60.0)
    # SE = 100 sqrt(0.6 x 0.4 / 10) = 100 sqrt(0.024) = 15.4919 (not / (n - 1): that would be 16.33)
    assert m.se == pytest.approx(15.491933, abs=1e-5)
    # Wilson: centre (6 + 1.920729) / 13.841459 = 0.572245, half 0.259574 -> 31.27% to 83.18%
    low, high = _wilson(6, 10)
    assert (low, high) == pytest.approx((0.312671, 0.831819), abs=1e-5)
    assert (m.low, m.high) == pytest.approx((100 * low, 100 * high), abs=1e-6)
    assert m.n == 10


def test_nps_value_and_standard_error():
    scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 9]  # promoters 5 (p = 0.5), detractors 6, 3, 0 (d = 0.3)
    m = nps_ci(scores)
    assert m.value == pytest.approx(20.0)
    # Var = 0.5 + 0.3 - 0.2^2 = 0.76; SE = 100 sqrt(0.076) = 27.5681
    assert m.se == pytest.approx(27.568098, abs=1e-5)
    assert m.low == pytest.approx(20.0 - Z95 * 27.568098, abs=1e-4)


def test_goodman_intervals_split_alpha_over_the_k_categories():
    """Hand-worked Goodman (1965) example: counts 30, 20, 10 (N = 60), 95% simultaneous intervals.

    k = 3, so A = chi2(1) quantile at 1 - 0.05/3 = z(1 - 0.05/6)^2 = 2.393980^2 = 5.731139.
    For n_i = 30: sqrt(A (A + 4 x 30 x 30 / 60)) = sqrt(5.731139 x 65.731139) = 19.409102;
    (5.731139 + 60 -+ 19.409102) / (2 x 65.731139) = 0.352360 and 0.647640.
    For n_i = 20: sqrt(5.731139 x (5.731139 + 53.333333)) = 18.399... -> 0.207912, 0.487818.
    For n_i = 10: sqrt(5.731139 x (5.731139 + 33.333333)) = 14.960... -> 0.081912, 0.309548.
    Without the split (A = 1.96^2 = 3.841459) the first interval would be 0.3744 to 0.6256.
    """
    z = stats.norm.ppf(1 - 0.05 / 6)
    assert z * z == pytest.approx(5.731139, abs=1e-6)
    bounds = goodman_intervals([30, 20, 10], 0.95)
    assert bounds.ravel().tolist() == pytest.approx([0.352360, 0.647640, 0.207912, 0.487818, 0.081912, 0.309548],
                                                   abs=1e-6)
    split = defection_split([{"reason": "cheaper", "category": "price", "count": 30},
                             {"reason": "slow", "category": "service", "count": 20},
                             {"reason": "moved", "category": "other", "count": 10}])
    assert split.intervals["service"] == pytest.approx((0.207912, 0.487818), abs=1e-6)
    # the service share alone has its own Wilson interval: 20 of 60
    assert split.service_share_interval == pytest.approx(_wilson(20, 60), abs=1e-9)


def test_perception_gap_counts_only_promoters_and_eights_are_in_the_data():
    scores = [10, 9, 8, 8, 8, 7, 6, 9, 3, 8]  # 9-10: three answers; five 8s that must not count
    gap = perception_gap(80, scores, scale="0-10")
    assert gap.customer_view == pytest.approx(30.0)  # with "agree" from 8 it would be 80
    low, high = _wilson(3, 10)  # 10.78% to 60.32%
    assert (gap.customer_low, gap.customer_high) == pytest.approx((100 * low, 100 * high), abs=1e-9)
    assert gap.gap == pytest.approx(50.0)
    assert (gap.gap_low, gap.gap_high) == pytest.approx((80 - 100 * high, 80 - 100 * low), abs=1e-9)
    assert gap.basis == "rating_vs_share" and not gap.like_with_like
    # CSAT scale: satisfied are 4-5; a 3 does not count
    assert perception_gap(50, [5, 4, 3, 3, 2], scale="1-5").customer_view == pytest.approx(40.0)


def test_perception_gap_like_with_like_uses_newcombes_interval():
    customers = [10, 9, 8, 8, 8, 7, 6, 9, 3, 8]  # 3 of 10 promoters
    leaders = [9, 10, 9, 8]  # 3 of 4 leaders answer 9-10 to the same question
    gap = perception_gap(None, customers, scale="0-10", internal_scores=leaders)
    assert gap.like_with_like and gap.n_internal == 4
    assert gap.internal_view == pytest.approx(75.0) and gap.customer_view == pytest.approx(30.0)
    assert gap.gap == pytest.approx(45.0)
    l1, u1 = _wilson(3, 4)
    l2, u2 = _wilson(3, 10)
    # Newcombe (1998) method 10: d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    low = 0.45 - math.sqrt((0.75 - l1) ** 2 + (u2 - 0.30) ** 2)
    high = 0.45 + math.sqrt((u1 - 0.75) ** 2 + (0.30 - l2) ** 2)
    assert (gap.gap_low, gap.gap_high) == pytest.approx((100 * low, 100 * high), abs=1e-9)
    assert (gap.internal_low, gap.internal_high) == pytest.approx((100 * l1, 100 * u1), abs=1e-9)
