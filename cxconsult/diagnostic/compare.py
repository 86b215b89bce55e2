"""What moved between two diagnostic waves: change per area, per question and in the index, with intervals.

Each score is computed exactly as :func:`~cxconsult.diagnostic.score` computes it (mean 0-4 answer x 25,
"don't know" left out; an area pools its five questions; the index averages the areas that have answers),
and the change is later minus earlier, in points on the 0-100 scale.

How sure a change is comes from a bootstrap over respondents (Efron & Tibshirani, *An Introduction to the
Bootstrap*, Chapman & Hall, 1993, ch. 6 and 8):

* people who answered **both** waves (same ``respondent`` id) are resampled together, as pairs: a drawn
  person brings both sets of answers, so what a person always thinks cancels out of the change (paired
  bootstrap, Efron & Tibshirani §8.3); this is why a paired interval is narrower when people differ a lot
  from each other but each moved a similar amount;
* people who answered **one** wave only are resampled within their wave, independently of the other
  (two-sample bootstrap, §8.3);
* when some people answered both and some only one, both happen in each resample (``method == "mixed"``).

The percentile interval of the resampled changes is reported; a change is "significant" only when that
interval excludes 0. Resampling is vectorised: a resample is a row of multiplicities (how many times each
person is drawn, multinomial), so every resample's sums are one matrix product. Seeded: the same waves give
the same intervals in every run.

Respondent ids must match across waves for pairing: the workshop app's export labels people
``"Name [CODE]"`` with a code per wave, so rename them to one id per person before comparing if they
should be paired.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxconsult.diagnostic.scoring import AREA_LABELS, _long_table
from cxconsult.engagement import AREA_PREFIX, AREAS, DONT_KNOW, QUESTION_IDS
from cxconsult.errors import ModelError

__all__ = ["N_BOOT", "SEED", "ActionOutcome", "Change", "WaveComparison", "action_outcomes", "action_targets",
           "compare", "respondent_matrix"]

#: Seed and number of resamples of the bootstrap (a report shows the same intervals every run).
SEED = 2017
N_BOOT = 2000
#: Column of each question in the respondent matrices, and the questions of each area.
_AREA_COLUMNS = {area: [i for i, q in enumerate(QUESTION_IDS) if AREA_PREFIX[q[0]] == area] for area in AREAS}


@dataclass(frozen=True)
class Change:
    """The change of one score (0-100 points) between two waves, with its bootstrap interval.

    ``earlier`` and ``later`` are the scores (NaN when a wave has no answer there), ``change`` is
    ``later - earlier`` and ``low``/``high`` the percentile interval of the change.
    """

    earlier: float
    later: float
    change: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """True only when the interval excludes 0 (both ends above 0, or both below)."""
        return bool(self.low > 0 or self.high < 0)

    @property
    def direction(self) -> str:
        """``"up"`` or ``"down"`` when significant, else ``"flat"`` (no change shown beyond noise)."""
        if not self.significant:
            return "flat"
        return "up" if self.change > 0 else "down"


@dataclass(frozen=True, eq=False)
class WaveComparison:
    """Two waves compared (see the module docstring).

    Attributes
    ----------
    earlier_label, later_label : str
        The waves' labels; ``earlier_date``/``later_date`` their dates (None when not given).
    index : Change
        Change of the index (0-100 points).
    areas : pandas.DataFrame
        One row per area (``AREAS`` order): ``earlier``, ``later``, ``change``, ``low``, ``high``
        (points), ``significant`` (bool), ``n_earlier``, ``n_later`` (scored answers).
    questions : pandas.DataFrame
        One row per question id, the same columns plus ``area``.
    method : str
        ``"paired"`` (every person answered both waves), ``"independent"`` (nobody answered both) or
        ``"mixed"`` (``paired`` people resampled as pairs, the others within their wave).
    paired : int
        People who answered both waves; ``respondents_earlier``/``respondents_later`` per wave.
    confidence, n_boot, seed
        The bootstrap's settings.
    """

    earlier_label: str
    later_label: str
    earlier_date: dt.date | None
    later_date: dt.date | None
    index: Change
    areas: pd.DataFrame
    questions: pd.DataFrame
    method: str
    paired: int
    respondents_earlier: int
    respondents_later: int
    confidence: float
    n_boot: int
    seed: int

    def area(self, area: str) -> Change:
        """The change of one area (``"people"``, ``"process_technology"``, ``"customers"``, ``"finance"``)."""
        return _change(self.areas.loc[area])

    def question(self, question_id: str) -> Change:
        """The change of one question (``"P1"`` ... ``"F5"``)."""
        return _change(self.questions.loc[question_id.upper()])

    @property
    def moved(self) -> pd.DataFrame:
        """Questions whose change is significant, largest change first (by size)."""
        table = self.questions[self.questions["significant"]]
        return table.reindex(table["change"].abs().sort_values(ascending=False).index)

    def method_text(self) -> str:
        """How the interval was computed, in one English line (the narrative words it for the client)."""
        if self.method == "paired":
            return f"paired bootstrap over the {self.paired} people who answered both waves"
        if self.method == "independent":
            return "independent bootstrap of each wave (nobody answered both)"
        return (f"mixed bootstrap: {self.paired} people who answered both waves resampled as pairs, the "
                f"others ({self.respondents_earlier - self.paired} earlier only, "
                f"{self.respondents_later - self.paired} later only) within their wave")

    def summary(self) -> str:
        """Plain-text table: index and area changes with their intervals, then the questions that moved."""
        pct = f"{self.confidence:.0%}"
        lines = [f"CX diagnostic: {self.earlier_label} -> {self.later_label} ({self.respondents_earlier} -> "
                 f"{self.respondents_later} respondents; {self.method_text()}; {pct} interval, "
                 f"{self.n_boot} resamples, seed {self.seed})"]
        rows = [("Index", self.index)] + [(AREA_LABELS[a], self.area(a)) for a in AREAS]
        for label, c in rows:
            mark = " *" if c.significant else ""
            lines.append(f"  {label:<24} {_f(c.earlier):>5} -> {_f(c.later):>5}  change {_f(c.change, sign=True):>6}"
                         f"  [{_f(c.low, sign=True)}, {_f(c.high, sign=True)}]{mark}")
        moved = self.moved
        if len(moved):
            lines.append("Questions that moved (interval excludes 0): " + ", ".join(
                f"{q} {_f(row.change, sign=True)}" for q, row in moved.iterrows()))
        else:
            lines.append("No question moved beyond the interval.")
        lines.append("* significant: the interval excludes 0")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [("Index", self.index)] + [(AREA_LABELS[a], self.area(a)) for a in AREAS]
        body = "".join(
            f"<tr><td>{html.escape(label)}</td><td>{_f(c.earlier)}</td><td>{_f(c.later)}</td>"
            f"<td>{_f(c.change, sign=True)}</td><td>{_f(c.low, sign=True)} to {_f(c.high, sign=True)}</td>"
            f"<td>{'yes' if c.significant else 'no'}</td></tr>" for label, c in rows)
        caption = html.escape(f"{self.earlier_label} -> {self.later_label}: {self.method_text()}, "
                              f"{self.confidence:.0%} interval")
        return (f"<table><caption>{caption}</caption><tr><th></th><th>{html.escape(self.earlier_label)}</th>"
                f"<th>{html.escape(self.later_label)}</th><th>Change</th><th>Interval</th>"
                f"<th>Significant</th></tr>{body}</table>")


def _f(value: float, *, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:+.1f}" if sign else f"{value:.1f}"


def _change(row: pd.Series) -> Change:
    return Change(float(row["earlier"]), float(row["later"]), float(row["change"]), float(row["low"]),
                  float(row["high"]))


def respondent_matrix(responses: Mapping[str, object] | pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Per respondent (sorted ids) and question (``QUESTION_IDS`` order): the sum of 0-4 answers and their
    count ("don't know" and unanswered count 0). Returns ``(ids, sums, counts)``."""
    frame = _long_table(responses)
    frame["respondent"] = frame["respondent"].astype(str)
    people = sorted(set(frame["respondent"]))
    scored = frame[frame["answer"].map(lambda a: a != DONT_KNOW)]
    sums = np.zeros((len(people), len(QUESTION_IDS)))
    counts = np.zeros_like(sums)
    row = {p: i for i, p in enumerate(people)}
    col = {q: j for j, q in enumerate(QUESTION_IDS)}
    rows = scored["respondent"].map(row).to_numpy(dtype=int)
    cols = scored["question"].map(col).to_numpy(dtype=int)
    np.add.at(sums, (rows, cols), scored["answer"].astype(float).to_numpy())
    np.add.at(counts, (rows, cols), 1.0)
    return people, sums, counts


def _scores(sums: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Question scores (..., 20), area scores (..., 4) and the index (...) from summed answers and counts
    over people (leading axes are resamples); NaN where there is no answer."""
    with np.errstate(invalid="ignore", divide="ignore"):
        questions = np.where(counts > 0, sums / np.where(counts > 0, counts, 1) * 25, np.nan)
        area_sums = np.stack([sums[..., cols].sum(axis=-1) for cols in _AREA_COLUMNS.values()], axis=-1)
        area_counts = np.stack([counts[..., cols].sum(axis=-1) for cols in _AREA_COLUMNS.values()], axis=-1)
        areas = np.where(area_counts > 0, area_sums / np.where(area_counts > 0, area_counts, 1) * 25, np.nan)
        present = ~np.isnan(areas)
        n_present = present.sum(axis=-1)
        index = np.where(n_present > 0, np.where(present, areas, 0).sum(axis=-1) / np.maximum(n_present, 1),
                         np.nan)
    return questions, areas, index


def _weights(rng: np.random.Generator, n: int, n_boot: int) -> np.ndarray:
    """``(n_boot, n)`` multiplicities: how often each of ``n`` people is drawn in each resample of size ``n``."""
    if n == 0:
        return np.zeros((n_boot, 0))
    return rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)


def _wave_input(wave: Any) -> tuple[pd.DataFrame, str | None, dt.date | None]:
    """(responses, label, date) of a :class:`~cxconsult.engagement.Wave` or a responses table."""
    if hasattr(wave, "responses") and hasattr(wave, "date"):
        return wave.responses, str(wave.label), wave.date
    return wave, None, None


def compare(earlier: Any, later: Any, *, confidence: float = 0.95, n_boot: int = N_BOOT, seed: int = SEED,
            labels: tuple[str, str] | None = None) -> WaveComparison:
    """Compare two diagnostic waves (see the module docstring for the scores and the bootstrap).

    Parameters
    ----------
    earlier, later
        Each a :class:`~cxconsult.engagement.Wave` or a responses long table (``respondent, role,
        question, answer``) as :func:`~cxconsult.diagnostic.score` takes.
    confidence
        Of the percentile interval (0.95 gives the 2.5th to 97.5th percentiles of the resampled changes).
    n_boot, seed
        Resamples (at least 200) and the random seed.
    labels
        ``(earlier, later)`` labels; default the waves' labels, else ``"earlier"``/``"later"``.
    """
    if not 0 < confidence < 1:
        raise ModelError(f"confidence must be between 0 and 1, got {confidence!r}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 200:
        raise ModelError(f"n_boot must be a whole number of at least 200, got {n_boot!r}")
    first, first_label, first_date = _wave_input(earlier)
    second, second_label, second_date = _wave_input(later)
    if first_date is not None and second_date is not None and first_date > second_date:
        raise ModelError(f"the earlier wave ({first_date}) is dated after the later one ({second_date})")
    ids_a, sums_a, counts_a = respondent_matrix(first)
    ids_b, sums_b, counts_b = respondent_matrix(second)
    if not ids_a or not ids_b:
        raise ModelError("each wave needs at least one respondent to compare")
    both = sorted(set(ids_a) & set(ids_b))
    method = "paired" if both and len(both) == len(ids_a) == len(ids_b) else ("mixed" if both else "independent")

    # point estimates: every person once
    q_a, a_a, i_a = _scores(sums_a.sum(axis=0), counts_a.sum(axis=0))
    q_b, a_b, i_b = _scores(sums_b.sum(axis=0), counts_b.sum(axis=0))

    # resamples: the people of both waves drawn together (paired), the others within their own wave
    rng = np.random.default_rng(seed)
    pos_a = {p: i for i, p in enumerate(ids_a)}
    pos_b = {p: i for i, p in enumerate(ids_b)}
    pair_a = [pos_a[p] for p in both]
    pair_b = [pos_b[p] for p in both]
    only_a = [i for p, i in pos_a.items() if p not in pos_b]
    only_b = [i for p, i in pos_b.items() if p not in pos_a]
    w_pair = _weights(rng, len(both), n_boot)
    w_a = _weights(rng, len(only_a), n_boot)
    w_b = _weights(rng, len(only_b), n_boot)
    boot_sums_a = w_pair @ sums_a[pair_a] + w_a @ sums_a[only_a]
    boot_counts_a = w_pair @ counts_a[pair_a] + w_a @ counts_a[only_a]
    boot_sums_b = w_pair @ sums_b[pair_b] + w_b @ sums_b[only_b]
    boot_counts_b = w_pair @ counts_b[pair_b] + w_b @ counts_b[only_b]
    bq_a, ba_a, bi_a = _scores(boot_sums_a, boot_counts_a)
    bq_b, ba_b, bi_b = _scores(boot_sums_b, boot_counts_b)

    tail = (1 - confidence) / 2 * 100
    percentiles = [tail, 100 - tail]

    def interval(changes: np.ndarray) -> np.ndarray:
        """(2, k) percentile bounds of resampled changes (NaN where no resample has both scores)."""
        out = np.full((2, changes.shape[1]), np.nan)
        for j in range(changes.shape[1]):
            column = changes[:, j][~np.isnan(changes[:, j])]
            if len(column):
                out[:, j] = np.percentile(column, percentiles)
        return out

    def table(index: list[str], before: np.ndarray, after: np.ndarray, bounds: np.ndarray,
              n_before: np.ndarray, n_after: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame({"earlier": before, "later": after, "change": after - before,
                              "low": bounds[0], "high": bounds[1]}, index=pd.Index(index))
        frame["significant"] = (frame["low"] > 0) | (frame["high"] < 0)
        frame["n_earlier"] = n_before.astype(int)
        frame["n_later"] = n_after.astype(int)
        return frame

    area_n_a = np.array([counts_a[:, cols].sum() for cols in _AREA_COLUMNS.values()])
    area_n_b = np.array([counts_b[:, cols].sum() for cols in _AREA_COLUMNS.values()])
    areas = table(list(AREAS), a_a, a_b, interval(ba_b - ba_a), area_n_a, area_n_b).rename_axis("area")
    questions = table(list(QUESTION_IDS), q_a, q_b, interval(bq_b - bq_a), counts_a.sum(axis=0),
                      counts_b.sum(axis=0)).rename_axis("question")
    questions.insert(0, "area", [AREA_PREFIX[q[0]] for q in QUESTION_IDS])
    index_bounds = interval((bi_b - bi_a)[:, None])[:, 0]
    index = Change(float(i_a), float(i_b), float(i_b - i_a), float(index_bounds[0]), float(index_bounds[1]))
    names = labels or (first_label or "earlier", second_label or "later")
    return WaveComparison(
        earlier_label=str(names[0]), later_label=str(names[1]), earlier_date=first_date, later_date=second_date,
        index=index, areas=areas, questions=questions, method=method, paired=len(both),
        respondents_earlier=len(ids_a), respondents_later=len(ids_b), confidence=float(confidence),
        n_boot=int(n_boot), seed=int(seed))


# -- actions taken between the waves ---------------------------------------------------------------
#: Order of the action log's statuses (the furthest one counts when an action has several rows).
STATUS_ORDER = {"planned": 0, "started": 1, "done": 2}


@dataclass(frozen=True)
class ActionOutcome:
    """One action of the earlier wave's roadmap (or of the action log) and what moved after it.

    ``status`` is the furthest status in the log (``planned``, ``started``, ``done``) or ``""`` when the
    log does not mention it; ``date``, ``owner`` and ``note`` come from that row. ``questions`` are the
    questions the action targets (those feeding its programme step; F2-F5 for the business case, C3 for
    RESOLVED); ``change`` is the mean of their changes in points (NaN when none can be compared);
    ``moved_up``/``moved_down`` those whose interval excludes 0.
    """

    key: str
    status: str
    date: dt.date | None
    owner: str
    note: str
    on_roadmap: bool
    questions: tuple[str, ...]
    change: float
    moved_up: tuple[str, ...]
    moved_down: tuple[str, ...]

    @property
    def taken(self) -> bool:
        """Started or done."""
        return self.status in ("started", "done")


def action_targets(key: str) -> tuple[str, ...]:
    """The question ids an action targets: every question feeding its programme step (primary or secondary),
    F2-F5 for the return-on-CX business case, C3 for the RESOLVED complaint method."""
    from cxconsult.diagnostic.questions import programme, questions
    from cxconsult.diagnostic.recommendations import BUSINESS_CASE_QUESTIONS, COMPLAINTS_QUESTION

    if key == "business_case":
        return tuple(BUSINESS_CASE_QUESTIONS)
    if key == "resolved":
        return (COMPLAINTS_QUESTION,)
    numbers = [s.number for s in programme("en").steps if s.key == key]
    if not numbers:
        raise ModelError(f"unknown action {key!r}")
    return tuple(q.id for q in questions("en") if numbers[0] in q.steps)


def action_outcomes(comparison: WaveComparison, log: Any = (), roadmap: tuple[str, ...] | list[str] = ()
                    ) -> list[ActionOutcome]:
    """Each roadmap action (in roadmap order), then each other action of the ``log``, with its status and
    the change of the questions it targets. ``log`` is a sequence of
    :class:`~cxconsult.engagement.ActionRecord`; ``roadmap`` the earlier wave's action keys."""
    latest: dict[str, Any] = {}
    for record in log:
        held = latest.get(record.action)
        rank = (STATUS_ORDER[record.status], record.date or dt.date.min)
        if held is None or rank >= (STATUS_ORDER[held.status], held.date or dt.date.min):
            latest[record.action] = record
    keys = list(dict.fromkeys([*roadmap, *latest]))
    table = comparison.questions
    out = []
    for key in keys:
        targets = action_targets(key)
        rows = table.loc[list(targets)]
        changes = rows["change"].dropna()
        record = latest.get(key)
        out.append(ActionOutcome(
            key=key, status=record.status if record else "", date=record.date if record else None,
            owner=record.owner if record else "", note=record.note if record else "", on_roadmap=key in roadmap,
            questions=targets, change=float(changes.mean()) if len(changes) else float("nan"),
            moved_up=tuple(q for q, r in rows.iterrows() if r["significant"] and r["change"] > 0),
            moved_down=tuple(q for q, r in rows.iterrows() if r["significant"] and r["change"] < 0)))
    return out
