"""The JavaScript-semantics layer (transformer/js.py, js_date.py): values pinned from Node 20 (`node -e`, TZ=UTC,
run 2026-11-28), and a differential check of the date parser against `node` when it is installed."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess

import pytest

from transformer import js
from transformer.paths import set_path, split_set_path

# new Date(value).getTime() in Node 20.20 with TZ=UTC (None = Invalid Date)
NODE_DATES = [
    ("2001-02-29", 983404800000),  # ISO day 29 of a 28-day month rolls over
    ("2020-01-01 10:00:00+05:00", 1577854800000),
    ("5", 988675200000),  # legacy: month 5, default day 1 and year 1 → 2001
    ("Jan 1 2020 12:00 am", 1577836800000),
    ("12:30 pm 1/2/2020", 1577968200000),
    ("2026-01-02t03:04:05z", 1767323045000),
    ("2026-01-02T24:00", 1767398400000),
    ("+002026-01-02", 1767312000000),
    ("-000000", None),
    ("Wed, 10 Mar 2021 11:59:22 GMT", 1615377562000),
    ("03/10/2021", 1615334400000),
    ("0000002026", 1767225600000),  # leading zeros are not significant digits
    ("1 Jan 2001 utc+300000:00", -101692800000),  # offset arithmetic wraps at 32 bits
    ("99 5", 925516800000),
    ("1.5,2", 1010188800000),
    ([1.5, 2], 1010188800000),  # arrays are read as their String()
    ({}, None),
    (True, 1),
    (None, 0),
    (1.9, 1),
    (-1.5, -1),
    (8.64e15, 8640000000000000),
    (8.640000000000001e15, None),
    (" 2026-01-02T03:04:05Z ", None),
    ("2026-01-02T03:04:05 UTC", None),
    ("585.08,,17", -43686604800000),
]


@pytest.mark.parametrize(("value", "expected"), NODE_DATES)
def test_new_date_matches_node(value, expected):
    got = js.new_date_ms(value)
    assert (None if got != got else got) == expected


def test_to_unix_seconds_floors_and_nan():
    assert js.to_unix_seconds("585.08,,17") == -43686604800
    assert js.to_unix_seconds("1969-12-31T23:59:59.500Z") == -1
    assert math.isnan(js.to_unix_seconds("notadate"))


def _random_date_strings(seed: int, n: int) -> list[str]:
    atoms = [
        "2026", "01", "02", "T", "t", "Z", "z", ":", "-", "+", ".", ",", " ", "\u00a0", "\t", "(x)", "(a(b)c)", ")",
        "(", "/", "585", "08", "17", "1", "5", "99", "12", "31", "0", "00", "000000", "123456789012", "UTC", "GMT",
        "PST", "am", "PM", "Jan", "January", "mar", "Mon", "Tue,", "24", "60", "0530", "+05:30", "-0800", "GMT+2",
        "ut", "x", "\u0662", "\uff13", "1e3", "+275760", "-271821", "0000", "9999", "13", "32", "29", "49", "50",
    ]  # fmt: skip
    rng = random.Random(seed)
    return ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 8))) for _ in range(n)]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: the differential date check needs it")
def test_date_parser_agrees_with_node_on_random_strings():
    """V8's legacy date rules, 3,000 seeded strings: every answer equals Node's `Date.parse` (TZ=UTC)."""
    strings = _random_date_strings(20261128, 3000)
    script = (
        "const xs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(xs.map((s) => { const t = Date.parse(s); return isNaN(t) ? null : t; })));"
    )
    proc = subprocess.run(
        ["node", "-e", script], input=json.dumps(strings), capture_output=True, text=True, env={"TZ": "UTC"}, check=True
    )
    theirs = json.loads(proc.stdout)
    ours = [None if (t := js.parse_date_ms(s)) != t else t for s in strings]
    mismatches = [(s, a, b) for s, a, b in zip(strings, ours, theirs, strict=True) if a != b]
    assert not mismatches, mismatches[:10]


def test_numbers_are_doubles_at_every_depth():
    assert js.to_double(12345678901234567890) == 12345678901234567168.0
    assert js.to_double(2**53) == 2**53 and type(js.to_double(2**53)) is int
    assert js.to_double(10**400) == math.inf
    value = js.loads('{"n":12345678901234567890,"a":[{"m":-12345678901234567890}]}')
    assert type(value["n"]) is float and type(value["a"][0]["m"]) is float
    assert js.from_json({"a": [{"m": 2**64}]}) == {"a": [{"m": float(2**64)}]}
    assert js.stringify({"n": 12345678901234567890}) == '{"n":12345678901234567000}'


def test_stringify_escapes_lone_surrogates_and_writes_integral_floats():
    assert js.stringify({"k": ["\ud83d"]}) == '{"k":["\\ud83d"]}'
    assert js.stringify("\ud83d\ude00") == '"\U0001f600"'
    assert js.stringify([148.0, 1e21, 1e-7, math.nan, -0.0]) == "[148,1e+21,1e-7,null,0]"
    assert js.stringify({"f": js.JSFunction("toString"), "l": [js.JSFunction("x")]}) == '{"l":[null]}'


def test_key_order_integer_like_first():
    assert js.stringify({"b": 1, "1": 2, "0": 3, "01": 4, "a": 5}) == '{"0":3,"1":2,"b":1,"01":4,"a":5}'
    assert list(js.loads('{"b":1,"4294967295":0,"2":2}')) == ["2", "b", "4294967295"]
    assert list(js.json_ready({"b": 1, "0": "a", "1": "b"})) == ["0", "1", "b"]
    assert js.object_keys({"\u0662": 1, "b": 2}) == ["\u0662", "b"]  # non-ASCII digits are not indexes


def test_property_lookup_follows_the_prototypes():
    assert js.get_property({}, "toString") == js.JSFunction("toString")
    assert js.get_property({"toString": 1}, "toString") == 1
    assert js.get_property([1, 2], "length") == 2
    assert js.get_property("ab", "length") == 2
    assert js.get_property(5, "toFixed") == js.JSFunction("toFixed")
    assert js.get_property({}, "nope") is js.UNDEFINED
    assert js.typeof(js.get_property({}, "__proto__")) == "object"
    assert js.truthy(js.JSFunction("valueOf"))


def test_to_string_of_an_object_owning_tostring_throws():
    with pytest.raises(js.JSTypeError, match="get\\(\\.\\.\\.\\)\\.toString is not a function"):
        js.call_to_string({"toString": "x"}, "get(...)")
    with pytest.raises(js.JSTypeError, match="Cannot convert object to primitive value"):
        js.to_string([{"toString": 1}])
    assert js.call_to_string(["Order", "Completed"], "e") == "Order,Completed"


def test_number_parsing_is_ascii_only():
    assert math.isnan(js.string_to_number("\u0662"))
    assert math.isnan(js.string_to_number("\uff13"))
    assert js.string_to_number(" 0x10 ") == 16


def test_has_own_proto_key_at_any_depth():
    assert js.has_own_proto_key({"a": [{"b": {"__proto__": 1}}]})
    assert not js.has_own_proto_key({"a": ["__proto__"], "constructor": {}})
    # the orjson pre-check's text can hold the words without the key, or refuse the value: the walk decides
    assert not js.has_own_proto_key({"k": '"__proto__":', 'x"__proto__': 1})
    assert js.has_own_proto_key({"n": 2**70, "s": "\ud83d", "u": js.UNDEFINED, "d": [{"__proto__": None}]})
    assert not js.has_own_proto_key({"n": 2**70, "d": [{"proto": None}]})
    deep: object = {"__proto__": 1}
    for _ in range(300):  # deeper than orjson serialises
        deep = [deep]
    assert js.has_own_proto_key(deep)


def _stringify_exact(value: object) -> object:
    """JSON.stringify through the layer's own encoder only (the path js.stringify takes when orjson's text may
    differ from JavaScript's)."""
    parts: list[str] = []
    js._enc(value, parts.append)
    text = "".join(parts)
    return text if text.isascii() or js._SURROGATE.search(text) is None else js._SURROGATE.sub(js._surrogate, text)


def test_stringify_fast_path_agrees_with_the_exact_encoder():
    """js.stringify takes orjson's text when nothing in it can differ from JSON.stringify; seeded random values
    with the awkward cases (floats, big ints, integer-like keys, surrogates, markers) must agree either way."""
    rng = random.Random(8)
    texts = ["", "a", "10", "0", "e+", "1.0,", "\ud83d", "\ud83d\ude00", "é", "\x00\x1f\x7f", "\u2028", '"', ',"5']
    keys = ["a", "b", "0", "1", "10", "01", "4294967294", "4294967295", "-1", "1.5", "\u0662", "__proto__", *texts]
    numbers = [0, 7, -3, 2**53, -(2**53), 2**53 + 1, 2**64, 10**20, 0.0, -0.0, 10.0, 1e16, 1e21, 1e-7, 1e-6, 1.5]
    numbers += [0.1, 5e-324, 1e300, math.nan, math.inf, 15.5]

    def value(depth: int) -> object:
        c = rng.random()
        if depth > 3 or c < 0.45:
            leaves = [*numbers, *texts, True, False, None, js.UNDEFINED, js.JSFunction("toString")]
            return rng.choice(leaves)
        if c < 0.75:
            return {rng.choice(keys): value(depth + 1) for _ in range(rng.randint(0, 4))}
        return [value(depth + 1) for _ in range(rng.randint(0, 4))]

    for _ in range(20_000):
        v = value(0)
        expected = js.UNDEFINED if v is js.UNDEFINED or type(v) is js.JSFunction else _stringify_exact(v)
        assert js.stringify(v) == expected, repr(v)
    assert js.stringify({"a": "x", "n": [1, 2, None, True]}) == '{"a":"x","n":[1,2,null,true]}'
    assert js.stringify(10.0) == "10" and js.stringify([1.05, 100.0]) == "[1.05,100]"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.__proto__.x", {"a.__proto__.x": 1}),  # @rudderstack/integrations-lib setValue: unsafe → literal key
        ("a.prototype", {"a.prototype": 1}),
        ("a\\.b.constructor", {"a.b.constructor": 1}),
        ("a.\u0662", {"a": {"\u0662": 1}}),  # Number("٢") is NaN: an object key, not an index
        ("a.1", {"a": [None, 1]}),
        ("a.-1", {"a": []}),  # a named property of the array: JSON never shows it
        ("toString.x", {}),  # written onto Object.prototype.toString: invisible
        ("x\\", {"xundefined": 1}),  # a trailing backslash appends input[++i], i.e. undefined
    ],
)
def test_set_path_follows_rudder_setvalue(path, expected):
    target: dict = {}
    set_path(target, path, 1)
    assert target == expected


def test_split_set_path_numbers_are_javascript_numbers():
    assert split_set_path("a.1e3. 5") == ("a", 1000, 5)
    assert split_set_path("a.12345678901234567890") == ("a", float(12345678901234567890))
