"""One transaction per request: the state a request changes and its journal entry commit together or not at all,
and the journal stays bounded in bytes as well as entries."""

from __future__ import annotations

import json

import pytest

from mock_clevertap import create_app, model
from mock_clevertap.api import upload as upload_api
from mock_clevertap.config import MockConfig
from mock_clevertap.store import Store

AUTH = {"X-CleverTap-Account-Id": "A", "X-CleverTap-Passcode": "p"}
PROFILE = {"type": "profile", "identity": "u1", "profileData": {"Name": "N"}}


def test_state_is_not_kept_when_its_journal_entry_cannot_be_written(monkeypatch):
    """Once the view committed the state and a separate after-request transaction wrote the journal, so a crash
    (here: a failing journal write) between them left state no journal entry explains."""
    store = Store()
    app = create_app(MockConfig(), store=store)

    def broken(entry, records):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_journal_insert", broken)
    response = app.test_client().post("/1/upload", json={"d": [PROFILE]}, headers=AUTH)
    assert response.status_code == 500 and response.get_json()["status"] == "fail"
    monkeypatch.undo()
    assert store.profiles() == []
    assert store.journal_query() == []


def test_a_failing_view_keeps_no_partial_state_but_is_journaled(monkeypatch):
    store = Store()
    app = create_app(MockConfig(), store=store)
    real = model.ingest_event

    def fail_second(state, account, record, now, seq):
        if record["identity"] == "boom":
            raise RuntimeError("bug")
        return real(state, account, record, now, seq)

    monkeypatch.setitem(upload_api._INGEST, "event", fail_second)
    event = {"type": "event", "evtName": "E", "evtData": {}}
    body = {"d": [PROFILE, {**event, "identity": "ok"}, {**event, "identity": "boom"}]}
    response = app.test_client().post("/1/upload", json=body, headers=AUTH)
    assert response.status_code == 500
    assert store.profiles() == [] and store.events() == []
    [entry] = store.journal_query()
    assert entry["status"] == 500 and entry["body"] == body


@pytest.mark.parametrize("max_bytes", [20_000, 100_000])
def test_journal_is_bounded_in_bytes(max_bytes):
    store = Store(journal_cap=1000, journal_max_bytes=max_bytes)
    app = create_app(MockConfig(journal_cap=1000, journal_max_bytes=max_bytes), store=store)
    client = app.test_client()
    for i in range(40):
        record = {"type": "event", "identity": f"u{i}", "evtName": "E", "evtData": {"blob": "x" * 500}}
        client.post("/1/upload", data=json.dumps({"d": [record] * 5}), headers=AUTH)
    stats = store.journal_stats()
    assert stats["bytes"] <= max_bytes and stats["dropped"] > 0
    assert stats["count"] + stats["dropped"] == 40
    entries = store.journal_query()
    assert sum(len(json.dumps(e["body"])) for e in entries) <= max_bytes
    assert entries[-1]["body"]["d"][0]["identity"] == "u39"
    reopened_bytes = store.db.execute("SELECT sum(size) FROM journal").fetchone()[0]
    assert reopened_bytes == stats["bytes"]
