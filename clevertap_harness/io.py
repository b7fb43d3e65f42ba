"""Reading events and settings files for the CLI."""

from __future__ import annotations

import json
import sys
from typing import Any

from .errors import UsageError


def parse_events(text: str, origin: str = "events") -> list[Any]:
    """Accept a JSON array, a single JSON object, or JSON Lines (one event per line)."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        events = []
        for lineno, line in enumerate(stripped.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{origin}: line {lineno} is not JSON ({exc.msg})") from None
        return events
    return data if isinstance(data, list) else [data]


def read_events(path: str) -> list[Any]:
    if path == "-":
        return parse_events(sys.stdin.read(), "stdin")
    try:
        with open(path, encoding="utf-8") as fh:
            return parse_events(fh.read(), path)
    except OSError as exc:
        raise UsageError(f"cannot read events file {path}: {exc.strerror}") from None


def read_settings(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise UsageError(f"cannot read settings file {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"settings file {path} is not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise UsageError(f"settings file {path} must hold a JSON object")
    return data
