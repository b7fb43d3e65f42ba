"""Turning one HTTP exchange into a journal entry (README.md (Admin API)) and its per-record filter rows.

The route table (`urls.py`) names, per route, which extractor below turns the parsed body into filter rows
`(position, type, evtName, identity, objectId)`.
"""

from __future__ import annotations

from typing import Any

from flask import Request, Response, g

from .store import sql_text, utc_now_iso

REDACTED = "[redacted]"
# Header names compared lower-cased: secrets the journal does not keep unless asked to (`--journal-passcodes`).
SECRET_HEADERS = frozenset({"x-clevertap-passcode", "authorization"})


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return sql_text(str(value))


def batch_rows(body: Any) -> list[tuple]:
    """Rows for a body `{"d": [record, ...]}` (upload, disassociate, subscribe). Filters find requests, not
    records, so records alike in all four filter fields share one row (the first one's position): a batch of
    many events for a few users costs a few rows."""
    records = body.get("d") if isinstance(body, dict) else None
    if not isinstance(records, list):
        return []
    rows: dict[tuple, int] = {}
    for i, r in enumerate(records, start=1):
        if r.__class__ is dict:
            key: tuple = (r.get("type"), r.get("evtName"), r.get("identity"), r.get("objectId"))
            # Text (or absent) values are their own filter text; anything else (a number, an object) is turned
            # into its text first. A tuple of text never equals one holding other values, so the check is exact.
            if not set(map(type, key)) <= _TEXT_OR_NONE:
                key = tuple(v if v.__class__ is str else _text(v) for v in key)
            if key not in rows:
                rows[key] = i
    return [(i, *map(sql_text, key)) for key, i in rows.items()]


_TEXT_OR_NONE = frozenset({str, type(None)})


def _id_rows(body: Any, keys: tuple[tuple[str, int], ...]) -> list[tuple]:
    if not isinstance(body, dict):
        return []
    rows = []
    for key, column in keys:
        values = body.get(key)
        for i, value in enumerate(values if isinstance(values, list) else [values], start=1):
            if _text(value) is not None:
                row: list[Any] = [i, None, None, None, None]
                row[column] = _text(value)
                rows.append(tuple(row))
    return rows


def delete_rows(body: Any) -> list[tuple]:
    """`identity` values are found by `?identity=`, `guid` values (CleverTap IDs) by `?objectId=`."""
    return _id_rows(body, (("identity", 3), ("guid", 4)))


def demerge_rows(body: Any) -> list[tuple]:
    return _id_rows(body, (("identities", 3),))


def _headers(request: Request, keep_secrets: bool) -> dict[str, str]:
    headers = dict(request.headers)
    if not keep_secrets:
        for name in headers:
            if name.lower() in SECRET_HEADERS:
                headers[name] = REDACTED
    return headers


def build_entry(
    request: Request, response: Response, *, keep_secrets: bool = False, read_body: bool = True
) -> dict[str, Any]:
    """The journal entry of this exchange. The body is stored as the exact UTF-8 text the client sent when it
    parsed (re-serialising a 1000-record batch would cost as much as parsing it did), otherwise as `raw_body`
    text; `read_body=False` (a request refused before it was read, e.g. a 429) stores neither."""
    body = body_text = raw_body = None
    if read_body:
        parsed = g.get("ct_parsed")
        if parsed is None:  # answered before the view read the body (a 401, a 404): parse it for the journal
            from .responses import parse_body

            parsed = parse_body(request.get_data(cache=True))
        body, body_text, raw_body = parsed.value, parsed.text, parsed.raw_text
    return {
        "time": utc_now_iso(),
        "method": request.method,
        "path": request.path,
        "region": request.environ.get("clevertap.region"),
        "host": request.host,
        "query": request.args.to_dict(flat=True),
        "headers": _headers(request, keep_secrets),
        "body": body,
        "body_text": body_text,
        "raw_body": raw_body,
        "status": response.status_code,
        "response": g.get("ct_response"),
    }
