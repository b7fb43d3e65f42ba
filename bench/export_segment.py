"""CleverTap -> Segment export throughput: `python bench/export_segment.py [--records N] [--repeat R]`.

Prints records per second for (1) the pure part (download records -> track messages -> batches under Segment's
limits) against a baseline in the same process (one `json.dumps` per record, the least any exporter must do to
send a record), and (2) the whole export over real HTTP: records seeded in a served mock, downloaded through its
cursor API, sent to its Segment endpoint. Figures are for reading, not asserting: no test times anything.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from mock_clevertap.server import MockServer  # noqa: E402
from segment_export import ExportSettings, export_segment  # noqa: E402
from segment_export.export import plan  # noqa: E402

EVENTS = ("Notification Sent", "Notification Viewed", "Notification Clicked")


def records(n: int, seed: int = 7) -> list[tuple[str, list[dict]]]:
    rng = random.Random(seed)
    pages: dict[str, list[dict]] = {name: [] for name in EVENTS}
    for i in range(n):
        name = EVENTS[i % len(EVENTS)]
        pages[name].append(
            {
                "profile": {
                    "objectId": f"__obj{i % 997}",
                    "identity": f"u-{i % 997}",
                    "email": f"u{i % 997}@x.io",
                    "platform": "Android",
                    "profileData": {"Plan": rng.choice(["free", "gold"])},
                },
                "ts": 20261127000000 + i % 86400,
                "event_props": {
                    "Campaign id": 1700000000 + i % 50,
                    "Campaign type": "Mobile Push",
                    "wzrk_pivot": rng.choice("AB"),
                    "CT Source": "Push",
                },
            }
        )
    return list(pages.items())


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = records(args.records)
    settings = ExportSettings(account="BENCH", as_of="2026-11-28T00:00:00Z")
    flat = [r for _, rs in pages for r in rs]
    baseline = best(lambda: [json.dumps(r) for r in flat], args.repeat)
    pure = best(lambda: plan(pages, settings), args.repeat)
    n = args.records
    print(f"baseline json.dumps per record: {n / baseline:,.0f} records/s")
    print(f"map + batch (pure):             {n / pure:,.0f} records/s  ({baseline / pure:.0%} of baseline)")

    with MockServer() as mock:
        d = [
            {
                "evtName": name,
                "identity": r["profile"]["identity"],
                "ts": 1764201600 + i % 86400,
                "evtData": r["event_props"],
            }
            for name, rs in pages
            for i, r in enumerate(rs)
        ]
        for start in range(0, len(d), 5000):
            requests.post(
                f"{mock.url}/_mock/events", json={"account": "BENCH", "d": d[start : start + 5000]}, timeout=120
            ).raise_for_status()
        began = time.perf_counter()
        summary = export_segment(
            from_url=mock.url,
            account="BENCH",
            passcode="x",
            write_key="wk",
            to_url=f"{mock.url}/segment",
            events=list(EVENTS),
            from_date=20251127,
            to_date=20261231,
            settings=settings,
        )
        took = time.perf_counter() - began
        print(f"whole export over HTTP:         {summary.records_read / took:,.0f} records/s ({summary.line()})")


if __name__ == "__main__":
    main()
