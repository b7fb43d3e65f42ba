"""Helpers shared by the Segment classic "CleverTap" device-mode integrations (web, android, ios).

Output is the `calls` shape of the project's result format. A Segment call an integration ignores gives
`{"calls": []}`; a message that is not a Segment call, or that the integration cannot be created for (missing
credentials), gives the structured error.
"""

from __future__ import annotations

from typing import Any

from ...result import TransformError, sdk_call
from ...segment_common import message_type, require_message, setting
from ...tables.segment import (
    MOBILE_ORDER_COMPLETED,
    SDK_METHODS,
    SEGMENT_TYPES,
    SETTING_ACCOUNT_ID,
    SETTING_ACCOUNT_TOKEN,
)

UNDEFINED = object()


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


def require_mobile_credentials(settings: dict[str, Any], message: str) -> None:
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    token = setting(settings, SETTING_ACCOUNT_TOKEN)
    if not account_id or not token or not isinstance(account_id, str) or not isinstance(token, str):
        raise TransformError(message, 400)


def result(calls: list[dict[str, Any]]) -> dict[str, Any]:
    return {"calls": calls}


def transform_mobile(
    event: Any, settings: dict[str, Any], sdk: str, init_failed: str, identify: Any, charged: Any
) -> dict[str, Any]:
    """The Android and iOS integrations route calls alike; what differs (SDK, start-up error, identify and
    Charged mappings) is passed in."""
    event, kind = check_type(event)
    require_mobile_credentials(settings, init_failed)
    methods = SDK_METHODS[sdk]
    if kind == "identify":
        return result(identify(event))
    if kind == "track":
        name = track_name(event)
        props = event.get("properties")
        props = props if isinstance(props, dict) else {}
        if name == MOBILE_ORDER_COMPLETED:
            return result(charged(props))
        return result([sdk_call(sdk, methods["track"], name, dict(props))])
    if kind == "screen":
        name = event.get("name")
        return result([] if name is None else [sdk_call(sdk, methods["screen"], name)])
    if kind == "alias":
        user_id = event.get("userId")
        if not isinstance(user_id, str) or not user_id:
            return result([])
        return result([sdk_call(sdk, methods["alias"], {"Identity": user_id})])
    return result([])  # page, group
