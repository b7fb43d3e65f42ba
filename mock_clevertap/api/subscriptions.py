"""`POST /1/disassociate` and `POST /1/subscribe` (docs/clevertap-api.md#deleting-demerging-disassociating).

Per-record failures use the batch envelope of /1/upload; CleverTap documents no codes for these endpoints, so
the mock answers code 400 with a text naming the problem (inferred).
"""

from __future__ import annotations

from typing import Any

from .. import model
from ..responses import MALFORMED, ApiError, batch_result
from ..rules import SKIPPED
from .common import authenticate, config, json_object, txn

# subscribe record type -> (index kind used to find the profile, subscription flag it sets)
_CHANNELS = {"phone": ("phone", "MSG-sms"), "email": ("email", "MSG-email"), "whatsapp": ("phone", "MSG-whatsapp")}
_STATUSES = {"Unsubscribe": False, "Resubscribe": True}


def _records() -> list[Any]:
    records = json_object().get("d")
    if not isinstance(records, list) or not records:
        raise ApiError(MALFORMED, 400)
    limit = config().max_disassociate_records
    if len(records) > limit:
        raise ApiError(f"Max {limit} are allowed", 400)
    return records


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _reject(record: Any, position: int, text: str) -> dict[str, Any]:
    return {"status": "fail", "code": 400, "error": f"{text} " + SKIPPED.format(n=position), "record": record}


def disassociate():
    """Detach a phone number used as identity from its profile, so a recycled number does not merge a new user
    into the old profile; `type` must be `phone` (disassociate-api page)."""
    account = authenticate()
    records = _records()
    processed, unprocessed = 0, []
    state = txn()
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict) or record.get("type") != "phone":
            unprocessed.append(_reject(record, position, "Only type 'phone' can be disassociated."))
            continue
        value = record.get("value")
        if not isinstance(value, str) or not value:
            unprocessed.append(_reject(record, position, "'value' must be a phone number."))
            continue
        model.disassociate_phone(state, account, value)
        processed += 1
    return batch_result(processed, unprocessed)


def subscribe():
    """Set a channel's subscription flag (`MSG-sms`, `MSG-email`, `MSG-whatsapp`) on the profile holding that
    phone number or email; a value no profile holds is still accepted (nothing to update)."""
    account = authenticate()
    records = _records()
    processed, unprocessed = 0, []
    state = txn()
    for position, record in enumerate(records, start=1):
        # `type`/`status` may be any JSON value: only strings can name a channel or a status.
        channel = _CHANNELS.get(_text(record.get("type")) or "") if isinstance(record, dict) else None
        if channel is None:
            unprocessed.append(_reject(record, position, "'type' must be phone, email or whatsapp."))
            continue
        if _text(record.get("status")) not in _STATUSES:
            unprocessed.append(_reject(record, position, "'status' must be Unsubscribe or Resubscribe."))
            continue
        value = record.get("value")
        if not isinstance(value, str) or not value:
            unprocessed.append(_reject(record, position, "'value' must be a non-empty string."))
            continue
        kind, flag = channel
        guid = state.guid_for(account, kind, value)
        if guid is not None:
            profile = state.get_profile(guid)
            profile.setdefault("profileData", {})[flag] = _STATUSES[record["status"]]
            state.put_profile(guid, profile)
        processed += 1
    return batch_result(processed, unprocessed)
