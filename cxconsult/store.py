"""SQLite store of live workshop answers (``responses.db`` in the engagement folder).

Each voila visitor runs in its own kernel, so several processes write the same file at once. The store
uses WAL mode, a busy timeout and one short transaction per answer; the current answer per
(respondent, question) is upserted and every answer ever given is also appended to ``answers_log``,
so nothing is lost. Values are validated before the database is touched.

A participant is found again only by a private secret: the ``resume_key`` (in the page link) or the
short ``code`` (``K7QF-M2XD``, to type on another device), never by name. :meth:`ResponseStore.preview_export`
and :meth:`ResponseStore.apply_export` merge the room's answers into ``responses.csv`` by respondent:
the preview says what will be added and changed, nothing is dropped, and the file written over is kept
in ``history/``.

Each participant belongs to one diagnostic wave (``respondents.wave``, the engagement's current wave
label, e.g. ``"2026 H2"``): a store opened with ``wave=`` registers, reads and exports that wave only, so
one ``responses.db`` can serve a diagnostic run again six months later without mixing the rooms. Opened
without ``wave`` it reads every wave (as before waves existed).

Schema version 3 (``PRAGMA user_version``; version 1 and 2 files are upgraded in place; rows from before
version 3 get the empty wave ``''``, "the current wave, not named yet", and belong to the first wave
label the store is opened with, i.e. the engagement's current wave)::

    respondents(id, name, role, language, resume_key, created, code, wave)
    answers(respondent, question, answer, saved_at)          -- one row per respondent and question
    answers_log(id, respondent, question, answer, saved_at)  -- append-only history
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from cxconsult.errors import CxConsultError, EngagementError

SCHEMA_VERSION = 3
STORE_FILENAME = "responses.db"
QUESTION_IDS: tuple[str, ...] = tuple(f"{area}{n}" for area in "PTCF" for n in range(1, 6))
DONT_KNOW = "dk"
ANSWERS: tuple[int | str, ...] = (0, 1, 2, 3, 4, DONT_KNOW)
COLUMNS = ["respondent", "role", "question", "answer"]
#: Letters of a short code: no 0/O, 1/I/L, so it can be read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
HISTORY_FOLDER = "history"

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
_SCHEMA_V2 = """
ALTER TABLE respondents ADD COLUMN code TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS respondents_code ON respondents(code)
"""
_SCHEMA_V3 = """
ALTER TABLE respondents ADD COLUMN wave TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS respondents_wave ON respondents(wave)
"""
_RESPONDENT = "SELECT id, name, role, language, resume_key, created, code, wave FROM respondents"


class StoreUnavailable(CxConsultError):
    """The response store cannot be opened or written (read-only folder, file locked, disk full)."""


class InvalidAnswer(EngagementError):
    """An answer, question id or participant detail that must not reach the store."""


@dataclass(frozen=True)
class Respondent:
    """A workshop participant. ``resume_key`` goes in the page URL (``?key=...``) to resume later;
    ``code`` is the short form of it to type on another device. Both are private to the participant."""

    id: int
    name: str
    role: str
    language: str
    resume_key: str
    created: str
    code: str = ""
    wave: str = ""  # the diagnostic wave the participant answers ('' before waves were named)

    @property
    def label(self) -> str:
        """The participant in ``responses.csv``: name and short code (names alone may repeat)."""
        return f"{self.name} [{self.code}]"


@dataclass(frozen=True)
class ExportPlan:
    """What :meth:`ResponseStore.apply_export` will write: the merged table and the changes it makes.

    ``added`` answers are new (respondent, question) pairs; ``changed`` replace an answer already in
    the file (``changes`` lists them: respondent, role, question, before, after); ``unchanged`` are
    equal; ``kept`` rows of the file are not touched by the room. Nothing is ever dropped.
    """

    target: Path
    merged: pd.DataFrame
    changes: pd.DataFrame
    added: int
    changed: int
    unchanged: int
    kept: int
    file_digest: str  # of the file when previewed: apply refuses if it changed since

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)


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

    def __init__(self, path: str | os.PathLike[str], *, timeout_s: float = 5.0, wave: str | None = None):
        path = Path(path)
        if wave is not None:
            wave = _text(wave, "wave", max_len=40)
        self.wave = wave  # None: every wave (reading); new participants then get the empty wave
        self.path = path / STORE_FILENAME if path.is_dir() else path
        self.timeout_s = float(timeout_s)
        self._ready = False
        self._init_lock = threading.Lock()  # one server may share an instance between threads

    def __repr__(self) -> str:
        return f"ResponseStore({str(self.path)!r})" if self.wave is None else \
            f"ResponseStore({str(self.path)!r}, wave={self.wave!r})"

    def _in_wave(self, alias: str = "r", *, where: bool = True) -> tuple[str, tuple[str, ...]]:
        """SQL condition (``" WHERE r.wave = ?"``) keeping this store's wave, and its parameter."""
        if self.wave is None:
            return "", ()
        return f" {'WHERE' if where else 'AND'} {alias}.wave = ?", (self.wave,)

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

    def ensure(self) -> None:
        """Create the store file and its schema now (a server does it at start, before the room joins)."""
        if not self._ready:
            self._init_schema()

    def _init_schema(self) -> None:
        with self._init_lock:
            if self._ready:
                return
            # Switching to WAL can answer "locked" at once, without waiting, while other processes open
            # the file for the first time: try again for up to timeout_s.
            deadline = time.monotonic() + self.timeout_s
            while True:
                try:
                    self._init_schema_once()
                    return
                except StoreUnavailable as exc:
                    if "locked" not in str(exc) or time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)

    def _init_schema_once(self) -> None:
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
                    version = con.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
                    if version < 1:
                        for statement in filter(str.strip, _SCHEMA.split(";")):
                            con.execute(statement)
                    if version < 2:
                        for statement in filter(str.strip, _SCHEMA_V2.split(";")):
                            con.execute(statement)
                        for (rid,) in con.execute("SELECT id FROM respondents WHERE code IS NULL").fetchall():
                            con.execute("UPDATE respondents SET code = ? WHERE id = ?", (_new_code(con), rid))
                    if version < 3:
                        for statement in filter(str.strip, _SCHEMA_V3.split(";")):
                            con.execute(statement)
                    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    con.execute("COMMIT")
                elif con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    con.execute("PRAGMA journal_mode = WAL")
                if self.wave is not None and con.execute(
                        "SELECT 1 FROM respondents WHERE wave = '' LIMIT 1").fetchone() is not None:
                    # participants from before waves were named belong to the current wave
                    con.execute("BEGIN IMMEDIATE")
                    con.execute("UPDATE respondents SET wave = ? WHERE wave = ''", (self.wave,))
                    con.execute("COMMIT")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc
        except PermissionError as exc:
            raise self._unavailable(exc) from exc
        self._ready = True

    # -- participants ---------------------------------------------------------------------------
    def register(self, name: str, role: str, language: str = "en", *,
                 roles: tuple[str, ...] | list[str] | None = None) -> Respondent:
        """A new participant with a fresh private key and short code (names are never matched: two
        people may share a name, and a name is no secret). ``roles``, when given, is the list the
        role must come from (``"other"`` is always accepted)."""
        name, role = _text(name, "name"), _text(role, "role")
        if roles is not None and role not in roles and role != OTHER_ROLE:
            raise InvalidAnswer(f"expected one of the engagement's roles or {OTHER_ROLE!r}, got {role[:80]!r}",
                                field="role")
        language = _text(language, "language", max_len=8)
        with self._connect(write=True) as con:
            key, code, created = secrets.token_urlsafe(18), _new_code(con), _now()
            wave = self.wave or ""
            cur = con.execute(
                "INSERT INTO respondents (name, role, language, resume_key, created, code, wave) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (name, role, language, key, created, code, wave))
            return Respondent(int(cur.lastrowid), name, role, language, key, created, code, wave)

    def resume(self, resume_key: str) -> Respondent | None:
        """The participant holding ``resume_key`` (the link's key) or short ``code``; None when unknown
        (or of another wave than this store's: a new wave starts with a new registration)."""
        if not isinstance(resume_key, str) or not resume_key.strip() or len(resume_key) > 64 or not self.exists():
            return None
        code = normalise_code(resume_key)
        wave_sql, wave_params = self._in_wave("respondents", where=False)
        with self._connect(write=False) as con:
            row = con.execute(f"{_RESPONDENT} WHERE resume_key = ?{wave_sql}",
                              (resume_key.strip(), *wave_params)).fetchone()
            if row is None and code:
                row = con.execute(f"{_RESPONDENT} WHERE code = ?{wave_sql}", (code, *wave_params)).fetchone()
        return Respondent(*row) if row else None

    def set_language(self, respondent_id: int, language: str) -> None:
        """Remember the participant's page language."""
        language = _text(language, "language", max_len=8)
        with self._connect(write=True) as con:
            con.execute("UPDATE respondents SET language = ? WHERE id = ?", (language, respondent_id))

    def respondents(self) -> pd.DataFrame:
        """Every participant (of this store's wave): id, name, role, language, created, wave (resume keys
        left out)."""
        columns = ["id", "name", "role", "language", "created", "wave"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        wave_sql, wave_params = self._in_wave("respondents")
        with self._connect(write=False) as con:
            rows = con.execute(f"SELECT id, name, role, language, created, wave FROM respondents{wave_sql} "
                               "ORDER BY id", wave_params).fetchall()
        return pd.DataFrame(rows, columns=columns)

    def waves(self) -> pd.DataFrame:
        """Every wave in the store (whatever this store's wave): ``wave``, ``participants``, ``answers``."""
        columns = ["wave", "participants", "answers"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self._connect(write=False) as con:
            rows = con.execute("SELECT r.wave, count(DISTINCT r.id), count(a.question) FROM respondents r "
                               "LEFT JOIN answers a ON a.respondent = r.id GROUP BY r.wave ORDER BY r.wave").fetchall()
        return pd.DataFrame(rows, columns=columns)

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
        wave_sql, wave_params = self._in_wave("r")
        sql = ("SELECT r.id, r.name, r.role, a.question, a.answer FROM answers a "
               "JOIN respondents r ON r.id = a.respondent" + wave_sql)
        params: tuple[int | str, ...] = wave_params
        if respondent_id is not None:
            sql, params = sql + (" AND" if wave_sql else " WHERE") + " r.id = ?", (*params, respondent_id)
        with self._connect(write=False) as con:
            rows = con.execute(sql, params).fetchall()
            names = con.execute(f"SELECT r.id, r.name FROM respondents r{wave_sql}", wave_params).fetchall()
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
        wave_sql, wave_params = self._in_wave("r", where=False)
        with self._connect(write=False) as con:
            rows = con.execute("SELECT l.respondent, l.question, l.answer, l.saved_at FROM answers_log l "
                               f"JOIN respondents r ON r.id = l.respondent WHERE 1{wave_sql} ORDER BY l.id",
                               wave_params).fetchall()
        return pd.DataFrame([(r, q, _decode(a), t) for r, q, a, t in rows],
                            columns=["respondent", "question", "answer", "saved_at"])

    def version(self) -> tuple[int, int]:
        """``(answers ever saved, participants)``: changes whenever anything is saved (cheap to poll)."""
        if not self.exists():
            return (0, 0)
        with self._connect(write=False) as con:
            saved = con.execute("SELECT coalesce(max(id), 0) FROM answers_log").fetchone()[0]
            people = con.execute("SELECT count(*) FROM respondents").fetchone()[0]
        return (int(saved), int(people))

    def coverage(self) -> pd.DataFrame:
        """Per question and role: ``participants`` registered in the role, ``scored`` (0-4 answers),
        ``dont_know`` and ``no_answer`` (registered but not answered yet): "don't know" and "no answer"
        are told apart. One row per question id and role that has participants."""
        columns = ["question", "role", "participants", "scored", "dont_know", "no_answer"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        wave_sql, wave_params = self._in_wave("r")
        with self._connect(write=False) as con:
            roles = con.execute(f"SELECT r.role, count(*) FROM respondents r{wave_sql} GROUP BY r.role "
                                "ORDER BY r.role", wave_params).fetchall()
            rows = con.execute("SELECT a.question, r.role, sum(a.answer != 'dk'), sum(a.answer = 'dk') "
                               f"FROM answers a JOIN respondents r ON r.id = a.respondent{wave_sql} "
                               "GROUP BY a.question, r.role", wave_params).fetchall()
        counts = {(q, role): (int(n), int(dk)) for q, role, n, dk in rows}
        records = []
        for question in QUESTION_IDS:
            for role, people in roles:
                scored, dk = counts.get((question, role), (0, 0))
                records.append((question, role, int(people), scored, dk, int(people) - scored - dk))
        return pd.DataFrame(records, columns=columns)

    def progress(self, respondent_id: int) -> Progress:
        """How many of the 20 questions the participant has answered, and the first one still open."""
        given = self.answer_map(respondent_id)
        open_ = [q for q in QUESTION_IDS if q not in given]
        return Progress(answered=len(given), total=len(QUESTION_IDS),
                        dont_know=sum(1 for a in given.values() if a == DONT_KNOW),
                        next_question=open_[0] if open_ else None)

    def export_table(self) -> pd.DataFrame:
        """The room's current answers (this store's wave) as ``responses.csv`` rows: respondent
        (name [code]), role, question, answer."""
        if not self.exists():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        wave_sql, wave_params = self._in_wave("r")
        with self._connect(write=False) as con:
            rows = con.execute("SELECT r.name, r.code, r.role, a.question, a.answer FROM answers a "
                               f"JOIN respondents r ON r.id = a.respondent{wave_sql} ORDER BY r.id",
                               wave_params).fetchall()
        order = {q: i for i, q in enumerate(QUESTION_IDS)}
        records = [(f"{n} [{c}]", role, q, a) for n, c, role, q, a in rows]
        records.sort(key=lambda r: (r[0], order.get(r[2], 99)))
        return pd.DataFrame(records, columns=COLUMNS, dtype=object)

    def preview_export(self, path: str | os.PathLike[str] | None = None) -> ExportPlan:
        """What merging the room's answers into ``path`` (default ``responses.csv`` beside the store)
        would change; writes nothing. Rows are matched by (respondent, question)."""
        target = Path(path) if path is not None else self.path.with_name("responses.csv")
        existing, digest = _read_existing(target)
        room = self.export_table()
        index = {(str(r), str(q)): i for i, (r, q) in enumerate(zip(existing["respondent"], existing["question"]))}
        merged = existing.copy()
        added_rows, changes = [], []
        unchanged = 0
        touched: set[int] = set()
        for respondent, role, question, answer in room.itertuples(index=False):
            i = index.get((respondent, question))
            if i is None:
                added_rows.append({"respondent": respondent, "role": role, "question": question, "answer": answer})
                continue
            touched.add(i)
            before = str(existing.at[i, "answer"]).strip().lower()
            if before == answer:
                unchanged += 1
            else:
                changes.append((respondent, role, question, existing.at[i, "answer"], answer))
                merged.at[i, "answer"] = answer
                merged.at[i, "role"] = role
        if added_rows:
            merged = pd.concat([merged, pd.DataFrame(added_rows, dtype=object)], ignore_index=True).fillna("")
        return ExportPlan(target=target, merged=merged,
                          changes=pd.DataFrame(changes, columns=["respondent", "role", "question", "before", "after"]),
                          added=len(added_rows), changed=len(changes), unchanged=unchanged,
                          kept=len(existing) - len(touched), file_digest=digest)

    def apply_export(self, plan: ExportPlan) -> Path:
        """Write ``plan.merged`` to ``plan.target`` atomically, after copying the file it replaces to
        ``history/<name>.<UTC time>``. Refuses (:class:`StoreUnavailable`) when the file changed since
        the preview, so nothing the facilitator has not seen is overwritten."""
        target = plan.target
        _, digest = _read_existing(target)
        if digest != plan.file_digest:
            raise StoreUnavailable(f"{target.name} changed since the preview: preview the export again")
        try:
            if target.exists():
                stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
                history = target.parent / HISTORY_FOLDER
                history.mkdir(exist_ok=True)
                (history / f"{target.name}.{stamp}").write_bytes(target.read_bytes())
            fd, tmp = tempfile.mkstemp(prefix=".responses-", suffix=".csv.tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                    plan.merged.to_csv(handle, index=False)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StoreUnavailable(f"cannot write {target}: {exc.strerror or exc}") from exc
        return target

    def export_csv(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Merge the room's answers into ``path`` at once (preview then apply; see :meth:`preview_export`)."""
        return self.apply_export(self.preview_export(path))


#: The role every engagement accepts besides its own list.
OTHER_ROLE = "other"


def normalise_code(text: str) -> str:
    """A typed short code in canonical form (``"k7qf m2xd"`` -> ``"K7QFM2XD"``), or ``""``."""
    cleaned = re.sub(r"[\s-]+", "", str(text)).upper()
    return cleaned if len(cleaned) == CODE_LENGTH and all(c in CODE_ALPHABET for c in cleaned) else ""


def format_code(code: str) -> str:
    """``"K7QFM2XD"`` -> ``"K7QF-M2XD"`` (easier to read aloud)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def _new_code(con: sqlite3.Connection) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if con.execute("SELECT 1 FROM respondents WHERE code = ?", (code,)).fetchone() is None:
            return code


def _read_existing(target: Path) -> tuple[pd.DataFrame, str]:
    """The rows of an existing responses.csv as text (all columns kept) and the file's digest."""
    if not target.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}), ""
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise StoreUnavailable(f"cannot read {target}: {exc.strerror or exc}") from exc
    if not data.strip():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}), hashlib.sha256(data).hexdigest()
    import io

    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidAnswer(f"expected columns {', '.join(COLUMNS)}; missing {', '.join(missing)}",
                            file=target.name)
    return frame.astype(object), hashlib.sha256(data).hexdigest()


def _decode(answer: str) -> int | str:
    return DONT_KNOW if answer == DONT_KNOW else int(answer)
