"""JavaScript objects beyond JSON, for peers whose visible output depends on them; part of the JS layer (`js.py`).

Browser-side Segment code (the analytics.js facade and obj-case) copies messages with `for...in` and `[[Set]]`, adds
named properties to arrays and strings in strict mode, inherits through `__proto__`, and turns strings into `Date`s.
The values here model exactly that much:

- a plain `dict` is an object whose prototype is `Object.prototype`; `JSObject` (a dict) can have another one
  (`proto`: a dict, a list, or `None` for a null prototype), as `{"__proto__": {...}}` makes when copied by `[[Set]]`;
- a `list` is an array; `JSArray` (a list) also carries named (non-index) properties;
- `JSDate` is a `Date` (milliseconds since the epoch, NaN when invalid), with its own named properties;
- strings, numbers, booleans, `None` (null) and `js.UNDEFINED` are primitives.

`get` follows the prototype chain (built-in methods are `js.JSFunction`, as `js.get_property` gives them for plain
values), `for_in` lists `for...in` keys, `set_strict` / `delete` are strict-mode assignment and deletion (a property
on a primitive is a `js.JSTypeError` with V8's message), `to_string` is `String(value)`. Everything a plain JSON value
needs is `js.py`'s; this module adds only what these extra kinds of value change.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from . import js
from .js import UNDEFINED
from .js_date import _days_from_civil as days_from_civil  # MakeDay's building block (the layer's own)

JSTypeError = js.JSTypeError


def is_function(value: Any) -> bool:
    return type(value) is js.JSFunction


class JSObject(dict):
    """An object whose prototype is not `Object.prototype`: `proto` is a dict, a list or None (null)."""

    __slots__ = ("proto",)

    def __init__(self, *args: Any, proto: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proto = proto


class JSArray(list):
    """An array with named (non-index) properties, e.g. after `arr.id = 1`."""

    __slots__ = ("named",)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.named: dict[str, Any] = {}


_ISO_TEXT: dict[float, str] = {}


class JSDate:
    """A `Date`: `ms` since the epoch (NaN for an Invalid Date) and its own named properties."""

    __slots__ = ("ms", "named")

    def __init__(self, ms: float) -> None:
        self.ms = ms if ms == ms and abs(ms) <= 8.64e15 else math.nan
        self.named: dict[str, Any] = {}

    def iso(self) -> str | None:
        """`toISOString()`, None for an Invalid Date (where JavaScript throws); memoised by time value."""
        if self.ms != self.ms:
            return None
        text = _ISO_TEXT.get(self.ms)
        if text is None:
            if len(_ISO_TEXT) >= 10_000:
                _ISO_TEXT.clear()
            text = _ISO_TEXT[self.ms] = js.iso_string(self.ms)
        return text

    def __repr__(self) -> str:
        return f"JSDate({self.iso()})"


# --- calendar arithmetic (proleptic Gregorian, as ECMAScript's time values) ------------------------------------


def date_utc(year: int, month: int, day: int = 1, h: int = 0, mi: int = 0, s: int = 0, ms: int = 0) -> float:
    """`Date.UTC(year, month, day, h, mi, s, ms)`: month counts from 0, every field rolls over into the next
    (`Date.UTC(2001, 1, 29)` is 1 March), and years 0–99 mean 1900–1999."""
    if 0 <= year <= 99:
        year += 1900
    ym = year + month // 12
    mn = month % 12
    days = days_from_civil(ym, mn + 1, 1) + day - 1
    return float(days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms)


def timezone_offset_minutes(timezone: str, now: datetime | None = None) -> int:
    """`new Date().getTimezoneOffset()` in `timezone` (an IANA name): minutes to add to local time to get UTC."""
    if timezone in ("UTC", "Etc/UTC", "GMT"):
        return 0
    from zoneinfo import ZoneInfo

    offset = (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).utcoffset()
    return -int(offset.total_seconds() // 60) if offset is not None else 0


# --- property access ---------------------------------------------------------------------------------------------

_DATE_PROTOTYPE = js.OBJECT_PROTOTYPE | frozenset(("getTime", "toISOString", "toJSON", "toString", "valueOf"))


def _proto_of(value: Any) -> Any:
    """The prototype of a dict: a dict, a list, None (null), or "Object.prototype"."""
    return value.proto if type(value) is JSObject else "Object.prototype"


def get(value: Any, key: str) -> Any:
    """`value[key]`, following the prototype chain; reading a member of null or undefined is V8's TypeError."""
    for _ in range(64):
        t = type(value)
        if t is JSObject:
            if key in value:
                return value[key]
            if key == js.PROTO_KEY:
                return value.proto
            value = value.proto
            if value is None:
                return UNDEFINED
            continue
        if t is JSArray:
            if key in value.named:
                return value.named[key]
            return js.get_property(list(value) if js.is_array_index(key) or key == "length" else [], key)
        if t is JSDate:
            if key in value.named:
                return value.named[key]
            return js.JSFunction(key) if key in _DATE_PROTOTYPE else UNDEFINED
        if value is None or value is UNDEFINED:
            raise JSTypeError(f"Cannot read properties of {js.to_string(value)} (reading '{key}')")
        return js.get_property(value, key)
    return UNDEFINED


def dict_keys(value: dict[str, Any]) -> list[str]:
    """An object's own keys in JavaScript's order.

    Every dict here starts as `js.from_json` output, already in `Object.keys` order (array indexes first,
    ascending, then insertion order), and later insertions are of non-index keys or in index order, so insertion
    order is JavaScript's order.
    """
    return list(value)


def own_keys(value: Any) -> list[str]:
    """`Object.keys(value)`: own enumerable string keys in JavaScript's order."""
    t = type(value)
    if t is dict or t is JSObject:
        return dict_keys(value)
    if t is JSArray or t is list:
        return [str(i) for i in range(len(value))] + (list(value.named) if t is JSArray else [])
    if t is str:
        return js.object_keys(value)
    if t is JSDate:
        return list(value.named)
    return []


def for_in(value: Any) -> list[str]:
    """`for (key in value)`: own enumerable keys, then those of each prototype not already listed."""
    keys = own_keys(value)
    proto = _proto_of(value) if type(value) in (dict, JSObject) else None
    depth = 0
    while proto is not None and proto != "Object.prototype" and depth < 64:
        seen = set(keys)
        keys = keys + [k for k in own_keys(proto) if k not in seen]
        proto = _proto_of(proto) if type(proto) in (dict, JSObject) else None
        depth += 1
    return keys


def has_own(value: Any, key: str) -> bool:
    """`Object.prototype.hasOwnProperty.call(value, key)`."""
    t = type(value)
    if t is dict or t is JSObject:
        return key in value
    if t is list or t is JSArray:
        return (
            (js.is_array_index(key) and int(key) < len(value))
            or key == "length"
            or (t is JSArray and key in value.named)
        )
    if t is str:
        return key == "length" or (js.is_array_index(key) and int(key) < js.utf16_len(value))
    if t is JSDate:
        return key in value.named
    return False


def call_has_own_property(value: Any, key: str) -> bool:
    """`value.hasOwnProperty(key)` as written in code: the method is looked up on the value first."""
    method = get(value, "hasOwnProperty")
    if not is_function(method):
        raise JSTypeError("obj.hasOwnProperty is not a function")
    return has_own(value, key)


def set_strict(target: Any, key: str, value: Any) -> None:
    """`target[key] = value` in strict mode."""
    t = type(target)
    if t is dict or t is JSObject:
        if key == "__proto__":
            return  # handled by `clone`, where a copied object can receive a prototype
        target[key] = value
    elif t is list or t is JSArray:
        if js.is_array_index(key):
            i = int(key)
            while len(target) <= i:
                target.append(UNDEFINED)
            target[i] = value
        elif t is JSArray:
            target.named[key] = value
        else:
            raise ValueError("a named property on a plain list: use JSArray")
    elif t is JSDate:
        target.named[key] = value
    else:
        kind = js.typeof(target)
        raise JSTypeError(f"Cannot create property '{key}' on {kind} '{js.to_string(target)}'")


def delete(target: Any, key: str) -> None:
    """`delete target[key]` (strict mode; own configurable properties only, so nothing else can fail here)."""
    t = type(target)
    if t is dict or t is JSObject:
        target.pop(key, None)
    elif t is JSArray or t is JSDate:
        target.named.pop(key, None)


def to_string(value: Any) -> str:
    """`String(value)` (`js.to_string`), also for Dates (in UTC) and objects with another prototype: an object whose
    `toString` is not a function falls back to `valueOf`, which gives the object itself: V8's TypeError."""
    t = type(value)
    if t is JSDate:
        if value.ms != value.ms:
            return "Invalid Date"
        dt = datetime.fromtimestamp(value.ms / 1000, UTC) if -62135596800000 < value.ms < 253402300800000 else None
        if dt is None:
            return value.iso() or "Invalid Date"
        return dt.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")
    if t is JSObject or t is JSArray:
        if not is_function(get(value, "toString")):
            raise JSTypeError("Cannot convert object to primitive value")
        return (
            "[object Object]"
            if t is JSObject
            else ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
        )
    if t is list:
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
    return js.to_string(value)


_JSON_SCALARS = frozenset((str, int, bool, type(None)))
_JSON_SCALARS_F = _JSON_SCALARS | {float}
INFINITIES = frozenset((math.inf, -math.inf))  # scalars hash as they compare: one set look-up per value


def to_json(value: Any) -> Any:
    """The JSON a JavaScript value serialises to for a device call's `args`: Dates as `{"$date": ISO}` (null when
    invalid), undefined members left out, named array properties dropped, non-finite numbers null. Callers pass
    values they own, built for this event: a plain dict or list is made JSON in place (members that need no change
    are not written again) and returned."""
    t = type(value)
    if t is dict:
        values = value.values()
        if _JSON_SCALARS_F.issuperset(map(type, values)) and INFINITIES.isdisjoint(values):
            return value
        changes = []
        for k, v in value.items():
            tv = type(v)
            if tv is str or tv is int or tv is bool or v is None or (tv is float and -math.inf < v < math.inf):
                continue
            if v is UNDEFINED or tv is js.JSFunction:
                changes.append((k, UNDEFINED))
            else:
                new = to_json(v)
                if new is not v:
                    changes.append((k, new))
        for k, new in changes:
            if new is UNDEFINED:
                del value[k]
            else:
                value[k] = new
        return value
    if t is JSObject:
        out = {}
        for k, v in value.items():
            tv = type(v)
            if tv is str or tv is int or tv is bool or v is None or (tv is float and -math.inf < v < math.inf):
                out[k] = v
            elif v is not UNDEFINED and type(v) is not js.JSFunction:
                out[k] = to_json(v)
        return out
    if t is list:
        for i, v in enumerate(value):
            if type(v) not in _JSON_SCALARS:
                new = None if v is UNDEFINED or type(v) is js.JSFunction else to_json(v)
                if new is not v:
                    value[i] = new
        return value
    if t is JSArray:
        return [
            v if type(v) in _JSON_SCALARS else (None if v is UNDEFINED or type(v) is js.JSFunction else to_json(v))
            for v in value
        ]
    if t is JSDate:
        return {"$date": value.iso()}
    if t is float and (value != value or value in (math.inf, -math.inf)):
        return None
    return value
