"""The `/_mock` admin API (README.md (Admin API)): health, journal with filters, reset, state dump.

Modelled on Snowplow Micro's `/micro/*` and moto's `/moto-api/*`: tests reset between runs, read what clients
sent, and inspect the state; an unknown admin path answers with the list of admin paths.
"""

from __future__ import annotations

from flask import Response, current_app, request

from .faults import FaultQueue, parse_fault
from .responses import ct_json, parse_body
from .store import JOURNAL_RECORD_FILTERS, Store

# SQLite integers are signed 64-bit: a larger number in a filter would overflow (a 500) rather than match nothing.
_MAX_INT = 2**63 - 1


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
    # Digits only: int() would also take "+1", " 1", "1_000" and Unicode digits.
    if not (value.isascii() and value.isdigit()):
        raise BadQuery(f"query parameter '{name}' must be a non-negative whole number, not {value[:40]!r}")
    number = int(value)
    if number > _MAX_INT:
        raise BadQuery(f"query parameter '{name}' must be at most {_MAX_INT}")
    return number


def _choice_arg(name: str, choices: tuple[str, ...], default: str | None = None, empty_ok: bool = False) -> str | None:
    value = request.args.get(name)
    if value is None or (empty_ok and value == ""):
        return default
    if value not in choices:
        raise BadQuery(f"query parameter '{name}' must be one of {', '.join(choices)}")
    return value


def _bad(message: str) -> Response:
    return ct_json({"status": "fail", "error": message, "code": 400}, 400)


def health():
    return ct_json({"status": "ok", "journal": _store().journal_stats()})


def list_requests():
    """Journal entries oldest first. Record filters (`type`, `evtName`, `identity`, `objectId`) must all match
    the same record of a request, so `evtName=X&identity=Y` means "an X event for Y"."""
    try:
        order = _choice_arg("order", ("asc", "desc"), "asc")
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


def clear_requests():
    return ct_json({"status": "ok", "deleted": _store().journal_clear()})


def profiles():
    return ct_json({"profiles": _store().profiles(request.args.get("account") or None)})


def events():
    return ct_json(
        {"events": _store().events(request.args.get("account") or None, evtName=request.args.get("evtName") or None)}
    )


def tokens():
    return ct_json({"tokens": _store().tokens(request.args.get("account") or None)})


def reset():
    """Empties journal and state; `?only=journal` or `?only=state` empties one of them."""
    try:
        only = _choice_arg("only", ("journal", "state"), empty_ok=True)
    except BadQuery as exc:
        return _bad(str(exc))
    _store().reset(journal=only in (None, "", "journal"), state=only in (None, "", "state"))
    if only in (None, ""):
        _faults().clear()
    return ct_json({"status": "ok"})


def list_faults():
    return ct_json({"faults": _faults().list()})


def add_fault():
    """Queue a fault: the next `count` requests (to `path`, or to any CleverTap path) answer `status` in
    CleverTap's fail envelope, after `delay` seconds; with no status they are only delayed."""
    body = parse_body(request.get_data(cache=True)).value
    try:
        fault = parse_fault(body)
    except ValueError as exc:
        return _bad(str(exc))
    _faults().add(fault)
    return ct_json({"status": "ok", "faults": _faults().list()})


def clear_faults():
    _faults().clear()
    return ct_json({"status": "ok"})
