"""The ``spc`` section: service-profit-chain data of an engagement, validated at the edge.

``parse(raw, ctx) -> SpcConfig`` reads the unit table (and the optional customer survey) named in the
section, maps its columns to the stages of the chain, and checks them: enough units (10+), no
missing or non-numeric values, no constant column, no repeated unit-period row. Errors are
``EngagementError`` naming the file, the column and the row. Literature defaults for links without
data come from ``data/spc/defaults.yaml`` (or the section's ``defaults_file``) and are read here,
never in the model. Example: ``data/engagements/aurora-telecom/spc.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cxconsult.errors import EngagementError, shown
from cxconsult.resources import resource_path
from cxconsult.sections.base import SectionContext, currency_code, parse_yaml
from cxconsult.spc import STAGES, LinkDefault, ServiceProfitChain, chain_links

__all__ = ["SpcConfig", "PerceptionConfig", "parse", "load_defaults", "DEFAULTS_FILE", "MIN_UNITS"]

DEFAULTS_FILE = "data/spc/defaults.yaml"  # shipped with cxconsult (found by cxconsult.resources)
MIN_UNITS = 10
#: Most rows of the unit table (units x periods): far above any chain's data, and bounds the bootstrap.
MAX_UNIT_ROWS = 100_000
_MEASURES = {"nps": "0-10", "csat": "1-5", "ces": "1-7"}
_SCALE_RANGE = {"0-10": (0, 10), "1-5": (1, 5), "1-7": (1, 7)}
#: Plausible ranges of the what-if figures (also in templates/engagement/engagement.yaml).
CUSTOMERS_MAX = 10_000_000_000
MONEY_TOTAL_MAX = 1e13
VALUE_PER_CUSTOMER_MAX = 10_000_000
SEED_MAX = 2**32 - 1


@dataclass(frozen=True)
class PerceptionConfig:
    """Customer survey for metrics and the perception gap.

    ``survey`` has one row per respondent with integer columns ``nps`` (0-10), ``csat`` (1-5) and
    ``ces`` (1-7) where present; ``internal_view`` is the client's own rating 0-100; ``measure`` the
    survey column compared with it.
    """

    survey_file: str
    survey: pd.DataFrame = field(repr=False, compare=False)
    internal_view: float | None
    measure: str
    scale: str
    agree_from: int | None


@dataclass(frozen=True)
class SpcConfig:
    """Validated inputs of the service-profit chain.

    ``frame`` is the unit table with columns renamed to ``unit``, ``period`` and the stage names of
    the stages that have data; ``columns`` maps every stage (chain order) to its CSV column or None.
    ``assumed_links`` lists the links that will use a literature default. ``engagement_points`` and
    ``csat_points`` are the report's what-if scenario (``what_if:`` in the section; default +5, 0).
    """

    units_file: str
    unit_column: str
    period_column: str
    columns: tuple[tuple[str, str | None], ...]
    links: tuple[tuple[str, str], ...]
    frame: pd.DataFrame = field(repr=False, compare=False)
    n_units: int
    periods: tuple[str, ...]
    period_effects: bool
    cluster_by_unit: bool
    n_boot: int
    seed: int
    confidence: float
    defaults: tuple[LinkDefault, ...]
    defaults_file: str
    assumed_links: tuple[tuple[str, str], ...]
    context: tuple[str, ...]
    customers: float | None = None
    revenue_per_year: float | None = None
    margin: float | None = None
    value_per_customer: float | None = None
    currency: str = "currency"
    perception: PerceptionConfig | None = None
    engagement_points: float = 5.0
    csat_points: float = 0.0

    @property
    def stages(self) -> tuple[str, ...]:
        """Stages of the chain in order."""
        return tuple(stage for stage, _ in self.columns)

    def chain(self) -> ServiceProfitChain:
        """An unfitted :class:`ServiceProfitChain` with these settings; call ``.fit(self.frame)``."""
        return ServiceProfitChain(self.links, period_effects=self.period_effects,
                                  cluster_by_unit=self.cluster_by_unit, n_boot=self.n_boot, seed=self.seed,
                                  confidence=self.confidence, defaults=self.defaults)

    def what_if_inputs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`cxconsult.spc.what_if` from the section's business figures."""
        return {"customers": self.customers, "revenue_per_year": self.revenue_per_year,
                "margin": self.margin, "value_per_customer": self.value_per_customer,
                "currency": self.currency}


def load_defaults(path: Path | str | None = None) -> tuple[tuple[LinkDefault, ...], tuple[str, ...]]:
    """Literature link defaults and context lines from a defaults YAML (default: the shipped
    ``data/spc/defaults.yaml``)."""
    path = Path(path) if path is not None else resource_path(DEFAULTS_FILE)
    name = path.name
    if not path.is_file():
        raise EngagementError("file not found; expected the service-profit-chain defaults YAML", file=str(path))
    raw = parse_yaml(path, name) or {}
    if not isinstance(raw, Mapping):
        raise EngagementError(f"expected a mapping with links and context, got {type(raw).__name__}", file=name)
    ctx = SectionContext(path.parent, name, "")
    links = raw.get("links") or []
    if not isinstance(links, list):
        raise ctx.error("links", "expected a list of links")
    out = []
    for i, item in enumerate(links):
        sub = ctx.sub("links", i)
        if not isinstance(item, Mapping):
            raise sub.error("", "expected a mapping with cause, effect, coefficient, unit, source")
        out.append(LinkDefault(sub.text(item, "cause"), sub.text(item, "effect"),
                               sub.number(item, "coefficient", minimum=-100, maximum=100),
                               sub.text(item, "unit"), sub.text(item, "source"), sub.text(item, "note", "")))
    context = raw.get("context") or []
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise ctx.error("context", "expected a list of text lines")
    return tuple(out), tuple(context)


def _flag(ctx: SectionContext, raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise ctx.error(key, f"expected true or false, got {shown(value)}")
    return value


def parse(raw: Any, ctx: SectionContext) -> SpcConfig:
    """Validate the ``spc`` section ``raw`` and read the files it names."""
    if not isinstance(raw, Mapping):
        raise ctx.error("", f"expected a mapping of fields, got {type(raw).__name__}")
    units_file = ctx.text(raw, "units_file")
    unit_column = ctx.text(raw, "unit_column", "unit")
    period_column = ctx.text(raw, "period_column", "period")
    stages_raw = ctx.mapping(raw, "stages")
    columns: list[tuple[str, str | None]] = []
    for stage, column in stages_raw.items():
        if not isinstance(stage, str) or not stage.isidentifier():
            raise ctx.error(f"stages.{shown(stage, 40)}", "expected a stage name in snake_case (letters, digits, _)")
        if column is not None and (not isinstance(column, str) or not column.strip()):
            raise ctx.error(f"stages.{stage}", f"expected a CSV column name or null (no data), got {shown(column)}")
        columns.append((stage, column.strip() if column else None))
    if len(columns) < 2:
        raise ctx.error("stages", "expected at least two stages (a chain needs a link)")
    used = [c for _, c in columns if c]
    repeated = sorted({c for c in used if used.count(c) > 1})
    if repeated:
        raise ctx.error("stages", f"column {shown(repeated[0])} is mapped to two stages")
    unknown = [s for s, _ in columns if s not in STAGES]
    links = chain_links([s for s, _ in columns])

    defaults_name = ctx.text(raw, "defaults_file", "")
    defaults_path = ctx.path(defaults_name, "defaults_file", "YAML file") if defaults_name else resource_path(DEFAULTS_FILE)
    defaults, context = load_defaults(defaults_path)
    by_link = {(d.cause, d.effect): d for d in defaults}
    has_data = {stage: column is not None for stage, column in columns}
    assumed = tuple(link for link in links if not (has_data[link[0]] and has_data[link[1]]))
    for cause, effect in assumed:
        if (cause, effect) not in by_link:
            stage = cause if not has_data[cause] else effect
            raise ctx.error(f"stages.{stage}", f"has no column, and the link {cause} -> {effect} has no "
                            f"literature default in {defaults_path.name}; give the column or remove the stage"
                            + (f" (stages not in the standard chain: {', '.join(unknown)})" if unknown else ""))

    frame = ctx.read_csv(units_file, {unit_column: "text", period_column: "text",
                                      **{column: "number" for column in used}}, field="units_file")
    for column in (unit_column, period_column):
        empty = frame[column] == ""
        if empty.any():
            raise EngagementError("is empty; expected a label", file=units_file,
                                  field=f"column {shown(column)}, row {int(empty.to_numpy().nonzero()[0][0]) + 1}")
    repeated_rows = frame.duplicated([unit_column, period_column])
    if repeated_rows.any():
        row = int(repeated_rows.to_numpy().nonzero()[0][0])
        raise EngagementError(f"repeats {unit_column} {shown(frame[unit_column].iloc[row])} in {period_column} "
                              f"{shown(frame[period_column].iloc[row])}; expected one row per unit and period",
                              file=units_file, field=f"row {row + 1}")
    if len(frame) > MAX_UNIT_ROWS:
        raise EngagementError(f"has {len(frame):,} rows; expected at most {MAX_UNIT_ROWS:,} (one row per unit "
                              "and period)", file=units_file)
    n_units = frame[unit_column].nunique()
    if n_units < MIN_UNITS:
        raise EngagementError(f"has {n_units} distinct units; the chain needs at least {MIN_UNITS} "
                              f"(30-60 teams or branches advised)", file=units_file,
                              field=f"column {shown(unit_column)}")
    for stage, column in columns:
        if column and frame[column].nunique() < 2:
            raise EngagementError(f"is constant ({shown(frame[column].iloc[0])}) so the {stage} link cannot be "
                                  f"estimated; expected values that vary across units", file=units_file,
                                  field=f"column {shown(column)}")
    renamed = frame.rename(columns={unit_column: "unit", period_column: "period",
                                    **{column: stage for stage, column in columns if column}})
    renamed = renamed[["unit", "period", *[stage for stage, column in columns if column]]]

    boot = ctx.mapping(raw, "bootstrap", required=False)
    bctx = ctx.sub("bootstrap")
    whatif = ctx.mapping(raw, "what_if", required=False)
    wctx = ctx.sub("what_if")
    perception = _perception(raw, ctx)
    return SpcConfig(
        units_file=units_file, unit_column=unit_column, period_column=period_column, columns=tuple(columns),
        links=links, frame=renamed, n_units=int(n_units),
        periods=tuple(pd.unique(frame[period_column])), period_effects=_flag(ctx, raw, "period_effects", True),
        cluster_by_unit=_flag(ctx, raw, "cluster_by_unit", True),
        n_boot=bctx.number(boot, "n_boot", 1000, minimum=100, maximum=100_000, integer=True),
        seed=bctx.number(boot, "seed", 0, minimum=0, maximum=SEED_MAX, integer=True),
        confidence=bctx.number(boot, "confidence", 0.95, minimum=0.5, maximum=0.999),
        defaults=defaults, defaults_file=defaults_name or DEFAULTS_FILE, assumed_links=assumed,
        context=context,
        customers=wctx.number(whatif, "customers", None, minimum=0, maximum=CUSTOMERS_MAX),
        revenue_per_year=wctx.number(whatif, "revenue_per_year", None, minimum=0, maximum=MONEY_TOTAL_MAX),
        margin=wctx.number(whatif, "margin", None, minimum=0, maximum=1),
        value_per_customer=wctx.number(whatif, "value_per_customer", None, minimum=0, maximum=VALUE_PER_CUSTOMER_MAX),
        currency=currency_code(ctx, raw, "currency", "currency"), perception=perception,
        engagement_points=wctx.number(whatif, "engagement_points", 5.0, minimum=-50, maximum=50),
        csat_points=wctx.number(whatif, "csat_points", 0.0, minimum=-50, maximum=50))


def _perception(raw: Mapping[str, Any], ctx: SectionContext) -> PerceptionConfig | None:
    section = ctx.mapping(raw, "perception", required=False)
    if not section:
        return None
    pctx = ctx.sub("perception")
    survey_file = pctx.text(section, "survey_file")
    measure = pctx.text(section, "measure", "csat", choices=tuple(_MEASURES))
    survey_path = pctx.path(survey_file, "survey_file", "CSV file")  # refused outside the engagement folder
    try:  # which of nps / csat / ces the survey has; read_csv below reports unreadable files
        header = [str(c).strip() for c in pd.read_csv(survey_path, nrows=0, encoding="utf-8").columns]
    except (OSError, ValueError):
        header = []
    present = [m for m in _MEASURES if m in header or m == measure]
    survey = ctx.read_csv(survey_file, {m: "integer" for m in present}, field="perception.survey_file")
    for m in present:
        low, high = _SCALE_RANGE[_MEASURES[m]]
        bad = (survey[m] < low) | (survey[m] > high)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise EngagementError(f"answer {int(survey[m].iloc[row])} is outside the {low}-{high} scale",
                                  file=survey_file, field=f"column {m!r}, row {row + 1}")
    agree = pctx.number(section, "agree_from", None, integer=True)
    if agree is not None:
        low, high = _SCALE_RANGE[_MEASURES[measure]]
        if not low < agree <= high:
            raise pctx.error("agree_from", f"expected a whole number {low + 1}-{high} for {measure}, got {shown(agree)}")
    return PerceptionConfig(survey_file, survey, pctx.number(section, "internal_view", None, minimum=0, maximum=100),
                            measure, _MEASURES[measure], agree)
