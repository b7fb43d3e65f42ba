"""Turning one HTTP exchange into a journal entry (interfaces §3) and its per-record filter rows."""

from __future__ import annotations

from typing import Any

from flask import Request, Response, g

from .responses import strict_loads
from .store import sql_text, utc_now_iso


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return sql_text(str(value))


def record_rows(path: str, body: Any) -> list[tuple]:
    """(position, type, evtName, identity, objectId) for each record a request carries, for the filters."""
    if not isinstance(body, dict):
        return []
    if path == "/1/delete/profiles.json":
        rows = []
        for key, column in (("identity", 3), ("guid", 4)):
            values = body.get(key)
            for i, value in enumerate(values if isinstance(values, list) else [values], start=1):
                if _text(value) is not None:
                    row = [i, None, None, None, None]
                    row[column] = _text(value)
                    rows.append(tuple(row))
        return rows
    records = body.get("d")
    if not isinstance(records, list):
        return []
    rows = []
    for i, record in enumerate(records, start=1):
        if isinstance(record, dict):
            rows.append(
                (
                    i,
                    _text(record.get("type")),
                    _text(record.get("evtName")),
                    _text(record.get("identity")),
                    _text(record.get("objectId")),
                )
            )
    return rows


def build_entry(request: Request, response: Response) -> tuple[dict[str, Any], list[tuple]]:
    raw = request.get_data(cache=True)
    if "ct_body" in g:
        body = g.ct_body
    else:  # the handler answered before reading the body (a 401, a 404): parse it for the journal anyway
        try:
            body = strict_loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError):
            body = None
    raw_body = None
    if body is None and raw:
        raw_body = raw.decode("utf-8", errors="replace")
    # A body that parsed is stored as the client's own JSON text: re-serialising a 1000-record batch would
    # cost as much as parsing it did.
    # Only plain UTF-8 text is kept: json.loads also parses bytes with a BOM or in UTF-16/32, which the
    # journal could not read back (or decode) as text.
    body_text = None
    if body is not None:
        try:
            body_text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if body_text is not None and body_text.startswith("\ufeff"):
            body_text = None
    response_json = g.get("ct_response")
    entry = {
        "time": utc_now_iso(),
        "method": request.method,
        "path": request.path,
        "region": request.environ.get("clevertap.region"),
        "host": request.host,
        "query": request.args.to_dict(flat=True),
        "headers": dict(request.headers),
        "body": body,
        "body_text": body_text,
        "raw_body": raw_body,
        "status": response.status_code,
        "response": response_json,
    }
    return entry, record_rows(request.path, body)
