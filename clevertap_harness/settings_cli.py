"""Destination settings for the command line: read the file, check it against the flavour's schema
(`transformer.settings`), print the warnings, stop on errors."""

from __future__ import annotations

import sys
from typing import Any

from transformer import UnknownFlavor, get_transform
from transformer.settings import check_settings

from .errors import UsageError
from .io import read_settings


def load_settings(
    path: str,
    flavor: str,
    mode: str = "cloud",
    platform: str | None = None,
    *,
    strict: bool = False,
    allow_missing: bool = False,
    command: str = "clevertap-harness",
) -> dict[str, Any]:
    """Read and check a settings file. Missing required settings are a usage error (unless `allow_missing`,
    to see what the platform itself does without them); unknown keys, wrong types and values outside the allowed
    list are warnings on stderr, or a usage error with `strict`."""
    settings = read_settings(path)
    report = check_settings(settings, flavor, mode, platform)
    errors = [] if allow_missing else list(report.errors)
    if strict:
        errors += report.warnings
    else:
        for warning in report.warnings:
            print(f"{command}: warning: {path}: {warning}", file=sys.stderr)
    if errors:
        raise UsageError(f"{path}: " + "; ".join(errors))
    return settings


def load_target_settings(args: Any, command: str) -> dict[str, Any]:
    """For commands that transform: the target named by `--flavor`/`--mode`/`--platform` must exist (checked
    before any file is read, so a typo in a flag is reported as such), then its settings file, checked against
    that target's schema."""
    if args.platform and args.mode == "cloud":
        raise UsageError("--platform applies to device mode only (add --mode device, or leave --platform out)")
    try:
        get_transform(args.flavor, args.mode, args.platform)
    except UnknownFlavor as exc:
        raise UsageError(str(exc)) from None
    return load_settings(
        args.settings,
        args.flavor,
        args.mode,
        args.platform,
        strict=args.strict_settings,
        allow_missing=args.allow_missing_settings,
        command=command,
    )


def add_settings_arguments(parser: Any, required: bool = True) -> None:
    parser.add_argument(
        "--settings", required=required, metavar="S.json", help="destination settings (JSON object; see README)"
    )
    parser.add_argument(
        "--strict-settings",
        action="store_true",
        help="unknown settings, wrong types and values outside the allowed list are errors, not warnings",
    )
    parser.add_argument(
        "--allow-missing-settings",
        action="store_true",
        help="transform even when required settings are missing (to see the platform's own error for it)",
    )
