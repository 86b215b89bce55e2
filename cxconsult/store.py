"""SQLite store of live workshop answers (``responses.db`` in the engagement folder).

Each voila visitor runs in its own kernel, so several processes write the same file at once. The store
uses WAL mode, a busy timeout and one short transaction per answer; the current answer per
(respondent, question) is upserted and every answer ever given is also appended to ``answers_log``,
so nothing is lost. Values are validated before the database is touched.

Schema version 1 (``PRAGMA user_version``)::

    respondents(id, name, role, language, resume_key, created)
    answers(respondent, question, answer, saved_at)          -- one row per respondent and question
    answers_log(id, respondent, question, answer, saved_at)  -- append-only history
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from cxconsult.errors import CxConsultError, EngagementError

SCHEMA_VERSION = 1
STORE_FILENAME = "responses.db"
QUESTION_IDS: tuple[str, ...] = tuple(f"{area}{n}" for area in "PTCF" for n in range(1, 6))
DONT_KNOW = "dk"
ANSWERS: tuple[int | str, ...] = (0, 1, 2, 3, 4, DONT_KNOW)
COLUMNS = ["respondent", "role", "question", "answer"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS respondents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    language TEXT NOT NULL,
    resume_key TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    respondent INTEGER NOT NULL REFERENCES respondents(id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', '4', 'dk')),
    saved_at TEXT NOT NULL,
    PRIMARY KEY (respondent, question)
);
CREATE TABLE IF NOT EXISTS answers_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    respondent INTEGER NOT NULL REFERENCES respondents(id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""


class StoreUnavailable(CxConsultError):
    """The response store cannot be opened or written (read-only folder, file locked, disk full)."""


class InvalidAnswer(EngagementError):
    """An answer, question id or participant detail that must not reach the store."""


@dataclass(frozen=True)
class Respondent:
    """A workshop participant. ``resume_key`` goes in the page URL (``?key=...``) to resume later."""

    id: int
    name: str
    role: str
    language: str
    resume_key: str
    created: str


@dataclass(frozen=True)
class Progress:
    """How far a participant is: ``answered`` of ``total`` questions, of which ``dont_know`` are 'dk'."""

    answered: int
    total: int
    dont_know: int
    next_question: str | None

    @property
    def share(self) -> float:
        """Answered share, 0..1."""
        return self.answered / self.total if self.total else 0.0


def validate_question(question_id: object) -> str:
    """``question_id`` if it is one of P1..P5, T1..T5, C1..C5, F1..F5; else :class:`InvalidAnswer`."""
    if not isinstance(question_id, str) or question_id not in QUESTION_IDS:
        raise InvalidAnswer(f"expected a question id P1..P5, T1..T5, C1..C5 or F1..F5, got {question_id!r}",
                            field="question")
    return question_id


def validate_answer(answer: object) -> int | str:
    """``answer`` as an int 0..4 or ``'dk'`` (don't know); anything else raises :class:`InvalidAnswer`."""
    if isinstance(answer, str) and answer.strip().lower() == DONT_KNOW:
        return DONT_KNOW
    if not isinstance(answer, bool) and hasattr(answer, "__index__"):  # int and numpy integers
        value = int(answer)  # type: ignore[call-overload]
        if 0 <= value <= 4:
            return value
    raise InvalidAnswer(f"expected a whole number 0..4 or 'dk' (don't know), got {answer!r}", field="answer")


def _text(value: object, field: str, max_len: int = 80) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidAnswer(f"expected a non-empty text, got {value!r}", field=field)
    cleaned = re.sub(r"\s+", " ", value).strip()
    if len(cleaned) > max_len:
        raise InvalidAnswer(f"expected at most {max_len} characters, got {len(cleaned)}", field=field)
    return cleaned


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ResponseStore:
    """Workshop answers in a SQLite file shared by every participant's kernel.

    ``ResponseStore(path)`` takes the ``.db`` file or the engagement folder (then ``responses.db``
    inside it). ``timeout_s`` is how long a write waits for another writer before giving up with
    :class:`StoreUnavailable`. Connections are opened per operation, so an instance is cheap, safe
    to keep in a widget and survives the file becoming writable again.
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout_s: float = 5.0):
        path = Path(path)
        self.path = path / STORE_FILENAME if path.is_dir() else path
        self.timeout_s = float(timeout_s)
        self._ready = False

    def __repr__(self) -> str:
        return f"ResponseStore({str(self.path)!r})"

    # -- connection -----------------------------------------------------------------------------
    def exists(self) -> bool:
        """Whether the store file exists yet (reading a missing store gives empty tables, creates nothing)."""
        return self.path.is_file()

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction (IMMEDIATE for writes); sqlite errors -> StoreUnavailable."""
        con = None
        try:
            if not self._ready:
                self._init_schema()
            con = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
            con.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        finally:
            if con is not None:
                con.close()

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            reason = f"it is locked by another program (waited {self.timeout_s:g} s)"
        elif "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
            reason = "the file or its folder cannot be written (read-only or missing permission)"
        else:
            reason = str(exc)
        return StoreUnavailable(f"the workshop response store {self.path} cannot be written: {reason}. "
                                "Answers are kept in the page; try again in a moment.")

    def _init_schema(self) -> None:
        try:
            if not self.path.parent.is_dir():
                raise StoreUnavailable(f"the workshop response store folder {self.path.parent} does not exist")
            con = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
            try:
                con.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
                version = con.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreUnavailable(f"{self.path} has schema version {version}; this cxconsult reads "
                                           f"version {SCHEMA_VERSION} at most: upgrade cxconsult")
                if version < SCHEMA_VERSION:
                    con.execute("PRAGMA journal_mode = WAL")
                    con.execute("BEGIN IMMEDIATE")
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        con.execute(statement)
                    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    con.execute("COMMIT")
                elif con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    con.execute("PRAGMA journal_mode = WAL")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        except PermissionError as exc:
            raise self._unavailable(exc) from exc
        self._ready = True

    # -- participants ---------------------------------------------------------------------------
    def register(self, name: str, role: str, language: str = "en") -> Respondent:
        """A participant; the same name and role (ignoring case and spaces) resumes the earlier one."""
        name, role = _text(name, "name"), _text(role, "role")
        language = _text(language, "language", max_len=8).lower()
        with self._connect(write=True) as con:
            row = con.execute(
                "SELECT id, name, role, language, resume_key, created FROM respondents "
                "WHERE lower(name) = lower(?) AND lower(role) = lower(?) ORDER BY id LIMIT 1", (name, role)
            ).fetchone()
            if row is not None:
                if row[3] != language:
                    con.execute("UPDATE respondents SET language = ? WHERE id = ?", (language, row[0]))
                return Respondent(row[0], row[1], row[2], language, row[4], row[5])
            key, created = secrets.token_urlsafe(9), _now()
            cur = con.execute(
                "INSERT INTO respondents (name, role, language, resume_key, created) VALUES (?, ?, ?, ?, ?)",
                (name, role, language, key, created),
            )
            return Respondent(int(cur.lastrowid), name, role, language, key, created)

    def resume(self, resume_key: str) -> Respondent | None:
        """The participant holding ``resume_key``, or None when the key is unknown."""
        if not isinstance(resume_key, str) or not resume_key or not self.exists():
            return None
        with self._connect(write=False) as con:
            row = con.execute("SELECT id, name, role, language, resume_key, created FROM respondents "
                              "WHERE resume_key = ?", (resume_key,)).fetchone()
        return Respondent(*row) if row else None

    def respondents(self) -> pd.DataFrame:
        """Every participant: id, name, role, language, created (resume keys left out)."""
        if not self.exists():
            return pd.DataFrame(columns=["id", "name", "role", "language", "created"])
        with self._connect(write=False) as con:
            rows = con.execute("SELECT id, name, role, language, created FROM respondents ORDER BY id").fetchall()
        return pd.DataFrame(rows, columns=["id", "name", "role", "language", "created"])

    # -- answers --------------------------------------------------------------------------------
    def save_answer(self, respondent_id: int, question_id: str, answer: int | str) -> None:
        """Save one answer (int 0..4 or 'dk') in its own transaction; history goes to answers_log."""
        question_id = validate_question(question_id)
        value = validate_answer(answer)
        if isinstance(respondent_id, bool) or not isinstance(respondent_id, int):
            raise InvalidAnswer(f"expected a respondent id (int), got {respondent_id!r}", field="respondent")
        saved_at = _now()
        with self._connect(write=True) as con:
            if con.execute("SELECT 1 FROM respondents WHERE id = ?", (respondent_id,)).fetchone() is None:
                raise InvalidAnswer(f"no participant with id {respondent_id} in {self.path}", field="respondent")
            con.execute(
                "INSERT INTO answers (respondent, question, answer, saved_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (respondent, question) DO UPDATE SET answer = excluded.answer, "
                "saved_at = excluded.saved_at",
                (respondent_id, question_id, str(value), saved_at),
            )
            con.execute("INSERT INTO answers_log (respondent, question, answer, saved_at) VALUES (?, ?, ?, ?)",
                        (respondent_id, question_id, str(value), saved_at))

    def answer_map(self, respondent_id: int) -> dict[str, int | str]:
        """One participant's current answers, ``{question_id: 0..4 or 'dk'}``."""
        if not self.exists():
            return {}
        with self._connect(write=False) as con:
            rows = con.execute("SELECT question, answer FROM answers WHERE respondent = ?",
                               (respondent_id,)).fetchall()
        return {q: _decode(a) for q, a in rows}

    def answers(self, respondent_id: int | None = None) -> pd.DataFrame:
        """Current answers as a long table: respondent (name), role, question, answer (0..4 or 'dk').

        Two participants sharing a name are told apart by their id (``"Ana #7"``).
        """
        if not self.exists():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        sql = ("SELECT r.id, r.name, r.role, a.question, a.answer FROM answers a "
               "JOIN respondents r ON r.id = a.respondent")
        params: tuple[int, ...] = ()
        if respondent_id is not None:
            sql, params = sql + " WHERE r.id = ?", (respondent_id,)
        with self._connect(write=False) as con:
            rows = con.execute(sql, params).fetchall()
            names = con.execute("SELECT id, name FROM respondents").fetchall()
        counts = pd.Series([n.lower() for _, n in names]).value_counts()
        order = {q: i for i, q in enumerate(QUESTION_IDS)}
        rows.sort(key=lambda r: (r[0], order.get(r[3], 99)))
        records = [
            (name if counts.get(name.lower(), 0) <= 1 else f"{name} #{rid}", role, q, _decode(a))
            for rid, name, role, q, a in rows
        ]
        frame = pd.DataFrame(records, columns=COLUMNS)
        frame["answer"] = frame["answer"].astype(object)
        return frame

    def history(self) -> pd.DataFrame:
        """Every answer ever saved (answers_log): respondent id, question, answer, saved_at."""
        if not self.exists():
            return pd.DataFrame(columns=["respondent", "question", "answer", "saved_at"])
        with self._connect(write=False) as con:
            rows = con.execute("SELECT respondent, question, answer, saved_at FROM answers_log ORDER BY id").fetchall()
        return pd.DataFrame([(r, q, _decode(a), t) for r, q, a, t in rows],
                            columns=["respondent", "question", "answer", "saved_at"])

    def progress(self, respondent_id: int) -> Progress:
        """How many of the 20 questions the participant has answered, and the first one still open."""
        given = self.answer_map(respondent_id)
        open_ = [q for q in QUESTION_IDS if q not in given]
        return Progress(answered=len(given), total=len(QUESTION_IDS),
                        dont_know=sum(1 for a in given.values() if a == DONT_KNOW),
                        next_question=open_[0] if open_ else None)

    def export_csv(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the current answers to ``path`` (default: ``responses.csv`` beside the store) atomically.

        An existing file is first copied to ``responses.csv.<UTC time>.bak`` so nothing is lost.
        Returns the path written.
        """
        target = Path(path) if path is not None else self.path.with_name("responses.csv")
        frame = self.answers()
        try:
            fd, tmp = tempfile.mkstemp(prefix=".responses-", suffix=".csv.tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                    frame.to_csv(handle, index=False)
                if target.exists():
                    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
                    backup = target.with_name(f"{target.name}.{stamp}.bak")
                    backup.write_bytes(target.read_bytes())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreUnavailable(f"cannot write {target}: {exc.strerror or exc}") from exc
        return target


def _decode(answer: str) -> int | str:
    return DONT_KNOW if answer == DONT_KNOW else int(answer)
