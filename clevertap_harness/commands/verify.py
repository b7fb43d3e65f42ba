"""Run the golden contracts against this project's transformer or a third-party one and report every difference.

Peers (--against): rudderstack=URL (a running rudder-transformer), command='CMD' (any program printing interfaces
transform results; placeholders {settings} {events} {flavor} {mode} {platform} {batch} {options}), mock=URL (compare
what a transformer sent to a running mock, from its journal). Exit status: 0 when every scenario passes (skips
allowed, but at least one scenario verified), 1 on any difference or peer error or when nothing was verified,
2 for a usage error or a peer that is not reachable at all. A golden whose flavour, mode or platform no
transformer knows is an error. On a terminal, a progress line on stderr shows the peer calls. --update FILE...
rewrites the named goldens from this project's transformer after printing the diff; goldens checked against a peer
need --force.
"""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--contracts",
        metavar="DIR",
        help="folder of golden files (default: the project's contracts/rudderstack and /segment)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="GLOB",
        help="only goldens whose id matches, e.g. 'rudderstack/**' or '*/track_*' (repeatable)",
    )
    parser.add_argument(
        "--against",
        metavar="SPEC",
        default="project",
        help="project (default), rudderstack=URL, command='CMD' or mock=URL",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable JSON report instead")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report to FILE")
    parser.add_argument("-q", "--quiet", action="store_true", help="list only scenarios that did not pass")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(8, os.cpu_count() or 1),
        metavar="N",
        help="parallel calls to an HTTP or command peer (default: CPUs, at most 8)",
    )
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S", help="per peer call (default 60)")
    parser.add_argument(
        "--no-group",
        action="store_true",
        help="one peer call per golden instead of one per group of goldens sharing settings",
    )
    parser.add_argument(
        "--ignore-record-order",
        action="store_true",
        help="records of a 'd' list found in another order are a note, not a difference",
    )
    parser.add_argument(
        "--update",
        nargs="+",
        metavar="FILE",
        help="rewrite these goldens' expected values from this project's transformer (shows the "
        "diff first; never touches other files)",
    )
    parser.add_argument("--force", action="store_true", help="with --update: also rewrite peer-checked goldens")


def _run_update(args: argparse.Namespace) -> int:
    from contracts.golden import GoldenError
    from contracts.runner import update_goldens

    from ..errors import UsageError

    if args.against != "project" or args.only or args.json or args.junit:
        raise UsageError(
            "--update rewrites goldens from this project's transformer only; "
            "it does not combine with --against, --only, --json or --junit"
        )
    try:
        return update_goldens(args.update, force=args.force, contracts=args.contracts, out=sys.stdout)
    except (FileNotFoundError, GoldenError) as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    import json

    from ..errors import UsageError

    if args.update:
        return _run_update(args)
    if args.force:
        raise UsageError("--force only applies to --update")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")

    from contracts.peers import PeerUnreachable, parse_against
    from contracts.report import scenario_lines, summary_line, to_json, to_junit
    from contracts.runner import PASS, SKIP, run_goldens, select_goldens

    try:
        peer = parse_against(args.against, timeout=args.timeout)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.no_group:
        peer.group = False
    try:
        peer.probe()
    except PeerUnreachable as exc:
        raise UsageError(str(exc)) from None
    try:
        goldens, broken = select_goldens(args.contracts, args.only)
    except FileNotFoundError as exc:
        raise UsageError(f"--contracts: {exc}") from None
    if not goldens and not broken:
        where = args.contracts or "contracts/"
        raise UsageError(f"no golden in {where}" + (f" matches --only {' '.join(args.only)}" if args.only else ""))

    progress = None
    if not args.json:
        header = (
            f"verify: {len(goldens) + len(broken)} golden(s) from {args.contracts or 'contracts/'} against {peer.name}"
        )
        print(header, flush=True)

        def progress(result):  # streamed, so a long peer run shows where it is
            bar.close()  # the peer calls are over once results come
            if args.quiet and result.status in (PASS, SKIP):
                return
            print("\n".join(scenario_lines(result)), flush=True)

    from ..progress import Progress

    bar = Progress(f"verify: calling {peer.name}", total=len(goldens))
    peer.on_progress = lambda done, total: bar.update(done)
    with peer, bar:
        result = run_goldens(
            peer,
            goldens,
            broken,
            contracts=args.contracts or "contracts/",
            jobs=args.jobs,
            record_order="ignore" if args.ignore_record_order else "strict",
            progress=progress,
        )
    if args.json:
        json.dump(to_json(result), sys.stdout, ensure_ascii=False, indent=2, default=repr)
        sys.stdout.write("\n")
    else:
        # the scenario lines were streamed above; now the run's notes and the summary
        for note in result.notes:
            print(f"note: {note}")
        print(summary_line(result))
    if args.junit:
        try:
            with open(args.junit, "wb") as fh:
                fh.write(to_junit(result))
        except OSError as exc:
            raise UsageError(f"cannot write --junit {args.junit}: {exc.strerror}") from None
    return 0 if result.ok else 1
