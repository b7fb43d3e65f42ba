"""Segment classic "CleverTap" destination, device mode, android: clevertap-segment-android 1.7.0 on
analytics-android."""

from __future__ import annotations

import math
import re
from typing import Any

from ...result import TransformError, sdk_call
from ...tables.segment import ANDROID_GENDER, ANDROID_INIT_FAILED, ANDROID_ITEM_KEYS, ANDROID_TRAIT_RENAMES, SDK_METHODS
from .common import transform_mobile

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


def transform_android(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    return transform_mobile(event, settings, "android", ANDROID_INIT_FAILED, _android_identify, _android_charged)
