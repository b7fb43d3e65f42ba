"""Ingest throughput of the served mock, against the floor of a bare json.loads + SQLite insert loop.

Prints records/s for 1000-record `/1/upload` batches sent over HTTP to the mock on waitress (one client, then
several concurrent clients), the records/s of an in-process loop that only parses the same batches and inserts
each record into SQLite, and their ratio: how much the mock's validation, merging, journal and HTTP cost on top
of the unavoidable work. Each figure comes as wall-clock records/s and as records per CPU-second of this process
(every thread: server, client and the floor's loop all run here): on a shared, loaded machine the wall-clock ratio
swings from run to run, the CPU ratio much less.

    python bench/mock_ingest.py [--batches 40] [--clients 4] [--memory 500000]

`--memory N` also sends N records (1000 per batch, new users all along) to one served mock and prints its process's
resident memory after the first tenth and at the end: the mock's caches and buffers are bounded, so it stays flat.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from mock_clevertap.server import MockServer

AUTH = {"X-CleverTap-Account-Id": "BENCH-ACC", "X-CleverTap-Passcode": "bench", "Content-Type": "application/json"}
BATCH = 1000


def make_batches(count: int) -> list[bytes]:
    """A realistic mix: mostly events for a few hundred users, some profile updates."""
    batches = []
    for b in range(count):
        records = []
        for i in range(BATCH):
            user = f"user-{(b * BATCH + i) % 500}"
            if i % 10 == 0:
                records.append(
                    {
                        "type": "profile",
                        "identity": user,
                        "ts": 1_700_000_000 + i,
                        "profileData": {
                            "Name": f"User {user}",
                            "Email": f"{user}@example.com",
                            "Plan": "gold",
                            "Visits": i,
                        },
                    }
                )
            else:
                records.append(
                    {
                        "type": "event",
                        "identity": user,
                        "evtName": "Product Viewed",
                        "ts": 1_700_000_000 + i,
                        "evtData": {"product_id": f"p{i}", "price": 9.99, "category": "books"},
                    }
                )
        batches.append(json.dumps({"d": records}).encode())
    return batches


Rate = tuple[float, float]  # (records per wall-clock second, records per CPU-second of this process)


def bench_http(batches: list[bytes], clients: int, db: str) -> Rate:
    with MockServer(db=db, threads=max(4, clients)) as server:
        url = server.url + "/1/upload"

        def send(chunk: list[bytes]) -> None:
            with requests.Session() as session:
                for body in chunk:
                    r = session.post(url, data=body, headers=AUTH, timeout=120)
                    assert r.status_code == 200 and r.json()["processed"] == BATCH, r.text[:200]

        chunks = [batches[i::clients] for i in range(clients)]
        start, cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(send, chunks))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert server.errors == []
    return len(batches) * BATCH / elapsed, len(batches) * BATCH / cpu


def bench_floor(batches: list[bytes], db: str) -> Rate:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE records (type TEXT, identity TEXT, name TEXT, ts INTEGER, data TEXT)")
    start, cpu = time.perf_counter(), time.process_time()
    for body in batches:
        records = json.loads(body)["d"]
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?)",
            [
                (
                    r["type"],
                    r["identity"],
                    r.get("evtName"),
                    r["ts"],
                    json.dumps(r.get("evtData") or r.get("profileData")),
                )
                for r in records
            ],
        )
        conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return len(batches) * BATCH / elapsed, len(batches) * BATCH / cpu


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bench_memory(records: int, db: str) -> tuple[float, float]:
    batches = records // BATCH
    with MockServer(db=db) as server, requests.Session() as session:
        url, early = server.url + "/1/upload", float("nan")
        for b in range(batches):
            body = {
                "d": [
                    {"type": "event", "identity": f"m{b}-{i % 200}", "evtName": "E", "evtData": {"i": i, "s": "x" * 40}}
                    for i in range(BATCH)
                ]
            }
            r = session.post(url, data=json.dumps(body), headers=AUTH, timeout=120)
            assert r.status_code == 200 and r.json()["processed"] == BATCH, r.text[:200]
            if b == batches // 10:
                early = _rss_mb()
        return early, _rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--memory", type=int, default=0, help="also measure resident memory over this many records")
    args = parser.parse_args()
    batches = make_batches(args.batches)
    with tempfile.TemporaryDirectory() as tmp:
        floor = bench_floor(batches, str(Path(tmp) / "floor.sqlite3"))
        one = bench_http(batches, 1, str(Path(tmp) / "mock1.sqlite3"))
        many = bench_http(batches, args.clients, str(Path(tmp) / "mockn.sqlite3"))
    total = args.batches * BATCH
    print(f"records: {total} in batches of {BATCH}")
    print(f"bare json.loads + SQLite insert (in-process): {floor[0]:12,.0f} records/s  {floor[1]:12,.0f} records/CPU-s")
    print(
        f"mock over HTTP, 1 client:                     {one[0]:12,.0f} records/s  {one[1]:12,.0f} records/CPU-s  "
        f"(mock = {one[0] / floor[0]:.0%} of the floor; by CPU {one[1] / floor[1]:.0%})"
    )
    print(
        f"mock over HTTP, {args.clients} clients:                    {many[0]:12,.0f} records/s  "
        f"{many[1]:12,.0f} records/CPU-s  "
        f"(mock = {many[0] / floor[0]:.0%} of the floor; by CPU {many[1] / floor[1]:.0%})"
    )
    if args.memory:
        with tempfile.TemporaryDirectory() as tmp:
            early, late = bench_memory(args.memory, str(Path(tmp) / "memory.sqlite3"))
        print(
            f"resident memory over {args.memory:,} records: {early:.0f} MB after the first tenth, "
            f"{late:.0f} MB at the end"
        )


if __name__ == "__main__":
    main()
