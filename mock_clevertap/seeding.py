"""`POST /_mock/events`: seed events CleverTap raises itself (Notification Sent / Viewed / Clicked, App
Launched, ...), which clients cannot upload (`/1/upload` answers 513 for them, as CleverTap does).

Body: `{"account": "ACC", "d": [{"evtName": ..., "identity" or "objectId": ..., "ts": epoch seconds,
"evtData": {...}, "deviceInfo": {"make", "model", "os_version", "app_version"}}]}`. Records are stored as an
upload would store them (same profile resolution), so the download APIs and the export read them back.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Response, current_app, request

from . import model
from .responses import ct_json, parse_body
from .store import Store

_IDS = ("identity", "objectId")


def _problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return "is not an object"
    if not isinstance(record.get("evtName"), str) or not record["evtName"].strip():
        return "needs evtName (a non-empty string)"
    for key in _IDS:
        if key in record and not (isinstance(record[key], str) and record[key].strip()):
            return f"has {key} that is not a non-empty string"
    if not any(key in record for key in _IDS):
        return "needs identity or objectId"
    ts = record.get("ts")
    if ts is not None and (not isinstance(ts, int) or isinstance(ts, bool) or not 0 < ts < 10**10):
        return "has a ts that is not epoch seconds"
    for key in ("evtData", "deviceInfo"):
        if key in record and not isinstance(record[key], dict):
            return f"has {key} that is not an object"
    return None


def _bad(message: str) -> Response:
    return ct_json({"status": "fail", "error": message, "code": 400}, 400)


def seed_events() -> Response:
    body = parse_body(request.get_data(cache=True)).value
    if not isinstance(body, dict) or not isinstance(body.get("d"), list) or not body["d"]:
        return _bad('body must be {"account": ..., "d": [event, ...]}')
    account = body.get("account")
    if not isinstance(account, str) or not account.strip():
        return _bad("'account' is required: the CleverTap account id the events belong to")
    for position, record in enumerate(body["d"], start=1):
        problem = _problem(record)
        if problem is not None:
            return _bad(f"record {position} {problem}")
    store: Store = current_app.extensions["clevertap_store"]
    now = int(time.time())
    with store.transaction() as state:
        seq_base = store.next_counter("seq") * 1_000_000
        for position, record in enumerate(body["d"], start=1):
            event = {"type": "event", "evtData": {}, **record}
            model.ingest_event(state, account.strip(), event, now, seq_base + position)
    return ct_json({"status": "ok", "seeded": len(body["d"])})
