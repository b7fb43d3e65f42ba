"""Small helpers shared by the Segment flavours (settings lookup, dotted paths, ISO dates).

Pure functions only. Kept separate from the RudderStack helpers for now; the shared mechanisms will be merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from .result import TransformError

_MISSING = object()


def setting(settings: dict[str, Any], names: Iterable[str], default: Any = None) -> Any:
    """The first of `names` present (and not None) in `settings`."""
    for name in names:
        value = settings.get(name)
        if value is not None:
            return value
    return default


def get_path(obj: Any, path: str, default: Any = None) -> Any:
    """Value at a dotted path (`context.device.token`), or `default` when any step is missing."""
    cur = obj
    for part in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part, _MISSING)
            if cur is _MISSING:
                return default
        else:
            return default
    return cur


def require_message(event: Any) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    return event


def message_type(event: dict[str, Any]) -> str:
    kind = event.get("type")
    if not kind or not isinstance(kind, str):
        raise TransformError("Event type is required", 400)
    return kind.lower()


def non_empty_str(value: Any) -> str | None:
    """`value` as an identifier: non-empty strings are kept, numbers become strings, anything else is None."""
    if isinstance(value, str):
        return value if value else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return None


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


# --- @segment/isodate (strict), as applied by analytics.js' isodate-traverse -----------------------------------
_ISODATE_MATCHER = re.compile(
    r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:([ T])(\d{2}):?(\d{2})(?::?(\d{2})(?:[,.](\d{1,}))?)?"
    r"(?:(Z)|([+\-])(\d{2})(?::?(\d{2}))?)?)?$"
)
_ISODATE_STRICT = re.compile(r"^\d{4}-\d{2}-\d{2}")
JS_DATE_KEY = "$date"  # a JS Date in SDK call arguments is written {"$date": "<toISOString()>"}


def js_date(dt: datetime) -> dict[str, str]:
    dt = dt.astimezone(UTC)
    return {JS_DATE_KEY: dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"}


def is_js_date(value: Any) -> bool:
    return type(value) is dict and len(value) == 1 and JS_DATE_KEY in value


def isodate_parse(value: str) -> dict[str, str] | None:
    """@segment/isodate `is(value, strict=true)` then `parse`: a strict ISO string -> JS Date, else None."""
    if not _ISODATE_STRICT.match(value):
        return None
    m = _ISODATE_MATCHER.match(value)
    if m is None:
        return None
    year, month, day, _sep, hh, mm, ss, frac, zulu, sign, oh, om = m.groups()
    try:
        millis = int((frac or "0")[:3].ljust(3, "0"))
        dt = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hh or 0),
            int(mm or 0),
            int(ss or 0),
            millis * 1000,
            tzinfo=UTC,
        )
    except ValueError:
        return None
    if sign:
        offset = timedelta(hours=int(oh), minutes=int(om or 0))
        dt = dt - offset if sign == "+" else dt + offset
    return js_date(dt)


def isodate_traverse(value: Any) -> Any:
    """analytics.js' isodate-traverse: every strict ISO-date string, at any depth, becomes a Date."""
    if isinstance(value, str):
        if len(value) >= 10 and value[4:5] == "-":
            parsed = isodate_parse(value)
            if parsed is not None:
                return parsed
        return value
    if isinstance(value, dict):
        return {k: isodate_traverse(v) for k, v in value.items()}
    if isinstance(value, list):
        return [isodate_traverse(v) for v in value]
    return value
