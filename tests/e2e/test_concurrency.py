"""Concurrent clients: after 8 clients × 200 batches × 100 records, journal and state hold exactly that."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from mock_clevertap.server import MockServer

from .conftest import AUTH

CLIENTS, BATCHES, RECORDS = 8, 200, 100


def _client(url: str, client: int) -> list[int]:
    statuses = []
    with requests.Session() as session:
        for batch in range(BATCHES):
            records = [
                {
                    "type": "event",
                    "identity": f"c{client}-u{i % 10}",
                    "evtName": f"E{client}",
                    "evtData": {"batch": batch, "i": i},
                    "ts": 1_700_000_000 + batch,
                }
                for i in range(RECORDS)
            ]
            r = session.post(url + "/1/upload", json={"d": records}, headers=AUTH, timeout=60)
            statuses.append(r.status_code)
            assert r.json() == {"status": "success", "processed": RECORDS, "unprocessed": []}
    return statuses


@pytest.mark.slow
def test_concurrent_load_loses_nothing(tmp_path):
    with MockServer(db=str(tmp_path / "load.sqlite3"), threads=8) as server:
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(lambda c: _client(server.url, c), range(CLIENTS)))
        assert all(s == 200 for statuses in results for s in statuses)
        assert server.errors == []
        store = server.store
        assert store.journal_stats()["count"] == CLIENTS * BATCHES
        journal = store.journal_query(path="/1/upload")
        assert sum(len(e["body"]["d"]) for e in journal) == CLIENTS * BATCHES * RECORDS
        events = store.events()
        assert len(events) == CLIENTS * BATCHES * RECORDS
        # every client's events, in the order that client sent them, with nothing duplicated
        for client in range(CLIENTS):
            mine = [
                (e["record"]["evtData"]["batch"], e["record"]["evtData"]["i"])
                for e in events
                if e["evtName"] == f"E{client}"
            ]
            assert mine == [(b, i) for b in range(BATCHES) for i in range(RECORDS)]
        profiles = store.profiles()
        assert len(profiles) == CLIENTS * 10
        for profile in profiles:
            client = profile["identity"].split("-")[0][1:]
            assert profile["events"] == {
                f"E{client}": {
                    "count": BATCHES * RECORDS // 10,
                    "first_seen": 1_700_000_000,
                    "last_seen": 1_700_000_000 + BATCHES - 1,
                }
            }
