"""`/1/events.json`, `/1/profiles.json` (cursor downloads) and `/1/counts/{events,profiles}.json`.

Step 1 creates a download from a query given as the JSON body (`POST`, as CleverTap's docs show) or as a
`query=` URL parameter holding the JSON (`GET`, as CleverTap's Node library sends it), with `batch_size` at most
5000; it answers a `cursor`. Step 2 `GET ?cursor=` answers `records` and, while more remain, `next_cursor`.
"""

from __future__ import annotations

from flask import Response, request

from .. import downloads
from ..responses import MALFORMED, ApiError, ct_json, strict_loads
from .common import authenticate, json_body, store


def _query_from_request() -> downloads.Query:
    raw = request.args.get("query")
    if raw is not None:
        try:
            body = strict_loads(raw)
        except (ValueError, RecursionError):
            raise ApiError(MALFORMED, 400) from None
    else:
        body = json_body()
    try:
        return downloads.parse_query(body)
    except downloads.QueryError as exc:
        raise ApiError(str(exc), 400) from None


def _download(kind: str) -> Response:
    account = authenticate()
    token = request.args.get("cursor")
    st = store()
    try:
        if token is None:
            query = _query_from_request()
            cursor = downloads.Cursor(
                kind,
                account,
                query,
                downloads.parse_batch_size(request.args.get("batch_size")),
                0,
                downloads.newest_event_id(st),
                app=downloads.parse_flag(request.args.get("app"), False),
                events=downloads.parse_flag(request.args.get("events"), True),
                profile=downloads.parse_flag(request.args.get("profile"), True),
            )
            return ct_json({"status": "success", "cursor": cursor.encode()})
        cursor = downloads.Cursor.decode(token, account, kind)
    except downloads.QueryError as exc:
        raise ApiError(str(exc), 400) from None
    page = downloads.event_page if kind == "events" else downloads.profile_page
    records, following = page(st, cursor)
    answer: dict[str, object] = {"status": "success", "records": records}
    if following is not None:
        answer["next_cursor"] = following.encode()
    return ct_json(answer)


def events() -> Response:
    return _download("events")


def profiles() -> Response:
    return _download("profiles")


def _count(kind: str) -> Response:
    account = authenticate()
    query = _query_from_request()
    return ct_json({"status": "success", "count": downloads.count(store(), kind, account, query)})


def count_events() -> Response:
    return _count("events")


def count_profiles() -> Response:
    return _count("profiles")
