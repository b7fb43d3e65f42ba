"""JavaScript value semantics, for flavours whose peer is written in JavaScript: the one layer every flavour uses.

RudderStack's transformer (and Segment's) run on Node, and several visible details of their output come from
JavaScript's own rules rather than from the integration code: which values are "truthy", what `Number(x)` and
`String(x)` give, how `JSON.parse` rounds big integers, how `JSON.stringify` writes numbers, lone surrogates and
object keys, what `new Date(x)` accepts, which properties an object "has" through its prototype (`toString`,
`hasOwnProperty`, `length`), how `String.prototype.trim` and Handlebars' `{{value}}` treat text. This module
reproduces those rules for values that come from JSON (dict, list, str, int, float, bool, None), in plain Python
and without I/O or a clock. docs/js-semantics.md lists each rule with its public source.

- `UNDEFINED` stands for JavaScript's `undefined` (a missing key); `None` is JSON `null`.
- `JSFunction` stands for a built-in method found through the prototype chain (`{}.toString`): truthy,
  `typeof` "function", left out by `JSON.stringify`.
- Numbers are IEEE doubles: an int beyond +-2**53 is a value JSON.parse could not have produced; `to_double`,
  `from_json` and `loads` turn it into the double JavaScript holds.
"""

from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring as _c_quote  # C-accelerated: escapes exactly like JSON.stringify
from typing import Any

import orjson as _orjson

from .js_date import parse_date_ms
from .js_json import v8_parse_error


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()

_DIGIT_STARTS = frozenset("0123456789")  # an array-index key starts with one (a quick filter before the full test)

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
    if t is JSFunction:
        return "function"
    return "object"  # null, arrays, objects, prototypes


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


_DECIMAL = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|Infinity)\Z", re.ASCII)
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
        if not s.isascii():
            return math.nan
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
    if t is list or t is dict:
        return string_to_number(to_string(value))  # "[object Object]" is NaN; an own toString throws
    return math.nan  # undefined, functions


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
    if t is JSFunction:
        return f"function {value.name}() {{ [native code] }}"
    if t is dict and "toString" in value:
        # its own toString is data, not a method; valueOf then gives the object itself: no primitive value
        raise JSTypeError("Cannot convert object to primitive value")
    return "[object Object]"


def lower(value: Any) -> str:
    """`String(value).toLowerCase()` for the characters that matter here."""
    return to_string(value).lower()


# ---------------------------------------------------------------------------------------------------------------
# numbers are doubles
# ---------------------------------------------------------------------------------------------------------------

MAX_EXACT_INT = 2**53  # every integer up to this magnitude is a double exactly


def to_double(value: int | float) -> int | float:
    """The number JavaScript holds for `value`: an int beyond +-2**53 becomes the nearest double (as JSON.parse
    rounds `12345678901234567890` to 12345678901234567000), beyond the double range +-Infinity; others unchanged."""
    if type(value) is int and not -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def json_int(text: str) -> int | float:
    """An integer literal of JSON text as JSON.parse reads it (a `parse_int` hook for Python's json)."""
    return int(text) if len(text) < 16 else to_double(int(text))


def _js_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    for k in obj:
        if k[:1] in _DIGIT_STARTS:
            return {key: obj[key] for key in js_key_order(list(obj))}
    return obj


# ---------------------------------------------------------------------------------------------------------------
# properties through the prototype chain
# ---------------------------------------------------------------------------------------------------------------


class JSFunction:
    """A built-in method reached through a prototype (`{}.toString`, `"x".trim`): what a JSON value "has" besides
    its own data. Truthy; `JSON.stringify` leaves it out of objects and writes `null` for it in arrays."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"JSFunction({self.name})"

    def __eq__(self, other: object) -> bool:
        return type(other) is JSFunction and other.name == self.name

    def __hash__(self) -> int:
        return hash(("JSFunction", self.name))


class JSTypeError(TypeError):
    """A TypeError JavaScript would throw; `str()` is V8's message."""


class JSRangeError(ValueError):
    """A RangeError JavaScript would throw (`arr.length = {}`: "Invalid array length")."""


# Own property names of the prototypes (Node 20): Object.getOwnPropertyNames(X.prototype)
OBJECT_PROTOTYPE = frozenset(
    (
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    )
)
ARRAY_PROTOTYPE = OBJECT_PROTOTYPE | frozenset(
    "at concat copyWithin entries every fill filter find findIndex findLast findLastIndex flat flatMap forEach "
    "includes indexOf join keys lastIndexOf map pop push reduce reduceRight reverse shift slice some sort splice "
    "toReversed toSorted toSpliced unshift values with".split()
)
STRING_PROTOTYPE = OBJECT_PROTOTYPE | frozenset(
    "anchor at big blink bold charAt charCodeAt codePointAt concat endsWith fixed fontcolor fontsize includes "
    "indexOf isWellFormed italics lastIndexOf link localeCompare match matchAll normalize padEnd padStart repeat "
    "replace replaceAll search slice small split startsWith strike sub substr substring sup toLocaleLowerCase "
    "toLocaleUpperCase toLowerCase toUpperCase toWellFormed trim trimEnd trimLeft trimRight trimStart".split()
)
NUMBER_PROTOTYPE = OBJECT_PROTOTYPE | frozenset(("toExponential", "toFixed", "toPrecision"))
BOOLEAN_PROTOTYPE = OBJECT_PROTOTYPE
PROTO_KEY = "__proto__"  # an accessor on Object.prototype: reading it gives the prototype object


class _Prototype:
    """What `obj.__proto__` gives for a value that has no own `__proto__` key: a (non-JSON) object."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"{self.kind}.prototype"


_PROTOTYPES = {
    dict: (OBJECT_PROTOTYPE, _Prototype("Object")),
    list: (ARRAY_PROTOTYPE, _Prototype("Array")),
    str: (STRING_PROTOTYPE, _Prototype("String")),
    int: (NUMBER_PROTOTYPE, _Prototype("Number")),
    float: (NUMBER_PROTOTYPE, _Prototype("Number")),
    bool: (BOOLEAN_PROTOTYPE, _Prototype("Boolean")),
}


def get_property(value: Any, key: str) -> Any:
    """`value[key]` with JavaScript's lookup: own data first, then the prototype chain (`toString`,
    `hasOwnProperty`, `constructor`, `length`, `__proto__`), UNDEFINED when nothing has it.

    null and undefined have no properties (JavaScript throws); UNDEFINED is returned and the caller decides.
    """
    t = type(value)
    if t is dict:
        if key in value:
            return value[key]
    elif t is list or t is str:
        own = member(value, key)
        if own is not UNDEFINED:
            return own
    elif value is None or value is UNDEFINED:
        return UNDEFINED
    proto = _PROTOTYPES.get(t)
    if proto is None:
        return UNDEFINED
    if key in proto[0]:
        return JSFunction(key)
    if key == PROTO_KEY:
        return proto[1]
    return UNDEFINED


def has_own_proto_key(value: Any) -> bool:
    """True when an object anywhere in `value` owns a `__proto__` key (what @hapi/bourne's scan looks for).

    Every event goes through this check, so it starts with orjson's C serialiser: a dict owning `__proto__` always
    writes `"__proto__":`, so text without it answers "no" exactly. Text with it (or a value orjson refuses: big
    ints, lone surrogates, markers) gets the walk, which alone decides "yes" (a string value may hold the words)."""
    try:
        text = _orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _owns_proto_key(value)
    return _PROTO_NEEDLE in text and _owns_proto_key(value)


_PROTO_NEEDLE = b'"__proto__":'


def _owns_proto_key(value: Any) -> bool:
    t = type(value)
    if t is dict:
        if PROTO_KEY in value:
            return True
        for v in value.values():
            tv = type(v)
            if (tv is dict or tv is list) and _owns_proto_key(v):
                return True
    elif t is list:
        for v in value:
            tv = type(v)
            if (tv is dict or tv is list) and _owns_proto_key(v):
                return True
    return False


def call_to_string(value: Any, expression: str) -> str:
    """`value.toString()`, where `expression` is the source text of `value` for the TypeError message."""
    method = get_property(value, "toString")
    if value is None or value is UNDEFINED:
        raise JSTypeError(f"Cannot read properties of {to_string(value)} (reading 'toString')")
    if type(method) is not JSFunction or method.name != "toString":
        raise JSTypeError(f"{expression}.toString is not a function")
    return to_string(value)


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
            if k[:1] in _DIGIT_STARTS:
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


_SURROGATE = re.compile("([\ud800-\udbff][\udc00-\udfff])|[\ud800-\udfff]")


def _surrogate(m: re.Match[str]) -> str:
    pair = m.group(1)
    if pair is not None:  # two UTF-16 halves held as two characters: one character to JavaScript
        return pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return f"\\u{ord(m.group()):04x}"


def quote(text: str) -> str:
    """A JSON string literal as JSON.stringify writes it: control characters escaped, other characters as they
    are, and a lone surrogate as a `\\udXXX` escape (well-formed JSON.stringify, ES2019)."""
    q = _c_quote(text)
    if text.isascii() or _SURROGATE.search(text) is None:
        return q
    return _SURROGATE.sub(_surrogate, q)


def _num_json(x: float | int) -> str:
    if type(x) is int and -(2**53) <= x <= 2**53:
        return str(x)
    x = float(x)
    if x != x or x in (math.inf, -math.inf):
        return "null"
    return number_to_string(x)


def stringify(value: Any) -> str | Any:
    """`JSON.stringify(value)` with no spaces: JavaScript number formatting and key order, `undefined` skipped.

    Returns UNDEFINED for a top-level `undefined` or function, as JavaScript does.
    """
    if value is UNDEFINED or type(value) is JSFunction:
        return UNDEFINED
    try:  # orjson's C serialiser writes what JSON.stringify writes for strings, safe integers, true/false/null
        fast = _orjson.dumps(value, option=_ORJSON_STRICT)
    except TypeError:  # a marker, a subclass, a lone surrogate, an int beyond 64 bits: the exact path below
        pass
    else:
        if b"e+" not in fast and b"e-" not in fast and _ORJSON_DIFFERS.search(fast) is None:
            return fast.decode()
    parts: list[str] = []
    _enc(value, parts.append)
    text = "".join(parts)
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_surrogate, text)  # only string literals can hold them: escape each lone one


# a dict/list/str subclass is not a JSON value, an integer beyond 2**53 prints as JavaScript's double: both raise
_ORJSON_STRICT = _orjson.OPT_PASSTHROUGH_SUBCLASS | _orjson.OPT_STRICT_INTEGER
# Where orjson's text can differ from JSON.stringify's: an integral or negative-zero float (`10.0`, `-0.0`; JavaScript
# writes `10`, `0`), or an integer-like key (JavaScript puts those first). Exponents are checked apart (`e+` / `e-`:
# orjson always signs them, and its switch to exponents is not JavaScript's). Words in strings can look like any of
# these; they only cost the exact path.
_ORJSON_DIFFERS = re.compile(rb'\.0(?:[,\]}]|\Z)|[{,]"[0-9]')


_SKIPPED = frozenset((_Undefined, JSFunction))  # JSON.stringify leaves them out of objects, null in arrays


def _enc(v: Any, out: Any) -> None:
    t = type(v)
    if t is str:
        out(_c_quote(v))
    elif t is dict:
        keys = list(v)
        for k in keys:
            if k[:1] in _DIGIT_STARTS:
                keys = js_key_order(keys)
                break
        out("{")
        first = True
        for k in keys:
            item = v[k]
            if item.__class__ in _SKIPPED:
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
            if item.__class__ in _SKIPPED:
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
        out("{}")  # a prototype object: no own enumerable keys


_SAFE = MAX_EXACT_INT


def from_json(value: Any) -> Any:
    """The value JavaScript holds after `JSON.parse` of this JSON value's text.

    Integers beyond 2**53 become the nearest double (at any depth) and object keys take `Object.keys` order
    (array indexes first, ascending). Values that need no change are returned as they are (no copy).
    """
    t = type(value)
    if t is int:
        return value if -_SAFE <= value <= _SAFE else to_double(value)
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


def parse(value: Any) -> Any:
    """`JSON.parse(value)` (the argument is converted with `String()` first, as JavaScript does)."""

    text = to_string(value)
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=json_int, object_pairs_hook=_js_object)
    except ValueError:  # json rejects the text (or reads NaN / Infinity, which JSON.parse rejects): V8's words
        message = v8_parse_error(text)
        raise JSONParseError(message or "Unexpected token in JSON") from None


def loads(text: str | bytes) -> Any:
    """Read JSON text into the value `JSON.parse` gives: big integers as doubles, object keys in JavaScript order,
    `__proto__` an ordinary key. Raises `JSONParseError` (Node's wording) for text JSON.parse rejects."""
    return parse(text.decode("utf-8") if isinstance(text, bytes) else text)


_READY_TYPES = frozenset((str, bool, float, dict, list, type(None)))


def json_ready(obj: dict[str, Any]) -> dict[str, Any]:
    """An object the transformer emits, one level, as `JSON.stringify` then `JSON.parse` would hand it on:
    `undefined` and function values left out, big ints as doubles, keys in JavaScript order. Returns `obj` itself
    when it already is (the common case costs one pass over the keys)."""
    for k, v in obj.items():
        if k[:1] in _DIGIT_STARTS:
            break
        t = type(v)
        if t in _READY_TYPES or (t is int and -MAX_EXACT_INT <= v <= MAX_EXACT_INT):
            continue
        break
    else:
        return obj
    return {
        k: to_double(obj[k])
        for k in js_key_order(list(obj))
        if obj[k] is not UNDEFINED and type(obj[k]) is not JSFunction
    }


# ---------------------------------------------------------------------------------------------------------------
# Date parsing (new Date(value).getTime()), without a clock: V8's parser lives in js_date
# ---------------------------------------------------------------------------------------------------------------


def new_date_ms(value: Any) -> float:
    """`new Date(value).getTime()` for a JSON value: NaN for an Invalid Date; local time is read as UTC.

    Numbers are milliseconds (TimeClip: beyond +-8.64e15 is invalid); strings go through V8's parser (ISO first,
    then its legacy rules); arrays and objects are converted to their string first (`[2020,1]` is "2020,1",
    `{}` is "[object Object]"); `true` is 1, `null` is 0, `undefined` is invalid.
    """
    t = type(value)
    if t is str:
        return parse_date_ms(value)
    if t is int or t is float:
        ms = float(to_double(value))
    elif t is bool:
        ms = 1.0 if value else 0.0
    elif value is None:
        ms = 0.0
    elif value is UNDEFINED:
        return math.nan
    else:
        return parse_date_ms(to_string(value))
    if ms != ms or abs(ms) > 8.64e15:
        return math.nan
    return float(math.trunc(ms)) + 0.0


def to_unix_seconds(value: Any) -> float | int:
    """rudder-transformer's `toUnixTimestamp`: `Math.floor(new Date(value).getTime() / 1000)`; NaN if invalid."""
    ms = parse_date_ms(value) if type(value) is str else new_date_ms(value)
    if ms != ms:
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

# `String(({})[name])` for every member a plain object inherits from Object.prototype (the names are
# OBJECT_PROTOTYPE's). Code that looks a key up in a plain object used as a table (`table[key] ?? key`) finds these
# for keys such as "toString", and then uses the member itself (a function, or Object.prototype for "__proto__"); as
# a property key it becomes this text.
OBJECT_PROTOTYPE_MEMBERS: dict[str, str] = {name: f"function {name}() {{ [native code] }}" for name in OBJECT_PROTOTYPE}
OBJECT_PROTOTYPE_MEMBERS["constructor"] = "function Object() { [native code] }"
OBJECT_PROTOTYPE_MEMBERS["__proto__"] = "[object Object]"


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
