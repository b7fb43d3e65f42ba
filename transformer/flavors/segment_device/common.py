"""Helpers shared by the Segment classic "CleverTap" device-mode integrations (web, android, ios).

Output is the `calls` shape of the project's result format. A Segment call an integration ignores gives
`{"calls": []}`; a message that is not a Segment call gives the structured error. Android and iOS also share the
anonymousId rule (docs/segment-device-mobile.md "The anonymousId").
"""

from __future__ import annotations

import uuid
from typing import Any

from ... import java
from ...result import TransformError
from ...segment_common import message_type, require_message
from ...tables.segment import SEGMENT_TYPES, SETTING_ANONYMOUS_ID


def check_type(event: Any) -> tuple[dict[str, Any], str]:
    event = require_message(event)
    kind = message_type(event)
    if kind not in SEGMENT_TYPES:
        raise TransformError(f"Event type {kind} is not supported", 400)
    return event, kind


def track_name(event: dict[str, Any]) -> str:
    name = event.get("event")
    if not isinstance(name, str) or not name:
        raise TransformError("Event name is required for track", 400)
    return name


def result(calls: list[dict[str, Any]]) -> dict[str, Any]:
    return {"calls": calls}


def anonymous_id(event: dict[str, Any], settings: dict[str, Any]) -> str:
    """The anonymousId the SDK's trait cache holds: the event's, else the setting, else a new random UUID."""
    for candidate in (event.get("anonymousId"), settings.get(SETTING_ANONYMOUS_ID)):
        if isinstance(candidate, str) and not java.is_null_or_empty(candidate):
            return candidate
    return str(uuid.uuid4())
