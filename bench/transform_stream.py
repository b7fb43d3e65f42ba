"""Memory of `clevertap-harness transform` on growing inputs: streaming (JSON Lines in, --output jsonl) against a
baseline that reads the whole input and builds the whole output first (what the command did before streaming).

Each figure is the peak resident memory of a fresh process; the ratios (4x the events vs 1x) are what matter: a
flat ratio near 1.0 means memory does not grow with the input.

    python bench/transform_stream.py [--events 20000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SETTINGS = {"accountId": "A", "passcode": "P", "region": "in1"}
MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
BASELINE = (
    "import json, sys; from transformer import transform; "
    "events = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]; "
    "out = json.dumps(transform(events, json.load(open(sys.argv[2])), 'rudderstack')); "
    "sys.stdout.write(out)"
)


def _event(i: int) -> dict:
    return {
        "type": "track",
        "userId": f"user-{i}",
        "event": "Product Viewed",
        "properties": {"sku": f"SKU-{i:08d}", "price": i % 100 + 0.5, "name": "x" * 200, "tags": ["a", "b", "c"]},
        "context": {"traits": {"email": f"u{i}@example.com"}},
    }


def _peak_kib(argv: list[str]) -> int:
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000, help="events in the small input (the large has 4x)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Path(tmp) / "s.json"
        settings.write_text(json.dumps(SETTINGS))
        files = {}
        for factor in (1, 4):
            path = Path(tmp) / f"events-{factor}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for i in range(args.events * factor):
                    fh.write(json.dumps(_event(i)) + "\n")
            files[factor] = path
        rows = []
        for label, argv_of in (
            (
                "streaming (--output jsonl)",
                lambda p: [sys.executable, "-m", "clevertap_harness", "transform", "--flavor", "rudderstack",
                           "--output", "jsonl", "--settings", str(settings), str(p)],
            ),
            (
                "streaming (default json array)",
                lambda p: [sys.executable, "-m", "clevertap_harness", "transform", "--flavor", "rudderstack",
                           "--settings", str(settings), str(p)],
            ),
            ("baseline: read all, then print all", lambda p: [sys.executable, "-c", BASELINE, str(p), str(settings)]),
        ):  # fmt: skip
            small, large = (_peak_kib(argv_of(files[f])) for f in (1, 4))
            rows.append((label, small, large))
        size = {f: files[f].stat().st_size / 1e6 for f in files}
        print(f"input: {args.events} events ({size[1]:.1f} MB) vs {4 * args.events} events ({size[4]:.1f} MB)")
        for label, small, large in rows:
            print(f"{label:38} peak RSS {small / 1024:7.1f} MiB -> {large / 1024:7.1f} MiB  ratio {large / small:.2f}")


if __name__ == "__main__":
    main()
