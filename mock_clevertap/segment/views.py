"""Flask views of the Segment endpoint and of `GET /_mock/segment/messages` (registered in `urls.ROUTES`).

The region comes from the Host (`api.segment.io` US, `events.eu1.segmentapis.com` EU; any other host is taken
as US) or from the path prefix (`/segment/v1/...` US, `/segment/eu1/v1/...` EU).
"""

from __future__ import annotations

import gzip
import http
import uuid
import zlib
from datetime import UTC, datetime
from typing import Any

from flask import Response, request

from segment_export import tracking_api

from ..api.common import config, store, txn
from ..responses import ct_json, strict_loads
from . import messages
from .validate import (
    REASON_TEXT,
    STRICT_STATUS,
    RequestError,
    expand,
    key_problem,
    message_problem,
    stamp,
    write_key_from,
)
from .validate import iso as validate_iso

SUCCESS = {"success": True}


def _segment_error(code: str, message: str, status: int) -> Response:
    return ct_json({"code": code, "message": message}, status)


def _read_body(kind: str) -> Any:
    raw = request.get_data(cache=True)
    if request.headers.get("Content-Encoding", "").lower() == "gzip":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error):
            raise RequestError("invalid_request", "Body is not valid gzip") from None
    limit = tracking_api.MAX_BATCH_BYTES if kind == "batch" else tracking_api.MAX_MESSAGE_BYTES
    if len(raw) > limit:
        what = "Batch" if kind == "batch" else "Message"
        raise RequestError(
            f"{'batch' if kind == 'batch' else 'message'}_too_large", f"{what} is larger than {limit // 1024}KB"
        )
    try:
        return strict_loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RequestError("invalid_json", "Invalid JSON") from None


def receive(kind: str, region: str) -> Response:
    """One Tracking API request: every message it carries is stored, accepted or with the reason it was dropped."""
    if kind not in tracking_api.ENDPOINTS:
        return _segment_error("not_found", f"Unknown endpoint /v1/{kind}", 404)
    cfg = config()
    try:
        body = _read_body(kind)
        items = expand(kind, body)
    except RequestError as exc:
        return ct_json(exc.body(), exc.status)
    key = write_key_from(request.headers.get("Authorization"), body)
    key_reason = key_problem(key, cfg.segment_write_keys, region)
    over_count = kind == "batch" and len(items) > tracking_api.MAX_BATCH_MESSAGES
    received = datetime.now(UTC)
    received_at = validate_iso(received)
    db = txn().db
    stored: list[dict[str, Any]] = []
    accepted_ids: set[str] = set()
    for item in items:
        reason = key_reason or ("over_batch_count" if over_count else None)
        reason = reason or message_problem(item, tracking_api.json_size(item))
        out: dict[str, Any] = dict(item) if isinstance(item, dict) else {"message": item}
        if isinstance(item, dict):
            out.setdefault("messageId", f"api-{uuid.uuid4()}")
            times = stamp(item, received, body.get("sentAt"))
            out["timestamp"] = times.timestamp
            if times.originalTimestamp is not None:
                out["originalTimestamp"] = times.originalTimestamp
        message_id = messages.id_text(out.get("messageId"))
        if reason is None and message_id is not None:
            if message_id in accepted_ids or messages.seen(db, key, message_id):
                reason = "duplicate_message_id"
            else:
                accepted_ids.add(message_id)
        out.update({"writeKey": key, "region": region, "receivedAt": received_at, "rejected": reason})
        stored.append(out)
    refusal = next((m["rejected"] for m in stored if m["rejected"] in STRICT_STATUS), None)
    refused = cfg.segment_strict and refusal is not None
    for message in stored:
        if refused and message["rejected"] is None:
            message["rejected"] = "request_refused"
        messages.add(db, message)
    if refused and refusal is not None:
        rejected = [
            {"index": i, "reason": m["rejected"]} for i, m in enumerate(stored) if m["rejected"] != "request_refused"
        ]
        return ct_json({"code": refusal, "message": REASON_TEXT[refusal], "rejected": rejected}, STRICT_STATUS[refusal])
    return ct_json(SUCCESS)


def receive_by_host(kind: str) -> Response:
    host = (request.host or "").rsplit(":", 1)[0].lower()
    return receive(kind, tracking_api.REGION_OF_HOST.get(host, "us"))


def receive_us(kind: str) -> Response:
    return receive(kind, "us")


def receive_eu(kind: str) -> Response:
    return receive(kind, "eu")


def _bad(message: str) -> Response:
    return ct_json({"status": "fail", "error": message, "code": 400}, 400)


def list_messages() -> Response:
    """`GET /_mock/segment/messages`: oldest first; filters `type`, `event`, `userId`, `anonymousId`, `writeKey`,
    `messageId`, `region`, `rejected` (`true`/`false`), `limit`; `order=desc` makes `limit` keep the newest."""
    args = request.args
    filters = {name: args[name] for name in messages.FILTERS if args.get(name)}
    if filters.get("region") not in (None, *tracking_api.HOSTS):
        return _bad("query parameter 'region' must be us or eu")
    rejected_arg = args.get("rejected")
    if rejected_arg not in (None, "", "true", "false"):
        return _bad("query parameter 'rejected' must be true or false")
    rejected = None if not rejected_arg else rejected_arg == "true"
    limit_arg = args.get("limit")
    limit = None
    if limit_arg:
        if not (limit_arg.isascii() and limit_arg.isdigit()) or int(limit_arg) > 2**63 - 1:
            return _bad("query parameter 'limit' must be a non-negative whole number")
        limit = int(limit_arg)
    order = args.get("order") or "asc"
    if order not in ("asc", "desc"):
        return _bad("query parameter 'order' must be asc or desc")
    st = store()
    with st.lock:
        found = messages.query(st.db, filters, rejected, limit, newest=order == "desc")
    return ct_json({"messages": found, "count": len(found)})


def fault_answer(status: int, error: str | None) -> Response:
    """An injected fault on a Segment path, in the `{code, message}` shape Segment's clients parse (a CleverTap
    envelope would make analytics-python fail on a missing key instead of seeing the status)."""
    phrase = http.HTTPStatus(status).phrase
    return ct_json({"code": phrase.lower().replace(" ", "_"), "message": error or phrase}, status)


VIEWS = frozenset({receive_by_host, receive_us, receive_eu})
