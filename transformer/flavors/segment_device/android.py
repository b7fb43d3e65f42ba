"""Segment classic "CleverTap" destination, device mode, android: clevertap-segment-android 1.7.0 on
analytics-android 4.x.

The raw event is what the app passed to analytics-android's public call (`identify(userId, traits)`,
`track(event, properties)`, `screen(category, name, properties)`, `alias(newId)`, `group(groupId, traits)`) on a
fresh install; the SDK's own processing runs before the integration, as on a device:

- JSON numbers are Java Doubles (`5` arrives as `5.0`), numbers turned into text read like Java (`String.valueOf`);
- the public API refuses blank names and ids with IllegalArgumentException: the result is that error, in the
  SDK's words, and no call;
- identify merges the cached traits (holding `anonymousId`), then `userId`, then the new traits into a
  ConcurrentHashMap (null values dropped; its iteration order settles colliding keys such as `phone`/`Phone`);
- the anonymousId is the event's `anonymousId` when it is non-blank text, else the `anonymousId` setting, else a
  random UUID (as the SDK makes one up on first launch).

A missing account id or token makes the integration factory return no integration: no calls, not an error.
Facts and sources: docs/segment-device-mobile.md.
"""

from __future__ import annotations

from typing import Any

from ... import java
from ...result import TransformError, sdk_call
from ...segment_common import setting
from ...tables.segment import (
    ANDROID_GENDER,
    ANDROID_TRAIT_RENAMES,
    MOBILE_ORDER_COMPLETED,
    SDK_METHODS,
    SETTING_ACCOUNT_ID,
    SETTING_ACCOUNT_TOKEN,
)
from .common import anonymous_id, check_type, result

_METHODS = SDK_METHODS["android"]

# analytics-android's IllegalArgumentException texts (Analytics.java), per public call.
ILLEGAL_ARGUMENT = {
    "identify": "Either userId or some traits must be provided.",
    "track": "event must not be null or empty.",
    "screen": "either category or name must be provided.",
    "alias": "newId must not be null or empty.",
    "group": "groupId must not be null or empty.",
}


def _text(value: Any) -> str | None:
    """What the app passes for a String parameter: the event's text; anything else is no value (null)."""
    return value if isinstance(value, str) else None


def _map(value: Any) -> dict[str, Any] | None:
    return java.from_json(value) if isinstance(value, dict) else None


def _refuse(kind: str) -> TransformError:
    return TransformError(ILLEGAL_ARGUMENT[kind], 400)


def _identify(event: dict[str, Any], anon: str) -> list[dict[str, Any]]:
    user_id = _text(event.get("userId"))
    new_traits = _map(event.get("traits"))
    if java.is_null_or_empty(user_id) and not new_traits:
        raise _refuse("identify")
    merged: list[tuple[str, Any]] = [("anonymousId", anon)]
    if not java.is_null_or_empty(user_id):
        merged.append(("userId", user_id))
    merged.extend((new_traits or {}).items())
    traits = java.concurrent_hash_map(merged)
    if java.is_null_or_empty(java.get_string(traits.get("anonymousId"))):
        # A blank traits.anonymousId replaces the cached one; building the payload then fails its
        # "anonymousId" check (NullPointerException on the SDK's executor): the call never reaches the integration.
        return []
    profile: dict[str, Any] = {}
    for key, value in traits.items():  # Utils.transform, in the map's order
        profile[ANDROID_TRAIT_RENAMES.get(key, key)] = value
    identity = java.get_string(traits.get("userId"))
    if not java.is_null_or_empty(identity):
        profile["Identity"] = identity
    gender = java.get_string(traits.get("gender"))
    if not java.is_null_or_empty(gender):
        mapped = ANDROID_GENDER.get(gender.upper())  # type: ignore[union-attr]
        if mapped:
            profile["Gender"] = mapped
    return [sdk_call("android", _METHODS["identify"], profile)]


def _total(props: dict[str, Any]) -> float:
    """`Properties.total()`: total, else revenue, else value, else revenue again (each through getDouble)."""
    total = java.get_double(props.get("total"))
    if total != 0:
        return total
    revenue = java.get_double(props.get("revenue"))
    if revenue != 0:
        return revenue
    value = java.get_double(props.get("value"))
    return value if value != 0 else revenue


def _charged(props: dict[str, Any]) -> list[dict[str, Any]]:
    details: dict[str, Any] = {"Amount": _total(props)}
    order_id = java.get_string(props.get("orderId"))
    if order_id is not None:
        details["Charged ID"] = order_id
    for key, value in props.items():  # properties.toJsonObject(): the same JSON values
        if key != "products":
            details[key] = value
    items: list[dict[str, Any]] = []
    products = props.get("products")
    for product in products if isinstance(products, list) else []:
        if not isinstance(product, dict):
            continue  # ValueMap.getList keeps only the elements that are maps
        item: dict[str, Any] = {}
        product_id = java.get_string(product.get("id"))
        if product_id is None:
            product_id = java.get_string(product.get("product_id"))
        if product_id is not None:
            item["id"] = product_id
        for key in ("name", "sku"):
            text = java.get_string(product.get(key))
            if text is not None:
                item[key] = text
        item["price"] = java.get_double(product.get("price"))
        items.append(item)
    return [sdk_call("android", _METHODS["charged"], details, items)]


def _track(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = _text(event.get("event"))
    if java.is_null_or_empty(name):
        raise _refuse("track")
    props = _map(event.get("properties")) or {}
    if name == MOBILE_ORDER_COMPLETED:
        return _charged(props)
    return [sdk_call("android", _METHODS["track"], name, props)]


def _screen(event: dict[str, Any]) -> list[dict[str, Any]]:
    category, name = _text(event.get("category")), _text(event.get("name"))
    if java.is_null_or_empty(category) and java.is_null_or_empty(name):
        raise _refuse("screen")
    if java.is_null_or_empty(name):
        return []  # ScreenPayload keeps only a non-blank name; the integration records nothing without one
    return [sdk_call("android", _METHODS["screen"], name)]


def _alias(event: dict[str, Any]) -> list[dict[str, Any]]:
    new_id = _text(event.get("userId"))
    if java.is_null_or_empty(new_id):
        raise _refuse("alias")
    return [sdk_call("android", _METHODS["alias"], {"Identity": new_id})]


def _group(event: dict[str, Any]) -> list[dict[str, Any]]:
    if java.is_null_or_empty(_text(event.get("groupId"))):
        raise _refuse("group")
    return []  # the integration has no group method


def _integration_created(settings: dict[str, Any]) -> bool:
    """The factory returns no integration when `clevertap_account_id` or `..._token` is blank (ValueMap.getString)."""
    return not (
        java.is_null_or_empty(java.get_string(java.from_json(setting(settings, SETTING_ACCOUNT_ID))))
        or java.is_null_or_empty(java.get_string(java.from_json(setting(settings, SETTING_ACCOUNT_TOKEN))))
    )


_CALLS = {"track": _track, "screen": _screen, "alias": _alias, "group": _group}


def transform_android(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    event, kind = check_type(event)
    if kind == "page":
        return result([])  # analytics-android has no page call
    if kind == "identify":
        calls = _identify(event, anonymous_id(event, settings))
    else:
        calls = _CALLS[kind](event)
    if not _integration_created(settings):
        return result([])
    return result([java.to_output(call) for call in calls])
