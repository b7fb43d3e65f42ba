"""CleverTap's official Node library (npm `clevertap`, pinned in tests/e2e/node_clevertap/package.json) as a real
client of the mock: upload, profile, the cursor downloads (`events`/`profiles`, which ask with
`GET ...?batch_size=N&query=<JSON>` and then `?cursor=`), the counts (`getEventsCount`, `getProfilesCount`) and delete.

The package is installed into tests/e2e/node_clevertap/node_modules on first use (under a lock shared with other
npm installs on the machine). Skipped with the reason when node/npm is missing or the install fails; set
CLEVERTAP_HARNESS_NO_NPM=1 to forbid the install (the package must then already be there).
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer
from tests.npm import ensure_npm_package

HERE = Path(__file__).parent / "node_clevertap"
ACCOUNT, PASSCODE = "TEST-ACC-NODE", "node-passcode"


def _ensure_package() -> str | None:
    return ensure_npm_package(HERE, "clevertap")


def test_clevertap_node_library_against_the_mock():
    reason = _ensure_package()
    if reason:
        pytest.skip(reason)
    today = datetime.now(UTC)
    ts = int(today.timestamp())
    records = [
        {"type": "profile", "identity": "n-1", "profileData": {"Name": "Node One", "Email": "n1@example.com"}},
        {"type": "event", "identity": "n-1", "ts": ts - 30, "evtName": "Song Played", "evtData": {"title": "A"}},
        {"type": "event", "identity": "n-1", "ts": ts - 20, "evtName": "Song Played", "evtData": {"title": "B"}},
        {"type": "event", "identity": "n-2", "ts": ts - 10, "evtName": "Song Played", "evtData": {"title": "C"}},
        {"type": "profile", "identity": "n-3", "profileData": {"Name": "To Delete"}},
    ]
    query = {
        "event_name": "Song Played",
        "from": int((today - timedelta(days=1)).strftime("%Y%m%d")),
        "to": int(today.strftime("%Y%m%d")),
    }
    payload = {
        "region": "in1",
        "account": ACCOUNT,
        "passcode": PASSCODE,
        "records": records,
        "identity": "n-1",
        "query": query,
        "deleteIdentity": "n-3",
    }
    with MockServer(MockConfig(accounts={ACCOUNT: frozenset({PASSCODE})})) as mock:
        proc = subprocess.run(
            ["node", "clevertap_client.js"],
            input=json.dumps({**payload, "mockUrl": mock.url}),
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        journal = mock.store.journal_query(path="/1/events.json")
        assert mock.errors == []
    assert [r["status"] for r in out["upload"]] == ["success"] * 3  # batches of 2, 2, 1
    assert out["profile"]["status"] == "success"
    assert out["profile"]["record"]["profileData"]["Name"] == "Node One"
    assert [e["event_props"]["title"] for e in out["events"]] == ["A", "B", "C"]
    assert [e["profile"]["identity"] for e in out["events"]] == ["n-1", "n-1", "n-2"]
    assert [p["identity"] for p in out["profiles"]] == ["n-1", "n-2"]
    assert out["eventsCount"] == {"status": "success", "count": 3}
    assert out["profilesCount"] == {"status": "success", "count": 2}
    assert out["delete"] == {"status": "success"}
    assert out["profileAfterDelete"]["status"] == "fail"
    # how the library asked: GET with batch_size and query= first, then GET ?cursor= (batches of 2: 2 pages)
    assert [e["method"] for e in journal] == ["GET", "GET", "GET"]
    assert set(journal[0]["query"]) == {"batch_size", "query"} and json.loads(journal[0]["query"]["query"]) == query
    assert all(set(e["query"]) == {"cursor"} for e in journal[1:])
    assert journal[0]["region"] == "in1"
