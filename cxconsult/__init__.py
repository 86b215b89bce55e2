"""cxconsult: a customer-experience consulting toolkit for Jupyter.

Main entry points: :func:`load_engagement` (validated engagement folder), the models in
:mod:`cxconsult.diagnostic`, :mod:`cxconsult.outlook`, :mod:`cxconsult.spc`,
:mod:`cxconsult.retention`, and the report pipeline in :mod:`cxconsult.reports`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from cxconsult.engagement import Engagement, load_engagement
from cxconsult.errors import CxConsultError, EngagementError, ModelError

__all__ = [
    "CxConsultError",
    "Engagement",
    "EngagementError",
    "ModelError",
    "__version__",
    "load_engagement",
]
