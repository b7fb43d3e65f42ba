"""JavaScript value semantics used by the RudderStack flavour (transformer.js, transformer.paths)."""

from __future__ import annotations

import math

import pytest

from transformer import js
from transformer.paths import first_valid, get, set_path


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (15.0, "15"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (1e16, "10000000000000000"),
        (0.000001, "0.000001"),
        (-2.5, "-2.5"),
        (2**60, "1152921504606847000"),
        (12, "12"),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
    ],
)
def test_number_to_string(value, text) -> None:
    assert js.number_to_string(value) == text


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (" 12 ", 12),
        ("0x1A", 26),
        ("", 0),
        ("1e3", 1000),
        ([5], 5),
        ([], 0),
        (True, 1),
        (None, 0),
        ("Infinity", math.inf),
    ],
)
def test_to_number(value, number) -> None:
    assert js.to_number(value) == number


@pytest.mark.parametrize("value", ["abc", "1_000", "nan", "inf", {"a": 1}, [1, 2], js.UNDEFINED, "12px"])
def test_to_number_nan(value) -> None:
    assert math.isnan(js.to_number(value))


def test_truthy_is_javascript_truthiness() -> None:
    assert js.truthy({}) and js.truthy([]) and js.truthy("0") and js.truthy(-1)
    assert not any(js.truthy(v) for v in ("", 0, 0.0, math.nan, False, None, js.UNDEFINED))
    assert js.valid(0) and js.valid(False) and not js.valid("") and not js.valid(None)


def test_stringify_matches_json_stringify() -> None:
    assert (
        js.stringify({"b": 1, "2": [1.0, None, '"x\n'], "1": {"a": 1e-7}})
        == '{"1":{"a":1e-7},"2":[1,null,"\\"x\\n"],"b":1}'
    )
    assert js.stringify({"u": "ü€", "nan": math.nan}) == '{"u":"ü€","nan":null}'
    assert js.stringify(js.UNDEFINED) is js.UNDEFINED


def test_string_conversion() -> None:
    assert js.to_string([1, None, "a", [2, 3]]) == "1,,a,2,3"
    assert js.to_string({"a": 1}) == "[object Object]"
    assert js.to_string(False) == "false"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2021-03-10T11:59:22.080Z", 1615377562),
        ("2019-10-14T09:03:17.562Z", 1571043797),
        ("2021-03-10", 1615334400),
        ("2021-03-10T11:59:22+01:00", 1615373962),
        ("2021-03-10T11:59", 1615377540),
        ("2021-03-10 11:59:22", 1615377562),
        ("2021/03/10", 1615334400),
        ("03/10/2021", 1615334400),
        ("Wed, 10 Mar 2021 11:59:22 GMT", 1615377562),
        ("March 10, 2021", 1615334400),
        ("1969-12-31T23:59:59.500Z", -1),
    ],
)
def test_to_unix_seconds(text, seconds) -> None:
    assert js.to_unix_seconds(text) == seconds


@pytest.mark.parametrize("text", ["notadate", "2021-13-01", "2021-03-10T25:00:00Z", "", {"a": 1}])
def test_to_unix_seconds_invalid(text) -> None:
    assert math.isnan(js.to_unix_seconds(text))


def test_handlebars_escapes_and_stringifies() -> None:
    assert (
        js.handlebars_value("A&B \"x\" <y> 'z' `w` =")
        == "A&amp;B &quot;x&quot; &lt;y&gt; &#x27;z&#x27; &#x60;w&#x60; &#x3D;"
    )
    assert js.handlebars_value(0) == "0" and js.handlebars_value(None) == ""
    assert js.trim("\ufeff x \u00a0") == "x"


def test_parse_rejects_what_json_parse_rejects() -> None:
    assert js.parse("[1]") == [1] and js.parse(5) == 5 and js.parse(True) is True
    for bad in ("abc", "NaN", ""):
        with pytest.raises(js.JSONParseError):
            js.parse(bad)


def test_get_value_semantics() -> None:
    m = {"traits": {"email": "a", "a.b": {"c": 1}}, "x.y": 5, "l": [{"id": 3}], "context": {"traits.k": 1}, "s": "str"}
    assert get(m, "traits.email") == "a"
    assert get(m, "x.y") == 5  # a whole dotted key
    assert get(m, "traits.a.b.c") == 1  # joined segments
    assert get(m, "context.traits.k") == 1
    assert get(m, "l.0.id") == 3
    assert get(m, "s.length") is js.UNDEFINED  # strings have no members for get-value
    assert get(m, "traits.zz") is js.UNDEFINED and get(m, "nope.x") is js.UNDEFINED
    assert first_valid({"a": "", "b": 0, "c": 1}, ("a", "b", "c")) == 0
    assert first_valid({"a": ""}, ("a", "b")) is None


def test_set_value_semantics() -> None:
    d: dict = {}
    set_path(d, "a.b", 1)
    set_path(d, "x.1", 2)
    set_path(d, "p/q.r", 3)
    set_path(d, "", 4)
    set_path(d, "e\\.f", 5)
    assert d == {"a": {"b": 1}, "x": [None, 2], "p/q.r": 3, "e.f": 5}
    source = {"a": {"keep": True}}
    out = dict(source)
    set_path(out, "a.new", 1)
    assert source == {"a": {"keep": True}} and out == {"a": {"keep": True, "new": 1}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "Unexpected token 'a', \"abc\" is not valid JSON"),
        ("NaN", '"NaN" is not valid JSON'),
        ("tru", "Unexpected end of JSON input"),
        ("123abc", "Unexpected non-whitespace character after JSON at position 3"),
        ('"abc', "Unterminated string in JSON at position 4"),
        ("this is a rather long product description", "Unexpected token 'h', \"this is a r\"... is not valid JSON"),
    ],
)
def test_parse_error_messages_match_node(text, message) -> None:
    with pytest.raises(js.JSONParseError) as info:
        js.parse(text)
    assert str(info.value) == message


def test_zero_string_date_is_year_2000() -> None:
    # Number("0") is falsy, so rudder-transformer converts it; V8 reads a lone 0 as 2000-01-01
    assert js.to_unix_seconds("0") == 946684800 and js.to_unix_seconds(" 00 ") == 946684800
