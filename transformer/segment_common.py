"""What the Segment flavours share that is Segment's own: settings read by their alternative names, the message
checks, ISO-8601 timestamps as CleverTap epoch seconds, and how a Date is written in SDK call arguments.

JavaScript semantics (undefined, truthiness, numbers, dotted paths, type names) are not here: they are the one layer
`transformer/js.py` (+ `paths.py`, `js_objects.py`), and CleverTap hosts and headers are `transformer/clevertap.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from .result import TransformError


def setting(settings: dict[str, Any], names: Iterable[str], default: Any = None) -> Any:
    """The first of `names` present (and not None) in `settings`."""
    for name in names:
        value = settings.get(name)
        if value is not None:
            return value
    return default


def require_message(event: Any) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    return event


def message_type(event: dict[str, Any]) -> str:
    kind = event.get("type")
    if not kind or not isinstance(kind, str):
        raise TransformError("Event type is required", 400)
    return kind.lower()


# --- ISO-8601 dates -------------------------------------------------------------------------------------------
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso(value: Any) -> datetime | None:
    """An ISO-8601 string as an aware datetime (naive -> UTC); None when `value` is not one."""
    if not isinstance(value, str) or len(value) < 10 or not value[:4].isdigit():
        return None
    try:
        if _ISO_DATE.match(value):
            return datetime(int(value[:4]), int(value[5:7]), int(value[8:10]), tzinfo=UTC)
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def _epoch_seconds(value: Any) -> int | None:
    dt = parse_iso(value)
    if dt is None:
        return None
    return int(dt.timestamp() // 1)


_EPOCH_CACHE: dict[str, int | None] = {}


def epoch_seconds(value: Any) -> int | None:
    """ISO-8601 timestamp -> UNIX epoch seconds (floor), as CleverTap's `ts` expects (memoised for strings)."""
    if type(value) is not str:
        return None
    try:
        return _EPOCH_CACHE[value]
    except KeyError:
        seconds = _epoch_seconds(value)
        if len(_EPOCH_CACHE) >= 10_000:
            _EPOCH_CACHE.clear()
        _EPOCH_CACHE[value] = seconds
        return seconds


def clevertap_date(value: Any) -> Any:
    """ISO-8601 date or datetime -> CleverTap's `$D_<epoch seconds>`; other values unchanged."""
    seconds = epoch_seconds(value)
    return f"$D_{seconds}" if seconds is not None else value


# --- JavaScript Dates in SDK call arguments ---------------------------------------------------------------------
JS_DATE_KEY = "$date"  # a JS Date in SDK call arguments is written {"$date": "<toISOString()>"}


def js_date(dt: datetime) -> dict[str, str]:
    dt = dt.astimezone(UTC)
    return {JS_DATE_KEY: dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"}
