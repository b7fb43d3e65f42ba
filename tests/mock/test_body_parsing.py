"""The request body reader: its orjson fast path reads every body exactly as the json module does."""

from __future__ import annotations

import pytest

from mock_clevertap.responses import parse_body, strict_loads

CASES = [
    '{"d": [{"type": "event", "evtData": {"price": 9.99, "n": 3}}]}',
    '{"a": 1, "a": 2}',  # duplicate keys: the last one wins in both
    "123456789012345678901234567890",  # beyond 64 bits: json keeps the integer, orjson would make it a float
    "-9223372036854775809",
    "18446744073709551616",
    '{"id": "1234567890123456789012"}',  # a long digit run inside a string only takes the slow path
    "[1.5e308, -0.0, 1E2, 0.1e-400, 5e-324]",
    '"\\ud83c"',  # a lone surrogate escape: orjson refuses it, json reads it
    '"caf\\u00e9 café"',
    "1e400",
    "NaN",
    "[Infinity]",
    "[1,]",
    '"\\u0000"',
    "[" * 200 + "]" * 200,
    "[" * 1100 + "]" * 1100,
    " [1] ",
]


def _outcome(text: str) -> object:
    parsed = parse_body(text.encode("utf-8", "surrogatepass"))
    return ("json", repr(parsed.value), parsed.text) if parsed.ok else ("not json", parsed.raw_text)


def _expected(text: str) -> object:
    try:
        value = strict_loads(text)
    except (ValueError, RecursionError):
        return ("not json", text)
    depth_ok = repr(value).count("[") <= 128
    return ("json", repr(value), text) if depth_ok else ("not json", text)


@pytest.mark.parametrize("text", CASES)
def test_parse_body_reads_like_the_json_module(text: str) -> None:
    assert _outcome(text) == _expected(text)


def test_big_integers_stay_integers() -> None:
    assert parse_body(b'{"n": 123456789012345678901234567890}').value == {"n": 123456789012345678901234567890}
    assert type(parse_body(b"[18446744073709551616]").value[0]) is int
