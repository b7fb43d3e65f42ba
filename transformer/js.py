"""JavaScript value semantics, for flavours whose peer is written in JavaScript.

RudderStack's transformer (and Segment's) run on Node, and several visible details of their output come from
JavaScript's own rules rather than from the integration code: which values are "truthy", what `Number(x)` and
`String(x)` give, how `JSON.stringify` writes numbers and orders object keys, what `Date.parse` accepts, how
`String.prototype.trim` and Handlebars' `{{value}}` treat text. This module reproduces those rules for values
that come from JSON (dict, list, str, int, float, bool, None), in plain Python and without I/O or a clock.

`UNDEFINED` stands for JavaScript's `undefined` (a missing key); `None` is JSON `null`.
"""

from __future__ import annotations

import math
import re
from json.encoder import encode_basestring as _c_quote  # C-accelerated: escapes exactly like JSON.stringify
from typing import Any


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()

# ---------------------------------------------------------------------------------------------------------------
# truthiness, Number(), String()
# ---------------------------------------------------------------------------------------------------------------


def truthy(value: Any) -> bool:
    """JavaScript truthiness: "", 0, NaN, false, null and undefined are falsy; every object and array is truthy."""
    t = type(value)
    if t is str:
        return value != ""
    if t is dict or t is list:
        return True
    if t is bool:
        return value
    if t is int:
        return value != 0
    if t is float:
        return value != 0.0 and value == value
    return value is not None and value is not UNDEFINED


def valid(value: Any) -> bool:
    """rudder-transformer's "valid value" test: truthy, or exactly `false`, or exactly `0`."""
    t = type(value)
    if t is str:
        return value != ""
    if t is dict or t is list or t is bool:
        return True
    if t is int:
        return True
    if t is float:
        return value == value
    return value is not None and value is not UNDEFINED


def typeof(value: Any) -> str:
    """JavaScript's `typeof` for a JSON value: "string", "number", "boolean", "object" (also null and arrays)."""
    t = type(value)
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t is int or t is float:
        return "number"
    if value is UNDEFINED:
        return "undefined"
    return "object"


_REAL_TYPES = {str: "string", bool: "boolean", int: "number", float: "number", dict: "object", list: "array"}


def real_type(value: Any) -> str:
    """`Object.prototype.toString.call(value)` lower-cased without the brackets ("array", "null", "object", ...)."""
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return _REAL_TYPES.get(type(value), "object")


# StrWhiteSpaceChar of ECMA-262: WhiteSpace plus LineTerminator.
JS_WHITESPACE = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def trim(text: str) -> str:
    """`String.prototype.trim` (Python's `strip()` has a different whitespace set)."""
    return text.strip(JS_WHITESPACE)


_DECIMAL = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Infinity)\Z")
_DATE_LEAD = frozenset("0123456789")
_RADIX = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}


def string_to_number(text: str) -> float:
    """`Number(string)`: StringNumericLiteral, else NaN."""
    if text and text[0] in _DATE_LEAD and text[-1] in "Z0123456789" and text.count("-") >= 2:
        return math.nan  # an ISO date: fast rejection (a number has at most two signs, never two inner dashes)
    s = trim(text)
    if not s:
        return 0.0
    if len(s) > 2 and s[0] == "0" and s[1] in _RADIX:
        try:
            return float(int(s[2:], _RADIX[s[1]])) if "_" not in s else math.nan
        except ValueError:
            return math.nan
    if not _DECIMAL.match(s):
        return math.nan
    if s.endswith("Infinity"):
        return -math.inf if s[0] == "-" else math.inf
    return float(s)


def to_number(value: Any) -> float | int:
    """`Number(value)`."""
    t = type(value)
    if t is int or t is float:
        return value
    if t is bool:
        return 1 if value else 0
    if t is str:
        return string_to_number(value)
    if value is None:
        return 0
    if t is list:
        return string_to_number(to_string(value))
    return math.nan  # undefined, objects ("[object Object]")


def number_to_string(x: float | int) -> str:
    """`Number.prototype.toString()` / `String(number)` (ECMA-262 Number::toString, radix 10)."""
    if type(x) is int:
        if -(2**53) <= x <= 2**53:
            return str(x)
        x = float(x)  # JSON.parse would already have rounded it to a double
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + number_to_string(-x)
    r = repr(x)  # shortest round-trip digits, as JavaScript uses
    mantissa, _, exp = r.partition("e")
    int_part, _, frac = mantissa.partition(".")
    digits = int_part + frac
    point = len(int_part) + (int(exp) if exp else 0)  # decimal point sits after `point` digits
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    k = len(digits)
    n = point
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    sign = "+" if e >= 0 else "-"
    if k == 1:
        return f"{digits}e{sign}{abs(e)}"
    return f"{digits[0]}.{digits[1:]}e{sign}{abs(e)}"


def to_string(value: Any) -> str:
    """`String(value)` / template-literal conversion."""
    t = type(value)
    if t is str:
        return value
    if t is bool:
        return "true" if value else "false"
    if t is int or t is float:
        return number_to_string(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if t is list:
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
    return "[object Object]"


def lower(value: Any) -> str:
    """`String(value).toLowerCase()` for the characters that matter here."""
    return to_string(value).lower()


# ---------------------------------------------------------------------------------------------------------------
# object keys, JSON.stringify, JSON.parse
# ---------------------------------------------------------------------------------------------------------------

_MAX_INDEX = 2**32 - 2


def is_array_index(key: str) -> bool:
    """A canonical array-index string ("0", "17", not "01"): JavaScript lists such keys first, ascending."""
    if not key or not key.isdigit() or not key.isascii():
        return False
    if len(key) > 1 and key[0] == "0":
        return False
    return int(key) <= _MAX_INDEX


def js_key_order(keys: list[str]) -> list[str]:
    """`Object.keys` order for the given insertion order: array indexes ascending, then the rest as inserted."""
    idx = [k for k in keys if is_array_index(k)]
    if not idx:
        return keys
    rest = [k for k in keys if not is_array_index(k)]
    idx.sort(key=int)
    return idx + rest


def object_keys(value: Any) -> list[str]:
    """`Object.keys(value)` for a JSON value (strings and arrays expose their indexes; numbers have none)."""
    t = type(value)
    if t is dict:
        keys = list(value)
        for k in keys:
            if k[:1].isdigit():
                return js_key_order(keys)
        return keys
    if t is list:
        return [str(i) for i in range(len(value))]
    if t is str:
        return [str(i) for i in range(utf16_len(value))]
    return []


def utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def member(container: Any, key: str) -> Any:
    """`container[key]` for a JSON container, UNDEFINED when absent."""
    t = type(container)
    if t is dict:
        return container.get(key, UNDEFINED)
    if t is list:
        if is_array_index(key) and int(key) < len(container):
            return container[int(key)]
        if key == "length":
            return len(container)
        return UNDEFINED
    if t is str:
        if is_array_index(key) and int(key) < utf16_len(container):
            units = container.encode("utf-16-le", "surrogatepass")
            i = int(key) * 2
            return units[i : i + 2].decode("utf-16-le", "surrogatepass")
        if key == "length":
            return utf16_len(container)
        return UNDEFINED
    return UNDEFINED


def has(container: Any, key: str) -> bool:
    """JavaScript's `key in container` for JSON containers (own data only; prototype members are not modelled)."""
    t = type(container)
    if t is dict:
        return key in container
    if t is list:
        return key == "length" or (is_array_index(key) and int(key) < len(container))
    return False


def _num_json(x: float | int) -> str:
    if type(x) is int and -(2**53) <= x <= 2**53:
        return str(x)
    x = float(x)
    if x != x or x in (math.inf, -math.inf):
        return "null"
    return number_to_string(x)


def stringify(value: Any) -> str | Any:
    """`JSON.stringify(value)` with no spaces: JavaScript number formatting and key order, `undefined` skipped.

    Returns UNDEFINED for a top-level `undefined`, as JavaScript does.
    """
    if value is UNDEFINED:
        return UNDEFINED
    parts: list[str] = []
    _enc(value, parts.append)
    return "".join(parts)


def _enc(v: Any, out: Any) -> None:
    t = type(v)
    if t is str:
        out(_c_quote(v))
    elif t is dict:
        keys = list(v)
        for k in keys:
            if k[:1].isdigit():
                keys = js_key_order(keys)
                break
        out("{")
        first = True
        for k in keys:
            item = v[k]
            if item is UNDEFINED:
                continue
            if first:
                first = False
            else:
                out(",")
            out(_c_quote(k))
            out(":")
            _enc(item, out)
        out("}")
    elif t is list:
        out("[")
        first = True
        for item in v:
            if first:
                first = False
            else:
                out(",")
            if item is UNDEFINED:
                out("null")
            else:
                _enc(item, out)
        out("]")
    elif t is bool:
        out("true" if v else "false")
    elif t is int or t is float:
        out(_num_json(v))
    elif v is None:
        out("null")
    else:
        out(_c_quote(str(v)))


_SAFE = 2**53


def _as_double(x: int) -> float:
    try:
        return float(x)
    except OverflowError:  # beyond the largest double: JSON.parse gives +/-Infinity
        return math.inf if x > 0 else -math.inf


def from_json(value: Any) -> Any:
    """The value JavaScript holds after `JSON.parse` of this JSON value's text.

    Integers beyond 2**53 become the nearest double (at any depth) and object keys take `Object.keys` order
    (array indexes first, ascending). Values that need no change are returned as they are (no copy).
    """
    t = type(value)
    if t is int:
        return value if -_SAFE <= value <= _SAFE else _as_double(value)
    if t is dict:
        keys = object_keys(value)
        values = [from_json(value[k]) for k in keys]
        if keys == list(value) and all(a is value[k] for a, k in zip(values, keys, strict=True)):
            return value
        return dict(zip(keys, values, strict=True))
    if t is list:
        items = [from_json(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


PROTO_KEY = "__proto__"


def assign_copy(value: Any) -> Any:
    """A deep copy made the way `Object.assign({}, obj)` copies, recursively (arrays mapped element-wise).

    `Object.assign` writes each own key with `[[Set]]`, and setting `__proto__` on a fresh object changes its
    prototype instead of creating a key: every `__proto__` key vanishes, at any depth. Other keys keep their order.
    """
    t = type(value)
    if t is dict:
        return {k: assign_copy(v) for k, v in value.items() if k != PROTO_KEY}
    if t is list:
        return [assign_copy(v) for v in value]
    return value


class JSONParseError(ValueError):
    """`JSON.parse` rejected its input; `message` is Node's wording for the common cases."""


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


_JSON_WS = " \t\n\r"
_LITERALS = {"t": "true", "f": "false", "n": "null"}
_CONTEXT = 10  # V8 shows this many characters either side of the bad token in long sources


def _unexpected_token(text: str, pos: int) -> str:
    """V8's "Unexpected token" message, with its context rule for sources of 21 characters or more."""
    char = text[pos]
    if len(text) < 2 * _CONTEXT + 1:
        return f"Unexpected token '{char}', \"{text}\" is not valid JSON"
    start, stop = max(0, pos - _CONTEXT), min(len(text), pos + _CONTEXT)
    prefix = "..." if start > 0 else ""
    suffix = "..." if stop < len(text) else ""
    return f"Unexpected token '{char}', {prefix}\"{text[start:stop]}\"{suffix} is not valid JSON"


def _parse_error(text: str, msg: str, pos: int) -> str:
    """Node's JSON.parse message for the common failures (Python's json module located the problem)."""
    if text.strip(_JSON_WS) in ("undefined", "NaN", "Infinity", "-Infinity"):
        return f'"{text}" is not valid JSON'
    if msg.startswith("Extra data"):
        return f"Unexpected non-whitespace character after JSON at position {pos}"
    if msg.startswith("Unterminated string"):
        return f"Unterminated string in JSON at position {len(text)}"
    if pos >= len(text) or not text[pos:].strip(_JSON_WS):
        return "Unexpected end of JSON input"
    literal = _LITERALS.get(text[pos])
    if literal is not None and msg.startswith("Expecting value"):
        for i, expected in enumerate(literal):
            if pos + i >= len(text):
                return "Unexpected end of JSON input"
            if text[pos + i] != expected:
                return _unexpected_token(text, pos + i)
    return _unexpected_token(text, pos)


def parse(value: Any) -> Any:
    """`JSON.parse(value)` (the argument is converted with `String()` first, as JavaScript does)."""
    import json

    text = to_string(value)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise JSONParseError(_parse_error(text, exc.msg, exc.pos)) from None
    except ValueError:  # NaN / Infinity, which JSON.parse rejects
        raise JSONParseError(_parse_error(text, "Expecting value", len(text) - len(text.lstrip(_JSON_WS)))) from None


# ---------------------------------------------------------------------------------------------------------------
# Date parsing (new Date(string).getTime()), without a clock
# ---------------------------------------------------------------------------------------------------------------

_ISO = re.compile(
    r"(?P<y>[+-]\d{6}|\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2}))?)?"
    r"(?:T(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?(?P<z>Z|[+-]\d{2}:\d{2})?)?\Z"
)
_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_LEGACY_NUMERIC = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?)?"
    r"\s*(?P<z>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{2}:?\d{2})?\Z",
    re.IGNORECASE,
)
_LEGACY_US = re.compile(
    r"(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?"
    r"\s*(?P<z>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{2}:?\d{2})?\Z",
    re.IGNORECASE,
)
_LEGACY_TEXT = re.compile(
    r"(?:[A-Za-z]{3,9},?\s+)?"
    r"(?:(?P<d1>\d{1,2})\s+(?P<mon1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<mon2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4}))"
    r"(?:\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?"
    r"\s*(?P<z>Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{2}:?\d{2})?(?:\s*\([^)]*\))?\Z",
    re.IGNORECASE,
)


_BARE_ZERO = re.compile(r"[+-]?0+\Z")


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _offset_minutes(z: str | None) -> int:
    if not z:
        return 0
    z = z.upper()
    if z in ("Z", "UTC", "GMT"):
        return 0
    if z.startswith(("UTC", "GMT")):
        z = z[3:]
    sign = -1 if z[0] == "-" else 1
    digits = z[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4]))


def _compose(y: int, mo: int, d: int, h: int, mi: int, s: int, ms: int, offset_min: int) -> float:
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 0 <= mi <= 59 and 0 <= s <= 59):
        return math.nan
    if h > 24 or (h == 24 and (mi or s or ms)):
        return math.nan
    t = ((_days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms - offset_min * 60_000
    if abs(t) > 8.64e15:
        return math.nan
    return float(t)


_ISO_FULL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?(Z|[+-]\d{2}:\d{2})?\Z")


def parse_date_ms(text: str) -> float:
    """`Date.parse(text)` in milliseconds since the epoch, NaN when JavaScript gives an Invalid Date.

    Covers the ECMAScript ISO format (date-only forms are UTC) and the common legacy forms V8 also accepts
    (`2021-03-10 11:59:22`, `2021/03/10`, `03/10/2021`, `Wed, 10 Mar 2021 11:59:22 GMT`, `March 10, 2021`).
    Forms without an offset are local time in JavaScript; they are read as UTC here, the time zone
    rudder-transformer's container runs in.
    """
    m = _ISO_FULL.match(text)  # the common full form, read positionally
    if m:
        y, mo, d, h, mi, sec, frac, z = m.groups()
        return _compose(
            int(y),
            int(mo),
            int(d),
            int(h),
            int(mi),
            int(sec),
            int(frac.ljust(3, "0")) if frac else 0,
            _offset_minutes(z),
        )
    s = trim(text)
    m = _ISO.match(s)
    if m:
        y = int(m["y"])
        if m["y"] == "-000000":
            return math.nan
        frac = (m["f"] or "0")[:3].ljust(3, "0")
        return _compose(
            y,
            int(m["mo"] or 1),
            int(m["d"] or 1),
            int(m["h"] or 0),
            int(m["mi"] or 0),
            int(m["s"] or 0),
            int(frac),
            _offset_minutes(m["z"]),
        )
    if _BARE_ZERO.match(s):  # V8's legacy parser reads a lone 0 as the two-digit year 2000
        return 946_684_800_000.0
    m = _LEGACY_NUMERIC.match(s) or _LEGACY_US.match(s)
    if m:
        frac = ((m.groupdict().get("f") or "0")[:3]).ljust(3, "0")
        return _compose(
            int(m["y"]),
            int(m["mo"]),
            int(m["d"]),
            int(m["h"] or 0),
            int(m["mi"] or 0),
            int(m["s"] or 0),
            int(frac),
            _offset_minutes(m["z"]),
        )
    m = _LEGACY_TEXT.match(s)
    if m:
        mon = (m["mon1"] or m["mon2"]).lower()[:3]
        if mon not in _MONTHS:
            return math.nan
        day = int(m["d1"] or m["d2"])
        year = int(m["y1"] or m["y2"])
        return _compose(
            year,
            _MONTHS[mon],
            day,
            int(m["h"] or 0),
            int(m["mi"] or 0),
            int(m["s"] or 0),
            0,
            _offset_minutes(m["z"]),
        )
    return math.nan


def to_unix_seconds(value: Any) -> float | int:
    """rudder-transformer's `toUnixTimestamp`: `Math.floor(new Date(value).getTime() / 1000)`; NaN if invalid."""
    t = type(value)
    if t is int or t is float:
        ms = float(value)
    elif t is bool:
        ms = 1.0 if value else 0.0
    elif value is None:
        ms = 0.0
    elif t is str:
        ms = parse_date_ms(value)
    elif t is list:
        ms = parse_date_ms(to_string(value))
    else:
        ms = math.nan
    if ms != ms or abs(ms) > 8.64e15:
        return math.nan
    return math.floor(ms / 1000)


# ---------------------------------------------------------------------------------------------------------------
# Handlebars {{value}}
# ---------------------------------------------------------------------------------------------------------------

_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "`": "&#x60;", "=": "&#x3D;"}
_HTML_BAD = re.compile(r"[&<>\"'`=]")


def handlebars_value(value: Any) -> str:
    """What Handlebars prints for `{{value}}`: `String(value)`, HTML-escaped; null/undefined print nothing."""
    if value is None or value is UNDEFINED:
        return ""
    text = to_string(value)
    if _HTML_BAD.search(text) is None:
        return text
    return _HTML_BAD.sub(lambda m: _HTML_ESCAPES[m.group()], text)


# ---------------------------------------------------------------------------------------------------------------
# plain objects' inherited members, Date#toISOString
# ---------------------------------------------------------------------------------------------------------------

# `String(({})[name])` for every member a plain object inherits from Object.prototype. Code that looks a key up
# in a plain object used as a table (`table[key] ?? key`) finds these for keys such as "toString", and then uses
# the member itself (a function, or Object.prototype for "__proto__"); as a property key it becomes this text.
OBJECT_PROTOTYPE_MEMBERS: dict[str, str] = {
    name: f"function {name}() {{ [native code] }}"
    for name in (
        "__defineGetter__",
        "__defineSetter__",
        "hasOwnProperty",
        "__lookupGetter__",
        "__lookupSetter__",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "toLocaleString",
    )
}
OBJECT_PROTOTYPE_MEMBERS["constructor"] = "function Object() { [native code] }"
OBJECT_PROTOTYPE_MEMBERS["__proto__"] = "[object Object]"

MAX_DATE_MS = 8.64e15


def date_from_value(value: Any) -> float:
    """`new Date(value).getTime()` for a JSON string or number (NaN when invalid); strings as `Date.parse`."""
    if type(value) is str:
        ms = parse_date_ms(value)
    elif type(value) in (int, float):
        ms = float(value)
    else:
        return math.nan
    if ms != ms or abs(ms) > MAX_DATE_MS:
        return math.nan
    return float(math.trunc(ms)) + 0.0


def iso_string(ms: float) -> str:
    """`Date.prototype.toISOString` of a valid time value (years outside 0-9999 get a sign and six digits)."""
    days, rest = divmod(int(ms), 86_400_000)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    hh, rest = divmod(rest, 3_600_000)
    mi, rest = divmod(rest, 60_000)
    ss, msec = divmod(rest, 1000)
    ytext = f"{year:04d}" if 0 <= year <= 9999 else ("+" if year > 0 else "-") + f"{abs(year):06d}"
    return f"{ytext}-{month:02d}-{day:02d}T{hh:02d}:{mi:02d}:{ss:02d}.{msec:03d}Z"


def parsed_numbers(value: Any) -> Any:
    """`value` as JavaScript's JSON.parse holds it: integers beyond 2**53 become the nearest double.

    Python's json keeps such integers exact; code running on a JavaScript engine never sees them. Returns the
    value itself when nothing changes, so the common case costs one walk and no copy.
    """
    t = type(value)
    if t is int:
        return value if -(2**53) <= value <= 2**53 else float(value)
    if t is dict:
        changed = None
        for k, v in value.items():
            nv = parsed_numbers(v)
            if nv is not v:
                if changed is None:
                    changed = dict(value)
                changed[k] = nv
        return value if changed is None else changed
    if t is list:
        out = [parsed_numbers(v) for v in value]
        return value if all(a is b for a, b in zip(out, value, strict=True)) else out
    return value


class JSTypeError(TypeError):
    """A TypeError JavaScript code would throw; `str()` is V8's message text."""


def template_string(value: Any) -> str:
    """`${value}` in a template literal, including when it throws.

    A JSON object's own `toString` key is never a function, so ToPrimitive falls through to `valueOf`, which
    returns the object itself: V8 throws "Cannot convert object to primitive value". Arrays join their elements
    the same way, so such an object inside an array throws too.
    """
    t = type(value)
    if t is dict:
        if "toString" in value:
            raise JSTypeError("Cannot convert object to primitive value")
        return "[object Object]"
    if t is list:
        return ",".join("" if v is None or v is UNDEFINED else template_string(v) for v in value)
    return to_string(value)


def js_or(*values: Any) -> Any:
    """`a || b || c`: the first truthy value, else the last one (which may be null, "", 0, false or undefined)."""
    for v in values:
        if truthy(v):
            return v
    return values[-1]


def own_entries(value: Any) -> list[tuple[str, Any]]:
    """`Object.entries(value)` for a JSON value (strings by UTF-16 unit, arrays by index, numbers: none)."""
    if type(value) is dict and not any(k[:1].isdigit() for k in value):
        return list(value.items())
    return [(k, member(value, k)) for k in object_keys(value)]
