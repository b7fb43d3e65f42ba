"""JavaScript objects beyond JSON, for peers whose visible output depends on them; part of the JS layer (`js.py`).

Browser-side Segment code (the analytics.js facade and obj-case) copies messages with `for...in` and `[[Set]]`, adds
named properties to arrays and strings in strict mode, inherits through `__proto__`, and turns strings into `Date`s.
The values here model exactly that much:

- a plain `dict` is an object whose prototype is `Object.prototype`; `JSObject` (a dict) can have another one
  (`proto`: a dict, a list, or `None` for a null prototype), as `{"__proto__": {...}}` makes when copied by `[[Set]]`;
- a `list` is an array; `JSArray` (a list) also carries named (non-index) properties;
- `JSDate` is a `Date` (milliseconds since the epoch, NaN when invalid), with its own named properties;
- strings, numbers, booleans, `None` (null) and `js.UNDEFINED` are primitives.

`get` follows the prototype chain (built-in methods are the marker `FUNCTION`), `for_in` lists `for...in` keys,
`set_strict` / `delete` are strict-mode assignment and deletion (a property on a primitive is a `TypeError` with
V8's message), `to_string` is `String(value)`.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from . import js
from .js import UNDEFINED


class _Function:
    __slots__ = ()

    def __repr__(self) -> str:
        return "FUNCTION"


FUNCTION: Any = _Function()  # a built-in method found on a prototype


class JSTypeError(TypeError):
    """A JavaScript TypeError; `args[0]` is V8's message."""


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


class JSDate:
    """A `Date`: `ms` since the epoch (NaN for an Invalid Date) and its own named properties."""

    __slots__ = ("ms", "named")

    def __init__(self, ms: float) -> None:
        self.ms = ms if ms == ms and abs(ms) <= 8.64e15 else math.nan
        self.named: dict[str, Any] = {}

    def iso(self) -> str | None:
        """`toISOString()`, None for an Invalid Date (where JavaScript throws)."""
        if self.ms != self.ms:
            return None
        ms = int(self.ms)
        days, rest = divmod(ms, 86_400_000)
        y, m, d = _civil_from_days(days)
        hh, rest = divmod(rest, 3_600_000)
        mi, rest = divmod(rest, 60_000)
        ss, milli = divmod(rest, 1000)
        year = f"{y:04d}" if 0 <= y <= 9999 else f"{'+' if y > 0 else '-'}{abs(y):06d}"
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}.{milli:03d}Z"

    def __repr__(self) -> str:
        return f"JSDate({self.iso()})"


# --- calendar arithmetic (proleptic Gregorian, as ECMAScript's time values) ------------------------------------


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


def date_utc(year: int, month: int, day: int = 1, h: int = 0, mi: int = 0, s: int = 0, ms: int = 0) -> float:
    """`Date.UTC(year, month, day, h, mi, s, ms)`: month counts from 0, every field rolls over into the next
    (`Date.UTC(2001, 1, 29)` is 1 March), and years 0–99 mean 1900–1999."""
    if 0 <= year <= 99:
        year += 1900
    ym = year + month // 12
    mn = month % 12
    days = _days_from_civil(ym, mn + 1, 1) + day - 1
    return float(days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms)


def timezone_offset_minutes(timezone: str, now: datetime | None = None) -> int:
    """`new Date().getTimezoneOffset()` in `timezone` (an IANA name): minutes to add to local time to get UTC."""
    if timezone in ("UTC", "Etc/UTC", "GMT"):
        return 0
    from zoneinfo import ZoneInfo

    offset = (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).utcoffset()
    return -int(offset.total_seconds() // 60) if offset is not None else 0


# --- property access ---------------------------------------------------------------------------------------------

_OBJECT_PROTO = frozenset(
    (
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    )
)
_ARRAY_PROTO = frozenset(
    (
        "at",
        "concat",
        "copyWithin",
        "entries",
        "every",
        "fill",
        "filter",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "forEach",
        "includes",
        "indexOf",
        "join",
        "keys",
        "lastIndexOf",
        "map",
        "pop",
        "push",
        "reduce",
        "reduceRight",
        "reverse",
        "shift",
        "slice",
        "some",
        "sort",
        "splice",
        "toReversed",
        "toSorted",
        "toSpliced",
        "unshift",
        "values",
        "with",
    )
)


def _proto_of(value: Any) -> Any:
    """The prototype object of a dict (Object.prototype is represented by the string "Object.prototype")."""
    return value.proto if type(value) is JSObject else "Object.prototype"


def get(value: Any, key: str) -> Any:
    """`value[key]`, following the prototype chain; a built-in method is `FUNCTION`, a missing one `UNDEFINED`."""
    seen = 0
    while True:
        t = type(value)
        if t is dict or t is JSObject:
            if key in value:
                return value[key]
            if key == "__proto__":
                proto = _proto_of(value)
                return None if proto is None else (FUNCTION if proto == "Object.prototype" else proto)
            value = _proto_of(value)
            if value is None:
                return UNDEFINED
            if value == "Object.prototype":
                return FUNCTION if key in _OBJECT_PROTO else UNDEFINED
        elif t is list or t is JSArray:
            if key == "length":
                return len(value)
            if js.is_array_index(key) and int(key) < len(value):
                return value[int(key)]
            if t is JSArray and key in value.named:
                return value.named[key]
            return FUNCTION if key in _ARRAY_PROTO or key in _OBJECT_PROTO else UNDEFINED
        elif t is str:
            found = js.member(value, key)
            if found is not UNDEFINED:
                return found
            return FUNCTION if key in _OBJECT_PROTO or key in _STRING_PROTO else UNDEFINED
        elif t is JSDate:
            if key in value.named:
                return value.named[key]
            return FUNCTION if key in _OBJECT_PROTO or key.startswith(("get", "set", "to")) else UNDEFINED
        elif value is None or value is UNDEFINED:
            raise JSTypeError(f"Cannot read properties of {js.to_string(value)} (reading '{key}')")
        else:  # number, boolean
            return FUNCTION if key in _OBJECT_PROTO or key.startswith("to") else UNDEFINED
        seen += 1
        if seen > 64:
            return UNDEFINED


_STRING_PROTO = frozenset(
    ("charAt", "indexOf", "split", "substr", "substring", "slice", "trim", "toLowerCase", "toUpperCase", "replace")
)


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
    if method is not FUNCTION:
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
    """`String(value)`, including Dates (in UTC) and arrays holding them. An object whose `toString` is not a
    function (a JSON key named so) falls back to `valueOf`, which gives the object itself: V8's TypeError."""
    t = type(value)
    if t is JSDate:
        if value.ms != value.ms:
            return "Invalid Date"
        dt = datetime.fromtimestamp(value.ms / 1000, UTC) if -62135596800000 < value.ms < 253402300800000 else None
        if dt is None:
            return value.iso() or "Invalid Date"
        return dt.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")
    if t is list or t is JSArray:
        if t is JSArray and get(value, "toString") is not FUNCTION:
            raise JSTypeError("Cannot convert object to primitive value")
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
    if t is dict or t is JSObject:
        if get(value, "toString") is FUNCTION:
            return "[object Object]"
        raise JSTypeError("Cannot convert object to primitive value")
    return js.to_string(value)


def to_json(value: Any) -> Any:
    """The JSON a JavaScript value serialises to for a device call's `args`: Dates as `{"$date": ISO}` (null when
    invalid), undefined members left out, named array properties dropped, non-finite numbers null."""
    t = type(value)
    if t is dict or t is JSObject:
        out = {}
        for k, v in value.items():
            tv = type(v)
            if tv is str or tv is int or tv is bool or v is None:
                out[k] = v
            elif v is not UNDEFINED and v is not FUNCTION:
                out[k] = to_json(v)
        return out
    if t is list or t is JSArray:
        return [None if v is UNDEFINED or v is FUNCTION else to_json(v) for v in value]
    if t is JSDate:
        return {"$date": value.iso()}
    if t is float and (value != value or value in (math.inf, -math.inf)):
        return None
    return value
