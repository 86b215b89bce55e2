"""The touchpoint ratings store: a real SQLite file shared with the diagnostic workshop's store."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from cxconsult.journey_store import TouchpointStore
from cxconsult.store import SCHEMA_VERSION, InvalidAnswer, ResponseStore


def test_ratings_saved_upserted_logged_and_exported(tmp_path):
    store = TouchpointStore(tmp_path, touchpoints=["quote", "bill"])
    assert store.ratings().empty and not (tmp_path / "responses.db").exists()  # reading creates nothing
    ana = store.register("Ana Lima", "Agent")
    ben = store.register("Ben Okafor", "CFO")
    store.save(ana.id, "quote", 3, pain_point=True, owner="Sales")
    store.save(ana.id, "quote", 1, owner="  Sales  ")  # changed mind: upsert, history kept
    store.save(ben.id, "bill", None, pain_point=True, owner="nobody")
    frame = store.ratings()
    assert frame.to_dict("records")[0] == {"touchpoint": "quote", "participant": "Ana Lima", "role": "Agent",
                                           "rating": 1.0, "pain_point": False, "owner": "Sales"}
    assert frame["rating"].isna().tolist() == [False, True]
    assert len(store.history()) == 3
    assert store.ratings_of(ana.id)["quote"].rating == 1
    # same file and people as the diagnostic workshop; its schema version untouched
    assert ResponseStore(tmp_path).respondents()["name"].tolist() == ["Ana Lima", "Ben Okafor"]
    con = sqlite3.connect(tmp_path / "responses.db")
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    path = store.export_csv(tmp_path / "touchpoint_ratings.csv")
    assert path.read_text().splitlines() == ["touchpoint,participant,role,rating,pain_point,owner",
                                             "quote,Ana Lima,Agent,1,no,Sales", "bill,Ben Okafor,CFO,,yes,nobody"]
    store.export_csv(path)
    assert len(list(tmp_path.glob("touchpoint_ratings.csv.*.bak"))) == 1


@pytest.mark.parametrize(("args", "field"), [
    (("nope", 2), "touchpoint"), (("quote", 5), "rating"), (("quote", True), "rating"), (("quote", "3"), "rating"),
])
def test_invalid_ratings_never_reach_the_file(tmp_path, args, field):
    store = TouchpointStore(tmp_path, touchpoints=["quote"])
    ana = store.register("Ana", "Agent")
    with pytest.raises(InvalidAnswer) as info:
        store.save(ana.id, *args)
    assert info.value.field == field
    with pytest.raises(InvalidAnswer, match="at most 80"):
        store.save(ana.id, "quote", 2, owner="x" * 81)
    with pytest.raises(InvalidAnswer, match="no participant with id 99"):
        store.save(99, "quote", 2)
    assert store.ratings().empty


def test_concurrent_writers(tmp_path):
    ids = [f"t{i}" for i in range(25)]
    store = TouchpointStore(tmp_path, touchpoints=ids)
    people = [store.register(f"P{i}", "Agent").id for i in range(4)]
    errors = []

    def rate(pid):
        try:
            mine = TouchpointStore(tmp_path, touchpoints=ids)  # one store per kernel, as in voila
            for i, tp in enumerate(ids):
                mine.save(pid, tp, i % 5)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=rate, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    frame = store.ratings()
    assert len(frame) == 100 and frame.groupby("touchpoint")["rating"].mean()["t7"] == 2.0
