"""SIGKILL the served mock while clients upload, then read its SQLite file: every acknowledged record is there once,
and state and journal agree (each stored event is explained by a journaled 200 upload and the reverse), because a
request's state and journal entry commit in one transaction."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import threading
import time
from collections import Counter

import pytest
import requests

from .test_cli_serve import _command, _free_port

AUTH = {"X-CleverTap-Account-Id": "CRASH-1", "X-CleverTap-Passcode": "p"}
CLIENTS, BATCH = 4, 50


def _start(db: str) -> tuple[object, str]:
    import subprocess

    port = _free_port()
    proc = subprocess.Popen(
        _command("serve", "--db", db, "--port", str(port), "--quiet"),
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/_mock/health", timeout=1).ok:
                return proc, url
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("serve did not start")


def crash_run(db: str, seed: int) -> dict[str, int]:
    """One run: clients upload until the server is killed at a seeded moment; returns the run's figures."""
    proc, url = _start(db)
    acknowledged: list[str] = []
    lock = threading.Lock()

    def client(cid: int) -> None:
        with requests.Session() as session:
            for n in range(100_000):
                ids = [f"s{seed}-c{cid}-b{n}-r{i}" for i in range(BATCH)]
                body = {"d": [{"type": "event", "identity": i, "evtName": "E", "evtData": {"k": 1}} for i in ids]}
                try:
                    r = session.post(url + "/1/upload", json=body, headers=AUTH, timeout=5)
                except requests.RequestException:
                    return
                if r.status_code == 200 and r.json().get("processed") == BATCH:
                    with lock:
                        acknowledged.extend(ids)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(random.Random(seed).uniform(0.8, 2.0))
    proc.send_signal(signal.SIGKILL)  # type: ignore[attr-defined]
    proc.wait(timeout=10)  # type: ignore[attr-defined]
    for t in threads:
        t.join(timeout=30)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = Counter(json.loads(r)["identity"] for (r,) in conn.execute("SELECT record FROM events"))
        journaled: Counter[str] = Counter()
        for (body,) in conn.execute("SELECT body FROM journal WHERE path='/1/upload' AND status=200"):
            journaled.update(record["identity"] for record in json.loads(body)["d"])
    finally:
        conn.close()
    lost = [i for i in acknowledged if i not in stored]
    duplicated = [i for i, n in stored.items() if n > 1]
    assert lost == [], f"{len(lost)} acknowledged records lost"
    assert duplicated == [], f"{len(duplicated)} records stored twice"
    assert stored == journaled, "state and journal disagree"
    return {"acknowledged": len(acknowledged), "stored": sum(stored.values()), "lost": 0, "duplicated": 0}


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_keeps_acknowledged_records_and_state_matches_journal(tmp_path, seed):
    figures = crash_run(str(tmp_path / "crash.sqlite3"), seed)
    assert figures["acknowledged"] > 0


@pytest.mark.slow
def test_sigkill_ten_runs_on_one_file(tmp_path):
    """Ten kills in a row on the same database file: each restart recovers the WAL and carries on."""
    db = str(tmp_path / "crash.sqlite3")
    for seed in range(10, 20):
        crash_run(db, seed)
