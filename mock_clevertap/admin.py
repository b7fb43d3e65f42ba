"""The `/_mock` admin API (interfaces §3): health, journal with filters, reset, state dump.

Modelled on Snowplow Micro's `/micro/*` and moto's `/moto-api/*`: tests reset between runs, read what clients
sent, and inspect the state; an unknown admin path answers with the list of admin paths.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from .faults import FaultQueue, parse_fault
from .responses import ct_json
from .store import JOURNAL_RECORD_FILTERS, Store

bp = Blueprint("admin", __name__, url_prefix="/_mock")

ENDPOINTS = [
    "GET /_mock/health",
    "GET /_mock/requests",
    "DELETE /_mock/requests",
    "GET /_mock/profiles",
    "GET /_mock/events",
    "GET /_mock/tokens",
    "POST /_mock/reset",
    "GET /_mock/faults",
    "POST /_mock/faults",
    "DELETE /_mock/faults",
]


def _store() -> Store:
    return current_app.extensions["clevertap_store"]


def _faults() -> FaultQueue:
    return current_app.extensions["clevertap_faults"]


class BadQuery(ValueError):
    pass


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadQuery(f"query parameter '{name}' must be an integer") from None
    if number < 0:
        raise BadQuery(f"query parameter '{name}' must not be negative")
    return number


def _bad(message: str):
    return ct_json({"status": "fail", "error": message, "code": 400}, 400)


@bp.get("/health")
def health():
    return ct_json({"status": "ok", "journal": _store().journal_stats()})


@bp.get("/requests")
def list_requests():
    """Journal entries oldest first. Record filters (`type`, `evtName`, `identity`, `objectId`) must all match
    the same record of a request, so `evtName=X&identity=Y` means "an X event for Y"."""
    order = request.args.get("order", "asc")
    if order not in ("asc", "desc"):
        return _bad("query parameter 'order' must be asc or desc")
    try:
        status, limit, since = _int_arg("status"), _int_arg("limit"), _int_arg("since")
    except BadQuery as exc:
        return _bad(str(exc))
    store = _store()
    entries = store.journal_query(
        path=request.args.get("path") or None,
        method=(request.args.get("method") or "").upper() or None,
        region=request.args.get("region") or None,
        status=status,
        record_filters={name: request.args.get(name) or None for name in JOURNAL_RECORD_FILTERS},
        since=since,
        limit=limit,
        newest_first=order == "desc",
    )
    if order == "desc":
        entries.reverse()
    stats = store.journal_stats()
    return ct_json({"requests": entries, "count": len(entries), "dropped": stats["dropped"]})


@bp.delete("/requests")
def clear_requests():
    return ct_json({"status": "ok", "deleted": _store().journal_clear()})


@bp.get("/profiles")
def profiles():
    return ct_json({"profiles": _store().profiles(request.args.get("account") or None)})


@bp.get("/events")
def events():
    return ct_json(
        {"events": _store().events(request.args.get("account") or None, evtName=request.args.get("evtName") or None)}
    )


@bp.get("/tokens")
def tokens():
    return ct_json({"tokens": _store().tokens(request.args.get("account") or None)})


@bp.post("/reset")
def reset():
    """Empties journal and state; `?only=journal` or `?only=state` empties one of them."""
    only = request.args.get("only")
    if only not in (None, "", "journal", "state"):
        return _bad("query parameter 'only' must be journal or state")
    _store().reset(journal=only in (None, "", "journal"), state=only in (None, "", "state"))
    if only in (None, ""):
        _faults().clear()
    return ct_json({"status": "ok"})


@bp.get("/faults")
def list_faults():
    return ct_json({"faults": _faults().list()})


@bp.post("/faults")
def add_fault():
    """Queue a fault: the next `count` requests (to `path`, or to any CleverTap path) answer `status` in
    CleverTap's fail envelope, after `delay` seconds; with no status they are only delayed."""
    body = request.get_json(silent=True)
    try:
        fault = parse_fault(body)
    except ValueError as exc:
        return _bad(str(exc))
    _faults().add(fault)
    return ct_json({"status": "ok", "faults": _faults().list()})


@bp.delete("/faults")
def clear_faults():
    _faults().clear()
    return ct_json({"status": "ok"})


def not_found():
    return ct_json(
        {
            "status": "fail",
            "error": f"Unknown admin path {request.method} {request.path}",
            "code": 404,
            "endpoints": ENDPOINTS,
        },
        404,
    )
