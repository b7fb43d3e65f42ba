"""Destination settings for the command line: read the file, check it against the flavour's schema
(`transformer.settings`), print the warnings, stop on errors."""

from __future__ import annotations

import sys
from typing import Any

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
