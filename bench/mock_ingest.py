"""Ingest throughput of the served mock, against the floor of a bare json.loads + SQLite insert loop.

Prints records/s for 1000-record `/1/upload` batches sent over HTTP to the mock on waitress (one client, then
several concurrent clients), the records/s of an in-process loop that only parses the same batches and inserts
each record into SQLite, and their ratio: how much the mock's validation, merging, journal and HTTP cost on top
of the unavoidable work. Each figure comes as wall-clock records/s and as records per CPU-second of this process
(every thread: server, client and the floor's loop all run here): on a shared, loaded machine the wall-clock ratio
swings from run to run, the CPU ratio much less.

    python bench/mock_ingest.py [--batches 40] [--clients 4] [--rounds 3] [--memory 500000]

The floor and the mock runs alternate for `--rounds` rounds; each ratio is the median over rounds of the mock's
rate against the floor's rate of the same round. The first profile read and the first filtered journal read after
the uploads are timed too: uploads leave the profile's event summary and the journal's filter rows to them.

`--memory N` also sends N records (1000 per batch, new users all along) to one served mock and prints its process's
resident memory after the first tenth and at the end: the mock's caches and buffers are bounded, so it stays flat.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
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


# Milliseconds of the first reads after the uploads: they pay for what uploads leave for later (the profile's event
# summary, the journal's per-record filter rows).
first_reads: dict[str, float] = {}


def _first_reads(base: str) -> None:
    with requests.Session() as session:
        session.trust_env = False
        for label, path in (
            ("profile read (GET /1/profile.json)", "/1/profile.json?identity=user-7"),
            (
                "filtered journal read (GET /_mock/requests?identity=…&limit=1)",
                "/_mock/requests?identity=user-7&limit=1",
            ),
        ):
            start = time.perf_counter()
            r = session.get(base + path, headers=AUTH, timeout=120)
            assert r.status_code == 200, r.text[:200]
            first_reads[label] = (time.perf_counter() - start) * 1000


def bench_http(batches: list[bytes], clients: int, db: str) -> Rate:
    with MockServer(db=db, threads=max(4, clients)) as server:
        url = server.url + "/1/upload"

        def send(chunk: list[bytes]) -> None:
            with requests.Session() as session:
                # A client of a loopback mock: no proxy settings read from the environment on every request (requests
                # walks os.environ each time otherwise, client CPU this process would count as the mock's).
                session.trust_env = False
                for body in chunk:
                    r = session.post(url, data=body, headers=AUTH, timeout=120)
                    assert r.status_code == 200 and r.json()["processed"] == BATCH, r.text[:200]

        chunks = [batches[i::clients] for i in range(clients)]
        start, cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(send, chunks))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        if clients == 1:
            _first_reads(server.url)
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
    parser.add_argument("--rounds", type=int, default=3, help="floor and mock runs, alternated; medians are printed")
    parser.add_argument("--verbose", action="store_true", help="also print each round's figures")
    parser.add_argument("--memory", type=int, default=0, help="also measure resident memory over this many records")
    args = parser.parse_args()
    batches = make_batches(args.batches)
    floors: list[Rate] = []
    ones: list[Rate] = []
    manys: list[Rate] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            gc.collect()  # each run starts with what the previous one left collected
            floors.append(bench_floor(batches, str(Path(tmp) / "floor.sqlite3")))
            gc.collect()
            ones.append(bench_http(batches, 1, str(Path(tmp) / "mock1.sqlite3")))
            gc.collect()
            manys.append(bench_http(batches, args.clients, str(Path(tmp) / "mockn.sqlite3")))
        if args.verbose:
            print(
                f"  round: floor {floors[-1][1]:,.0f}, 1 client {ones[-1][1]:,.0f}, "
                f"{args.clients} clients {manys[-1][1]:,.0f} records/CPU-s"
            )
    floor = (statistics.median([f[0] for f in floors]), statistics.median([f[1] for f in floors]))
    total = args.batches * BATCH
    print(f"records: {total} in batches of {BATCH}; medians of {args.rounds} alternated rounds")
    print(f"bare json.loads + SQLite insert (in-process): {floor[0]:12,.0f} records/s  {floor[1]:12,.0f} records/CPU-s")
    for label, runs in ((" 1 client: ", ones), (f"{args.clients:2d} clients:", manys)):
        rate = (statistics.median([r[0] for r in runs]), statistics.median([r[1] for r in runs]))
        # The ratio of each round to the floor of the same round, then the median: a slow moment of a shared
        # machine weighs on both figures of its round alike.
        wall = statistics.median([r[0] / f[0] for r, f in zip(runs, floors, strict=True)])
        cpu = statistics.median([r[1] / f[1] for r, f in zip(runs, floors, strict=True)])
        print(
            f"mock over HTTP, {label}                  {rate[0]:12,.0f} records/s  {rate[1]:12,.0f} records/CPU-s  "
            f"(mock = {wall:.0%} of the floor; by CPU {cpu:.0%})"
        )
    for label, ms in first_reads.items():
        print(f"first {label} after {total:,} records (last round): {ms:,.0f} ms")
    if args.memory:
        with tempfile.TemporaryDirectory() as tmp:
            early, late = bench_memory(args.memory, str(Path(tmp) / "memory.sqlite3"))
        print(
            f"resident memory over {args.memory:,} records: {early:.0f} MB after the first tenth, "
            f"{late:.0f} MB at the end"
        )


if __name__ == "__main__":
    main()
