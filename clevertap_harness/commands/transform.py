"""Transform events with one of the project's transformers and print transform results as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from transformer import FLAVORS, MODES, PLATFORMS, UnknownFlavor, get_transform, transform, transform_batch

from ..errors import UsageError
from ..io import read_events, read_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flavor", required=True, choices=FLAVORS)
    parser.add_argument("--mode", default="cloud", choices=MODES)
    parser.add_argument("--platform", choices=PLATFORMS, help="device mode only")
    parser.add_argument("--settings", required=True, metavar="S.json", help="destination settings (JSON object)")
    parser.add_argument("--batch", action="store_true", help="group requests the way the flavour's router does")
    parser.add_argument("events", nargs="?", default="-", help="events file (JSON, array or JSON Lines); - for stdin")


def run(args: argparse.Namespace) -> int:
    settings = read_settings(args.settings)
    events = read_events(args.events)
    try:
        get_transform(args.flavor, args.mode, args.platform)
        if args.batch:
            if args.mode != "cloud":
                raise UsageError("--batch is only available in cloud mode")
            out: Any = transform_batch(events, settings, args.flavor)
        else:
            out = transform(events, settings, args.flavor, args.mode, args.platform)
    except UnknownFlavor as exc:
        raise UsageError(str(exc)) from None
    # json.dumps, not json.dump: dump streams through the pure-Python encoder, several times slower.
    text = json.dumps(out, ensure_ascii=False) + "\n"
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a lone surrogate (a JS string split into UTF-16 units): write \u escapes
        sys.stdout.write(json.dumps(out) + "\n")
    return 0
