"""The request body reader: its orjson fast path reads every body exactly as the json module does."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock_clevertap.responses import MAX_JSON_DEPTH, _deeper_than, _too_deep, parse_body, strict_loads

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


def _nested(depth: int, draw: st.DrawFn, alphabet: str) -> object:
    """A JSON value exactly `depth` containers deep, its strings drawn from `alphabet`."""
    text = st.text(alphabet=alphabet, max_size=4)
    if depth == 0:
        return draw(st.one_of(text, st.integers(), st.none()))
    inner = _nested(depth - 1, draw, alphabet)
    siblings = draw(st.lists(st.one_of(text, st.integers()), max_size=2))
    if draw(st.booleans()):
        return [*siblings, inner] if draw(st.booleans()) else [inner, *siblings]
    return {draw(text): inner, **{f"k{i}{s}": s for i, s in enumerate(siblings)}}


@given(st.data(), st.integers(min_value=MAX_JSON_DEPTH - 3, max_value=MAX_JSON_DEPTH + 3))
@settings(max_examples=60, deadline=None)
def test_the_depth_limit_read_from_the_text_agrees_with_the_walk(data: st.DataObject, depth: int) -> None:
    """`_too_deep` decides from the body's text where it can; it must agree with walking the parsed value, around
    the limit, whatever brackets and escapes the strings hold."""
    # Plain strings take the text path; brackets, quotes, escapes (and é under ensure_ascii) in any string, the walk.
    value = _nested(depth, data.draw, data.draw(st.sampled_from(["ab", "ab é", 'ab[]{}"\\é'])))
    raw = json.dumps(value, ensure_ascii=data.draw(st.booleans())).encode("utf-8")
    assert _too_deep(raw, orjson.loads(raw)) == _deeper_than(value, MAX_JSON_DEPTH) == (depth > MAX_JSON_DEPTH)
