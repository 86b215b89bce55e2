"""Retention economics: cohort retention (sBG), customer lifetime value, cost of poor service, ROCE,
and repeat-purchase models (BG/NBD, Gamma-Gamma) for non-contractual businesses."""

from cxconsult.retention.sbg import SBGFit, SBGFitter, fit_sbg, fit_sbg_by_cohort

__all__ = ["SBGFit", "SBGFitter", "fit_sbg", "fit_sbg_by_cohort"]
