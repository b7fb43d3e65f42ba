"""Segment classic "CleverTap" destination, device mode, ios: Segment-CleverTap 1.4.0 on analytics-ios 4.1.8.

The raw event is what the app passed to `SEGAnalytics` (`identify:traits:`, `track:properties:`,
`screen:category:properties:`, `alias:`, `group:traits:`) on a fresh state; analytics-ios' processing runs first:

- identify merges the traits over the (empty) trait cache and adds `anonymousId` and, when a userId is given,
  `userId` (overwriting traits of those names); so an identify always reaches the integration with traits;
- analytics-ios asserts on empty names and ids with `NSCAssert`, which Release builds (the ones apps ship) compile
  out: the call goes through;
- numbers keep their NSNumber kind (integer, double, BOOL); a JSON null inside traits or properties is `NSNull`
  (written `null`), a missing or null argument is nil;
- a non-string userId (identify, alias) or event name reaches a string method of the integration and the app
  crashes: the result is that exception, as an error;
- the anonymousId is the event's `anonymousId` when it is non-blank text, else the `anonymousId` setting, else a
  random UUID.

Dates (DOB) are written `{"$date": "<ISO-8601 with milliseconds, UTC>"}`. A missing account id or token makes
`initWithSettings:` return nil: no integration, no calls. Facts and sources: docs/segment-device-mobile.md.
"""

from __future__ import annotations

from typing import Any

from ... import objc
from ...result import TransformError, sdk_call
from ...segment_common import js_date, setting
from ...tables.segment import GENDER_M_F, MOBILE_ORDER_COMPLETED, SDK_METHODS, SETTING_ACCOUNT_ID, SETTING_ACCOUNT_TOKEN
from .common import anonymous_id, check_type, result

_METHODS = SDK_METHODS["ios"]


def _arg(event: dict[str, Any], key: str) -> Any:
    """A call argument: the event's value, nil when missing or null."""
    value = event.get(key)
    return objc.NIL if value is None else objc.from_json(value)


def _dictionary(event: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = event.get(key)
    return objc.from_json(value) if isinstance(value, dict) else None


def _crash(value: Any, selector: str) -> TransformError:
    return TransformError(objc.unrecognized_selector(value, selector), 400)


def _identify(event: dict[str, Any], anon: str) -> list[dict[str, Any]]:
    user_id = _arg(event, "userId")
    traits = dict(_dictionary(event, "traits") or {})
    traits["anonymousId"] = anon
    if user_id is not objc.NIL:
        traits["userId"] = user_id
    profile = dict(traits)
    if user_id is not objc.NIL:
        if not isinstance(user_id, str):
            raise _crash(user_id, "length")
        if user_id:
            profile["Identity"] = user_id
    for source, target in (("email", "Email"), ("name", "Name")):
        if source in profile:  # NSNull is an object too: a null trait is copied
            profile[target] = profile[source]
    if "phone" in profile:
        phone = objc.description(profile["phone"])
        profile["phone"] = phone
        profile["Phone"] = phone
    gender = traits.get("gender")
    if isinstance(gender, str):
        mapped = GENDER_M_F.get(gender.lower())
        if mapped:
            profile["Gender"] = mapped
    birthday = traits.get("birthday")
    date = None
    if isinstance(birthday, str):
        moment = objc.parse_birthday(birthday)
        if moment is None:
            profile.pop("DOB", None)  # profile[@"DOB"] = nil removes the key
        else:
            date = profile["DOB"] = js_date(moment)
    # NSDictionary values are dropped; the NSDate set above stays. Told apart by identity, since a trait may itself
    # be an object shaped like the date's output form ({"$date": "x"}: seed 33333).
    profile = {k: v for k, v in profile.items() if not (isinstance(v, dict) and v is not date)}
    return [sdk_call("ios", _METHODS["identify"], profile)]


def _charged(props: dict[str, Any]) -> list[dict[str, Any]]:
    details: dict[str, Any] = {}
    items: list[Any] = []
    for key, value in props.items():
        if key == "products":
            if isinstance(value, list) and value:
                items = value
        elif isinstance(value, (dict, list)):
            continue
        elif key == "order_id":
            details["Charged ID"] = value
            details[key] = value
        elif key == "total":
            details["Amount"] = value
            details[key] = value
        else:
            details[key] = value
    return [sdk_call("ios", _METHODS["charged"], details, items)]


def _track(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = _arg(event, "event")
    props = _dictionary(event, "properties") or {}
    if name is not objc.NIL and not isinstance(name, str):
        raise _crash(name, "isEqualToString:")
    if name == MOBILE_ORDER_COMPLETED:
        return _charged(props)
    return [sdk_call("ios", _METHODS["track"], None if name is objc.NIL else name, props)]


def _screen(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = _arg(event, "name")
    return [] if name is objc.NIL else [sdk_call("ios", _METHODS["screen"], name)]


def _alias(event: dict[str, Any]) -> list[dict[str, Any]]:
    new_id = _arg(event, "userId")
    if new_id is objc.NIL:
        return []
    if not isinstance(new_id, str):
        raise _crash(new_id, "length")
    return [sdk_call("ios", _METHODS["alias"], {"Identity": new_id})] if new_id else []


def _integration_created(settings: dict[str, Any]) -> bool:
    """`initWithSettings:` returns nil unless account id and token are non-empty strings."""
    account_id, token = setting(settings, SETTING_ACCOUNT_ID), setting(settings, SETTING_ACCOUNT_TOKEN)
    return isinstance(account_id, str) and bool(account_id) and isinstance(token, str) and bool(token)


def transform_ios(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    event, kind = check_type(event)
    if not _integration_created(settings):
        return result([])
    if kind == "identify":
        return result(_identify(event, anonymous_id(event, settings)))
    if kind == "track":
        return result(_track(event))
    if kind == "screen":
        return result(_screen(event))
    if kind == "alias":
        return result(_alias(event))
    return result([])  # page (no such call in analytics-ios 4), group (the integration has no group method)
