"""`python -m fuzz.mobile_differential android|ios`: seeded ordinary and hostile events (fuzz/mobile_events.py)
through the real Android/iOS CleverTap integrations and through this project, or the platform's goldens through the
real code (`--check-goldens`, `--write-goldens DATE`). The runners themselves live in contracts/mobile_peers.py."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from contracts.mobile_peers import (
    DEFAULT_VERSIONS,
    PLATFORMS,
    RunnerUnavailable,
    build,
    check_goldens,
    compare,
    golden_paths,
    write_goldens,
)

from .mobile_events import mobile_cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fuzz.mobile_differential",
        description="Run seeded events through the real Android/iOS CleverTap integrations and through this project.",
    )
    parser.add_argument("platform", choices=PLATFORMS)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--count", type=int, default=1000, help="events per generator (ordinary and hostile)")
    parser.add_argument("--integration", help="checkout of clevertap-segment-android / -ios (else the env var)")
    parser.add_argument("--analytics", help="checkout of segmentio/analytics-android (else ANALYTICS_ANDROID_SRC)")
    parser.add_argument("--show", type=int, default=5, help="disagreements to print")
    parser.add_argument("--check-goldens", action="store_true", help="run the platform's goldens through the peer")
    parser.add_argument(
        "--write-goldens",
        metavar="DATE",
        help="rewrite goldens' expected from the peer where the project agrees (origin peer, checked on DATE)",
    )
    parser.add_argument("--peer-version", help="what peer_checked.version records (default: the commits we ran)")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="mobile-peer-") as tmp:
            peer = build(args.platform, Path(tmp), integration=args.integration, analytics=args.analytics)
            if args.write_goldens:
                version = args.peer_version or DEFAULT_VERSIONS[args.platform]
                refused = write_goldens(peer, version, args.write_goldens)
                for golden_id in refused:
                    print(f"not written (project disagrees with the peer): {golden_id}")
                return 1 if refused else 0
            if args.check_goldens:
                reports = check_goldens(peer)
                print(
                    f"{args.platform} goldens: {len(golden_paths(args.platform)) - len(reports)} / "
                    f"{len(golden_paths(args.platform))} agree with the peer"
                )
                for report in reports:
                    print(report)
                return 1 if reports else 0
            code = 0
            for kind in ("ordinary", "hostile"):
                cases = mobile_cases(args.platform, args.seed, args.count, hostile=kind == "hostile")
                run = compare(peer, [c.event for c in cases], [c.settings for c in cases], [c.name for c in cases])
                print(f"{args.platform} {kind}: {run.agree} / {run.total} agree")
                for d in run.disagreements[: args.show]:
                    print(json.dumps(d, ensure_ascii=False, default=str))
                code = code or (1 if run.disagreements else 0)
            return code
    except RunnerUnavailable as exc:
        print(f"mobile peer unavailable: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
