"""Objective-C (Foundation) value semantics, for flavours whose peer is an iOS library.

An iOS app hands analytics-ios Foundation objects. For values that come from JSON the Python stand-ins are: an
`NSNumber` holding an integer is an `int`, one holding a double a `float`, one holding a BOOL a `bool`; `NSNull`
(a JSON null inside a dictionary or array) is `None`; `NSString`, `NSArray` and `NSDictionary` are `str`, `list`
and `dict`. A missing argument (`nil`) is `NIL`. This module gives the parts of Foundation the CleverTap iOS
integration's output depends on: `-description` text (`[NSString stringWithFormat:@"%@", value]`), the date
formatter's calendar for early dates, and the exception an app dies of when a number gets a string message.
Facts and sources: docs/segment-device-mobile.md.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

NIL: Any = type("Nil", (), {"__repr__": lambda self: "nil", "__bool__": lambda self: False})()

INT64 = range(-(2**63), 2**63)


def number_kind(value: Any) -> str | None:
    """ "bool", "int" or "double" for an NSNumber stand-in, else None."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return None


def from_json(value: Any) -> Any:
    """A parsed JSON value as an app's NSJSONSerialization would hand it over: integers beyond 64 bits become
    doubles (everything else keeps its kind)."""
    t = type(value)
    if t is int and value not in INT64:
        return float(value)
    if t is dict:
        return {k: from_json(v) for k, v in value.items()}
    if t is list:
        return [from_json(v) for v in value]
    return value


def description(value: Any) -> str:
    """`[NSString stringWithFormat:@"%@", value]` as GNUstep Base writes it (`%0.16g` for doubles, `1`/`0` for
    BOOLs, `<null>` for NSNull, `(a, b)` for arrays, `{k = v; }` for dictionaries)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<null>"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return f"{value:.16g}"
    if isinstance(value, list):
        return "(" + ", ".join(_quoted(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + "".join(f"{_quoted(k)} = {_quoted(v)}; " for k, v in sorted(value.items())) + "}"
    return str(value)


_PLAIN = re.compile(r"[A-Za-z0-9_$.:/+-]+")


def _quoted(value: Any) -> str:
    """Inside a collection's description, strings that are not plain words are quoted (property-list style), and
    so is NSNull's `<null>` (`{y = "<null>"; }`, as GNUstep Base and Apple's Foundation both print it)."""
    if value is None:
        return '"<null>"'
    if isinstance(value, str):
        if _PLAIN.fullmatch(value):
            return value
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return description(value)


def class_family(value: Any) -> str:
    """The public class an app sees for a value (for exception texts)."""
    if isinstance(value, (bool, int, float)):
        return "NSNumber"
    if value is None:
        return "NSNull"
    if isinstance(value, list):
        return "NSArray"
    if isinstance(value, dict):
        return "NSDictionary"
    return "NSString"


def unrecognized_selector(value: Any, selector: str) -> str:
    """The NSInvalidArgumentException an app crashes with when `value` is sent a message it does not implement
    (class family named, instance address left out)."""
    return f"-[{class_family(value)} {selector}]: unrecognized selector sent to instance"


# ---------------------------------------------------------------------------------------------------------------
# NSDateFormatter "yyyy-MM-dd'T'HH:mm:ssZZZZZ" (en_US_POSIX): a hybrid Julian/Gregorian calendar
# ---------------------------------------------------------------------------------------------------------------
_DOB = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})", re.ASCII)
_GREGORIAN_START = (1582, 10, 15)


def _julian_to_gregorian(year: int, month: int, day: int) -> date:
    """The proleptic Gregorian date of a Julian calendar date (via the Julian day number)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return date.fromordinal(jdn - 1721425)


def parse_birthday(text: str) -> datetime | None:
    """The instant the integration's date formatter reads from `text`, or None when it reads nothing.

    Dates before 15 October 1582 are Julian calendar dates (the formatter's calendar switches there), so
    `1000-01-01` is the instant a proleptic Gregorian calendar calls `1000-01-06`.
    """
    m = _DOB.fullmatch(text)
    if m is None:
        return None
    year, month, day, hh, mm, ss = (int(x) for x in m.groups()[:6])
    zone = m.group(7)
    try:
        if (year, month, day) < _GREGORIAN_START:
            day_date = _julian_to_gregorian(year, month, day)
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                return None
        else:
            day_date = date(year, month, day)
        moment = datetime(day_date.year, day_date.month, day_date.day, hh, mm, ss, tzinfo=UTC)
    except ValueError:
        return None
    if zone != "Z":
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        moment = moment - offset if zone[0] == "+" else moment + offset
    return moment
