"""SQLite store of the touchpoint workshop's ratings, in the engagement's ``responses.db``.

The same file and the same participants as the diagnostic workshop (:mod:`cxconsult.store`): people
register through :class:`~cxconsult.store.ResponseStore` (name, role, resume key), and this module adds
its own tables, created ``IF NOT EXISTS`` (``PRAGMA user_version`` is left to ``cxconsult.store``)::

    touchpoint_ratings(respondent, touchpoint, rating, pain_point, owner, saved_at)  -- current, one per pair
    touchpoint_ratings_log(id, respondent, touchpoint, rating, pain_point, owner, saved_at)  -- history

WAL mode, a busy timeout and one short transaction per rating, as in ``cxconsult.store``: every
participant's kernel writes the same file. Values are validated before the database is touched. Reading
a store that does not exist yet gives empty tables and creates nothing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from cxconsult.store import InvalidAnswer, Respondent, ResponseStore, StoreUnavailable

__all__ = ["RATING_COLUMNS", "TouchpointRating", "TouchpointStore"]

RATING_COLUMNS = ["touchpoint", "participant", "role", "rating", "pain_point", "owner"]
MAX_OWNER = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS touchpoint_ratings (
    respondent INTEGER NOT NULL,
    touchpoint TEXT NOT NULL,
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 0 AND 4),
    pain_point INTEGER NOT NULL CHECK (pain_point IN (0, 1)),
    owner TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (respondent, touchpoint)
);
CREATE TABLE IF NOT EXISTS touchpoint_ratings_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    respondent INTEGER NOT NULL,
    touchpoint TEXT NOT NULL,
    rating INTEGER,
    pain_point INTEGER NOT NULL,
    owner TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class TouchpointRating:
    """One participant's view of one touchpoint: ``rating`` 0-4 against the intent statement (None:
    not rated), ``pain_point`` and the ``owner`` they name ("" when they did not say)."""

    touchpoint: str
    rating: int | None
    pain_point: bool
    owner: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class TouchpointStore:
    """Touchpoint ratings in the engagement's ``responses.db`` (path: the file or the folder).

    ``touchpoints`` (optional) are the valid ids; a rating of any other id is refused.
    """

    def __init__(self, path: str | os.PathLike[str], *, touchpoints: Iterable[str] | None = None,
                 timeout_s: float = 5.0):
        self.people = ResponseStore(path, timeout_s=timeout_s)
        self.path = self.people.path
        self.timeout_s = float(timeout_s)
        self.touchpoints = tuple(touchpoints) if touchpoints is not None else None
        self._ready = False

    def __repr__(self) -> str:
        return f"TouchpointStore({str(self.path)!r})"

    # -- participants (shared with the diagnostic workshop) --------------------------------------
    def register(self, name: str, role: str, language: str = "en") -> Respondent:
        """A participant (the same name and role resumes the earlier one); see ResponseStore.register."""
        return self.people.register(name, role, language)

    def resume(self, resume_key: str) -> Respondent | None:
        return self.people.resume(resume_key)

    # -- connection -----------------------------------------------------------------------------
    def _has_tables(self, con: sqlite3.Connection) -> bool:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return "touchpoint_ratings" in names and "respondents" in names

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction on the shared file (cxconsult.store's connection: WAL, busy timeout,
        StoreUnavailable), with the touchpoint tables created first on the first write."""
        if write and not self._ready:
            with self.people._connect(write=True) as con:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    con.execute(statement)
            self._ready = True
        with self.people._connect(write=write) as con:
            yield con

    # -- validation -----------------------------------------------------------------------------
    def _validate(self, touchpoint: object, rating: object, owner: object) -> tuple[str, int | None, str]:
        if not isinstance(touchpoint, str) or (self.touchpoints is not None and touchpoint not in self.touchpoints):
            raise InvalidAnswer(f"unknown touchpoint {str(touchpoint)[:40]!r}", field="touchpoint")
        if rating is not None:
            if isinstance(rating, bool) or not hasattr(rating, "__index__") or not 0 <= int(rating) <= 4:  # type: ignore[call-overload]
                raise InvalidAnswer(f"expected a rating 0..4 or none, got {str(rating)[:20]!r}", field="rating")
            rating = int(rating)  # type: ignore[call-overload]
        if not isinstance(owner, str):
            raise InvalidAnswer("expected the owner as text", field="owner")
        owner = re.sub(r"\s+", " ", owner).strip()
        if len(owner) > MAX_OWNER:
            raise InvalidAnswer(f"expected at most {MAX_OWNER} characters, got {len(owner)}", field="owner")
        return touchpoint, rating, owner  # type: ignore[return-value]

    # -- ratings --------------------------------------------------------------------------------
    def save(self, respondent_id: int, touchpoint: str, rating: int | None, *, pain_point: bool = False,
             owner: str = "") -> None:
        """Save one participant's view of one touchpoint in its own transaction (history kept)."""
        touchpoint, rating, owner = self._validate(touchpoint, rating, owner)
        if isinstance(respondent_id, bool) or not isinstance(respondent_id, int):
            raise InvalidAnswer(f"expected a respondent id (int), got {respondent_id!r}", field="respondent")
        if not self.people.exists():
            raise InvalidAnswer(f"no participant with id {respondent_id} in {self.path}", field="respondent")
        saved_at, pain = _now(), int(bool(pain_point))
        with self._connect(write=True) as con:
            if con.execute("SELECT 1 FROM respondents WHERE id = ?", (respondent_id,)).fetchone() is None:
                raise InvalidAnswer(f"no participant with id {respondent_id} in {self.path}", field="respondent")
            con.execute(
                "INSERT INTO touchpoint_ratings (respondent, touchpoint, rating, pain_point, owner, saved_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (respondent, touchpoint) DO UPDATE SET "
                "rating = excluded.rating, pain_point = excluded.pain_point, owner = excluded.owner, "
                "saved_at = excluded.saved_at", (respondent_id, touchpoint, rating, pain, owner, saved_at))
            con.execute("INSERT INTO touchpoint_ratings_log (respondent, touchpoint, rating, pain_point, owner, "
                        "saved_at) VALUES (?, ?, ?, ?, ?, ?)", (respondent_id, touchpoint, rating, pain, owner,
                                                                saved_at))

    def ratings_of(self, respondent_id: int) -> dict[str, TouchpointRating]:
        """One participant's current ratings by touchpoint."""
        if not self.people.exists():
            return {}
        with self._connect(write=False) as con:
            if not self._has_tables(con):
                return {}
            rows = con.execute("SELECT touchpoint, rating, pain_point, owner FROM touchpoint_ratings "
                               "WHERE respondent = ?", (respondent_id,)).fetchall()
        return {tp: TouchpointRating(tp, r, bool(p), o) for tp, r, p, o in rows}

    def ratings(self) -> pd.DataFrame:
        """The room's current ratings: touchpoint, participant, role, rating (float, NaN = not rated),
        pain_point (bool), owner. Two participants sharing a name are told apart by id (``"Ana #7"``)."""
        empty = pd.DataFrame({c: pd.Series(dtype=float if c == "rating" else bool if c == "pain_point" else object)
                              for c in RATING_COLUMNS})
        if not self.people.exists():
            return empty
        with self._connect(write=False) as con:
            if not self._has_tables(con):
                return empty
            rows = con.execute("SELECT t.touchpoint, r.id, r.name, r.role, t.rating, t.pain_point, t.owner "
                               "FROM touchpoint_ratings t JOIN respondents r ON r.id = t.respondent "
                               "ORDER BY r.id, t.touchpoint").fetchall()
            names = con.execute("SELECT id, name FROM respondents").fetchall()
        if not rows:
            return empty
        counts = pd.Series([n.lower() for _, n in names]).value_counts()
        records = [(tp, name if counts.get(name.lower(), 0) <= 1 else f"{name} #{rid}", role,
                    float("nan") if rating is None else float(rating), bool(pain), owner)
                   for tp, rid, name, role, rating, pain, owner in rows]
        return pd.DataFrame(records, columns=RATING_COLUMNS)

    def history(self) -> pd.DataFrame:
        """Every rating ever saved, oldest first."""
        columns = ["respondent", "touchpoint", "rating", "pain_point", "owner", "saved_at"]
        if not self.people.exists():
            return pd.DataFrame(columns=columns)
        with self._connect(write=False) as con:
            if not self._has_tables(con):
                return pd.DataFrame(columns=columns)
            rows = con.execute(f"SELECT {', '.join(columns)} FROM touchpoint_ratings_log ORDER BY id").fetchall()
        return pd.DataFrame(rows, columns=columns)

    def export_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write the room's ratings to ``path`` (the journey section's ``ratings_csv``) atomically; an
        existing file is first copied to ``<name>.<UTC time>.bak``. Returns the path written."""
        target = Path(path)
        frame = self.ratings()
        out = frame.assign(rating=[("" if pd.isna(v) else str(int(v))) for v in frame["rating"]],
                           pain_point=["yes" if v else "no" for v in frame["pain_point"]])
        try:
            fd, tmp = tempfile.mkstemp(prefix=".ratings-", suffix=".csv.tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                    out.to_csv(handle, index=False)
                if target.exists():
                    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
                    target.with_name(f"{target.name}.{stamp}.bak").write_bytes(target.read_bytes())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreUnavailable(f"cannot write {target}: {exc.strerror or exc}") from exc
        return target
