"""The practice benchmark: where an engagement's diagnostic stands among the practice's other engagements.

Pure model (numpy and pandas only, no file system except :meth:`PracticeBenchmark.to_file` and
:func:`load_benchmark`, which read and write one JSON file).

A :class:`PracticeBenchmark` is an anonymised list of :class:`BenchmarkRecord`: sector, size band, the
year of the diagnostic wave and the diagnostic index and four area scores (0-100). It holds no client,
folder or consultant names, so it can be shipped to another consultant.

:func:`position` places one engagement's scores among the others, three times: among all engagements,
among the same sector and among the same size band. The **percentile rank** of a score ``x`` among
``n`` other scores is the share strictly below plus half the share equal::

    rank = 100 * (count(others < x) + 0.5 * count(others == x)) / n

which is ``scipy.stats.percentileofscore(others, x, kind="mean")``. A percentile is only given when at
least :data:`MIN_PEERS` (five) other engagements have a score for that measure; otherwise the count is
still reported. The engagement itself, when it is in the benchmark (a batch's own benchmark), is
recognised by its identical sector, band, year and scores, and left out of the others.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Sectors an engagement's ``profile.sector`` may name (the benchmark's comparable industries).
SECTORS = ("banking", "insurance", "telecom", "utilities", "retail", "hospitality", "software",
           "healthcare", "public_sector", "transport", "manufacturing", "other")
#: Size bands by number of employees: (key, lowest, highest or None); each band includes its bounds.
SIZE_BANDS = (("small", 1, 249), ("medium", 250, 999), ("large", 1000, 4999), ("very_large", 5000, None))
#: What is positioned: the diagnostic index and its four areas (0-100 each).
MEASURES = ("index", "people", "process_technology", "customers", "finance")
#: Peer groups, in the order they are reported.
GROUPS = ("all", "sector", "size_band")
#: Fewest other engagements behind a percentile.
MIN_PEERS = 5
#: Decimals kept of each score in the benchmark (and of the score being positioned).
SCORE_DECIMALS = 1
FORMAT = "cxconsult-practice-benchmark"
FORMAT_VERSION = 1
#: Largest benchmark file read (bytes): about 100 000 engagements.
MAX_FILE_BYTES = 20 * 1024 * 1024


class BenchmarkError(ValueError):
    """A benchmark file or record that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Profile:
    """An engagement's comparable profile: ``sector`` (one of :data:`SECTORS`) and ``employees`` (headcount)."""

    sector: str
    employees: int

    @property
    def size_band(self) -> str:
        """The size band key (:data:`SIZE_BANDS`) of ``employees``."""
        return size_band(self.employees)


def size_band(employees: int) -> str:
    """The size band of a headcount: ``small`` 1-249, ``medium`` 250-999, ``large`` 1000-4999,
    ``very_large`` 5000 and more."""
    if employees < 1:
        raise ValueError(f"expected at least 1 employee, got {employees}")
    for key, low, high in SIZE_BANDS:
        if low <= employees and (high is None or employees <= high):
            return key
    raise AssertionError("size bands cover every headcount")  # pragma: no cover


@dataclass(frozen=True)
class BenchmarkRecord:
    """One engagement, anonymised: ``sector`` and ``size_band`` ("" when unknown), the ``year`` of the
    diagnostic wave (0 when unknown) and ``scores`` (measure -> 0-100, NaN where not scored)."""

    sector: str
    size_band: str
    year: int
    scores: Mapping[str, float] = field(default_factory=dict)

    def score(self, measure: str) -> float:
        value = self.scores.get(measure, math.nan)
        return math.nan if value is None else float(value)

    def _key(self) -> tuple:
        return (self.sector, self.size_band, self.year,
                tuple(-1.0 if math.isnan(self.score(m)) else self.score(m) for m in MEASURES))


def _record(raw: BenchmarkRecord | Mapping[str, Any], where: str = "record") -> BenchmarkRecord:
    """A validated record with scores rounded to :data:`SCORE_DECIMALS`."""
    if isinstance(raw, BenchmarkRecord):
        raw = {"sector": raw.sector, "size_band": raw.size_band, "year": raw.year, "scores": raw.scores}
    if not isinstance(raw, Mapping):
        raise BenchmarkError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = set(raw) - {"sector", "size_band", "year", "scores"}
    if unknown:
        raise BenchmarkError(f"{where}: unknown field {sorted(map(str, unknown))[0]!r}; a benchmark record "
                             "holds sector, size_band, year and scores only")
    sector = raw.get("sector") or ""
    if sector not in ("", *SECTORS):
        raise BenchmarkError(f"{where}.sector: expected one of {', '.join(SECTORS)}, got {str(sector)[:40]!r}")
    band = raw.get("size_band") or ""
    if band not in ("", *(key for key, _, _ in SIZE_BANDS)):
        raise BenchmarkError(f"{where}.size_band: expected one of "
                             f"{', '.join(k for k, _, _ in SIZE_BANDS)}, got {str(band)[:40]!r}")
    year = raw.get("year") or 0
    if isinstance(year, bool) or not isinstance(year, int) or not (year == 0 or 1990 <= year <= 2100):
        raise BenchmarkError(f"{where}.year: expected a year 1990-2100, got {str(year)[:20]!r}")
    scores_raw = raw.get("scores") or {}
    if not isinstance(scores_raw, Mapping):
        raise BenchmarkError(f"{where}.scores: expected a mapping of measure to score")
    scores: dict[str, float] = {}
    for measure in MEASURES:
        value = scores_raw.get(measure)
        if value is None:
            scores[measure] = math.nan
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BenchmarkError(f"{where}.scores.{measure}: expected a number 0-100, got {str(value)[:20]!r}")
        value = float(value)
        if math.isnan(value):
            scores[measure] = math.nan
            continue
        if not 0.0 <= value <= 100.0:
            raise BenchmarkError(f"{where}.scores.{measure}: expected a number 0-100, got {value}")
        scores[measure] = round(value, SCORE_DECIMALS)
    extra = set(map(str, scores_raw)) - set(MEASURES)
    if extra:
        raise BenchmarkError(f"{where}.scores: unknown measure {sorted(extra)[0]!r}; expected {', '.join(MEASURES)}")
    return BenchmarkRecord(sector, band, year, scores)


@dataclass(frozen=True)
class PracticeBenchmark:
    """The practice's engagements, anonymised (:class:`BenchmarkRecord`, sorted so that the order says
    nothing about which engagement is which)."""

    records: tuple[BenchmarkRecord, ...] = ()
    min_peers: int = MIN_PEERS

    def __len__(self) -> int:
        return len(self.records)

    def to_frame(self) -> pd.DataFrame:
        """One row per engagement: sector, size_band, year and the five measures (0-100, NaN unscored)."""
        rows = [{"sector": r.sector, "size_band": r.size_band, "year": r.year,
                 **{m: r.score(m) for m in MEASURES}} for r in self.records]
        return pd.DataFrame(rows, columns=["sector", "size_band", "year", *MEASURES])

    def counts(self, group: str = "sector") -> dict[str, int]:
        """Engagements per sector (``group="sector"``) or per size band (``"size_band"``)."""
        values = [getattr(r, group) for r in self.records]
        return {key: values.count(key) for key in sorted(set(values)) if key}

    def summary(self) -> str:
        """Text: how many engagements, per sector and per size band, and the index's spread."""
        index = np.array([r.score("index") for r in self.records], dtype=float)
        index = index[~np.isnan(index)]
        lines = [f"Practice benchmark: {len(self)} engagement(s), {index.size} with a diagnostic index"]
        if index.size:
            lines.append(f"  index: median {np.median(index):.1f}, range {index.min():.1f}-{index.max():.1f}")
        for group in ("sector", "size_band"):
            lines.append(f"  by {group.replace('_', ' ')}: "
                         + ", ".join(f"{k} {n}" for k, n in self.counts(group).items()))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The shippable content: format, version, the minimum peer count and the records (no names)."""
        return {"format": FORMAT, "version": FORMAT_VERSION, "min_peers": self.min_peers,
                "measures": list(MEASURES),
                "records": [{"sector": r.sector, "size_band": r.size_band, "year": r.year,
                             "scores": {m: (None if math.isnan(r.score(m)) else r.score(m)) for m in MEASURES}}
                            for r in self.records]}

    def to_file(self, path: str | Path) -> Path:
        """Write the benchmark as JSON (sector, size band, year and scores only; the same content always
        gives the same bytes). Returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
        return path


def build_benchmark(records: Iterable[BenchmarkRecord | Mapping[str, Any]], *,
                    min_peers: int = MIN_PEERS) -> PracticeBenchmark:
    """A benchmark of ``records`` (each a :class:`BenchmarkRecord` or a mapping with ``sector``,
    ``size_band``, ``year`` and ``scores``); records without any score are left out; order is discarded."""
    if min_peers < MIN_PEERS:
        raise BenchmarkError(f"min_peers: expected at least {MIN_PEERS}, got {min_peers}")
    cleaned = [_record(r, f"records[{i}]") for i, r in enumerate(records)]
    cleaned = [r for r in cleaned if any(not math.isnan(r.score(m)) for m in MEASURES)]
    return PracticeBenchmark(tuple(sorted(cleaned, key=BenchmarkRecord._key)), min_peers)


def load_benchmark(path: str | Path) -> PracticeBenchmark:
    """Read a benchmark written by :meth:`PracticeBenchmark.to_file`; :class:`BenchmarkError` names the
    file and field when it is not one."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise BenchmarkError(f"{name}: benchmark file not found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BenchmarkError(f"{name}: larger than {MAX_FILE_BYTES // 1024 ** 2} MB; expected a benchmark file")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BenchmarkError(f"{name}: not a JSON benchmark file ({str(exc)[:80]})") from None
    if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
        raise BenchmarkError(f"{name}: format: expected {FORMAT!r} (a file written by `cxconsult benchmark export`)")
    if raw.get("version") != FORMAT_VERSION:
        raise BenchmarkError(f"{name}: version: expected {FORMAT_VERSION}, got {str(raw.get('version'))[:10]!r}")
    records = raw.get("records")
    if not isinstance(records, list):
        raise BenchmarkError(f"{name}: records: expected a list")
    min_peers = raw.get("min_peers", MIN_PEERS)
    if isinstance(min_peers, bool) or not isinstance(min_peers, int):
        raise BenchmarkError(f"{name}: min_peers: expected a whole number")
    try:
        return build_benchmark(records, min_peers=min_peers)
    except BenchmarkError as exc:
        raise BenchmarkError(f"{name}: {exc}") from None


def percentile_rank(others: Iterable[float], value: float) -> float:
    """Percent of ``others`` strictly below ``value`` plus half of those equal to it (0-100);
    ``scipy.stats.percentileofscore(others, value, kind="mean")``. NaN when there are no others."""
    array = np.asarray(list(others), dtype=float)
    if array.size == 0 or math.isnan(value):
        return math.nan
    below = np.count_nonzero(array < value)
    equal = np.count_nonzero(array == value)
    return float(100.0 * (below + 0.5 * equal) / array.size)


@dataclass(frozen=True)
class Standing:
    """Where one measure stands in one peer group.

    ``group`` is ``"all"``, ``"sector"`` or ``"size_band"``; ``label`` the sector or band key ("" for all);
    ``peers`` the number of other engagements with a score for this measure in the group; ``percentile``
    the percentile rank (0-100) or None when ``peers`` is below the benchmark's minimum (or the measure
    is not scored).
    """

    group: str
    label: str
    measure: str
    score: float
    peers: int
    percentile: float | None

    @property
    def shown(self) -> bool:
        return self.percentile is not None


@dataclass(frozen=True)
class Position:
    """An engagement's standings: one :class:`Standing` per peer group and measure; ``min_peers`` the
    fewest others behind a percentile; ``self_excluded`` True when the engagement's own record was found
    in the benchmark and left out."""

    sector: str
    size_band: str
    standings: tuple[Standing, ...]
    min_peers: int = MIN_PEERS
    self_excluded: bool = False

    def get(self, group: str, measure: str = "index") -> Standing | None:
        """The standing of ``measure`` in ``group`` (None when the group does not apply: no sector known)."""
        return next((s for s in self.standings if s.group == group and s.measure == measure), None)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"group": s.group, "label": s.label, "measure": s.measure, "score": s.score,
                              "peers": s.peers, "percentile": s.percentile} for s in self.standings])

    def summary(self) -> str:
        lines = []
        for s in self.standings:
            where = s.group if not s.label else f"{s.group}={s.label}"
            rank = f"percentile {s.percentile:.0f}" if s.shown else "no percentile"
            lines.append(f"{s.measure:<19} {where:<26} {rank:<16} of {s.peers} other(s)")
        return "\n".join(lines)


def position(benchmark: PracticeBenchmark, engagement_scores: Mapping[str, float], *, sector: str = "",
             size_band: str = "", year: int = 0) -> Position:
    """Where ``engagement_scores`` (measure -> 0-100: ``index`` and the four areas) stand in ``benchmark``.

    ``sector`` and ``size_band`` name the engagement's peer groups ("" when unknown: that group is not
    positioned); ``year`` its wave year (used only to recognise its own record). One record identical to
    the engagement (same sector, band, year and scores, rounded as the benchmark rounds them) is taken
    to be the engagement itself and left out.
    """
    me = _record({"sector": sector, "size_band": size_band, "year": year,
                  "scores": {m: engagement_scores.get(m) for m in MEASURES}}, "engagement")
    records = list(benchmark.records)
    mine = me._key()
    found = next((i for i, r in enumerate(records) if r._key() == mine), None)
    if found is not None:
        del records[found]
    groups = [("all", "", records)]
    if me.sector:
        groups.append(("sector", me.sector, [r for r in records if r.sector == me.sector]))
    if me.size_band:
        groups.append(("size_band", me.size_band, [r for r in records if r.size_band == me.size_band]))
    standings = []
    for group, label, members in groups:
        for measure in MEASURES:
            value = me.score(measure)
            others = [s for s in (r.score(measure) for r in members) if not math.isnan(s)]
            enough = len(others) >= benchmark.min_peers and not math.isnan(value)
            standings.append(Standing(group, label, measure, value, len(others),
                                      percentile_rank(others, value) if enough else None))
    return Position(me.sector, me.size_band, tuple(standings), benchmark.min_peers, found is not None)
