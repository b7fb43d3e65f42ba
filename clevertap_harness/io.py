"""Reading events and settings files for the CLI, strictly and with one-line errors.

Strict: `NaN`, `Infinity` and `-Infinity` are not JSON (Python's json module accepts them), so they are refused
rather than copied to the output; bytes that are not UTF-8, nesting deeper than the parser can follow and integers
longer than Python converts are each a clear `UsageError`, never a traceback.

Events stream: JSON Lines input is read one line at a time (`iter_events`), so `transform` keeps its memory flat
in the size of the input. A JSON array or a pretty-printed object is read whole.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from typing import IO, Any

from .errors import UsageError


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large for a double")
    return value


def strict_loads(text: str | bytes) -> Any:
    """`json.loads` that refuses NaN/Infinity (and numbers too large for a double, which would print as
    Infinity); raises ValueError (JSONDecodeError included) or RecursionError."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _reason(exc: BaseException) -> str:
    """One-line reason for a JSON parse failure."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.object[exc.start] if exc.object else 0:#04x} at offset {exc.start})"
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has more digits than can be read (over 4300)"
    return text


def _parse(text: str | bytes, where: str) -> Any:
    try:
        return strict_loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{where} is not valid JSON: {_reason(exc)}") from None


def _open_binary(path: str, what: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's generator
    except IsADirectoryError:
        raise UsageError(f"cannot read {what} file {path}: it is a directory") from None
    except OSError as exc:
        raise UsageError(f"cannot read {what} file {path}: {exc.strerror}") from None


def _decode(data: bytes, origin: str, lineno: int | None = None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"{origin} line {lineno}" if lineno else origin
        raise UsageError(f"{where} is {_reason(exc)}") from None


def _lines(fh: IO[bytes], origin: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line, decoded as UTF-8."""
    for lineno, raw in enumerate(fh, start=1):
        if raw.strip():
            yield lineno, _decode(raw, origin, lineno)


def _events_of(data: Any) -> list[Any]:
    return data if isinstance(data, list) else [data]


def iter_events(path: str) -> Iterator[Any]:
    """Events from a file or `-` (stdin): a JSON array, one JSON object, or JSON Lines, one event at a time.

    JSON Lines are recognised by a first line that is complete JSON on its own; they are then parsed line by line
    as they are read. Otherwise (a pretty-printed array or object) the whole input is parsed at once."""
    origin = "stdin" if path == "-" else path
    fh = _open_binary(path, "events")
    try:
        lines = _lines(fh, origin)
        first = next(lines, None)
        if first is None:
            return
        try:
            first_value = strict_loads(first[1])
        except (ValueError, RecursionError) as exc:
            if isinstance(exc, json.JSONDecodeError) and exc.pos >= len(first[1].rstrip()):
                # not complete on one line: a document spread over several lines
                rest = fh.read()
                text = first[1] + "\n" + _decode(rest, origin)
                yield from _events_of(_parse(text, origin))
                return
            raise UsageError(f"{origin}: line {first[0]} is not valid JSON: {_reason(exc)}") from None
        second = next(lines, None)
        if second is None:  # a one-line file: an array of events or one event
            yield from _events_of(first_value)
            return
        yield first_value
        yield _line_event(second, origin)
        for item in lines:
            yield _line_event(item, origin)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _line_event(item: tuple[int, str], origin: str) -> Any:
    lineno, text = item
    try:
        return strict_loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{origin}: line {lineno} is not valid JSON: {_reason(exc)}") from None


def parse_events(text: str, origin: str = "events") -> list[Any]:
    """Accept a JSON array, a single JSON object, or JSON Lines (one event per line)."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        return _events_of(strict_loads(stripped))
    except (ValueError, RecursionError):
        pass
    return [_line_event((n, line), origin) for n, line in enumerate(stripped.splitlines(), start=1) if line.strip()]


def read_events(path: str) -> list[Any]:
    return list(iter_events(path))


def read_settings(path: str) -> dict[str, Any]:
    fh = _open_binary(path, "settings")
    try:
        data = fh.read()
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    text = _decode(data, f"settings file {path}")
    value = _parse(text, f"settings file {path}")
    if not isinstance(value, dict):
        raise UsageError(f"settings file {path} must hold a JSON object")
    return value
