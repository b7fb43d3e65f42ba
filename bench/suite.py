"""Wall time of the project's suites: `python bench/suite.py [--all]`.

Times the golden-contract and fuzz suites (`tests/contracts`, `tests/transformer`), then, with `--all`, the
whole pytest suite as tox runs it. Each runs in a fresh `python -m pytest` process so start-up is counted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITES = {
    "goldens + fuzz (tests/contracts, tests/transformer)": ["tests/contracts", "tests/transformer"],
    "mock (tests/mock: rules, model, schemathesis)": ["tests/mock"],
    "end to end over HTTP (tests/e2e)": ["tests/e2e"],
}


def run(paths: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    elapsed = time.perf_counter() - t0
    summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    return elapsed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also time the whole suite in one process")
    args = parser.parse_args()
    for label, paths in SUITES.items():
        elapsed, summary = run(paths)
        print(f"{label:<55} {elapsed:7.1f} s   {summary}")
    if args.all:
        elapsed, summary = run([])
        print(f"{'whole suite (pytest, as tox runs it)':<55} {elapsed:7.1f} s   {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
