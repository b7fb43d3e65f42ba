"""The Segment receiver's rules as pure functions: write key, expanding a request into messages, what makes a
message rejected, and the timestamps Segment adds (docs/clevertap-to-segment.md, "The mock's Segment endpoint").

Segment answers 200 for nearly everything and drops what it cannot take; the mock does the same and records each
dropped message with a reason, so a test can see why. Reasons:
`bad_write_key`, `region_mismatch`, `invalid_message`, `missing_type`, `invalid_type`, `no_user_anon_id`,
`missing_event`, `message_too_large`, `over_batch_count`, `duplicate_message_id`, `request_refused` (strict mode).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from segment_export import tracking_api

# reason -> HTTP status strict mode answers with; reasons not listed never refuse a request.
STRICT_STATUS = {
    "bad_write_key": 401,
    "region_mismatch": 400,
    "invalid_message": 400,
    "missing_type": 400,
    "invalid_type": 400,
    "no_user_anon_id": 400,
    "missing_event": 400,
    "message_too_large": 400,
    "over_batch_count": 400,
}
REASON_TEXT = {
    "bad_write_key": "Invalid write key",
    "region_mismatch": "Write key belongs to a workspace in another region",
    "invalid_message": "Message is not a JSON object",
    "missing_type": "Batch item has no type",
    "invalid_type": "Unknown message type",
    "no_user_anon_id": "Message has neither userId nor anonymousId",
    "missing_event": "Track message has no event",
    "message_too_large": "Message is larger than 32KB",
    "over_batch_count": "Batch has more than 2500 messages",
}


class RequestError(ValueError):
    """The whole request cannot be read: Segment answers 400 (bad JSON, oversize)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def body(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def parse_write_keys(items: list[str] | str) -> dict[str, str | None]:
    """`KEY` or `KEY@us` / `KEY@eu` items, comma-separated lists allowed -> key -> workspace region (None: any)."""
    keys: dict[str, str | None] = {}
    for item in [items] if isinstance(items, str) else items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            key, sep, region = part.partition("@")
            if not key or (sep and region not in tracking_api.HOSTS):
                raise ValueError(f"write key {part!r} is not KEY or KEY@us / KEY@eu")
            keys[key] = region or None
    return keys


def write_key_from(authorization: str | None, body: Any) -> str | None:
    """Basic auth with the key as user name (password empty), else `writeKey` in the body (also with Bearer)."""
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "basic" and value:
            try:
                user = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                user = ""
            if user:
                return user
    if isinstance(body, dict) and isinstance(body.get("writeKey"), str) and body["writeKey"].strip():
        return body["writeKey"].strip()
    return None


def key_problem(key: str | None, configured: Mapping[str, str | None] | None, region: str) -> str | None:
    """`bad_write_key` for a missing or unknown key; `region_mismatch` for a key of the other region's workspace
    (Segment drops such data without an error)."""
    if not key:
        return "bad_write_key"
    if configured is None:
        return None
    if key not in configured:
        return "bad_write_key"
    workspace = configured[key]
    if workspace is not None and workspace != region:
        return "region_mismatch"
    return None


def expand(endpoint: str, body: Any) -> list[Any]:
    """The messages one request carries. A single call is its body with `type` set by the path; a batch's
    items get the batch's `context` and `integrations` merged under their own keys."""
    if not isinstance(body, dict):
        raise RequestError("invalid_request", "Request body must be a JSON object")
    if endpoint != "batch":
        message = {key: value for key, value in body.items() if key != "writeKey"}
        message["type"] = endpoint
        return [message]
    items = body.get("batch", [])  # no `batch` at all is an empty batch: nothing to drop, so a 200
    if not isinstance(items, list):
        raise RequestError("invalid_request", "Batch request must carry a 'batch' array")
    shared = {key: body[key] for key in ("context", "integrations") if isinstance(body.get(key), dict)}
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict) and shared:
            merged = dict(item)
            for key, value in shared.items():
                own = merged.get(key)
                merged[key] = {**value, **own} if isinstance(own, dict) else (own if key in merged else dict(value))
            out.append(merged)
        else:
            out.append(item)
    return out


def message_problem(message: Any, size: int) -> str | None:
    """Why Segment would drop this message, or None. Checks in the order a reader would notice them."""
    if not isinstance(message, dict):
        return "invalid_message"
    kind = message.get("type")
    if kind in (None, ""):
        return "missing_type"
    if kind not in tracking_api.CALL_TYPES:
        return "invalid_type"
    if size > tracking_api.MAX_MESSAGE_BYTES:
        return "message_too_large"
    if not _present(message.get("userId")) and not _present(message.get("anonymousId")):
        return "no_user_anon_id"
    if kind == "track" and not (isinstance(message.get("event"), str) and message["event"].strip()):
        return "missing_event"
    return None


def _present(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, (int, float))


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Stamped:
    receivedAt: str
    timestamp: str | None
    originalTimestamp: str | None


def stamp(message: dict[str, Any], received: datetime, sent_at: Any) -> Stamped:
    """Segment's timestamps: `receivedAt` is the server's clock; `originalTimestamp` keeps the sender's
    `timestamp`; with a `sentAt`, `timestamp` is corrected for the sender's clock skew as
    `receivedAt - (sentAt - originalTimestamp)`. Without a timestamp the message happened when it was received."""
    original = parse_time(message.get("timestamp"))
    sent = parse_time(message.get("sentAt")) or parse_time(sent_at)
    if original is None:
        return Stamped(iso(received), iso(received), None)
    try:
        corrected = received - (sent - original) if sent is not None else original
    except OverflowError:  # clocks so far apart the correction leaves the calendar: keep what the sender said
        corrected = original
    return Stamped(iso(received), iso(corrected), message.get("timestamp"))
