"""Segment classic "CleverTap" destination, device mode, ios: Segment-CleverTap 1.4.0 on analytics-ios. An
`NSDate` (DOB) is written `{"$date": "<ISO-8601 with milliseconds, UTC>"}`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ...result import sdk_call
from ...segment_common import is_js_date, js_date
from ...tables.segment import IOS_BIRTHDAY_FORMAT, IOS_GENDER, IOS_INIT_FAILED, SDK_METHODS
from .common import transform_mobile


def _ios_string(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return value if isinstance(value, str) else str(value)


def _ios_date(value: Any) -> dict[str, str] | None:
    if not isinstance(value, str):
        return None
    m = IOS_BIRTHDAY_FORMAT.match(value)
    if m is None:
        return None
    year, month, day, hh, mm, ss, zone = m.groups()
    try:
        dt = datetime(int(year), int(month), int(day), int(hh), int(mm), int(ss), tzinfo=UTC)
    except ValueError:
        return None
    if zone != "Z":
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        dt = dt - offset if zone[0] == "+" else dt + offset
    return js_date(dt)


def _ios_identify(event: dict[str, Any]) -> list[dict[str, Any]]:
    traits = event.get("traits")
    if not isinstance(traits, dict) or not traits:
        return []
    profile = dict(traits)
    user_id = event.get("userId")
    if isinstance(user_id, str) and user_id:
        profile["Identity"] = user_id
    if traits.get("email") is not None:
        profile["Email"] = traits["email"]
    if traits.get("name") is not None:
        profile["Name"] = traits["name"]
    if traits.get("phone") is not None:
        phone = _ios_string(traits["phone"])
        profile["Phone"] = phone
        profile["phone"] = phone
    gender = traits.get("gender")
    if isinstance(gender, str):
        mapped = IOS_GENDER.get(gender.lower())
        if mapped:
            profile["Gender"] = mapped
    birthday = _ios_date(traits.get("birthday"))
    if birthday is not None:
        profile["DOB"] = birthday
    profile = {k: v for k, v in profile.items() if not (isinstance(v, dict) and not is_js_date(v))}
    return [sdk_call("ios", SDK_METHODS["ios"]["identify"], profile)]


def _ios_charged(props: dict[str, Any]) -> list[dict[str, Any]]:
    details: dict[str, Any] = {}
    items: list[Any] = []
    for key, value in props.items():
        if key == "products" and isinstance(value, list) and value:
            items = value
        elif isinstance(value, (dict, list)):
            continue
        elif key == "order_id":
            details["Charged ID"] = value
            details["order_id"] = value
        elif key == "total":
            details["Amount"] = value
            details["total"] = value
        else:
            details[key] = value
    return [sdk_call("ios", SDK_METHODS["ios"]["charged"], details, items)]


def transform_ios(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    return transform_mobile(event, settings, "ios", IOS_INIT_FAILED, _ios_identify, _ios_charged)
