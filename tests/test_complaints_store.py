"""The case-review store on real files: a reproducible sample stratified by team and persisted, reviews
validated before the database is touched, saved through a killed process, concurrent writers, schema
version."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxconsult.complaints_store import (
    MAX_NOTE,
    REVIEW_COLUMNS,
    SCHEMA_VERSION,
    ComplaintsStore,
    draw_sample,
    InvalidReview,
    step_keys,
)
from cxconsult.errors import EngagementError
from cxconsult.store import ResponseStore, StoreUnavailable

STEPS = ("R", "E", "S", "O", "L", "V", "E2", "D")


def _cases(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{team[:2]}-{i:03d}", team) for team, size in sizes.items() for i in range(size)]
    return pd.DataFrame(rows, columns=["case_id", "team"])


CASES = _cases({"Billing": 40, "Mobile": 25, "Broadband": 3})


def test_step_keys_follow_the_contract():
    assert step_keys() == STEPS


def test_sample_is_stratified_reproducible_and_persisted(tmp_path: Path):
    store = ComplaintsStore(tmp_path)
    first = store.sample(CASES, 10, seed=7)
    counts = first["team"].value_counts().to_dict()
    assert counts == {"Billing": 10, "Mobile": 10, "Broadband": 3}  # a small team gives every case
    assert first["case_id"].is_unique and set(first["case_id"]) <= set(CASES["case_id"])
    assert all(first.loc[first["team"] == "Billing", "case_id"].str.startswith("Bi-"))
    # the same draw in another (empty) store: reproducible
    other = ComplaintsStore(tmp_path / "other.db").sample(CASES, 10, seed=7)
    assert other["case_id"].tolist() == first["case_id"].tolist()
    # another seed draws other cases
    assert ComplaintsStore(tmp_path / "third.db").sample(CASES, 10, seed=8)["case_id"].tolist() != \
        first["case_id"].tolist()
    # persisted: reopened, even asked with another n and seed, the same cases in the same order
    reopened = ComplaintsStore(tmp_path)
    assert reopened.sample(CASES, 5, seed=99)["case_id"].tolist() == first["case_id"].tolist()
    assert reopened.sampled(CASES, teams=["Mobile"])["case_id"].tolist() == \
        first.loc[first["team"] == "Mobile", "case_id"].tolist()
    table = reopened.sample_table()
    assert set(table["seed"]) == {7} and set(table["n"]) == {10}
    redrawn = reopened.sample(CASES, 5, seed=99, teams=["Billing"], redraw=True)
    assert len(redrawn) == 5 and set(redrawn["team"]) == {"Billing"}


def test_sample_of_one_team_is_the_same_as_within_all_teams(tmp_path: Path):
    """Each team's draw depends only on the seed and the team's own cases: adding a team changes no other."""
    alone = ComplaintsStore(tmp_path / "a.db").sample(CASES[CASES["team"] == "Mobile"], 10, seed=3)
    together = ComplaintsStore(tmp_path / "b.db").sample(CASES, 10, seed=3)
    assert alone["case_id"].tolist() == together.loc[together["team"] == "Mobile", "case_id"].tolist()


def test_sample_is_uniform_within_a_team():
    """Over 200 seeds every Billing case (40) is drawn about 200 * 10 / 40 = 50 times (a uniform draw
    without replacement); a chi-square test at 0.1 % would reject a biased draw."""
    from scipy.stats import chisquare

    cases = CASES[CASES["team"] == "Billing"]
    counts = pd.Series(0, index=cases["case_id"])
    for seed in range(200):
        drawn = draw_sample(cases, 10, seed)["Billing"]
        assert len(set(drawn)) == 10
        counts[drawn] += 1
    assert counts.sum() == 2000
    assert chisquare(counts.to_numpy()).pvalue > 0.001


@pytest.mark.parametrize("n, seed, field", [(0, 1, "n"), (True, 1, "n"), (10.5, 1, "n"), (5, -1, "seed"),
                                            (5, "x", "seed")])
def test_bad_sample_arguments(tmp_path: Path, n, seed, field):
    with pytest.raises(InvalidReview) as info:
        ComplaintsStore(tmp_path).sample(CASES, n, seed=seed)
    assert info.value.field == field
    with pytest.raises(InvalidReview, match="team"):
        ComplaintsStore(tmp_path).sample(CASES[["case_id"]], 5)


def test_save_and_reload(tmp_path: Path):
    store = ComplaintsStore(tmp_path)
    picked = store.sample(CASES, 4, seed=1)
    case = picked["case_id"].iloc[0]
    store.save_review(case, "Rita Gomes", "R", True, "Called back <b>same day</b>")
    store.save_review(case, "Rita Gomes", "E2", None)
    store.save_case(case, "Rita Gomes", {"E": False, "D": True}, "Apology missing")
    store.save_review(case, "Rita Gomes", "R", False, "Apology missing")  # changed: current replaced, log kept

    reopened = ComplaintsStore(tmp_path / "responses.db")
    frame = reopened.reviews(not_applicable=True)
    assert list(frame.columns) == REVIEW_COLUMNS
    assert [(s, None if pd.isna(d) else bool(d)) for s, d in zip(frame["step"], frame["done"])] == [
        ("R", False), ("E", False), ("E2", None), ("D", True)]  # RESOLVED order
    assert str(frame["done"].dtype) == "boolean"
    plain = reopened.reviews()  # the model's input: "not applicable" left out, done a plain bool
    assert plain["step"].tolist() == ["R", "E", "D"] and plain["done"].dtype == bool
    assert frame.set_index("step").loc["E2", "note"] == ""
    assert frame.set_index("step").loc["R", "note"] == "Apology missing"
    assert len(reopened.history()) == 5
    table = reopened.review_table()
    assert table.columns.tolist() == ["case_id", "team", "reviewer", *STEPS, "note", "saved"]
    row = table.iloc[0]
    assert (row["case_id"], row["team"], row["reviewer"]) == (case, picked["team"].iloc[0], "Rita Gomes")
    assert not pd.isna(row["R"]) and not row["R"]
    assert pd.isna(row["S"]) and pd.isna(row["E2"]) and bool(row["D"])
    assert reopened.version() == 5


@pytest.mark.parametrize("case_id, step, done, note, field", [
    ("Bi-000", "X", True, "", "step"),
    ("Bi-000", "e2", True, "", "step"),
    ("Bi-000", None, True, "", "step"),
    ("Z-999", "R", True, "", "case_id"),
    ("", "R", True, "", "case_id"),
    ("Bi-000", "R", "yes", "", "done"),
    ("Bi-000", "R", 1, "", "done"),
    ("Bi-000", "R", True, "x" * (MAX_NOTE + 1), "note"),
    ("Bi-000", "R", True, 42, "note"),
])
def test_invalid_reviews_are_refused_before_the_database_is_touched(tmp_path: Path, case_id, step, done, note,
                                                                    field):
    store = ComplaintsStore(tmp_path, case_ids=CASES["case_id"])
    with pytest.raises(InvalidReview) as info:
        store.save_review(case_id, "Rita", step, done, note)
    assert info.value.field == field and isinstance(info.value, EngagementError)
    assert not store.exists()  # validation first: no file created


def test_reviewer_is_required_and_a_note_of_500_characters_is_kept(tmp_path: Path):
    store = ComplaintsStore(tmp_path, case_ids=CASES["case_id"])
    with pytest.raises(InvalidReview, match="reviewer"):
        store.save_review("Bi-000", "  ", "R", True)
    store.save_review("Bi-000", "Rita", "R", True, "é" * MAX_NOTE)
    assert store.reviews()["note"].iloc[0] == "é" * MAX_NOTE


def test_without_case_ids_a_case_must_be_sampled(tmp_path: Path):
    store = ComplaintsStore(tmp_path)
    store.sample(CASES, 2, seed=0)
    sampled = store.sample_table()["case_id"].iloc[0]
    store.save_review(sampled, "Rita", "S", True)
    not_sampled = next(c for c in CASES["case_id"] if c not in set(store.sample_table()["case_id"]))
    with pytest.raises(InvalidReview, match="not in a sample"):
        store.save_review(not_sampled, "Rita", "S", True)
    assert len(store.reviews()) == 1


def test_tables_share_the_workshop_file_and_are_versioned(tmp_path: Path):
    people = ResponseStore(tmp_path)
    people.register("Ana", "Agent")
    store = ComplaintsStore(tmp_path)
    store.sample(CASES, 2, seed=0)
    con = sqlite3.connect(tmp_path / "responses.db")
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = con.execute("SELECT value FROM complaints_meta WHERE key = 'schema_version'").fetchone()[0]
        con.execute("UPDATE complaints_meta SET value = '99' WHERE key = 'schema_version'")
        con.commit()
    finally:
        con.close()
    assert {"respondents", "answers", "complaint_samples", "complaint_reviews", "complaint_reviews_log"} <= tables
    assert int(version) == SCHEMA_VERSION
    assert len(people.respondents()) == 1  # the workshop's data untouched
    with pytest.raises(StoreUnavailable, match="upgrade cxconsult"):
        ComplaintsStore(tmp_path).reviews()


def test_reading_a_missing_store_creates_nothing(tmp_path: Path):
    store = ComplaintsStore(tmp_path)
    assert store.reviews().empty and store.review_table().empty and store.sample_table().empty
    assert list(store.reviews().columns) == REVIEW_COLUMNS and store.version() == 0
    assert store.reviews()["done"].dtype == bool and str(store.reviews(not_applicable=True)["done"].dtype) == "boolean"
    assert store.sampled(CASES).empty
    assert not list(tmp_path.iterdir())


def test_locked_store_raises_store_unavailable_then_works(tmp_path: Path):
    store = ComplaintsStore(tmp_path, case_ids=CASES["case_id"], timeout_s=0.2)
    store.save_review("Bi-000", "Rita", "R", True)
    blocker = sqlite3.connect(store.path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreUnavailable, match="locked"):
            store.save_review("Bi-000", "Rita", "E", True)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    store.save_review("Bi-000", "Rita", "E", True)
    assert store.reviews()["step"].tolist() == ["R", "E"]


def _review_until_killed(path: str, conn) -> None:
    store = ComplaintsStore(path, case_ids=CASES["case_id"], timeout_s=30)
    i = 0
    while True:  # killed from outside, mid-stream
        case = CASES["case_id"].iloc[i % len(CASES)]
        store.save_review(case, "Rita", STEPS[i % len(STEPS)], i % 3 != 0, f"save {i}")
        conn.send(i)  # reported only once the save returned (committed)
        i += 1


def test_a_saved_review_survives_a_killed_kernel(tmp_path: Path):
    """A voila kernel killed with SIGKILL right after a click: every save that returned is in the file."""
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_review_until_killed, args=(str(tmp_path), sender))
    proc.start()
    confirmed = -1
    while confirmed < 40:
        confirmed = receiver.recv()
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    while receiver.poll(0.2):
        confirmed = receiver.recv()
    assert proc.exitcode == -signal.SIGKILL
    log = ComplaintsStore(tmp_path).history()
    assert len(log) >= confirmed + 1
    assert log["note"].tolist()[: confirmed + 1] == [f"save {i}" for i in range(confirmed + 1)]


def _reviewer(path: str, name: str, cases: list[str], barrier) -> None:
    store = ComplaintsStore(path, case_ids=CASES["case_id"], timeout_s=30)
    barrier.wait()
    for case in cases:
        for j, step in enumerate(STEPS):
            store.save_review(case, name, step, None if j == 3 else (len(case) + j) % 2 == 0, f"{name} on {case}")


def test_concurrent_reviewers_lose_and_mix_nothing(tmp_path: Path):
    """Four processes (four team leaders' kernels) review 6 cases x 8 steps each, at the same moment."""
    ctx = mp.get_context("fork")
    store = ComplaintsStore(tmp_path)
    store.sample(CASES, 6, seed=11)
    names = ["Rita", "Sam", "Tao", "Uma"]
    ids = CASES["case_id"].tolist()
    batches = {name: ids[i * 6:(i + 1) * 6] for i, name in enumerate(names)}
    barrier = ctx.Barrier(len(names))
    procs = [ctx.Process(target=_reviewer, args=(str(tmp_path), n, batches[n], barrier)) for n in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(names)
    frame = store.reviews()
    assert len(store.reviews(not_applicable=True)) == 4 * 6 * 8 and len(store.history()) == 4 * 6 * 8
    for name, cases in batches.items():
        mine = frame[frame["reviewer"] == name]
        assert sorted(set(mine["case_id"])) == sorted(cases)
        assert set(mine["note"]) == {f"{name} on {c}" for c in cases}
        assert len(mine) == 6 * 7  # step O not applicable: left out of reviews()
    assert len(store.sample_table()) == 6 + 6 + 3  # the sample untouched by the reviewers

