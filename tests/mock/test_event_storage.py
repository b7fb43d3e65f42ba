"""How events and journal filter rows are stored (mock_clevertap/store.py, SCHEMA): events are appended and never
moved, merges go through `profile_aliases` and `event_summary`, and the journal's per-record filter rows are written
by the first filtered read. What a client sees must not depend on any of that."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mock_clevertap import model
from mock_clevertap.app import create_app
from mock_clevertap.config import MockConfig
from mock_clevertap.store import Store

from .test_model import upload, view

AUTH = {"X-CleverTap-Account-Id": "A", "X-CleverTap-Passcode": "p"}


def _event(identity: str, name: str, ts: int, **extra: object) -> dict:
    return {"type": "event", "identity": identity, "evtName": name, "evtData": {}, "ts": ts, **extra}


@pytest.mark.parametrize("read_between", [False, True])
def test_a_chain_of_merges_keeps_every_event_under_the_surviving_profile(read_between: bool):
    """Whether the summary was brought up to date before each merge (a profile read in between) or only after all
    of them, the surviving profile counts every event."""
    store = Store()
    upload(store, _event("a", "E", 1_600_000_300), _event("b", "E", 1_600_000_100), _event("c", "F", 1_600_000_200))
    if read_between:
        assert view(store, "identity", "b")["events"]["E"]["count"] == 1
    upload(store, {"type": "profile", "identity": "a", "profileData": {"identity": "b"}})  # a absorbs b
    if read_between:
        assert view(store, "identity", "b")["events"]["E"]["count"] == 2
    upload(store, {"type": "profile", "identity": "c", "profileData": {"identity": "a"}})  # c absorbs a (and b)
    [profile] = store.profiles()
    assert profile == view(store, "identity", "b")
    assert profile["events"] == {
        "E": {"count": 2, "first_seen": 1_600_000_100, "last_seen": 1_600_000_300},
        "F": {"count": 1, "first_seen": 1_600_000_200, "last_seen": 1_600_000_200},
    }
    assert list(profile["events"]) == ["E", "F"]  # ordered by each name's first event, as before the merges
    assert {event["guid"] for event in store.events()} == {profile["guid"]}
    upload(store, _event("b", "E", 1_600_000_400))
    assert view(store, "identity", "c")["events"]["E"] == {
        "count": 3,
        "first_seen": 1_600_000_100,
        "last_seen": 1_600_000_400,
    }


def test_deleting_a_merged_profile_deletes_the_events_it_absorbed():
    store = Store()
    upload(store, _event("a", "E", 1_600_000_000), _event("b", "E", 1_600_000_001), _event("keep", "E", 1_600_000_002))
    upload(store, {"type": "profile", "identity": "a", "profileData": {"identity": "b"}})
    with store.transaction() as txn:
        txn.delete_profile(txn.guid_for("A", "identity", "a"))
    assert [event["record"]["identity"] for event in store.events()] == ["keep"]
    assert store.db.execute("SELECT count(*) FROM profile_aliases").fetchone() == (0,)
    assert [p["events"] for p in store.profiles()] == [
        {"E": {"count": 1, "first_seen": 1_600_000_002, "last_seen": 1_600_000_002}}
    ]
    assert store.db.execute("SELECT guid FROM event_summary").fetchall() == [
        (store.find_guid("A", "identity", "keep"),)
    ]


def test_demerge_after_a_merge_leaves_no_event_behind():
    store = Store()
    upload(store, _event("u1", "E", 1_600_000_000, objectId="__gA"), _event("u2", "E", 1_600_000_001))
    upload(store, {"type": "profile", "identity": "u1", "profileData": {"identity": "u2"}})
    with store.transaction() as txn:
        model.demerge(txn, "A", "u2")
    assert store.events() == []
    assert view(store, "objectId", "__gA")["events"] == {}


def test_a_failed_transaction_leaves_summary_and_aliases_untouched():
    store = Store()
    upload(store, _event("a", "E", 1_600_000_000), _event("b", "E", 1_600_000_001))
    before = store.profiles()
    try:
        with store.transaction() as txn:
            model.ingest_profile(txn, "A", {"type": "profile", "identity": "a", "profileData": {"identity": "b"}}, 1, 1)
            model.ingest_event(txn, "A", _event("a", "E", 1_600_000_002), 1, 2)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert store.profiles() == before
    upload(store, _event("a", "E", 1_600_000_003))
    assert [e["id"] for e in store.events()] == [1, 2, 3]  # event ids stay dense after the rollback


def _old_mock_file(path: str) -> None:
    """A database as the previous mock wrote it: events indexed by profile, journal rows written eagerly."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
            region TEXT, host TEXT, query TEXT, headers TEXT, body TEXT, raw_body TEXT, status INTEGER NOT NULL,
            response TEXT, size INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE journal_records (
            entry_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT, evtName TEXT, identity TEXT, objectId TEXT
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, guid TEXT NOT NULL, evtName TEXT NOT NULL,
            ts INTEGER NOT NULL, record TEXT NOT NULL
        );
        CREATE INDEX events_guid ON events (guid);
        CREATE TABLE profiles (
            guid TEXT PRIMARY KEY, account TEXT NOT NULL, data TEXT NOT NULL, created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE profile_keys (
            account TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, guid TEXT NOT NULL,
            UNIQUE (account, kind, value)
        );
        INSERT INTO profiles VALUES ('mock-00000001', 'A', '{"identity":"u1","profileData":{},"seq":1}', 't', 't');
        INSERT INTO profile_keys VALUES ('A', 'identity', 'u1', 'mock-00000001');
        INSERT INTO events (account, guid, evtName, ts, record) VALUES
            ('A', 'mock-00000001', 'E', 1600000005, '{"type":"event","identity":"u1","evtName":"E"}'),
            ('A', 'mock-00000001', 'E', 1600000001, '{"type":"event","identity":"u1","evtName":"E"}');
        INSERT INTO journal (time, method, path, body, status, size)
            VALUES ('t', 'POST', '/1/upload', '{"d":[{"type":"event","identity":"u1","evtName":"E"}]}', 200, 1);
        INSERT INTO journal_records VALUES (1, 1, 'event', 'E', 'u1', NULL);
        INSERT INTO meta VALUES ('guid', 1);
        """
    )
    conn.close()


def test_a_file_from_the_previous_mock_reads_the_same(tmp_path: Path):
    path = str(tmp_path / "old.sqlite3")
    _old_mock_file(path)
    store = Store(path)
    indexes = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "events_guid" not in indexes
    assert view(store, "identity", "u1")["events"] == {
        "E": {"count": 2, "first_seen": 1_600_000_001, "last_seen": 1_600_000_005}
    }
    app = create_app(MockConfig(), store=store)
    client = app.test_client()
    assert client.post("/1/upload", json={"d": [_event("u1", "E", 1_600_000_009)]}, headers=AUTH).status_code == 200
    found = client.get("/_mock/requests", query_string={"identity": "u1"}).get_json()["requests"]
    assert [entry["id"] for entry in found] == [1, 2]  # the old entry's row is not written twice
    assert view(store, "identity", "u1")["events"]["E"]["count"] == 3


def test_filter_rows_are_written_by_the_first_filtered_read_and_only_once(tmp_path: Path):
    store = Store(str(tmp_path / "mock.sqlite3"))
    client = create_app(MockConfig(), store=store).test_client()
    for i in range(3):
        client.post("/1/upload", json={"d": [_event(f"u{i}", "E", 1_600_000_000)]}, headers=AUTH)
    assert store.db.execute("SELECT count(*) FROM journal_records").fetchone() == (0,)
    assert client.get("/_mock/requests").get_json()["count"] == 3  # an unfiltered read needs no rows
    assert store.db.execute("SELECT count(*) FROM journal_records").fetchone() == (0,)
    for _ in range(2):
        found = client.get("/_mock/requests", query_string={"identity": "u1"}).get_json()["requests"]
        assert [entry["body"]["d"][0]["identity"] for entry in found] == ["u1"]
    assert store.db.execute("SELECT count(*) FROM journal_records").fetchone() == (3,)
    client.post("/1/upload", json={"d": [_event("u1", "F", 1_600_000_000)]}, headers=AUTH)
    found = client.get("/_mock/requests", query_string={"identity": "u1"}).get_json()["requests"]
    assert len(found) == 2
    client.post("/1/upload", json={"d": [_event("u1", "G", 1_600_000_000)]}, headers=AUTH)
    store.close()
    bare = Store(str(tmp_path / "mock.sqlite3"))  # no app, no route table: it must not mark the entry indexed
    assert len(bare.journal_query(record_filters={"identity": "u1"})) == 2
    bare.close()
    reopened = Store(str(tmp_path / "mock.sqlite3"))
    reopened.record_extractors.update(store.record_extractors)
    assert len(reopened.journal_query(record_filters={"identity": "u1"})) == 3
    assert reopened.db.execute("SELECT count(*) FROM journal_records").fetchone() == (5,)


def test_event_ids_are_never_reused_after_the_newest_events_are_deleted(tmp_path: Path):
    """Download cursors remember the newest event id they cover: an id given again would slip a new event into an
    old cursor's range."""
    path = str(tmp_path / "mock.sqlite3")
    store = Store(path)
    upload(store, _event("keep", "E", 1_600_000_000), _event("gone", "E", 1_600_000_001))
    with store.transaction() as txn:
        txn.delete_profile(txn.guid_for("A", "identity", "gone"))
    store.close()
    store = Store(path)  # the counter survives a restart too
    upload(store, _event("new", "E", 1_600_000_002))
    assert [(e["id"], e["record"]["identity"]) for e in store.events()] == [(1, "keep"), (3, "new")]
