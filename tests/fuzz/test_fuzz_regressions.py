"""Bugs `clevertap-harness fuzz` found, each pinned by its minimal event (the mock's subscription-group rule is
pinned in tests/mock/test_rules.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

import transformer
from mock_clevertap import MockConfig, create_app

HEADERS = {"X-CleverTap-Account-Id": "A", "X-CleverTap-Passcode": "P"}
RUDDER = {"accountId": "A", "passcode": "P"}
# A RudderStack track whose properties is a string: the flavour copies one key per UTF-16 unit, so an emoji
# gives two lone surrogates, which JSON carries as \ud83c / \udf89 escapes.
SURROGATE_EVENT = {"type": "track", "userId": "u", "event": "D", "properties": "\U0001f389"}


@pytest.fixture
def client():
    return create_app(MockConfig(enforce_concurrency=False)).test_client()


def test_mock_validates_and_echoes_lone_surrogates(client):
    (entry,) = transformer.transform([SURROGATE_EVENT], RUDDER, "rudderstack")
    body = entry["requests"][0]["body"]
    assert body["d"][0]["evtData"] == {"0": "\ud83c", "1": "\udf89"}
    resp = client.post("/1/upload", data=json.dumps(body), headers=HEADERS, content_type="application/json")
    assert resp.status_code == 200 and resp.json["processed"] == 1
    # rejected, so the record (with its surrogate) is echoed back: still valid JSON text
    bad = {"d": [{"type": "event", "identity": "u", "evtName": "Web Page Viewed", "evtData": {"x": "\ud83c"}}]}
    resp = client.post("/1/upload", data=json.dumps(bad), headers=HEADERS, content_type="application/json")
    assert resp.status_code == 200 and resp.json["unprocessed"][0]["code"] == 513
    assert resp.json["unprocessed"][0]["record"]["evtData"]["x"] == "\ud83c"


def test_a_failed_journal_write_does_not_wedge_the_store(client):
    store = client.application.extensions["clevertap_store"]
    store.db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 5000)  # stands in for a body too big for SQLite
    huge = {"d": [{"type": "profile", "identity": "u", "profileData": {"k": "x" * 6000}}]}
    client.post("/1/upload?dryRun=1", json=huge, headers=HEADERS)
    ok = {"d": [{"type": "profile", "identity": "u", "profileData": {"k": "v"}}]}
    resp = client.post("/1/upload", json=ok, headers=HEADERS)
    assert resp.status_code == 200 and resp.json["status"] == "success"
    assert client.post("/_mock/reset").status_code == 200
    assert client.get("/_mock/requests").status_code == 200


def test_transform_cli_prints_lone_surrogates_as_escapes(tmp_path):
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps(RUDDER))
    code = "import sys; from clevertap_harness.cli import main; sys.exit(main())"
    proc = subprocess.run(
        [sys.executable, "-c", code, "transform", "--flavor", "rudderstack", "--settings", str(settings)],
        input=json.dumps([SURROGATE_EVENT]),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    (entry,) = json.loads(proc.stdout)
    assert entry["requests"][0]["body"]["d"][0]["evtData"] == {"0": "\ud83c", "1": "\udf89"}


@pytest.mark.parametrize(
    "total, amount",
    [
        ("12", 12.0),
        ("12d", 12.0),
        (" 3.5 ", 3.5),
        (".5e2", 50.0),
        # Java's Double.valueOf refuses these (Python's float() takes them): analytics-android reads 0, then revenue
        ("inf", 7.0),
        ("nan", 7.0),
        ("1_000", 7.0),
        ("0x10", 7.0),
    ],
)
def test_android_charged_amount_parses_strings_like_java(total, amount):
    event = {"type": "track", "userId": "u", "event": "Order Completed", "properties": {"total": total, "revenue": 7}}
    (entry,) = transformer.transform([event], {"accountId": "A", "accountToken": "T"}, "segment", "device", "android")
    assert entry["calls"][0]["args"][0]["Amount"] == amount


# Oracle corrections found by new seeds, each checked against the peer before the invariant changed: the peer and this
# project agreed, the invariant did not (seed, target and the peer run are named per case).
ORACLE_CASES = [
    # seed 7, segment/device/web: the wrapper tests the Order Completed pattern on String(name) (jsdom peer run).
    ("segment", "device", "web", "device_charged", {"type": "track", "event": ["OrderCompleted"]}),
    # seed 4242, segment/device/web: traits an array, so Identity is set on the array and lost (jsdom peer run).
    ("segment", "device", "web", "web_special_traits", {"type": "identify", "userId": "a", "traits": []}),
    # seed 4242, rudderstack/cloud: `traits.toString` beside `context.traits` is dropped (rudder-transformer run).
    (
        "rudderstack",
        "cloud",
        None,
        "rudderstack_custom_keys_kept",
        {"type": "identify", "context": {"traits": {}}, "traits": {"toString": ""}},
    ),
]


@pytest.mark.parametrize(("flavor", "mode", "platform", "name", "event"), ORACLE_CASES)
def test_invariants_accept_what_the_peers_do(flavor, mode, platform, name, event):
    from fuzz import invariants
    from fuzz.targets import Target

    settings = {"accountId": "A", "accountToken": "T", "passcode": "P", "region": "in1"}
    result = transformer.transform([event], settings, flavor, mode, platform)[0]
    case = invariants.Case(Target(flavor, mode, platform), 0, event, False, settings, result)
    assert getattr(invariants, name)(case) is None
