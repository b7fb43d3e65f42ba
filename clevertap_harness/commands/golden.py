"""Start a golden from an event (`golden new`), and export the goldens' input events (`golden events`) for the
`verify --against mock=URL` workflow: send those events through your real pipeline with CleverTap pointed at the
mock, then check what arrived against the goldens.

`golden new` fills `expected` from this project's transformer: a draft to check against the source you name
(`--source`, `--origin`) before committing, never a pinned truth by itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from transformer import FLAVORS, MODES, PLATFORMS, transform, transform_batch

from ..errors import UsageError
from ..io import read_events
from ..settings_cli import add_settings_arguments, load_target_settings

ORIGINS = ("doc", "project-choice")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="golden_command", metavar="ACTION", required=True)

    new = sub.add_parser("new", help="write a golden file from events, expected filled by this project's transformer")
    new.add_argument("id", help="golden id, e.g. rudderstack/cloud/track_coupon (the file is <contracts>/<id>.json)")
    new.add_argument("--flavor", required=True, choices=FLAVORS)
    new.add_argument("--mode", default="cloud", choices=MODES)
    new.add_argument("--platform", choices=PLATFORMS, help="device mode only")
    add_settings_arguments(new)
    new.add_argument("--batch", action="store_true", help="a router (batch) golden (cloud mode)")
    new.add_argument("--name", required=True, help="one line saying what the scenario shows")
    new.add_argument("--source", required=True, help="the document URL, docs/ page or peer run the values follow")
    new.add_argument(
        "--origin",
        required=True,
        choices=ORIGINS,
        help="doc: checked against a public document; project-choice: the project decided (needs --notes). "
        "For origin 'peer', run the peer and let its runner mark the golden.",
    )
    new.add_argument("--notes", help="why (required with --origin project-choice), or a discrepancy")
    new.add_argument("--contracts", metavar="DIR", help="golden folder (default: the project's contracts/goldens)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.add_argument(
        "--events", default="-", metavar="FILE", help="the event(s): JSON, array or JSON Lines (default: stdin)"
    )
    new.set_defaults(_golden=_run_new)

    events = sub.add_parser("events", help="export the goldens' input events and settings (for verify --against mock=)")
    events.add_argument("--contracts", metavar="DIR", help="golden folder (default: the project's contracts/goldens)")
    events.add_argument("--only", action="append", metavar="GLOB", help="only goldens whose id matches (repeatable)")
    events.add_argument(
        "--out",
        metavar="DIR",
        help="write <id>.events.jsonl, <id>.settings.json and <id>.options per golden (default: one JSON line per "
        "golden on stdout)",
    )
    events.add_argument(
        "--device", action="store_true", help="include device-mode goldens (their SDK calls never reach a mock)"
    )
    events.set_defaults(_golden=_run_events)


def run(args: argparse.Namespace) -> int:
    return int(args._golden(args) or 0)


# --- golden new ----------------------------------------------------------------------------------------------------


def _run_new(args: argparse.Namespace) -> int:
    from contracts.golden import GOLDEN_ROOT, GoldenError, load_golden

    if args.batch and args.mode != "cloud":
        raise UsageError("--batch is only available in cloud mode")
    if args.origin == "project-choice" and not (args.notes or "").strip():
        raise UsageError("--origin project-choice needs --notes saying why the project chose these values")
    settings = load_target_settings(args, "clevertap-harness golden new")
    events = read_events(args.events)
    if not events:
        raise UsageError(f"no event in {args.events}")
    root = Path(args.contracts) if args.contracts else GOLDEN_ROOT
    gid = args.id.removesuffix(".json")
    path = root / f"{gid}.json"
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists (use --force to overwrite it)")

    single = len(events) == 1 and not args.batch
    if args.batch:
        expected: Any = transform_batch(events, settings, args.flavor)
    else:
        results = transform(events, settings, args.flavor, args.mode, args.platform)
        expected = results[0] if single else results
    golden: dict[str, Any] = {"name": args.name, "source": args.source, "origin": args.origin}
    golden.update(flavor=args.flavor, mode=args.mode)
    if args.platform:
        golden["platform"] = args.platform
    golden["settings"] = settings
    if args.batch:
        golden["batch"] = True
    golden["input"] = events[0] if single else events
    golden["expected"] = expected
    if args.notes:
        golden["notes"] = args.notes

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(golden, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        load_golden(path, root=root)
    except GoldenError as exc:  # never leave a file behind that verify would report as an ERROR
        path.unlink()
        raise UsageError(f"the golden would not load: {exc}") from None
    print(f"wrote {path}", file=sys.stderr)
    print(
        "expected was filled from this project's transformer: check every value against "
        f"{args.source} before committing, then run: clevertap-harness verify --only '{gid}'",
        file=sys.stderr,
    )
    return 0


# --- golden events -------------------------------------------------------------------------------------------------


def transform_options(golden: Any) -> list[str]:
    """The `clevertap-harness transform` options that reproduce a golden's target."""
    options = ["--flavor", golden.flavor, "--mode", golden.mode]
    if golden.platform:
        options += ["--platform", golden.platform]
    if golden.batch:
        options.append("--batch")
    return options


def _run_events(args: argparse.Namespace) -> int:
    from contracts.runner import select_goldens

    try:
        goldens, broken = select_goldens(args.contracts, args.only)
    except FileNotFoundError as exc:
        raise UsageError(f"--contracts: {exc}") from None
    for item in broken:
        print(f"clevertap-harness golden events: skipped {item.file}: {item.message}", file=sys.stderr)
    selected = [g for g in goldens if args.device or g.mode == "cloud"]
    if not selected:
        raise UsageError("no golden selected" + (f" by --only {' '.join(args.only)}" if args.only else ""))
    out_dir = Path(args.out) if args.out else None
    for golden in selected:
        record = {
            "id": golden.id,
            "flavor": golden.flavor,
            "mode": golden.mode,
            "platform": golden.platform,
            "batch": golden.batch,
            "settings": golden.settings,
            "events": golden.input,
        }
        if out_dir is None:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        base = out_dir / golden.id
        try:
            base.parent.mkdir(parents=True, exist_ok=True)
            with open(f"{base}.events.jsonl", "w", encoding="utf-8") as fh:
                for event in golden.input:
                    fh.write(json.dumps(event, ensure_ascii=False) + "\n")
            Path(f"{base}.settings.json").write_text(json.dumps(golden.settings, ensure_ascii=False), encoding="utf-8")
            Path(f"{base}.options").write_text(" ".join(transform_options(golden)) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write to --out {args.out}: {exc.strerror}") from None
    if out_dir is not None:
        print(f"exported {len(selected)} golden(s) to {out_dir}", file=sys.stderr)
    return 0
