"""The ``retention`` section: customer economics, cohorts, exit survey, cost of poor service, CX programme.

``parse(raw, ctx) -> RetentionConfig`` checks the YAML mapping and reads the CSVs it names (relative
to the engagement folder). Errors name the file, the field or column, and the row. Example and field
notes: ``data/engagements/aurora-telecom/retention.yaml``.

CSV files
- ``cohorts_csv``: columns ``cohort`` (text), ``period`` (0, 1, 2, ... consecutive), ``active``
  (customers of the cohort still active after that many periods; period 0 is the cohort size).
- ``exit_survey_csv``: ``reason``, ``category`` (price / service / other), ``count``.
- ``poor_service_csv``: ``item``, ``kind`` (churn, buy_back, cancellation, non_renewal, rework,
  other), ``count_per_year``, ``value_each`` (money lost per event). Service-driven defections are
  not listed here: the analysis values them from ``defections_per_year``, the exit survey and CLV.
  When the engagement also has a ``complaints`` section, one more line (:data:`COMPLAINTS_ITEM`, kind
  rework) is the complaint log's yearly cost of complaints (``cxconsult.complaints.cost_of_complaints``:
  cases per year x cost per case), so both sections show the same figure.
- ``transactions_csv`` (optional, non-contractual purchases for BG/NBD): ``customer``, ``frequency``,
  ``recency``, ``T`` and optionally ``average_spend``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxconsult.errors import EngagementError, shown
from cxconsult.retention.economics import (DEFECTION_CATEGORIES, POOR_SERVICE_KINDS, CXProgramme,
                                           ExitReason, PoorServiceItem)
from cxconsult.sections.base import SectionContext, currency_code

__all__ = ["RetentionConfig", "parse", "PERIOD_MONTHS", "COMPLAINTS_ITEM"]

#: The cost-of-poor-service line that comes from the complaints section (when the engagement has one).
COMPLAINTS_ITEM = "Complaints handled (complaint log: handling time and compensation)"

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
#: Plausible ranges (also in templates/engagement/engagement.yaml). Money is per customer in the
#: section's currency; the caps leave room for B2B contracts and weak currencies.
MONEY_PER_CUSTOMER_MAX = 10_000_000
MONEY_TOTAL_MAX = 1e13
CUSTOMERS_MAX = 10_000_000_000      # more than the world's population: surely a typo
COHORT_PERIODS_MAX = 1200           # 100 years of months


@dataclass(frozen=True, eq=False)
class RetentionConfig:
    """Validated inputs of the retention analysis (money in ``currency``).

    ``period``: length of one cohort period (month / quarter / year), ``period_months`` the same in
    months; ``margin_per_customer_per_period``; ``discount_rate_per_year``; ``acquisition_cost`` per
    new customer; ``retention_cost_per_customer_per_year``; ``customers`` in the base today;
    ``defections_per_year``; ``cohorts`` name -> active counts (``[0]`` = cohort size);
    ``exit_reasons``; ``poor_service``; ``programme`` (a :class:`CXProgramme`);
    ``transactions`` (optional frame: customer, frequency, recency, T[, average_spend]).
    """

    currency: str
    period: str
    margin_per_customer_per_period: float
    discount_rate_per_year: float
    acquisition_cost: float
    retention_cost_per_customer_per_year: float
    customers: int
    defections_per_year: float
    cohorts: Mapping[str, np.ndarray]
    exit_reasons: tuple[ExitReason, ...]
    poor_service: tuple[PoorServiceItem, ...]
    programme: CXProgramme
    transactions: pd.DataFrame | None = None
    files: Mapping[str, str] | None = None

    @property
    def period_months(self) -> int:
        return PERIOD_MONTHS[self.period]

    @property
    def non_contractual(self) -> bool:
        """Whether the business is non-contractual (``transactions_csv`` given): customers buy when they
        like and count as lost once they stop buying, rather than renewing a contract."""
        return self.transactions is not None

    @property
    def margin_per_customer_per_month(self) -> float:
        return self.margin_per_customer_per_period / self.period_months

    @property
    def discount_rate_per_period(self) -> float:
        """Discount rate per cohort period, compounding to the yearly rate."""
        return (1.0 + self.discount_rate_per_year) ** (self.period_months / 12.0) - 1.0


def _cohorts(ctx: SectionContext, filename: str) -> dict[str, np.ndarray]:
    frame = ctx.read_csv(filename, {"cohort": "text", "period": "integer", "active": "integer"},
                         field="cohorts_csv")
    frame = frame.reset_index(drop=True)
    frame["row"] = np.arange(1, len(frame) + 1)

    def bad(row: int, column: str, message: str) -> EngagementError:
        return EngagementError(message, file=filename, field=f"column {column!r}, row {row}")

    empty = frame["cohort"] == ""
    if empty.any():
        raise bad(int(frame.loc[empty, "row"].iloc[0]), "cohort", "expected a cohort name, got an empty cell")
    negative = frame["active"] < 0
    if negative.any():
        r = frame.loc[negative].iloc[0]
        raise bad(int(r.row), "active", f"expected a count >= 0, got {int(r.active)}")
    huge = frame["active"] > CUSTOMERS_MAX
    if huge.any():
        r = frame.loc[huge].iloc[0]
        raise bad(int(r.row), "active", f"expected a count >= 0 and <= {CUSTOMERS_MAX:,}, got {int(r.active):,}")
    periods_out = (frame["period"] < 0) | (frame["period"] > COHORT_PERIODS_MAX)
    if periods_out.any():
        r = frame.loc[periods_out].iloc[0]
        raise bad(int(r.row), "period", f"expected a period >= 0 and <= {COHORT_PERIODS_MAX}, got {int(r.period)}")
    cohorts: dict[str, np.ndarray] = {}
    for name, group in frame.groupby("cohort", sort=False):
        group = group.sort_values("period", kind="stable")
        periods = group["period"].to_numpy()
        dup = np.nonzero(np.diff(periods) == 0)[0]
        if dup.size:
            r = group.iloc[dup[0] + 1]
            raise bad(int(r.row), "period", f"cohort {shown(name)} has period {int(r.period)} twice")
        expected = np.arange(periods.size)
        if (periods != expected).any():
            i = int(np.argmax(periods != expected))
            r = group.iloc[i]
            raise bad(int(r.row), "period", f"cohort {shown(name)}: expected period {i} (periods must run "
                      f"0, 1, 2, ... without gaps), got {int(r.period)}")
        active = group["active"].to_numpy()
        if active[0] <= 0:
            raise bad(int(group.iloc[0].row), "active",
                      f"cohort {shown(name)}: the cohort size (period 0) must be > 0, got {int(active[0])}")
        if periods.size < 2:
            raise bad(int(group.iloc[0].row), "period",
                      f"cohort {shown(name)} has only period 0; at least one later period is needed")
        up = np.nonzero(np.diff(active) > 0)[0]
        if up.size:
            r = group.iloc[up[0] + 1]
            raise bad(int(r.row), "active", f"cohort {shown(name)}: {int(r.active)} active after period "
                      f"{int(r.period)} is more than {int(active[up[0]])} the period before")
        cohorts[str(name)] = active.astype(float)
    # Cohorts that reach zero are fine (the sBG fit uses them) unless no customer ever renewed: then
    # there is nothing to estimate how churn differs between customers from (sBG "no_information").
    if all(a[1] == 0 for a in cohorts.values()):
        raise EngagementError("every cohort lost all its customers in the first period, so there is no "
                              "renewal to estimate retention from; add cohorts with customers who renewed",
                              file=filename, field="column 'active'")
    return cohorts


def _exit_reasons(ctx: SectionContext, filename: str) -> tuple[ExitReason, ...]:
    frame = ctx.read_csv(filename, {"reason": "text", "category": "text", "count": "integer"},
                         field="exit_survey_csv")
    out = []
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        category = row.category.lower()
        if category not in DEFECTION_CATEGORIES:
            raise EngagementError(f"expected one of {', '.join(DEFECTION_CATEGORIES)}, got {shown(row.category)}",
                                  file=filename, field=f"column 'category', row {i}")
        if not 0 <= row.count <= CUSTOMERS_MAX:
            raise EngagementError(f"expected a count >= 0 and <= {CUSTOMERS_MAX:,}, got {row.count}",
                                  file=filename, field=f"column 'count', row {i}")
        if not row.reason:
            raise EngagementError("expected a reason, got an empty cell", file=filename,
                                  field=f"column 'reason', row {i}")
        out.append(ExitReason(row.reason, category, int(row.count)))
    if sum(r.count for r in out) == 0:
        raise EngagementError("all counts are 0; the exit survey has no answers", file=filename,
                              field="column 'count'")
    return tuple(out)


def _poor_service(ctx: SectionContext, filename: str) -> tuple[PoorServiceItem, ...]:
    frame = ctx.read_csv(filename, {"item": "text", "kind": "text", "count_per_year": "number",
                                    "value_each": "number"}, field="poor_service_csv")
    out = []
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        kind = row.kind.lower().replace("-", "_").replace(" ", "_")
        if kind == "defection":
            raise EngagementError("service-driven defections are valued by the model from "
                                  "defections_per_year, the exit survey and customer lifetime value; "
                                  "remove this row so they are not counted twice",
                                  file=filename, field=f"column 'kind', row {i}")
        if kind not in POOR_SERVICE_KINDS:
            raise EngagementError(f"expected one of {', '.join(POOR_SERVICE_KINDS)}, got {shown(row.kind)}",
                                  file=filename, field=f"column 'kind', row {i}")
        for column, high in (("count_per_year", CUSTOMERS_MAX), ("value_each", MONEY_PER_CUSTOMER_MAX)):
            if not 0 <= getattr(row, column) <= high:
                raise EngagementError(f"expected a number >= 0 and <= {high:,}, got {shown(getattr(row, column))}",
                                      file=filename, field=f"column {column!r}, row {i}")
        out.append(PoorServiceItem(row.item or f"item {i}", kind, float(row.count_per_year),
                                   float(row.value_each)))
    return tuple(out)


def _complaints_line(ctx: SectionContext) -> tuple[PoorServiceItem, ...]:
    """The complaint log's yearly cost of complaints as a poor-service line; () without a complaints section."""
    from cxconsult import engagement as eng
    from cxconsult.complaints import cost_of_complaints

    try:
        raw = eng.read_yaml(ctx.folder, eng.ENGAGEMENT_FILE)
    except EngagementError:
        return ()
    if "complaints" not in eng.SECTION_PARSERS or not isinstance(raw, Mapping) or raw.get("complaints") is None:
        return ()
    section = eng._sections({"complaints": raw["complaints"]}, ctx.folder)["complaints"]
    cost = cost_of_complaints(section)
    return (PoorServiceItem(COMPLAINTS_ITEM, "rework", cost.cases_per_year, cost.per_case),)


def _transactions(ctx: SectionContext, filename: str) -> pd.DataFrame:
    frame = ctx.read_csv(filename, {"customer": "text", "frequency": "integer", "recency": "number",
                                    "T": "number"}, field="transactions_csv")
    checks = [("frequency", frame["frequency"] < 0, "expected a count >= 0"),
              ("frequency", frame["frequency"] > 1_000_000, "expected at most 1,000,000 repeat purchases"),
              ("recency", frame["recency"] < 0, "expected a time >= 0"),
              ("T", (frame["T"] <= 0) | (frame["T"] > 1_000_000), "expected a time > 0 and <= 1,000,000"),
              ("recency", frame["recency"] > frame["T"], "recency (last repeat purchase) is after T"),
              ("recency", (frame["frequency"] == 0) & (frame["recency"] > 0),
               "recency must be 0 when frequency is 0")]
    if "average_spend" in frame.columns:
        spend = pd.to_numeric(frame["average_spend"], errors="coerce")
        checks.append(("average_spend", spend.isna() | (spend < 0) | (spend > MONEY_PER_CUSTOMER_MAX),
                       f"expected a spend >= 0 and <= {MONEY_PER_CUSTOMER_MAX:,}"))
        frame["average_spend"] = spend
    for column, mask, message in checks:
        if mask.any():
            i = int(np.argmax(mask.to_numpy()))
            raise EngagementError(message, file=filename, field=f"column {column!r}, row {i + 1}")
    return frame


def parse(raw: Any, ctx: SectionContext) -> RetentionConfig:
    """Validate the ``retention`` section and read its CSVs."""
    if not isinstance(raw, Mapping):
        raise ctx.error("", f"expected a mapping of fields, got {type(raw).__name__}")
    currency = currency_code(ctx, raw, "currency", "EUR")
    period = ctx.text(raw, "period", "month", choices=tuple(PERIOD_MONTHS))
    margin = ctx.number(raw, "margin_per_customer_per_period", minimum=0, maximum=MONEY_PER_CUSTOMER_MAX)
    discount = ctx.number(raw, "discount_rate_per_year", minimum=0, maximum=1)
    acquisition = ctx.number(raw, "acquisition_cost", minimum=0, maximum=MONEY_PER_CUSTOMER_MAX)
    keep_cost = ctx.number(raw, "retention_cost_per_customer_per_year", minimum=0, maximum=MONEY_PER_CUSTOMER_MAX)
    customers = ctx.number(raw, "customers", minimum=1, maximum=CUSTOMERS_MAX, integer=True)
    defections = ctx.number(raw, "defections_per_year", minimum=0, maximum=CUSTOMERS_MAX)
    if defections > customers:
        raise ctx.error("defections_per_year", f"{defections:,.0f} customers lost a year is more than the "
                        f"{customers:,} customers in the base; expected a number >= 0 and <= customers")
    files = {key: ctx.text(raw, key) for key in ("cohorts_csv", "exit_survey_csv", "poor_service_csv")}
    transactions_file = ctx.text(raw, "transactions_csv", None)
    cohorts = _cohorts(ctx, files["cohorts_csv"])
    reasons = _exit_reasons(ctx, files["exit_survey_csv"])
    poor = _poor_service(ctx, files["poor_service_csv"]) + _complaints_line(ctx)

    prog_raw = ctx.mapping(raw, "programme")
    pctx = ctx.sub("programme")
    retention_year = pctx.number(prog_raw, "retention_per_year", minimum=0, exclusive_minimum=True, maximum=1)
    gain = pctx.number(prog_raw, "retention_gain_points", minimum=0, maximum=50)
    if retention_year + gain / 100 >= 1:
        raise pctx.error("retention_gain_points", f"retention_per_year {retention_year} + {gain} points "
                         "reaches 100%; expected a smaller gain")
    programme = CXProgramme(
        investment=pctx.number(prog_raw, "investment", minimum=0, maximum=MONEY_TOTAL_MAX),
        running_cost_per_year=pctx.number(prog_raw, "running_cost_per_year", minimum=0, maximum=MONEY_TOTAL_MAX),
        customers=float(customers),
        margin_per_customer_per_year=margin * 12 / PERIOD_MONTHS[period],
        retention_per_year=retention_year,
        retention_gain_points=gain,
        discount_rate_per_year=discount,
        horizon_years=pctx.number(prog_raw, "horizon_years", 3, minimum=1, maximum=30, integer=True),
        ramp_months=pctx.number(prog_raw, "ramp_months", 6, minimum=0, maximum=120, integer=True),
        cost_of_poor_service_per_year=float(sum(i.cost_per_year for i in poor)),
        poor_service_reduction=pctx.number(prog_raw, "poor_service_reduction", 0.0, minimum=0, maximum=1),
    )
    transactions = _transactions(ctx, transactions_file) if transactions_file else None
    if transactions_file:
        files["transactions_csv"] = transactions_file
    return RetentionConfig(currency, period, margin, discount, acquisition, keep_cost, int(customers),
                           defections, cohorts, reasons, poor, programme, transactions, files)
