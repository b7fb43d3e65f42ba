"""The served mock's survival figures: a seeded hostile corpus, SIGKILL crash runs and idle connections.

Prints how many hostile requests were sent and how many got a 5xx the corpus did not ask for (and how many server
errors the mock recorded), how many crash runs were made with how many acknowledged records lost or stored twice
(state and journal compared after each kill), and how many idle connections were held open while `/_mock/health`
kept answering.

    python bench/mock_campaign.py [--requests 2308] [--crash-runs 10] [--idle 300]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the corpus and crash run live with the tests

from mock_clevertap.config import MockConfig  # noqa: E402
from mock_clevertap.server import MockServer  # noqa: E402
from tests.e2e.hostile_corpus import run_corpus  # noqa: E402
from tests.e2e.test_crash import crash_run  # noqa: E402


def hostile(total: int, seed: int) -> tuple[int, int, int]:
    with MockServer(MockConfig(max_body_bytes=2_000_000)) as mock:
        result = run_corpus(mock.url, seed, total)
        readable = requests.get(mock.url + "/_mock/requests", timeout=120).status_code == 200
        return result.sent, len(result.server_errors), len(mock.errors) + (0 if readable else 1)


def crashes(runs: int) -> tuple[int, int, int]:
    acknowledged = failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "crash.sqlite3")
        for seed in range(runs):
            try:
                acknowledged += crash_run(db, 100 + seed)["acknowledged"]
            except AssertionError as exc:  # lost or duplicated records, or state and journal disagreeing
                print(f"crash run {seed}: {exc}", file=sys.stderr)
                failures += 1
    return runs, acknowledged, failures


def idle(count: int) -> tuple[int, float]:
    with MockServer() as mock:
        sockets = [socket.create_connection(("127.0.0.1", mock.port), timeout=5) for _ in range(count)]
        try:
            time.sleep(0.5)
            start = time.perf_counter()
            ok = requests.get(mock.url + "/_mock/health", timeout=10).status_code == 200
            elapsed = time.perf_counter() - start
        finally:
            for sock in sockets:
                sock.close()
    return (count if ok else 0), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2308)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crash-runs", type=int, default=10)
    parser.add_argument("--idle", type=int, default=300)
    args = parser.parse_args()
    sent, five_xx, errors = hostile(args.requests, args.seed)
    print(f"hostile requests sent: {sent}; unasked 5xx answers: {five_xx}; server errors recorded: {errors}")
    runs, acknowledged, failures = crashes(args.crash_runs)
    print(
        f"SIGKILL crash runs: {runs}; acknowledged records: {acknowledged}; "
        f"runs with lost/duplicated records or state != journal: {failures}"
    )
    held, latency = idle(args.idle)
    print(f"idle connections held: {held}; /_mock/health answered in {latency * 1000:.0f} ms")


if __name__ == "__main__":
    main()
