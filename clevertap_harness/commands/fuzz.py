"""Seeded Faker fuzzing: realistic and deliberately broken Segment / RudderStack events through a flavour, every
result checked against the invariants (and, in cloud mode, posted to the mock in-process). A failure prints the
seed, the event index, the invariant and a shrunk event ready to paste into a golden. With --against, the same
events also go to a peer transformer and the differences are grouped by path.

Without --flavor every target runs (rudderstack, segment cloud, segment device web/android/ios, segment-actions);
--mode / --platform narrow the choice. Exit status: 0 when every invariant held (and, with --against, the peer
agreed on every event), 1 otherwise, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from transformer import FLAVORS, MODES, PLATFORMS

from ..errors import UsageError
from ..io import read_settings
from ..progress import Progress
from ..settings_cli import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flavor", choices=FLAVORS, help="flavour to fuzz (default: every target)")
    parser.add_argument("--mode", choices=MODES, help="cloud or device (default: every mode of the flavour)")
    parser.add_argument("--platform", choices=PLATFORMS, help="device platform (default: all three)")
    parser.add_argument("--seed", type=int, default=0, help="run seed (default 0): same seed, same events")
    parser.add_argument("--count", type=int, default=1000, help="events per target (default 1000)")
    parser.add_argument(
        "--settings",
        metavar="S.json",
        help="fixed destination settings (default: generated per 100 events, varying the switches)",
    )
    parser.add_argument(
        "--strict-settings",
        action="store_true",
        help="unknown settings, wrong types and values outside the allowed list are errors, not warnings",
    )
    parser.add_argument(
        "--against", metavar="SPEC", help="differential mode: rudderstack=URL, command=CMD or project (see verify)"
    )
    parser.add_argument("--top", type=int, default=10, help="difference groups shown per target (default 10)")
    parser.add_argument(
        "--examples", type=int, default=1, help="failing events shrunk and shown per invariant and target (default 1)"
    )
    parser.add_argument("--shrink-budget", type=int, default=3000, help="invariant checks per shrink (default 3000)")
    parser.add_argument("--no-mock", action="store_true", help="skip the in-process mock invariants")
    parser.add_argument(
        "--dump-events",
        metavar="FILE",
        help="write the generated events (JSON Lines: index, valid, kind, mutations, event)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")


def run(args: argparse.Namespace) -> int:
    from fuzz import Fuzzer, select_targets

    if args.count < 1:
        raise UsageError("--count must be at least 1")
    if args.platform and args.mode == "cloud":
        raise UsageError("--platform applies to device mode only")
    mode = args.mode or ("device" if args.platform else None)
    targets = select_targets(args.flavor, mode, args.platform)
    if not targets:
        raise UsageError(f"no fuzz target for flavor={args.flavor} mode={mode} platform={args.platform}")
    settings = None
    if args.settings:
        settings = read_settings(args.settings)
        for target in targets:  # fixed settings go to every target: check them against each one's schema
            load_settings(
                args.settings,
                target.flavor,
                target.mode,
                target.platform,
                strict=args.strict_settings,
                command="clevertap-harness fuzz",
            )
    dump = None
    if args.dump_events:  # opened now, so an unwritable path is reported before the run, not after it
        try:
            dump = open(args.dump_events, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise UsageError(f"cannot write --dump-events {args.dump_events}: {exc.strerror}") from None
    peer = None
    if args.against:
        from contracts.peers import PeerUnreachable, parse_against

        try:
            peer = parse_against(args.against)
            peer.probe()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        except PeerUnreachable as exc:
            raise UsageError(str(exc)) from None

    fuzzer = Fuzzer(
        seed=args.seed,
        count=args.count,
        settings=settings,
        mock=not args.no_mock,
        shrink_budget=args.shrink_budget,
        max_examples=args.examples,
    )
    reports = []
    try:
        for target in targets:
            with Progress(f"fuzz: {target.name}", total=args.count) as bar:
                report = fuzzer.run(target, peer=peer, top=args.top, progress=bar.update)
            reports.append(report)
            if not args.json:
                _print_report(report)
    finally:
        if peer is not None and hasattr(peer, "close"):
            peer.close()
        if dump is not None and not reports:
            dump.close()
    if dump is not None:
        families = sorted({t.family for t in targets})
        with dump:
            for family in families:
                for i in range(args.count):
                    gen = fuzzer.event(family, i)
                    dump.write(json.dumps({"family": family, **gen.as_json()}, ensure_ascii=True) + "\n")
    failed = any(r.failed for r in reports)
    disagreed = any(
        r.differential
        and not r.differential.get("skipped")
        and (r.differential["agreed"] != r.differential["compared"] or r.differential["peer_errors"])
        for r in reports
    )
    if args.json:
        out = {
            "seed": args.seed,
            "count": args.count,
            "ok": not (failed or disagreed),
            "targets": [r.as_json() for r in reports],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=True) + "\n")
    else:
        total = sum(r.events for r in reports)
        print(
            f"fuzz: {len(reports)} targets, {total} events, seed {args.seed}: "
            + ("FAILED" if failed else "all invariants held")
            + ("; the peer disagreed" if disagreed else "")
        )
    return 1 if failed or disagreed else 0


def _print_report(report: Any) -> None:
    from fuzz.runner import format_differential, format_failure

    print(report.summary())
    for name, count in sorted(report.failure_counts.items()):
        print(f"  {count:>5} × {name}")
    for note, entry in report.known.items():
        print(f"  known issue ({entry['count']} events, e.g. event {entry['example']}, {entry['invariant']}): {note}")
    for failure in report.failures:
        print(format_failure(failure))
    if report.differential is not None:
        for line in format_differential(report.differential):
            print(line)
    sys.stdout.flush()
