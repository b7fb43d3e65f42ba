"""Java and Foundation value semantics used by the Android and iOS device-mode flavours.

Expected values were printed by JDK 17 (`Double.valueOf`, `Double.toString`, `ConcurrentHashMap.keySet()`) and by
GNUstep Base (`-description`); see docs/segment-device-mobile.md.
"""

from __future__ import annotations

import math

import pytest

from transformer import java, objc


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("5", 5.0),
        ("0x1p4", 16.0),
        (" 12 ", 12.0),
        ("\x013\x1f", 3.0),
        ("1f", 1.0),
        ("0x.8p1d", 1.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("+7", 7.0),
        ("1e400", math.inf),
        ("-Infinity", -math.inf),
    ],
)
def test_double_value_of_accepts_javas_grammar(text, want):
    assert java.double_value_of(text) == want


@pytest.mark.parametrize("text", ["\u0661\u0662", "1e", "1_0", "inf", "nan", "", "  ", "0x1", "1.0fd", "NaNf"])
def test_double_value_of_refuses_what_java_refuses(text):
    assert java.double_value_of(text) is None


def test_double_value_of_nan():
    assert math.isnan(java.double_value_of(" NaN "))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5.0, "5.0"),
        (1e21, "1.0E21"),
        (1.5e-7, "1.5E-7"),
        (0.001, "0.001"),
        (0.0001, "1.0E-4"),
        (1234567.0, "1234567.0"),
        (12345678.0, "1.2345678E7"),
        (-0.0, "-0.0"),
        (9007199254740993.0, "9.007199254740992E15"),
        (math.nan, "NaN"),
        (-math.inf, "-Infinity"),
    ],
)
def test_double_to_string(value, text):
    assert java.double_to_string(value) == text


def test_string_value_of_collections_reads_like_java():
    assert java.string_value_of({"x": 1.0, "y": [None, True, "s"]}) == "{x=1.0, y=[null, true, s]}"
    assert java.get_string(None) is None


def test_from_json_makes_every_number_a_double():
    assert java.from_json({"n": 5, "b": True, "l": [1, 2.5]}) == {"n": 5.0, "b": True, "l": [1.0, 2.5]}
    assert type(java.from_json(5)) is float and type(java.from_json(True)) is bool


def test_blank_is_empty_after_trimming_controls():
    assert java.is_null_or_empty(" \t\n\x00") and java.is_null_or_empty(None)
    assert not java.is_null_or_empty("\u00a0")  # NO-BREAK SPACE is above U+0020


@pytest.mark.parametrize(
    ("inserted", "order"),
    [
        (["anonymousId", "userId", "Phone", "phone"], ["anonymousId", "phone", "Phone", "userId"]),
        (
            ["anonymousId", "userId", "name", "Name", "email", "Email"],
            ["anonymousId", "Email", "name", "userId", "email", "Name"],
        ),
        (
            ["anonymousId", "userId", *"abcdefghijklmn"],
            ["anonymousId", *"abcdefghijkl", "userId", "m", "n"],
        ),
    ],
)
def test_concurrent_hash_map_order_matches_jdk(inserted, order):
    assert list(java.concurrent_hash_map((k, 1) for k in inserted)) == order


def test_concurrent_hash_map_drops_nulls_and_keeps_first_place():
    got = java.concurrent_hash_map([("a", 1), ("b", None), ("a", 2)])
    assert got == {"a": 2}


def test_to_output_writes_non_finite_doubles_as_text():
    assert java.to_output({"x": [math.nan, 1.0]}) == {"x": [{"$double": "NaN"}, 1.0]}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "<null>"),
        (True, "1"),
        (1e21, "1e+21"),
        (14155551234, "14155551234"),
        (14155551234.0, "14155551234"),
        (1 / 3, "0.3333333333333333"),
        (["s", 1], "(s, 1)"),
        ("x", "x"),
        # NSNull inside a collection is quoted like any non-word text (GNUstep Base 1.28 run on seed 3131)
        ({"x": {"y": None}}, '{x = {y = "<null>"; }; }'),
        ([None, "a b"], '("<null>", "a b")'),
    ],
)
def test_objc_description(value, text):
    assert objc.description(value) == text


def test_birthday_before_1582_is_julian():
    """Out-of-range fields give no date: Apple's formatter is not lenient by default (our GNUstep runner's is; a
    deviation listed in docs/segment-device-mobile.md)."""
    assert objc.parse_birthday("1000-01-01T00:00:00Z").date().isoformat() == "1000-01-06"
    assert objc.parse_birthday("1582-10-15T00:00:00Z").date().isoformat() == "1582-10-15"
    assert objc.parse_birthday("1990-03-01T00:00:00+01:00").isoformat() == "1990-02-28T23:00:00+00:00"
    assert objc.parse_birthday("1990-03-01") is None
    assert objc.parse_birthday("1990-02-30T00:00:00Z") is None


def test_unrecognized_selector_names_the_class_family():
    assert objc.unrecognized_selector(42, "length") == "-[NSNumber length]: unrecognized selector sent to instance"
