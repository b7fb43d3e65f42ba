"""Segment classic "CleverTap" destination, device mode: the CleverTap SDK calls each bundled integration makes.

- web: analytics.js classic integration 1.0.4 (spec segment-clevertap §6), through the Segment facade;
- android: clevertap-segment-android 1.7.0 on analytics-android (§7);
- ios: Segment-CleverTap 1.4.0 on analytics-ios (§8).

Output is the `calls` shape of interfaces §2. Keys pass through unchanged (no casing) apart from each wrapper's own
special renames. A Segment call a wrapper ignores gives `{"calls": []}`; a message that is not a Segment call, or
that the integration cannot be created for (missing credentials), gives the structured error.

A JavaScript `Date` (web, after analytics.js' isodate-traverse) and an `NSDate` (iOS DOB) are written
`{"$date": "<ISO-8601 with milliseconds, UTC>"}`.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from ..result import TransformError, sdk_call
from ..segment_common import (
    is_js_date,
    isodate_traverse,
    js_date,
    message_type,
    require_message,
    setting,
)
from ..tables.segment import (
    ANDROID_GENDER,
    ANDROID_INIT_FAILED,
    ANDROID_ITEM_KEYS,
    ANDROID_TRAIT_RENAMES,
    IOS_BIRTHDAY_FORMAT,
    IOS_GENDER,
    IOS_INIT_FAILED,
    MOBILE_ORDER_COMPLETED,
    SDK_METHODS,
    SEGMENT_TYPES,
    SETTING_ACCOUNT_ID,
    SETTING_ACCOUNT_TOKEN,
    WEB_ORDER_COMPLETED,
    WEB_TRAIT_ALIASES,
)

_UNDEFINED = object()
_NO_CALLS: tuple = ()


def _check_type(event: Any) -> tuple[dict[str, Any], str]:
    event = require_message(event)
    kind = message_type(event)
    if kind not in SEGMENT_TYPES:
        raise TransformError(f"Event type {kind} is not supported", 400)
    return event, kind


def _track_name(event: dict[str, Any]) -> str:
    name = event.get("event")
    if not isinstance(name, str) or not name:
        raise TransformError("Event name is required for track", 400)
    return name


def _require_mobile_credentials(settings: dict[str, Any], message: str) -> None:
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    token = setting(settings, SETTING_ACCOUNT_TOKEN)
    if not account_id or not token or not isinstance(account_id, str) or not isinstance(token, str):
        raise TransformError(message, 400)


def _result(calls: list[dict[str, Any]]) -> dict[str, Any]:
    return {"calls": calls}


# =============================================================================================================
# web (§6)
# =============================================================================================================
_OBJ_CASE_STRIP = re.compile(r"[^a-zA-Z0-9.]+")
_IS_EMAIL = re.compile(r".+@.+\..+")


class _Normalised(dict):
    """obj-case key normalisation, memoised (bounded)."""

    def __missing__(self, key: Any) -> str:
        out = _OBJ_CASE_STRIP.sub("", str(key)).lower()
        if len(self) < 50_000:
            self[key] = out
        return out


_NORMALISED = _Normalised()


def _obj_case_get(obj: dict[str, Any], key: str) -> Any:
    """obj-case lookup: the first key equal to `key` once both drop non-alphanumerics and are lower-cased."""
    if key in obj:
        return obj[key]
    target = _NORMALISED[key]
    norm = _NORMALISED
    for k, v in obj.items():
        if norm[k] == target:
            return v
    return _UNDEFINED


def _truthy(value: Any) -> bool:
    """JavaScript truthiness (undefined, null, false, 0, NaN and "" are falsy)."""
    if value is _UNDEFINED or value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value != 0
    if isinstance(value, str):
        return value != ""
    return True


def _is_plain_object(value: Any) -> bool:
    return isinstance(value, dict) and not is_js_date(value)


def _web_trait_value(alias: str, traits: dict[str, Any], user_id: Any) -> Any:
    """The facade accessor the integration's alias resolves to (Identify.prototype[alias] or proxy)."""
    if alias == "name":
        name = _obj_case_get(traits, "name")
        if isinstance(name, str):
            return name.strip()
        # name is not a string here, so firstName()/lastName() only read their own traits
        first = _obj_case_get(traits, "firstName")
        last = _obj_case_get(traits, "lastName")
        first = first.strip() if isinstance(first, str) else _UNDEFINED
        last = last.strip() if isinstance(last, str) else _UNDEFINED
        if _truthy(first) and _truthy(last):
            return f"{first} {last}".strip()
        return _UNDEFINED
    if alias == "email":
        email = _obj_case_get(traits, "email")
        if _truthy(email):
            return email
        if isinstance(user_id, str) and _IS_EMAIL.search(user_id):
            return user_id
        return _UNDEFINED
    if alias == "phone":
        phone = _obj_case_get(traits, "phone")
        if _truthy(phone):
            return phone
        phones = _obj_case_get(traits, "phones")
        if isinstance(phones, list):
            return phones[0] if phones else _UNDEFINED
        return _UNDEFINED
    if alias == "avatar":
        for key in ("avatar", "photoUrl", "avatarUrl"):
            value = _obj_case_get(traits, key)
            if _truthy(value):
                return value
        return _UNDEFINED
    return _obj_case_get(traits, alias)  # id, gender, birthday: proxy('traits.<alias>')


def _web_identify(event: dict[str, Any]) -> list[dict[str, Any]]:
    traits = event.get("traits")
    traits = isodate_traverse(traits) if isinstance(traits, dict) else {}
    user_id = event.get("userId")
    ret = dict(traits)
    if _truthy(user_id):
        ret["id"] = user_id
    lookup = dict(ret)  # what facade.proxy('traits.x') sees: the traits with `id` set
    for alias, target in WEB_TRAIT_ALIASES:
        value = _web_trait_value(alias, lookup, user_id)
        if value is _UNDEFINED or value is None:
            continue
        ret[target] = value
        if alias != target:
            ret.pop(alias, None)
    site = {k: v for k, v in ret.items() if not _is_plain_object(v)}
    return [sdk_call("web", SDK_METHODS["web"]["identify"], {"Site": site})]


def _web_track(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = _track_name(event)
    props = event.get("properties")
    props = isodate_traverse(props) if isinstance(props, dict) else {}
    if WEB_ORDER_COMPLETED.search(name):
        return [sdk_call("web", SDK_METHODS["web"]["charged"], "Charged", _web_charged(props))]
    supported = {k: v for k, v in props.items() if not _is_plain_object(v) and not isinstance(v, list)}
    return [sdk_call("web", SDK_METHODS["web"]["track"], name, supported)]


def _web_charged(props: dict[str, Any]) -> dict[str, Any]:
    """`track.properties({order_id: 'Charged ID', products: 'Items'})` plus `Amount`, then the web SDK's check."""
    transaction = dict(props)
    charged_id = _obj_case_get(props, "order_id")
    if charged_id is not _UNDEFINED and charged_id is not None:
        transaction["Charged ID"] = charged_id
        transaction.pop("order_id", None)
    products = _obj_case_get(props, "products")
    transaction["Items"] = [p for p in products if p is not None] if isinstance(products, list) else []
    transaction.pop("products", None)
    total = _obj_case_get(props, "total")
    amount = total if _truthy(total) else props.get("revenue", _UNDEFINED)
    if amount is not _UNDEFINED:
        transaction["Amount"] = amount
    # CleverTap web SDK (isChargedEventStructureValid): Items an array of flat objects, nothing else nested.
    for key, value in transaction.items():
        if key == "Items":
            for item in value:
                if not _is_plain_object(item) or any(_is_plain_object(v) or isinstance(v, list) for v in item.values()):
                    raise TransformError("Charged event structure invalid. Not sent.", 400)
        elif _is_plain_object(value) or isinstance(value, list):
            raise TransformError("Charged event structure invalid. Not sent.", 400)
    return transaction


def _web_alias(event: dict[str, Any]) -> list[dict[str, Any]]:
    to = event.get("userId")
    if not _truthy(to):
        to = event.get("to")
    site = {} if to is None else {"Identity": to}
    return [sdk_call("web", SDK_METHODS["web"]["alias"], {"Site": site})]


def transform_web(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    event, kind = _check_type(event)
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    if not account_id or not isinstance(account_id, str):
        raise TransformError("accountId (clevertap_account_id) is required in the destination settings", 400)
    if kind == "identify":
        return _result(_web_identify(event))
    if kind == "track":
        return _result(_web_track(event))
    if kind == "alias":
        return _result(_web_alias(event))
    return _result([])  # page, screen, group: the integration has no method


# =============================================================================================================
# android (§7)
# =============================================================================================================
# java.lang.Double.valueOf's grammar (decimal forms; surrounding whitespace trimmed): Python's float() also takes
# "inf", "nan", "1_000" and other spellings Java refuses, which analytics-android then reads as the default 0.0.
_JAVA_DOUBLE = re.compile(r"^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$")


def _android_double(value: Any) -> float:
    """analytics-android `Utils.coerceToDouble(value, 0)`: numbers as doubles, strings via Double.valueOf."""
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip(" \t\n\r\x0b\x0c\x00")
        if not _JAVA_DOUBLE.match(text):
            return 0.0
        return float(text.rstrip("fFdD").replace("Infinity", "inf"))
    return 0.0


def _java_double_text(value: float) -> str:
    """Double.toString of a non-finite double."""
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _android_string(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _android_identify(event: dict[str, Any]) -> list[dict[str, Any]]:
    traits = event.get("traits")
    traits = traits if isinstance(traits, dict) else {}
    profile: dict[str, Any] = {}
    for key, value in traits.items():
        profile[ANDROID_TRAIT_RENAMES.get(key, key)] = value
    user_id = event.get("userId")
    if not isinstance(user_id, str) or not user_id:
        user_id = traits.get("userId")
    if isinstance(user_id, str) and user_id:
        profile["Identity"] = user_id
    gender = traits.get("gender")
    if isinstance(gender, str):
        mapped = ANDROID_GENDER.get(gender.upper())
        if mapped:
            profile["Gender"] = mapped
    return [sdk_call("android", SDK_METHODS["android"]["identify"], profile)]


def _android_charged(props: dict[str, Any]) -> list[dict[str, Any]]:
    total = _android_double(props.get("total"))
    if total == 0:
        total = _android_double(props.get("revenue"))
    if total == 0:
        total = _android_double(props.get("value"))
    if not math.isfinite(total):
        # Double.valueOf("NaN" / "Infinity" / "1e999") is not finite; org.json refuses such a number, so the
        # SDK cannot build the Charged event. No JSON result can carry it either: report it as an error.
        raise TransformError(f"Order Completed: Amount is not a finite number ({_java_double_text(total)})", 400)
    details: dict[str, Any] = {"Amount": total}
    order_id = _android_string(props.get("orderId"))
    if order_id is not None:
        details["Charged ID"] = order_id
    for key, value in props.items():
        if key != "products":
            details[key] = value
    products = props.get("products")
    items: list[dict[str, Any]] = []
    if products is not None:
        if not isinstance(products, list):
            raise TransformError("Order Completed: products must be an array", 400)
        for index, product in enumerate(products):
            if not isinstance(product, dict):
                raise TransformError(f"Order Completed: products[{index}] must be an object", 400)
            item: dict[str, Any] = {}
            product_id = product.get("id")
            if product_id is None:
                product_id = product.get("product_id")
            if product_id is not None:
                item["id"] = _android_string(product_id)
            for key in ANDROID_ITEM_KEYS[1:3]:
                if product.get(key) is not None:
                    item[key] = _android_string(product[key])
            item["price"] = _android_double(product.get("price"))
            if not math.isfinite(item["price"]):
                raise TransformError(f"Order Completed: products[{index}].price is not a finite number", 400)
            items.append(item)
    return [sdk_call("android", SDK_METHODS["android"]["charged"], details, items)]


def _transform_mobile(
    event: Any, settings: dict[str, Any], sdk: str, init_failed: str, identify: Any, charged: Any
) -> dict[str, Any]:
    """The Android and iOS integrations route calls alike; what differs (SDK, start-up error, identify and
    Charged mappings) is passed in."""
    event, kind = _check_type(event)
    _require_mobile_credentials(settings, init_failed)
    methods = SDK_METHODS[sdk]
    if kind == "identify":
        return _result(identify(event))
    if kind == "track":
        name = _track_name(event)
        props = event.get("properties")
        props = props if isinstance(props, dict) else {}
        if name == MOBILE_ORDER_COMPLETED:
            return _result(charged(props))
        return _result([sdk_call(sdk, methods["track"], name, dict(props))])
    if kind == "screen":
        name = event.get("name")
        return _result([] if name is None else [sdk_call(sdk, methods["screen"], name)])
    if kind == "alias":
        user_id = event.get("userId")
        if not isinstance(user_id, str) or not user_id:
            return _result([])
        return _result([sdk_call(sdk, methods["alias"], {"Identity": user_id})])
    return _result([])  # page, group


def transform_android(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    return _transform_mobile(event, settings, "android", ANDROID_INIT_FAILED, _android_identify, _android_charged)


# =============================================================================================================
# ios (§8)
# =============================================================================================================
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
    return _transform_mobile(event, settings, "ios", IOS_INIT_FAILED, _ios_identify, _ios_charged)
