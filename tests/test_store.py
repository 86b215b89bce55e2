"""The SQLite workshop store on real files: validation, resume, history, export, concurrency, failures."""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from cxconsult.engagement import load_responses
from cxconsult.errors import CxConsultError, EngagementError
from cxconsult.store import (
    CODE_LENGTH,
    OTHER_ROLE,
    QUESTION_IDS,
    SCHEMA_VERSION,
    InvalidAnswer,
    ResponseStore,
    StoreUnavailable,
    format_code,
)


@pytest.fixture
def store(tmp_path: Path) -> ResponseStore:
    return ResponseStore(tmp_path)


def test_store_file_is_wal_and_versioned(store: ResponseStore, tmp_path: Path):
    store.register("Ana", "Agent", "pt")
    assert store.path == tmp_path / "responses.db"
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    assert {"respondents", "answers", "answers_log"} <= tables


def test_answers_round_trip_and_reopen(store: ResponseStore, tmp_path: Path):
    ana = store.register("Ana", "Agent", "pt")
    ben = store.register("Ben", "Manager", "en")
    store.save_answer(ana.id, "P1", 3)
    store.save_answer(ana.id, "T2", "dk")
    store.save_answer(ben.id, "P1", 0)
    store.save_answer(ana.id, "P1", 4)  # changed mind: current answer updated, history kept

    reopened = ResponseStore(tmp_path / "responses.db")
    frame = reopened.answers()
    assert list(frame.columns) == ["respondent", "role", "question", "answer"]
    assert frame.values.tolist() == [["Ana", "Agent", "P1", 4], ["Ana", "Agent", "T2", "dk"],
                                     ["Ben", "Manager", "P1", 0]]
    assert reopened.answer_map(ana.id) == {"P1": 4, "T2": "dk"}
    assert reopened.answers(ben.id)["respondent"].tolist() == ["Ben"]
    history = reopened.history()
    assert history[history["respondent"] == ana.id]["answer"].tolist() == [3, "dk", 4]


def test_resume_by_private_key_or_short_code_never_by_name(store: ResponseStore):
    ana = store.register("Ana Silva", "Agent", "pt")
    assert store.resume(ana.resume_key) == ana
    assert len(ana.resume_key) >= 24 and len(ana.code) == CODE_LENGTH
    # the short code resumes too, typed in any case, with spaces or the dash of format_code
    typed = format_code(ana.code).lower().replace("-", " - ")
    assert store.resume(typed) == ana
    assert store.resume("not-a-key") is None and store.resume("") is None and store.resume("A" * 500) is None
    # the same name and role typed again is a new participant, not a way into Ana's answers
    again = store.register("  ana   silva ", "AGENT", "en")
    assert again.id != ana.id and again.resume_key != ana.resume_key and again.code != ana.code
    store.set_language(ana.id, "fr")
    assert store.resume(ana.resume_key).language == "fr"


def test_roles_come_from_the_engagement_list_or_other(store: ResponseStore):
    roles = ("Agent", "Team leader")
    assert store.register("Ana", "Team leader", roles=roles).role == "Team leader"
    assert store.register("Ben", OTHER_ROLE, roles=roles).role == OTHER_ROLE
    with pytest.raises(InvalidAnswer, match="role"):
        store.register("Cid", "CFO", roles=roles)
    assert list(store.respondents()["name"]) == ["Ana", "Ben"]


def test_version_1_store_is_upgraded_with_codes(tmp_path: Path):
    """A store written by cxconsult 0.1.0 (schema 1, no codes) gets a unique code per participant."""
    con = sqlite3.connect(tmp_path / "responses.db")
    con.executescript("""
        CREATE TABLE respondents (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, role TEXT NOT NULL,
            language TEXT NOT NULL, resume_key TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
        CREATE TABLE answers (respondent INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
            saved_at TEXT NOT NULL, PRIMARY KEY (respondent, question));
        CREATE TABLE answers_log (id INTEGER PRIMARY KEY AUTOINCREMENT, respondent INTEGER NOT NULL,
            question TEXT NOT NULL, answer TEXT NOT NULL, saved_at TEXT NOT NULL);
        INSERT INTO respondents VALUES (1, 'Ana', 'Agent', 'pt', 'k1', 't'), (2, 'Ben', 'CFO', 'en', 'k2', 't');
        INSERT INTO answers VALUES (1, 'P1', '3', 't');
        PRAGMA user_version = 1;
    """)
    con.close()
    store = ResponseStore(tmp_path)
    ana, ben = store.resume("k1"), store.resume("k2")
    assert ana.name == "Ana" and ben.name == "Ben" and len({ana.code, ben.code}) == 2
    assert store.resume(ana.code) == ana and store.answer_map(ana.id) == {"P1": 3}


def test_same_name_different_roles_are_told_apart(store: ResponseStore):
    a = store.register("Sam", "Agent")
    b = store.register("Sam", "Manager")
    store.save_answer(a.id, "C1", 1)
    store.save_answer(b.id, "C1", 2)
    assert store.answers()["respondent"].tolist() == [f"Sam #{a.id}", f"Sam #{b.id}"]


def test_progress(store: ResponseStore):
    ana = store.register("Ana", "Agent")
    assert store.progress(ana.id).next_question == "P1"
    for q in QUESTION_IDS[:5]:
        store.save_answer(ana.id, q, 2)
    store.save_answer(ana.id, "T1", "dk")
    progress = store.progress(ana.id)
    assert (progress.answered, progress.total, progress.dont_know) == (6, 20, 1)
    assert progress.next_question == "T2"
    assert progress.share == pytest.approx(0.3)


@pytest.mark.parametrize("question, answer", [
    ("P6", 2), ("p1", 2), ("", 2), (None, 2), (1, 2),
    ("P1", 5), ("P1", -1), ("P1", 2.5), ("P1", "3"), ("P1", True), ("P1", None), ("P1", "maybe"),
])
def test_bad_values_never_reach_the_store(store: ResponseStore, question, answer):
    ana = store.register("Ana", "Agent")
    with pytest.raises(InvalidAnswer) as info:
        store.save_answer(ana.id, question, answer)
    assert isinstance(info.value, EngagementError) and isinstance(info.value, ValueError)
    assert "expected" in str(info.value)
    assert store.answers().empty and store.history().empty


def test_validation_happens_before_the_database_is_touched(tmp_path: Path):
    """A bad value raises InvalidAnswer even when the store file could not be opened at all."""
    missing = ResponseStore(tmp_path / "no-such-folder" / "responses.db")
    with pytest.raises(InvalidAnswer):
        missing.save_answer(1, "P1", 9)
    with pytest.raises(StoreUnavailable):
        missing.save_answer(1, "P1", 2)


def test_unknown_respondent_and_bad_names(store: ResponseStore):
    with pytest.raises(InvalidAnswer, match="no participant"):
        store.save_answer(99, "P1", 2)
    with pytest.raises(InvalidAnswer, match="name"):
        store.register("  ", "Agent")
    with pytest.raises(InvalidAnswer, match="role"):
        store.register("Ana", "x" * 200)


def test_export_merges_by_respondent_with_preview_and_history(store: ResponseStore, tmp_path: Path):
    """Hand-worked: the file has Old (P1=1, P2=2); the room has Ana (P1=3, F5=dk). Ana's rows are
    added (2), Old's are kept (2), nothing changes or is dropped; then Ana changes P1 to 4: 1 changed,
    1 unchanged (F5), and the preview lists the change before anything is written."""
    csv = tmp_path / "responses.csv"
    csv.write_text("respondent,role,question,answer\nOld,CEO,P1,1\nOld,CEO,P2,2\n")
    ana = store.register("Ana", "Agent")
    store.save_answer(ana.id, "P1", 3)
    store.save_answer(ana.id, "F5", "dk")
    plan = store.preview_export()
    assert (plan.added, plan.changed, plan.unchanged, plan.kept) == (2, 0, 0, 2)
    assert csv.read_text().count("\n") == 3  # a preview writes nothing
    assert store.apply_export(plan) == csv
    loaded = load_responses(tmp_path, "responses.csv")
    label = f"Ana [{ana.code}]"
    assert loaded.values.tolist() == [["Old", "CEO", "P1", 1], ["Old", "CEO", "P2", 2],
                                      [label, "Agent", "P1", 3], [label, "Agent", "F5", "dk"]]
    history = list((tmp_path / "history").iterdir())
    assert len(history) == 1 and "Old,CEO,P2,2" in history[0].read_text()
    assert not list(tmp_path.glob(".responses-*"))  # no temp file left behind

    store.save_answer(ana.id, "P1", 4)
    plan = store.preview_export()
    assert (plan.added, plan.changed, plan.unchanged, plan.kept) == (0, 1, 1, 2)
    assert plan.changes.values.tolist() == [[label, "Agent", "P1", "3", "4"]]
    store.apply_export(plan)
    assert load_responses(tmp_path, "responses.csv")["answer"].tolist() == [1, 2, 4, "dk"]
    assert len(list((tmp_path / "history").iterdir())) == 2


def test_export_refuses_when_the_file_changed_since_the_preview(store: ResponseStore, tmp_path: Path):
    csv = tmp_path / "responses.csv"
    csv.write_text("respondent,role,question,answer\nOld,CEO,P1,1\n")
    ana = store.register("Ana", "Agent")
    store.save_answer(ana.id, "P1", 3)
    plan = store.preview_export()
    csv.write_text("respondent,role,question,answer\nOld,CEO,P1,1\nNew,CFO,P1,2\n")
    with pytest.raises(StoreUnavailable, match="preview"):
        store.apply_export(plan)
    assert "New,CFO" in csv.read_text()
    # into a missing file: everything is added, no history needed
    plan = store.preview_export(tmp_path / "fresh.csv")
    assert (plan.added, plan.kept) == (1, 0)
    store.apply_export(plan)
    assert load_responses(tmp_path, "fresh.csv")["answer"].tolist() == [3]


def test_locked_database_raises_store_unavailable(tmp_path: Path):
    store = ResponseStore(tmp_path, timeout_s=0.2)
    ana = store.register("Ana", "Agent")
    blocker = sqlite3.connect(store.path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreUnavailable, match="locked") as info:
            store.save_answer(ana.id, "P1", 2)
        assert isinstance(info.value, CxConsultError)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    store.save_answer(ana.id, "P1", 2)  # works again once the lock is gone
    assert store.answer_map(ana.id) == {"P1": 2}


def _write_in_readonly_folder(folder: str, queue) -> None:
    if os.geteuid() == 0:  # root ignores permissions: act as 'nobody' like a locked-down workshop laptop
        os.setgid(65534)
        os.setuid(65534)
    try:
        ResponseStore(folder).register("Ana", "Agent")
        queue.put("written")
    except StoreUnavailable as exc:
        queue.put(f"unavailable: {exc}")
    except Exception as exc:  # pragma: no cover - reported to the test
        queue.put(f"other: {type(exc).__name__}: {exc}")


def test_read_only_folder_raises_store_unavailable():
    folder = Path(tempfile.mkdtemp(prefix="cx-readonly-"))
    try:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        queue = mp.get_context("fork").Queue()
        proc = mp.get_context("fork").Process(target=_write_in_readonly_folder, args=(str(folder), queue))
        proc.start()
        proc.join(30)
        outcome = queue.get(timeout=5)
    finally:
        folder.chmod(0o700)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    assert outcome.startswith("unavailable"), outcome
    assert "cannot be written" in outcome and "read-only" in outcome


def _participant(path: str, name: str, rounds: int, barrier) -> None:
    store = ResponseStore(path, timeout_s=30)
    me = store.register(name, "Agent" if name.endswith(("0", "2")) else "Manager", "en")
    barrier.wait()
    for round_ in range(rounds):
        for i, q in enumerate(QUESTION_IDS):
            store.save_answer(me.id, q, "dk" if (i + round_) % 6 == 5 else (i + round_ + len(name)) % 5)


def test_parallel_participants_lose_and_mix_nothing(tmp_path: Path):
    """Six processes (like six voila kernels) write 3 x 20 answers each at the same moment."""
    ctx = mp.get_context("spawn")
    names = [f"participant-{i}" for i in range(6)]
    rounds = 3
    barrier = ctx.Barrier(len(names))
    procs = [ctx.Process(target=_participant, args=(str(tmp_path), n, rounds, barrier)) for n in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(names)

    store = ResponseStore(tmp_path)
    frame = store.answers()
    assert len(frame) == len(names) * 20
    last = rounds - 1
    for name in names:
        mine = frame[frame["respondent"] == name].set_index("question")["answer"]
        expected = {q: "dk" if (i + last) % 6 == 5 else (i + last + len(name)) % 5
                    for i, q in enumerate(QUESTION_IDS)}
        assert mine.to_dict() == expected, name
    assert len(store.history()) == len(names) * 20 * rounds
    assert sorted(store.respondents()["name"]) == names
    assert isinstance(frame, pd.DataFrame)


def test_reading_a_missing_store_creates_nothing(tmp_path: Path):
    store = ResponseStore(tmp_path)
    assert store.answers().empty and store.respondents().empty and store.history().empty
    assert store.resume("abc") is None and store.answer_map(1) == {}
    assert list(store.answers().columns) == ["respondent", "role", "question", "answer"]
    assert not store.exists() and not list(tmp_path.iterdir())


def test_thirty_first_writers_on_a_fresh_store_all_get_in(tmp_path: Path):
    """A room joining at once: 30 threads register through one shared instance and 30 through their
    own, on a file that does not exist yet (the schema is created once, no 'locked' error)."""
    import threading

    shared = ResponseStore(tmp_path)
    errors: list[Exception] = []
    barrier = threading.Barrier(60)

    def join(i: int, store: ResponseStore) -> None:
        barrier.wait()
        try:
            who = store.register(f"p{i}", "Agent")
            store.save_answer(who.id, "P1", i % 5)
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=join, args=(i, shared if i < 30 else ResponseStore(tmp_path)))
               for i in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(shared.respondents()) == 60 and len(shared.answers()) == 60
    assert sorted(shared.answers()["answer"].tolist()) == sorted(i % 5 for i in range(60))


def test_ensure_creates_the_store_once(tmp_path: Path):
    store = ResponseStore(tmp_path)
    store.ensure()
    assert store.exists() and store.version() == (0, 0)
    store.ensure()
    ana = store.register("Ana", "Agent")
    store.save_answer(ana.id, "P1", 2)
    store.save_answer(ana.id, "P1", 3)
    assert store.version() == (2, 1)  # two answers ever saved, one participant


# -- waves (schema 3) ------------------------------------------------------------------------------
def _version_2_store(folder: Path) -> dict[tuple[str, str], str]:
    """A schema-2 file as cxconsult wrote it before waves: three participants, answers and their log."""
    con = sqlite3.connect(folder / "responses.db")
    con.executescript("""
        CREATE TABLE respondents (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, role TEXT NOT NULL,
            language TEXT NOT NULL, resume_key TEXT NOT NULL UNIQUE, created TEXT NOT NULL, code TEXT);
        CREATE UNIQUE INDEX respondents_code ON respondents(code);
        CREATE TABLE answers (respondent INTEGER NOT NULL REFERENCES respondents(id), question TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', '4', 'dk')), saved_at TEXT NOT NULL,
            PRIMARY KEY (respondent, question));
        CREATE TABLE answers_log (id INTEGER PRIMARY KEY AUTOINCREMENT, respondent INTEGER NOT NULL,
            question TEXT NOT NULL, answer TEXT NOT NULL, saved_at TEXT NOT NULL);
        INSERT INTO respondents VALUES (1, 'Ana', 'Agent', 'pt', 'k1', 't', 'AAAABBBB'),
            (2, 'Ben', 'CFO', 'en', 'k2', 't', 'CCCCDDDD'), (3, 'Chloé', 'Agent', 'fr', 'k3', 't', 'EEEEFFFF');
        PRAGMA user_version = 2;
    """)
    answers = {}
    for rid, name in ((1, "Ana"), (2, "Ben"), (3, "Chloé")):
        for i, question in enumerate(QUESTION_IDS):
            value = "dk" if (rid + i) % 7 == 0 else str((rid + i) % 5)
            con.execute("INSERT INTO answers VALUES (?, ?, ?, 't')", (rid, question, value))
            con.execute("INSERT INTO answers_log (respondent, question, answer, saved_at) VALUES (?, ?, ?, 't')",
                        (rid, question, value))
            answers[(name, question)] = value
    con.commit()
    con.close()
    return answers


def test_version_2_store_is_upgraded_keeping_every_answer_in_the_current_wave(tmp_path: Path):
    """Migration v2 -> v3: all 60 answers and their log survive, and belong to the wave the store is first
    opened with (the engagement's current wave)."""
    before = _version_2_store(tmp_path)
    store = ResponseStore(tmp_path, wave="2026 H2")
    after = {(r.respondent, r.question): str(r.answer) for r in store.answers().itertuples()}
    assert after == before and len(after) == 60
    assert len(store.history()) == 60
    assert set(store.respondents()["wave"]) == {"2026 H2"}
    assert store.resume("k1").wave == "2026 H2" and store.resume("EEEE-FFFF").name == "Chloé"
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    finally:
        con.close()
    # opened without a wave (old callers), nothing is lost either
    assert len(ResponseStore(tmp_path).answers()) == 60


def test_each_wave_sees_and_exports_its_own_room(tmp_path: Path):
    earlier = ResponseStore(tmp_path, wave="2025 H2")
    ana = earlier.register("Ana", "Agent")
    earlier.save_answer(ana.id, "P1", 1)
    later = ResponseStore(tmp_path, wave="2026 H2")
    ana2 = later.register("Ana", "Agent")
    later.save_answer(ana2.id, "P1", 3)
    assert later.resume(ana.resume_key) is None  # a new wave starts with a new registration
    assert earlier.resume(ana.resume_key) == ana
    assert earlier.answers()["answer"].tolist() == [1] and later.answers()["answer"].tolist() == [3]
    assert later.export_table()["respondent"].tolist() == [ana2.label]
    assert int(later.coverage().query("question == 'P1'")["scored"].sum()) == 1
    assert len(ResponseStore(tmp_path).answers()) == 2  # no wave: every wave
    assert ResponseStore(tmp_path).waves().to_dict("records") == [
        {"wave": "2025 H2", "participants": 1, "answers": 1}, {"wave": "2026 H2", "participants": 1, "answers": 1}]
    target = later.export_csv(tmp_path / "responses.csv")
    assert pd.read_csv(target)["answer"].tolist() == [3]
