"""Differential runs for RudderStack cloud mode: seeded messages through this project and through rudder-transformer.

The peer is a rudder-transformer you run: a built checkout (`rudderstack-checkout=PATH`, started on a loopback port
by `contracts/peer_runners/rudder-transformer/runner.js`) or a running server (`rudderstack=URL`). Events go to it in
chunks of `--chunk` through `POST /v0/destinations/clevertap` (a chunk its HTTP layer refuses is re-sent one event at
a time, see `contracts.peers.RudderStackHttpPeer`) and, with `--router`, in batches through `POST /routerTransform`.
This project's transformer receives each event as the peer does: its JSON text, parsed (Python's json here, so
the transformer's own JavaScript rules are what is tested). Results are compared with
`fuzz.differential.first_difference`: key order, numbers as JavaScript writes them, types.

    python -m fuzz.rudderstack_differential --against rudderstack-checkout=../rudder-transformer \\
        --seed 1 --ordinary 3000 --hostile 3000 --router

prints agreement per family (`ordinary 3000/3000`, `hostile 3000/3000`, router batches likewise) and the differing
events grouped by the first differing path. Exit status 1 when an event disagrees or was not compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from contracts.peers import AGAINST_KINDS, Peer, parse_against
from transformer import registry
from transformer.js import has_own_proto_key

from .differential import Report
from .rudderstack_edges import events as make_events
from .rudderstack_edges import settings_for

FLAVOR = "rudderstack"


def _as_received(value: Any) -> Any:
    """The value after travelling as JSON text (what the peer's HTTP layer parses), read by Python's json."""
    return json.loads(json.dumps(value))


def processor_run(peer: Peer, tagged: list[tuple[str, Any]], seed: int, chunk: int) -> tuple[Report, list[str]]:
    """Every event through both transformers, `chunk` events per peer request (settings vary per chunk)."""
    report = Report("rudderstack/cloud processor")
    problems: list[str] = []
    for start in range(0, len(tagged), chunk):
        part = tagged[start : start + chunk]
        settings = settings_for(seed, start // chunk)
        try:
            theirs = peer.transform([e for _, e in part], settings, FLAVOR)
        except Exception as exc:  # noqa: BLE001 - reported: these events were not compared
            problems.append(f"events {start}-{start + len(part) - 1}: {type(exc).__name__}: {exc}")
            continue
        for (family, event), other in zip(part, theirs, strict=True):
            ours = registry.transform([_as_received(event)], _as_received(settings), FLAVOR)[0]
            report.add(family, event, ours, other)
    return report, problems


def router_run(peer: Peer, tagged: list[tuple[str, Any]], seed: int, batch: int) -> tuple[Report, list[str]]:
    """The same events as router batches of `batch` (with an already-transformed message mixed into some)."""
    report = Report("rudderstack/cloud router")
    problems: list[str] = []
    # An event owning a __proto__ key makes the HTTP layer refuse its whole router request: such events are left
    # out of router batches (the processor run compares them one by one).
    tagged = [(f, e) for f, e in tagged if not has_own_proto_key(e)]
    for start in range(0, len(tagged), batch):
        part = [e for _, e in tagged[start : start + batch]]
        if (start // batch) % 3 == 0:  # rudder-server retries: already transformed messages pass through
            part.insert(len(part) // 2, {"statusCode": 200, "body": {"JSON": {"d": [{"type": "event", "x": 1}]}}})
        if (start // batch) % 11 == 5:  # one without `d`: the whole request fails
            part.insert(1, {"statusCode": 500, "body": {"JSON": {"error": "x"}}})
        family = "router"
        settings = settings_for(seed, 10_000 + start // batch)
        try:
            theirs = peer.transform_batch(part, settings, FLAVOR)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"router batch at {start}: {type(exc).__name__}: {exc}")
            continue
        ours = registry.transform_batch(_as_received(part), _as_received(settings), FLAVOR)
        report.add(family, {"batch_start": start, "events": part}, ours, theirs)
    return report, problems


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz.rudderstack_differential", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--against", required=True, help=f"the peer: {', '.join(k for k in AGAINST_KINDS if 'rudder' in k)}"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ordinary", type=int, default=3000)
    ap.add_argument("--hostile", type=int, default=3000)
    ap.add_argument("--chunk", type=int, default=100, help="events per processor request")
    ap.add_argument("--router", action="store_true", help="also compare router batches")
    ap.add_argument("--batch", type=int, default=50, help="events per router request")
    ap.add_argument("--show", type=int, default=3, help="events shown per differing path")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    try:
        peer = parse_against(args.against)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tagged = make_events(args.seed, args.ordinary, args.hostile)
    with peer:
        reports_problems = [processor_run(peer, tagged, args.seed, args.chunk)]
        if args.router:
            reports_problems.append(router_run(peer, tagged, args.seed, args.batch))
    ok = True
    out: list[dict[str, Any]] = []
    for report, problems in reports_problems:
        ok = ok and report.ok and not problems
        if args.json:
            out.append(
                {
                    "run": report.flavor,
                    "compared": dict(report.compared),
                    "agreed": dict(report.agreed),
                    "not_compared": problems,
                    "differences": {k: v[: args.show] for k, v in report.differences.items()},
                }
            )
            continue
        print(f"{report.summary()} (seed {args.seed}, peer {peer.name})")
        for p in problems:
            print(f"  not compared: {p}")
        for where, diffs in sorted(report.differences.items(), key=lambda kv: -len(kv[1])):
            print(f"\n{len(diffs)} x {where}")
            for d in diffs[: args.show]:
                print("  event:", json.dumps(d["event"])[:600])
                print("  ours: ", json.dumps(d["ours"])[:600])
                print("  peer: ", json.dumps(d["peer"])[:600])
    if args.json:
        print(json.dumps(out, indent=1, default=repr))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
