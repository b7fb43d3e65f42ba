"""CleverTap's JSON envelopes, shared by every endpoint.

All answers, errors included, are JSON with CleverTap's `Content-Type: application/json;charset=utf-8` (observed
2017–2018), never an HTML error page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import orjson
from flask import Response, g

CONTENT_TYPE = "application/json;charset=utf-8"


def ct_json(payload: Any, status: int = 200) -> Response:
    g.ct_response = payload
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate echoed from the request: keep it as a JSON \u escape
        body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return Response(body, status=status, content_type=CONTENT_TYPE)


def fail(error: str, code: int, status: int | None = None) -> Response:
    """The whole-request failure body: `{"status":"fail","error":...,"code":N}` (observed for 400 and 401)."""
    return ct_json({"status": "fail", "error": error, "code": code}, code if status is None else status)


def batch_status(processed: int, unprocessed: list[Any]) -> str:
    """success / partial / fail, as observed in 2018 responses (docs/clevertap-api.md#the-response-envelope)."""
    if not unprocessed:
        return "success"
    return "partial" if processed else "fail"


def batch_result(processed: int, unprocessed: list[Any]) -> Response:
    return ct_json({"status": batch_status(processed, unprocessed), "processed": processed, "unprocessed": unprocessed})


class ApiError(Exception):
    """Raised inside a handler to answer a whole-request failure in CleverTap's envelope."""

    def __init__(self, error: str, code: int, status: int | None = None) -> None:
        super().__init__(error)
        self.error, self.code, self.status = error, code, status

    def response(self) -> Response:
        return fail(self.error, self.code, self.status)


MALFORMED = "Malformed request"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e400: valid JSON syntax, but Python reads it as inf and would write back `Infinity`
        raise ValueError(f"{text[:40]} is out of range for a double")
    return value


def strict_loads(raw: str) -> Any:
    """json.loads without Python's NaN/Infinity extension: they are not JSON (RFC 8259), CleverTap's JVM stack
    would refuse them, and echoing them back would make the mock's own answers invalid JSON. A number too large
    for a double (`1e400`) is refused for the same reason."""
    return json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)


# Every digit read as "0", so a run of nineteen digits (maybe an integer beyond 64 bits, which orjson would read as
# a float where json keeps it exact) is one `bytes.find`.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NINETEEN_DIGITS = b"0" * 19


def fast_loads(text: str, raw: bytes) -> Any:
    """`strict_loads(text)` about twice as fast on an upload batch (`raw` is the text's UTF-8 bytes): orjson parses
    strict RFC 8259 JSON (no NaN/Infinity, no 1e400, no lone surrogate, depth below 1024, duplicate keys last-wins),
    and what it refuses, or a text with nineteen digits in a row, goes through `strict_loads`, so every body reads
    exactly as the json module reads it."""
    if raw.translate(_DIGITS_AS_ZERO).find(_NINETEEN_DIGITS) < 0:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return strict_loads(text)


@dataclass(frozen=True)
class ParsedBody:
    """A request body: `value` and the exact `text` it was parsed from when it is JSON, else `raw_text`."""

    value: Any = None
    text: str | None = None
    raw_text: str | None = None

    @property
    def ok(self) -> bool:
        return self.text is not None


EMPTY_BODY = ParsedBody()


def parse_body(raw: bytes) -> ParsedBody:
    """Parse a body as UTF-8 JSON (RFC 8259 §8.1; CleverTap's API takes UTF-8 JSON). Unlike `json.loads` on
    bytes, UTF-16/32 are not guessed: such a body is not JSON here (a 400), and it is kept only as replacement-
    decoded `raw_text`, so nothing stored can make the journal unreadable. A UTF-8 byte order mark is ignored, as
    the RFC allows. JSON nested deeper than Python's recursion limit is malformed too."""
    if not raw:
        return EMPTY_BODY
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ParsedBody(raw_text=raw.decode("utf-8", errors="replace"))
    bom = text.startswith("\ufeff")
    parse_text = text[1:] if bom else text
    try:
        value = fast_loads(parse_text, raw[3:] if bom else raw)
    except (ValueError, RecursionError):
        return ParsedBody(raw_text=text)
    # A text with few brackets cannot nest deeply; only larger ones pay for the check.
    if (
        value.__class__ in (dict, list)
        and parse_text.count("[") + parse_text.count("{") > MAX_JSON_DEPTH
        and _too_deep(raw, value)
    ):
        return ParsedBody(raw_text=text)
    return ParsedBody(value=value, text=parse_text)


# CleverTap's bodies nest a handful of levels (d → record → evtData → Items → item). A body nested deeper than
# this is malformed here: stored as JSON, it would come back in the journal too deep for clients (Python's json
# among them) to read.
MAX_JSON_DEPTH = 128


# Every byte but brackets, quotes and backslashes, deleted by `bytes.translate`; braces read as brackets.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"\\')
_ONE_BRACKET_KIND = bytes.maketrans(b"{}", b"[]")


def _too_deep(raw: bytes, value: Any) -> bool:
    """Whether parsed JSON nests deeper than MAX_JSON_DEPTH, from its text where that is quick: with everything but
    brackets and quotes deleted, a body whose strings hold no bracket and no escape becomes pairs of quotes (one per
    string, deleted next) around its bracket structure, and each pass deleting every "[]" peels one level. Other
    bodies walk the parsed value."""
    skeleton = raw.translate(_ONE_BRACKET_KIND, _NOT_STRUCTURE)
    if b"\\" not in skeleton:
        skeleton = skeleton.replace(b'""', b"")
        if b'"' not in skeleton:  # every string is gone, so no bracket was inside one: the rest is the structure
            for _ in range(MAX_JSON_DEPTH):
                if not skeleton:
                    return False
                skeleton = skeleton.replace(b"[]", b"")
            return bool(skeleton)
    return _deeper_than(value, MAX_JSON_DEPTH)


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        children = current.values() if current.__class__ is dict else current
        for child in children:
            if child.__class__ is dict or child.__class__ is list:
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False
