"""Segment classic "CleverTap" destination, device mode, web: analytics.js classic integration 1.0.4 through the
Segment facade. A JavaScript `Date` (after analytics.js' isodate-traverse) is written `{"$date": "<ISO-8601>"}`.
"""

from __future__ import annotations

import re
from typing import Any

from ...result import TransformError, sdk_call
from ...segment_common import is_js_date, isodate_traverse, setting
from ...tables.segment import SDK_METHODS, SETTING_ACCOUNT_ID, WEB_ORDER_COMPLETED, WEB_TRAIT_ALIASES
from .common import UNDEFINED, check_type, result, track_name

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
    return UNDEFINED


def _truthy(value: Any) -> bool:
    """JavaScript truthiness (undefined, null, false, 0, NaN and "" are falsy)."""
    if value is UNDEFINED or value is None or value is False:
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
        first = first.strip() if isinstance(first, str) else UNDEFINED
        last = last.strip() if isinstance(last, str) else UNDEFINED
        if _truthy(first) and _truthy(last):
            return f"{first} {last}".strip()
        return UNDEFINED
    if alias == "email":
        email = _obj_case_get(traits, "email")
        if _truthy(email):
            return email
        if isinstance(user_id, str) and _IS_EMAIL.search(user_id):
            return user_id
        return UNDEFINED
    if alias == "phone":
        phone = _obj_case_get(traits, "phone")
        if _truthy(phone):
            return phone
        phones = _obj_case_get(traits, "phones")
        if isinstance(phones, list):
            return phones[0] if phones else UNDEFINED
        return UNDEFINED
    if alias == "avatar":
        for key in ("avatar", "photoUrl", "avatarUrl"):
            value = _obj_case_get(traits, key)
            if _truthy(value):
                return value
        return UNDEFINED
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
        if value is UNDEFINED or value is None:
            continue
        ret[target] = value
        if alias != target:
            ret.pop(alias, None)
    site = {k: v for k, v in ret.items() if not _is_plain_object(v)}
    return [sdk_call("web", SDK_METHODS["web"]["identify"], {"Site": site})]


def _web_track(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = track_name(event)
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
    if charged_id is not UNDEFINED and charged_id is not None:
        transaction["Charged ID"] = charged_id
        transaction.pop("order_id", None)
    products = _obj_case_get(props, "products")
    transaction["Items"] = [p for p in products if p is not None] if isinstance(products, list) else []
    transaction.pop("products", None)
    total = _obj_case_get(props, "total")
    amount = total if _truthy(total) else props.get("revenue", UNDEFINED)
    if amount is not UNDEFINED:
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
    event, kind = check_type(event)
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    if not account_id or not isinstance(account_id, str):
        raise TransformError("accountId (clevertap_account_id) is required in the destination settings", 400)
    if kind == "identify":
        return result(_web_identify(event))
    if kind == "track":
        return result(_web_track(event))
    if kind == "alias":
        return result(_web_alias(event))
    return result([])  # page, screen, group: the integration has no method
