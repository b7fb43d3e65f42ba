"""RudderStack device mode, Android: the CleverTap Android SDK calls of rudder-integration-clevertap-android.

The peer is `CleverTapIntegrationFactory.java` (rudderlabs/rudder-integration-clevertap-android f92b67e2) running in
rudder-sdk-android's device mode. One event is one RudderStack message as the SDK hands it to the integration's
`dump`; the SDK's own processing that shows in the calls is applied first:

- context traits went through Gson: every number is a Double, null values are gone (in nested maps too);
- the traits map is a `java.util.HashMap` copy and the properties a `HashMap`, so when two keys land on the same
  CleverTap key (`name` and `Name`, a flattened `address.city` and `city`) the later one in HashMap iteration
  order wins. This project computes that order (String.hashCode buckets, the table size the map would have);
- a message whose JSON is over 64 KiB (UTF-8) is refused by the SDK: no call (measured on the message given here,
  which lacks some context the SDK adds).

Without `accountId`, `accountToken` or `region` the integration is never created: no call for any event.
docs/rudderstack-device.md#android lists the rules and their sources.
"""

from __future__ import annotations

import re
from typing import Any

from ... import java
from ...js import iso_string
from ...result import TransformError, sdk_call
from ...segment_common import JS_DATE_KEY
from ...tables.rudderstack_device import (
    ANDROID_CHARGED_RENAMES,
    ANDROID_FLATTENED_TRAITS,
    ANDROID_GENDER,
    ANDROID_MAX_EVENT_BYTES,
    ANDROID_METHODS,
    ANDROID_NESTED_RENAMES,
    ANDROID_ORDER_COMPLETED,
    ANDROID_PRODUCT_RENAMES,
    ANDROID_SCREEN_FORMAT,
    ANDROID_SDK,
    ANDROID_TRAIT_RENAMES,
)
from .mobile import android_configured, event_name, message_too_big, renamed, screen_name


class _NoCall(Exception):
    """An exception the integration (or the SDK around it) catches and logs: the event makes no call."""


def parse_double(text: str) -> float:
    """`Double.parseDouble`; raises _NoCall where Java throws NumberFormatException."""
    value = java.double_value_of(text)
    if value is None:
        raise _NoCall("NumberFormatException")
    return value


# --------------------------------------------------------------------------------------------------------------
# SimpleDateFormat("yyyy-MM-dd", Locale.US).parse: lenient, trailing text ignored, Julian before 1582-10-15
# --------------------------------------------------------------------------------------------------------------
_YMD = re.compile(r"(\d+)-(\d+)-(\d+)", re.ASCII)
_EPOCH_JDN = 2440588


def _jdn(y: int, m: int, d: int, julian: bool) -> int:
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    base = d + (153 * mm + 2) // 5 + 365 * yy + yy // 4
    return base - 32083 if julian else base - yy // 100 + yy // 400 - 32045


def parse_birthday(text: str) -> dict[str, str] | None:
    """The Date the integration's `dateFromString` gives (device time zone: UTC here), or None when it throws."""
    m = _YMD.match(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    if year > 292_000_000 or month > 10**6 or day > 10**8:
        return None
    # lenient: months and days roll over
    y, mo = divmod(year * 12 + month - 1, 12)
    mo += 1
    julian = (y, mo, 1) < (1582, 10, 15)
    days = _jdn(y, mo, 1, julian) + day - 1 - _EPOCH_JDN
    ms = days * 86_400_000
    if abs(ms) > 8.64e15:
        return None
    return {JS_DATE_KEY: iso_string(ms)}


# --------------------------------------------------------------------------------------------------------------
# the integration
# --------------------------------------------------------------------------------------------------------------
def _put_in_order(source: dict[str, Any], copied: bool) -> list[tuple[str, Any]]:
    return [(k, source[k]) for k in java.hash_map_order(source, copied=copied)]


def transform_traits(traits: dict[str, Any]) -> dict[str, Any]:
    """`transformTraits`: renames, address/company flattened (a non-map value throws ClassCastException),
    gender M/F (other strings dropped), birthday -> DOB."""
    out: dict[str, Any] = {}
    for key, value in _put_in_order(traits, copied=True):
        if key in ANDROID_TRAIT_RENAMES:
            out[ANDROID_TRAIT_RENAMES[key]] = value
            continue
        if key in ANDROID_FLATTENED_TRAITS:
            if not isinstance(value, dict):
                raise _NoCall("ClassCastException")
            for nested_key, nested in value.items():  # Gson's LinkedTreeMap keeps the JSON order
                out[renamed(ANDROID_NESTED_RENAMES, nested_key)] = nested
            continue
        out[key] = value
    if "gender" in out and isinstance(out["gender"], str):
        mapped = ANDROID_GENDER.get(out["gender"].upper())
        if mapped:
            out["Gender"] = mapped
        del out["gender"]
    if "birthday" in out:
        if isinstance(out["birthday"], str):
            dob = parse_birthday(out["birthday"])
            if dob is not None:
                out["DOB"] = dob
        del out["birthday"]
    return out


def _products(products: list[Any]) -> list[dict[str, Any]]:
    """`getProductsList`: a non-map (or null) element throws inside its try: the items so far are kept."""
    items: list[dict[str, Any]] = []
    for product in products:
        if not isinstance(product, dict):
            break
        item = {renamed(ANDROID_PRODUCT_RENAMES, k): v for k, v in product.items()}  # a LinkedTreeMap: JSON order
        if item:
            items.append(item)
    return items


def _charged(properties: dict[str, Any] | None) -> list[dict[str, Any]]:
    if properties is None:
        return []
    details: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    for key, value in _put_in_order(properties, copied=False):
        if key == "products":
            if isinstance(value, list):
                items = _products(value)
        elif key == "revenue":
            details[ANDROID_CHARGED_RENAMES[key]] = 0.0 if value is None else parse_double(java.string_value_of(value))
        elif key in ANDROID_CHARGED_RENAMES:
            details[ANDROID_CHARGED_RENAMES[key]] = value
        else:
            details[key] = value
    return [sdk_call(ANDROID_SDK, ANDROID_METHODS["charged"], details, items)]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, dict) and not value)


def native_calls(message: dict[str, Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The calls for one message, SDK name `android` (React Native reuses them)."""
    if not android_configured(settings) or message_too_big(message, ANDROID_MAX_EVENT_BYTES):
        return []
    kind = message.get("type")
    properties = message.get("properties")
    properties = properties if isinstance(properties, dict) else None
    try:
        if kind == "identify":
            context = message.get("context")
            traits = context.get("traits") if isinstance(context, dict) else None
            traits = java.gson_round_trip(traits) if isinstance(traits, dict) else {}
            return [sdk_call(ANDROID_SDK, ANDROID_METHODS["identify"], java.to_output(transform_traits(traits)))]
        if kind == "track":
            name = event_name(message)
            if name is None:
                return []
            if name == ANDROID_ORDER_COMPLETED:
                return [java.to_output(c) for c in _charged(properties)]
            if _is_empty(properties):
                return [sdk_call(ANDROID_SDK, ANDROID_METHODS["track"], name)]
            return [sdk_call(ANDROID_SDK, ANDROID_METHODS["track"], name, properties)]
        if kind == "screen":
            screen = ANDROID_SCREEN_FORMAT.format(java.string_value_of(screen_name(message)))
            if _is_empty(properties):
                return [sdk_call(ANDROID_SDK, ANDROID_METHODS["track"], screen)]
            return [sdk_call(ANDROID_SDK, ANDROID_METHODS["track"], screen, properties)]
    except _NoCall:
        return []  # caught and logged by the integration or by dump()
    return []  # alias, group, page, reset: not handled


def transform_android(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    return {"calls": native_calls(event, settings)}
