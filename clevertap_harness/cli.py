"""`clevertap-harness` command line (documented in the README): parse, call, print.

Each sub-command lives in `clevertap_harness/commands/<name>.py` exposing `add_arguments(parser)` and
`run(args) -> int`, so a new command is one module and one line in `COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib import metadata

from .errors import UsageError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("clevertap_harness.commands.serve", "run the CleverTap mock on a real WSGI server"),
    "transform": ("clevertap_harness.commands.transform", "transform events and print transform results as JSON"),
    "verify": (
        "clevertap_harness.commands.verify",
        "run the golden contracts against this or a third-party transformer",
    ),
    "fuzz": ("clevertap_harness.commands.fuzz", "seeded Faker fuzzing of a flavour against invariants and the mock"),
    "export-segment": (
        "clevertap_harness.commands.export_segment",
        "simulate CleverTap's Segment export: download API -> Segment Tracking API",
    ),
    "golden": (
        "clevertap_harness.commands.golden",
        "start a golden from an event (new); export the goldens' events for verify --against mock= (events)",
    ),
}


def _version() -> str:
    try:
        return metadata.version("clevertap-harness")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clevertap-harness",
        description="Contract-testing harness and local mock of CleverTap's server API.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command_parser = sub.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
    except UsageError as exc:  # e.g. an environment variable that gives an option's default
        print(f"clevertap-harness: {exc}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    prefix = f"clevertap-harness {args.command}"
    try:
        return int(args._run(args) or 0)
    except UsageError as exc:
        print(f"{prefix}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        # A bug, not a user mistake: still one line, with a way to get the traceback for a report.
        if os.environ.get("CLEVERTAP_HARNESS_DEBUG"):
            raise
        print(
            f"{prefix}: internal error: {type(exc).__name__}: {exc} "
            "(set CLEVERTAP_HARNESS_DEBUG=1 to see the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
