"""RudderStack device mode, iOS: the CleverTap iOS SDK calls of rudder-integration-clevertap-ios 1.3.0.

The peer is `RudderCleverTapIntegration.m` (rudderlabs/rudder-integration-clevertap-ios f741673b) on rudder-sdk-ios
1.31. One event is one RudderStack message as the SDK hands it to `dump:`; the SDK's processing that shows is that
context traits carry no null values and that a message whose JSON is over 64 KiB is refused (no call).

Where two keys land on the same profile key, the integration's order is `NSDictionary`'s (`allKeys`), which no
document fixes; this project uses the message's key order (a project choice, docs/rudderstack-device.md#ios).
NSNumber text (`Phone` = `%@`) follows `transformer.objc.description` (`%0.16g` for doubles, `1`/`0` for BOOLs).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ... import objc
from ...js import iso_string
from ...result import TransformError, sdk_call
from ...segment_common import JS_DATE_KEY
from ...tables.rudderstack_device import (
    IOS_CHARGED_RENAMES,
    IOS_COPIED_TRAITS,
    IOS_FLATTENED_TRAITS,
    IOS_GENDER,
    IOS_MAX_EVENT_BYTES,
    IOS_METHODS,
    IOS_NESTED_RENAMES,
    IOS_ORDER_COMPLETED,
    IOS_PRODUCT_RENAMES,
    IOS_SCREEN_FORMAT,
    IOS_SDK,
)
from .mobile import event_name, ios_configured, message_too_big, renamed, screen_name


class _Swallowed(Exception):
    """An Objective-C exception the SDK catches around `dump:`: the event makes no call."""


_YMD = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})\Z", re.ASCII)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_birthday(text: str) -> dict[str, str] | None:
    """NSDateFormatter `yyyy-MM-dd` (en_US_POSIX, not lenient): the whole text, a real calendar date; midnight in
    the device time zone (UTC here). None where `dateFromString:` gives nil."""
    m = _YMD.match(text)
    if m is None:
        return None
    y, mo, d = (int(g) for g in m.groups())
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if not (1 <= mo <= 12 and 1 <= d <= (_DAYS[mo - 1] + (1 if mo == 2 and leap else 0))) or y == 0:
        return None
    return {JS_DATE_KEY: iso_string((date(y, mo, d).toordinal() - _EPOCH_ORDINAL) * 86_400_000)}


def _profile(message: dict[str, Any]) -> dict[str, Any]:
    context = message.get("context")
    raw = context.get("traits") if isinstance(context, dict) else None
    traits = {k: v for k, v in raw.items() if v is not None} if isinstance(raw, dict) else {}
    profile: dict[str, Any] = {}
    if traits.get("userId") is not None:
        user_id = message.get("userId")
        if user_id is not None:
            profile["Identity"] = user_id
        del traits["userId"]
    for key, target in IOS_COPIED_TRAITS.items():
        if key in traits:
            profile[target] = traits.pop(key)
    if "phone" in traits:
        profile["Phone"] = objc.description(traits.pop("phone"))
    if isinstance(traits.get("gender"), str):
        mapped = IOS_GENDER.get(traits.pop("gender").lower())
        if mapped:
            profile["Gender"] = mapped
    if isinstance(traits.get("birthday"), str):
        dob = parse_birthday(traits.pop("birthday"))
        if dob is not None:
            profile["DOB"] = dob
    for key, value in traits.items():
        if not isinstance(value, dict):
            profile[key] = value
        elif key in IOS_FLATTENED_TRAITS:
            for nested_key, nested in value.items():
                profile[renamed(IOS_NESTED_RENAMES, nested_key)] = nested
    return profile


def _charged(properties: Any) -> list[dict[str, Any]]:
    if not isinstance(properties, dict):
        return []
    details: dict[str, Any] = {}
    items: list[Any] = []
    for key, value in properties.items():
        if key == "products":
            if isinstance(value, list) and value:
                if not all(isinstance(p, dict) for p in value):
                    raise _Swallowed("-[... enumerateKeysAndObjectsUsingBlock:]: unrecognized selector")
                items = [{renamed(IOS_PRODUCT_RENAMES, k): v for k, v in p.items()} for p in value]
        elif isinstance(value, (dict, list)):
            continue
        else:
            details[renamed(IOS_CHARGED_RENAMES, key)] = value
    return [sdk_call(IOS_SDK, IOS_METHODS["charged"], details, items)]


def _record(name: Any, properties: Any) -> list[dict[str, Any]]:
    if isinstance(properties, dict):
        return [sdk_call(IOS_SDK, IOS_METHODS["track_props"], name, properties)]
    return [sdk_call(IOS_SDK, IOS_METHODS["track"], name)]


def native_calls(message: dict[str, Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The calls for one message, SDK name `ios` (React Native reuses them)."""
    if not ios_configured(settings) or message_too_big(message, IOS_MAX_EVENT_BYTES):
        return []
    message = objc.from_json(message)
    kind = message.get("type")
    properties = message.get("properties")
    try:
        if kind == "identify":
            return [sdk_call(IOS_SDK, IOS_METHODS["identify"], _profile(message))]
        if kind == "track":
            name = event_name(message)
            if name == IOS_ORDER_COMPLETED:
                return _charged(properties)
            return _record(name, properties)
        if kind == "screen":
            name = screen_name(message)
            return _record(IOS_SCREEN_FORMAT.format("(null)" if name is None else name), properties)
    except _Swallowed:
        return []
    return []  # alias, group, page, reset: not handled


def transform_ios(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    return {"calls": native_calls(event, settings)}
