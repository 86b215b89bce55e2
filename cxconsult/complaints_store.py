"""SQLite store of the case-review app: team leaders' reviews of sampled complaint cases against the
RESOLVED steps, in the engagement's ``responses.db``.

The same file as the workshop (:mod:`cxconsult.store`, whose connection, WAL mode, busy timeout,
retries and :class:`~cxconsult.store.StoreUnavailable` are reused); this module adds its own tables,
versioned in their own ``complaints_meta`` row (``PRAGMA user_version`` belongs to ``cxconsult.store``)::

    complaint_samples(team, position, case_id, seed, n, created)  -- the persisted sample, per team
    complaint_reviews(case_id, step, reviewer, done, note, saved)   -- current review, one per case and step
    complaint_reviews_log(id, case_id, step, reviewer, done, note, saved)  -- every save, append-only
    complaints_meta(key, value)                                     -- key 'schema_version'

``done`` is 1 (done), 0 (not done) or NULL (not applicable to this case; :meth:`ComplaintsStore.reviews`
leaves those out unless asked, so its ``done`` column is a plain bool as the complaints model expects). Every save is its own short
transaction, committed before the call returns (write-through: a page closed or a kernel killed after
a click loses nothing). Values are validated before the database is touched. Reading a store that does
not exist yet gives empty tables and creates nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from cxconsult.errors import shown
from cxconsult.store import InvalidAnswer, ResponseStore, StoreUnavailable, _now, _text

__all__ = ["MAX_NOTE", "REVIEW_COLUMNS", "SCHEMA_VERSION", "ComplaintsStore", "InvalidReview", "StoreUnavailable",
           "draw_sample", "step_keys"]

SCHEMA_VERSION = 1
MAX_NOTE = 500
MAX_SAMPLE = 1000
REVIEW_COLUMNS = ["case_id", "reviewer", "step", "done", "note", "saved"]

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS complaints_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS complaint_samples (
    team TEXT NOT NULL,
    position INTEGER NOT NULL,
    case_id TEXT NOT NULL,
    seed INTEGER NOT NULL,
    n INTEGER NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (team, position)
);
CREATE TABLE IF NOT EXISTS complaint_reviews (
    case_id TEXT NOT NULL,
    step TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    done INTEGER CHECK (done IS NULL OR done IN (0, 1)),
    note TEXT NOT NULL,
    saved TEXT NOT NULL,
    PRIMARY KEY (case_id, step)
);
CREATE TABLE IF NOT EXISTS complaint_reviews_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    step TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    done INTEGER,
    note TEXT NOT NULL,
    saved TEXT NOT NULL
)
"""
#: Statements that bring the tables from version ``i`` to ``i + 1`` (index 0: create them).
_MIGRATIONS = (_SCHEMA_V1,)


class InvalidReview(InvalidAnswer):
    """A review value that must not reach the store (unknown case or step, a note too long ...)."""


def step_keys() -> tuple[str, ...]:
    """The RESOLVED step keys, in order: ``("R", "E", "S", "O", "L", "V", "E2", "D")``."""
    from cxconsult.complaints import RESOLVED_KEYS

    return tuple(RESOLVED_KEYS)


def _done_value(done: object) -> int | None:
    """``True`` -> 1, ``False`` -> 0, ``None`` (not applicable) -> None; anything else refused."""
    if done is None:
        return None
    if isinstance(done, (bool, np.bool_)):
        return int(bool(done))
    raise InvalidReview(f"expected done as True, False or None (not applicable), got {shown(done)}", field="done")


def _note(note: object) -> str:
    if note is None:
        return ""
    if not isinstance(note, str):
        raise InvalidReview(f"expected the note as text, got {type(note).__name__}", field="note")
    note = note.replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise InvalidReview(f"expected a note of at most {MAX_NOTE} characters, got {len(note)}", field="note")
    return note


def draw_sample(cases: pd.DataFrame, n: int, seed: int, *, teams: Iterable[str] | None = None) -> dict[str, list[str]]:
    """``{team: case ids}``: up to ``n`` distinct cases per team, uniformly at random without replacement.

    Each team's draw depends only on ``seed``, the team's name and its own case ids (sorted first, so the
    rows' order does not matter): adding a team or a case of another team changes no team's sample.
    """
    frame = cases.assign(case_id=cases["case_id"].astype(str), team=cases["team"].fillna("").astype(str))
    wanted = sorted(set(frame["team"]) if teams is None else {str(t) for t in teams})
    drawn: dict[str, list[str]] = {}
    for team in wanted:
        ids = sorted(frame.loc[frame["team"] == team, "case_id"].unique())
        if ids:
            rng = np.random.default_rng([seed, *team.encode("utf-8")])
            drawn[team] = [ids[i] for i in rng.permutation(len(ids))[:n]]
    return drawn


def _done_array(values: Iterable[object]) -> pd.arrays.BooleanArray:
    """SQLite's 1 / 0 / NULL as a nullable boolean array (NA: not applicable)."""
    return pd.array([None if pd.isna(v) else bool(v) for v in values], dtype="boolean")


class ComplaintsStore:
    """Case reviews and samples in the engagement's ``responses.db`` (path: the file or the folder).

    ``case_ids`` (optional) are the known cases: a review of any other case is refused; without it a
    case must be in a persisted sample. ``timeout_s`` is how long a write waits for another writer.
    Connections are opened per operation, so an instance is cheap and safe to keep in a widget.
    """

    def __init__(self, path: str | os.PathLike[str], *, case_ids: Iterable[str] | None = None,
                 timeout_s: float = 5.0):
        self._base = ResponseStore(path, timeout_s=timeout_s)
        self.path = self._base.path
        self.timeout_s = float(timeout_s)
        self.case_ids = frozenset(str(c) for c in case_ids) if case_ids is not None else None
        self._ready = False

    def __repr__(self) -> str:
        return f"ComplaintsStore({str(self.path)!r})"

    def exists(self) -> bool:
        """Whether the store file exists yet."""
        return self._base.exists()

    # -- connection -----------------------------------------------------------------------------
    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction on the shared file (cxconsult.store's connection: WAL, busy timeout,
        StoreUnavailable), with this module's tables created or upgraded first."""
        if not self._ready:
            self._migrate()
        with self._base._connect(write=write) as con:
            yield con

    def _migrate(self) -> None:
        with self._base._connect(write=True) as con:
            try:
                row = con.execute("SELECT value FROM complaints_meta WHERE key = 'schema_version'").fetchone()
            except sqlite3.OperationalError:  # no such table: a store from before the case review
                row = None
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreUnavailable(f"{self.path} has case-review tables of version {version}; this cxconsult "
                                       f"reads version {SCHEMA_VERSION} at most: upgrade cxconsult")
            for script in _MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    con.execute(statement)
            if version < SCHEMA_VERSION:
                con.execute("INSERT INTO complaints_meta (key, value) VALUES ('schema_version', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))
        self._ready = True

    def _readable(self) -> bool:
        """Whether there is anything to read (a missing file is not created by a read)."""
        return self.exists()

    # -- samples --------------------------------------------------------------------------------
    def sample(self, cases: pd.DataFrame, n: int, seed: int = 0, *, teams: Iterable[str] | None = None,
               redraw: bool = False) -> pd.DataFrame:
        """Up to ``n`` cases per team (every case of a smaller team), drawn at random with ``seed``.

        Stratified by team with equal allocation: each team leader reviews ``n`` of their own team's
        cases. The draw is reproducible (same cases, ``n`` and ``seed``: same sample) and persisted:
        once a team has a sample, later calls return it unchanged (a reload shows the same cases), even
        with other ``n`` or ``seed``, unless ``redraw``. Reviews already saved are kept either way.
        Returns the sampled rows of ``cases`` (a ``case_id`` and a ``team`` column are required), team
        by team in drawing order; a persisted case no longer in ``cases`` is left out.
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= int(n) <= MAX_SAMPLE:
            raise InvalidReview(f"expected a sample size 1..{MAX_SAMPLE}, got {shown(n)}", field="n")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**63:
            raise InvalidReview(f"expected a seed 0..2**63-1, got {shown(seed)}", field="seed")
        missing = [c for c in ("case_id", "team") if c not in cases.columns]
        if missing:
            raise InvalidReview(f"expected the columns case_id and team; missing {', '.join(missing)}", field="cases")
        wanted = sorted(set(cases["team"].fillna("").astype(str)) if teams is None else {str(t) for t in teams})
        drawn = draw_sample(cases, int(n), int(seed), teams=wanted)
        n, seed, created = int(n), int(seed), _now()
        with self._connect(write=True) as con:
            for team, ids in drawn.items():
                kept = con.execute("SELECT count(*) FROM complaint_samples WHERE team = ?", (team,)).fetchone()[0]
                if kept and not redraw:
                    continue
                con.execute("DELETE FROM complaint_samples WHERE team = ?", (team,))
                con.executemany("INSERT INTO complaint_samples (team, position, case_id, seed, n, created) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                [(team, i, case, seed, n, created) for i, case in enumerate(ids)])
        return self.sampled(cases, teams=wanted)

    def sampled(self, cases: pd.DataFrame, *, teams: Iterable[str] | None = None) -> pd.DataFrame:
        """The persisted sample's rows of ``cases`` (team by team, in drawing order); nothing is drawn."""
        order = self.sample_table(teams=teams)
        frame = cases.assign(case_id=cases["case_id"].astype(str))
        picked = order[["case_id"]].merge(frame.drop_duplicates("case_id"), on="case_id", how="inner")
        return picked.reset_index(drop=True)

    def sample_table(self, *, teams: Iterable[str] | None = None) -> pd.DataFrame:
        """The persisted samples: team, position, case_id, seed, n, created."""
        columns = ["team", "position", "case_id", "seed", "n", "created"]
        if not self._readable():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        with self._connect(write=False) as con:
            rows = con.execute(f"SELECT {', '.join(columns)} FROM complaint_samples ORDER BY team, position").fetchall()
        frame = pd.DataFrame(rows, columns=columns)
        if teams is not None:
            frame = frame[frame["team"].isin({str(t) for t in teams})].reset_index(drop=True)
        return frame

    # -- reviews --------------------------------------------------------------------------------
    def _validate(self, case_id: object, reviewer: object, step: object, done: object,
                  note: object) -> tuple[str, str, str, int | None, str]:
        keys = step_keys()
        if not isinstance(step, str) or step not in keys:
            raise InvalidReview(f"expected a RESOLVED step {', '.join(keys)}, got {shown(step)}", field="step")
        if not isinstance(case_id, str) or not case_id.strip() or len(case_id) > 200:
            raise InvalidReview(f"expected a case id, got {shown(case_id)}", field="case_id")
        if self.case_ids is not None and case_id not in self.case_ids:
            raise InvalidReview(f"unknown case {shown(case_id)}", field="case_id")
        try:
            reviewer = _text(reviewer, "reviewer")
        except InvalidAnswer as exc:
            raise InvalidReview(str(exc).split(": ", 1)[-1], field="reviewer") from None
        return case_id, reviewer, step, _done_value(done), _note(note)

    def save_review(self, case_id: str, reviewer: str, step: str, done: bool | None, note: str = "") -> None:
        """Save one step of one case's review (``done``: True, False or None = not applicable) in its own
        transaction; the earlier value is replaced and kept in the log. :class:`InvalidReview` for an
        unknown case or step, an empty reviewer or a note over 500 characters."""
        self.save_case(case_id, reviewer, {step: done}, note)

    def save_case(self, case_id: str, reviewer: str, steps: Mapping[str, bool | None], note: str = "") -> None:
        """Save several steps of one case (``{step: done}``) and its note in one transaction."""
        if not isinstance(steps, Mapping) or not steps:
            raise InvalidReview("expected at least one step", field="step")
        rows = [self._validate(case_id, reviewer, step, done, note) for step, done in steps.items()]
        saved = _now()
        with self._connect(write=True) as con:
            if self.case_ids is None and con.execute("SELECT 1 FROM complaint_samples WHERE case_id = ?",
                                                     (case_id,)).fetchone() is None:
                raise InvalidReview(f"unknown case {shown(case_id)}: not in a sample", field="case_id")
            for case, who, step, done, text in rows:
                con.execute("INSERT INTO complaint_reviews (case_id, step, reviewer, done, note, saved) "
                            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, step) DO UPDATE SET "
                            "reviewer = excluded.reviewer, done = excluded.done, note = excluded.note, "
                            "saved = excluded.saved", (case, step, who, done, text, saved))
                con.execute("INSERT INTO complaint_reviews_log (case_id, step, reviewer, done, note, saved) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (case, step, who, done, text, saved))

    def reviews(self, *, not_applicable: bool = False) -> pd.DataFrame:
        """The current reviews, one row per case and step: case_id, reviewer, step, done (bool), note,
        saved (UTC ISO time); cases in id order, steps in RESOLVED order. This is the ``reviews`` input of
        :func:`cxconsult.complaints.analyse_complaints`. Steps marked "not applicable" are left out
        unless ``not_applicable`` (then ``done`` is a nullable boolean, NA = not applicable)."""
        empty = pd.DataFrame({c: pd.Series(dtype=("boolean" if not_applicable else bool) if c == "done" else object)
                              for c in REVIEW_COLUMNS})
        if not self._readable():
            return empty
        with self._connect(write=False) as con:
            rows = con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM complaint_reviews"
                               + ("" if not_applicable else " WHERE done IS NOT NULL")).fetchall()
        if not rows:
            return empty
        order = {k: i for i, k in enumerate(step_keys())}
        rows.sort(key=lambda r: (r[0], order.get(r[2], 99)))
        frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
        frame["done"] = _done_array(frame["done"]) if not_applicable else frame["done"].astype(bool)
        return frame

    def history(self) -> pd.DataFrame:
        """Every save ever made, oldest first (the same columns as :meth:`reviews`)."""
        if not self._readable():
            return pd.DataFrame(columns=REVIEW_COLUMNS)
        with self._connect(write=False) as con:
            rows = con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM complaint_reviews_log ORDER BY id").fetchall()
        frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
        frame["done"] = _done_array(frame["done"])
        return frame

    def review_table(self) -> pd.DataFrame:
        """One row per reviewed case: case_id, team (from the sample, "" when not sampled), reviewer,
        one column per RESOLVED step (True, False or NA), note, saved (the latest save)."""
        keys = list(step_keys())
        reviews = self.reviews(not_applicable=True)
        columns = ["case_id", "team", "reviewer", *keys, "note", "saved"]
        if reviews.empty:
            return pd.DataFrame({c: pd.Series(dtype="boolean" if c in keys else object) for c in columns})
        wide = reviews.pivot(index="case_id", columns="step", values="done").reindex(columns=keys)
        last = reviews.sort_values("saved").groupby("case_id").last()[["reviewer", "note", "saved"]]
        teams = self.sample_table().drop_duplicates("case_id").set_index("case_id")["team"]
        table = wide.join(last).reset_index()
        table["team"] = table["case_id"].map(teams).fillna("")
        for key in keys:
            table[key] = table[key].astype("boolean")
        return table[columns].reset_index(drop=True)

    def version(self) -> int:
        """The number of saves ever made: changes whenever a review is saved (cheap to poll)."""
        if not self._readable():
            return 0
        with self._connect(write=False) as con:
            return int(con.execute("SELECT coalesce(max(id), 0) FROM complaint_reviews_log").fetchone()[0])

