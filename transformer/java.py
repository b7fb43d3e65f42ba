"""Java value semantics, for flavours whose peer is a Java (Android) library.

Segment's analytics-android reads every JSON number as a `java.lang.Double`, turns values into text with
`String.valueOf`, parses numeric text with `Double.valueOf`, and keeps traits in a `ConcurrentHashMap` whose
iteration order decides which of two colliding keys wins. The output of an Android device-mode integration shows all
of these, so they are reproduced here, for values that come from JSON, in plain Python without I/O.

Python stand-ins: a Java `Double` is a `float` (never an `int`), `Boolean` a `bool`, `String` a `str`, `null`
`None`, a `Map` a `dict` (insertion order) and a `List` a `list`. Facts and sources: docs/segment-device-mobile.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# ---------------------------------------------------------------------------------------------------------------
# values as the SDK holds them
# ---------------------------------------------------------------------------------------------------------------


def from_json(value: Any) -> Any:
    """A parsed JSON value as analytics-android's Cartographer hands it over: every number a Double."""
    t = type(value)
    if t is bool or t is str or value is None or t is float:
        return value
    if t is int:
        return float(value)  # Python rounds to nearest, ties to even: the same double Java parses
    if t is dict:
        return {k: from_json(v) for k, v in value.items()}
    if t is list:
        return [from_json(v) for v in value]
    return value


NON_FINITE_KEY = "$double"


def to_output(value: Any) -> Any:
    """A Java value written into a result: a non-finite Double (which JSON cannot hold) becomes
    `{"$double": "NaN" | "Infinity" | "-Infinity"}`, spelled as `Double.toString` spells it."""
    t = type(value)
    if t is float:
        return value if math.isfinite(value) else {NON_FINITE_KEY: double_to_string(value)}
    if t is dict:
        return {k: to_output(v) for k, v in value.items()}
    if t is list:
        return [to_output(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------------------------
# text: String.valueOf, Double.toString, String.trim, TextUtils-style emptiness
# ---------------------------------------------------------------------------------------------------------------


def double_to_string(x: float) -> str:
    """`Double.toString`: shortest round-trip digits; plain notation for 1e-3 <= |x| < 1e7, else `d.dddE<n>`."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    digits, exp = _shortest_digits(abs(x))  # value = 0.d1d2... * 10**exp
    if 1e-3 <= abs(x) < 1e7:
        if exp <= 0:
            return f"{sign}0.{'0' * -exp}{digits}"
        whole, frac = digits[:exp].ljust(exp, "0"), digits[exp:]
        return f"{sign}{whole}.{frac or '0'}"
    mantissa = digits[0] + "." + (digits[1:] or "0")
    return f"{sign}{mantissa}E{exp - 1}"


def _shortest_digits(x: float) -> tuple[str, int]:
    """The shortest round-trip digits of a positive finite x (from `repr`) and the exponent e: x = 0.d1d2... * 10**e."""
    mantissa, _, exp_text = repr(x).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + (int(exp_text) if exp_text else 0)
    stripped = digits.lstrip("0")
    return stripped.rstrip("0") or "0", point - (len(digits) - len(stripped))


def string_value_of(value: Any) -> str:
    """`String.valueOf(value)` for the values Cartographer produces (`AbstractMap`/`AbstractCollection` text)."""
    t = type(value)
    if t is str:
        return value
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is float:
        return double_to_string(value)
    if t is int:
        return str(value)
    if t is dict:
        return "{" + ", ".join(f"{k}={string_value_of(v)}" for k, v in value.items()) + "}"
    if t is list:
        return "[" + ", ".join(string_value_of(v) for v in value) + "]"
    return str(value)


def get_string(value: Any) -> str | None:
    """`ValueMap.getString`: a String as is, any other non-null value through `String.valueOf`, null stays null."""
    return None if value is None else string_value_of(value)


def trim(text: str) -> str:
    """`String.trim`: drops leading and trailing characters up to U+0020 (all ASCII controls included)."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def is_null_or_empty(text: str | None) -> bool:
    """analytics-android `Utils.isNullOrEmpty(CharSequence)`: null, empty, or only characters up to U+0020."""
    return text is None or not trim(text)


# ---------------------------------------------------------------------------------------------------------------
# numbers: Double.valueOf and ValueMap.getDouble
# ---------------------------------------------------------------------------------------------------------------
_DEC = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_HEX = r"0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+"
_JAVA_DOUBLE = re.compile(rf"([+-]?)(?:(NaN|Infinity)|({_DEC}|{_HEX})[fFdD]?)", re.ASCII)


def double_value_of(text: str) -> float | None:
    """`Double.valueOf(text)`, or None where Java throws NumberFormatException.

    The text is trimmed like `String.trim`; only ASCII digits count; hexadecimal literals need a `p` exponent;
    one `f`/`F`/`d`/`D` suffix is allowed after a finite literal.
    """
    m = _JAVA_DOUBLE.fullmatch(trim(text))
    if m is None:
        return None
    sign, special, literal = m.groups()
    if special is not None:
        value = math.nan if special == "NaN" else math.inf
    elif literal[:2] in ("0x", "0X"):
        value = float.fromhex(literal)
    else:
        value = float(literal)
    return -value if sign == "-" else value


def get_double(value: Any, default: float = 0.0) -> float:
    """`ValueMap.getDouble(key, default)`: a number as a double, a string through `Double.valueOf`, else default."""
    t = type(value)
    if t is float:
        return value
    if t is int:
        return float(value)
    if t is str:
        parsed = double_value_of(value)
        return default if parsed is None else parsed
    return default


# ---------------------------------------------------------------------------------------------------------------
# java.util.concurrent.ConcurrentHashMap iteration order
# ---------------------------------------------------------------------------------------------------------------


def string_hash(text: str) -> int:
    """`String.hashCode` (over UTF-16 code units, 32-bit wrap-around), as a signed int."""
    h = 0
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] | (data[i + 1] << 8))) & 0xFFFFFFFF
    return h - (1 << 32) if h & 0x80000000 else h


def _spread(h: int) -> int:
    h &= 0xFFFFFFFF
    return (h ^ (h >> 16)) & 0x7FFFFFFF


@lru_cache(maxsize=1 << 16)
def _bin_hash(key: str) -> int:
    """The spread hash a `ConcurrentHashMap` bins `key` by; memoised, since the same trait names recur in every
    identify and the UTF-16 hash is the costly part of a put."""
    return _spread(string_hash(key))


class ConcurrentHashMapOrder:
    """Key order of a `ConcurrentHashMap` filled one `put` at a time from an empty map (JDK 17 algorithm).

    The table starts at 16 bins and doubles when the count reaches three quarters of it; a resize splits each bin
    into a low and a high list, keeping the trailing run of nodes in order and prepending the nodes before it (so
    they come out reversed). Iteration walks the bins in index order. Bins long enough to become trees (8 keys in
    one bin) are not modelled.
    """

    def __init__(self) -> None:
        self._table: list[list[tuple[int, str]]] = [[] for _ in range(16)]
        self._size_ctl = 12
        self._count = 0
        self._keys: set[str] = set()

    def put(self, key: str) -> None:
        if key in self._keys:
            return  # an existing key keeps its place
        self._keys.add(key)
        h = _bin_hash(key)
        self._table[h & (len(self._table) - 1)].append((h, key))
        self._count += 1
        while self._count >= self._size_ctl:
            self._resize()

    def _resize(self) -> None:
        n = len(self._table)
        new: list[list[tuple[int, str]]] = [[] for _ in range(2 * n)]
        for i in range(n - 1, -1, -1):
            bin_ = self._table[i]
            if not bin_:
                continue
            run_bit = bin_[0][0] & n
            last_run = 0
            for j in range(1, len(bin_)):
                b = bin_[j][0] & n
                if b != run_bit:
                    run_bit, last_run = b, j
            lo = list(bin_[last_run:]) if run_bit == 0 else []
            hi = list(bin_[last_run:]) if run_bit != 0 else []
            for node in bin_[:last_run]:
                (lo if node[0] & n == 0 else hi).insert(0, node)
            new[i], new[i + n] = lo, hi
        self._table = new
        self._size_ctl = (2 * n) - (n >> 1)

    def keys(self) -> list[str]:
        return [key for bin_ in self._table for _, key in bin_]


def concurrent_hash_map(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """analytics-android's `NullableConcurrentHashMap` filled by `put` in the given order: null values are dropped
    (put ignores them), a repeated key keeps its place and takes the new value; the result iterates in the map's
    order."""
    order = ConcurrentHashMapOrder()
    values: dict[str, Any] = {}
    for key, value in items:
        if value is None:
            continue
        order.put(key)
        values[key] = value
    return {key: values[key] for key in order.keys()}


# ---------------------------------------------------------------------------------------------------------------
# java.util.HashMap iteration order, Gson's Map round trip
# ---------------------------------------------------------------------------------------------------------------


def hash_map_order(keys: Iterable[str], copied: bool = False) -> list[str]:
    """Iteration order of a `java.util.HashMap` holding `keys` (given in insertion order).

    A map filled by `put` starts at 16 buckets and doubles past 3/4 full; `new HashMap<>(map)` sizes its table for
    the source (`tableSizeFor(size / 0.75 + 1)`). A resize keeps the relative order inside a bucket (unlike
    ConcurrentHashMap), so the order is bucket index (spread String.hashCode masked by the table size), then
    insertion order. Tree bins are not modelled. Checked against JDK 17's HashMap on 3,000 random key sets.
    """
    keys = list(dict.fromkeys(keys))
    if copied and keys:
        n = 1
        while n < int(len(keys) / 0.75 + 1.0):
            n <<= 1
    else:
        n = 16
        while len(keys) > n * 3 // 4:
            n <<= 1
    mask = n - 1
    ranked = sorted((_spread(string_hash(key)) & mask, pos, key) for pos, key in enumerate(keys))
    return [key for _, _, key in ranked]


def gson_round_trip(value: Any) -> Any:
    """A JSON value after Gson writes it and reads it back as `Map<String, Object>`: every number a Double, and
    null map entries gone at any depth (Gson does not serialize nulls by default); nulls inside lists stay."""
    t = type(value)
    if t is int:
        return float(value)
    if t is dict:
        return {k: gson_round_trip(v) for k, v in value.items() if v is not None}
    if t is list:
        return [gson_round_trip(v) for v in value]
    return value
