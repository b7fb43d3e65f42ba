"""E-commerce "Order Completed" → CleverTap `Charged`: recognising the event, building its data, checking Items.

CleverTap accepts nested values only under `Items` of a Charged event. rudder-transformer first stringifies
every object value of the event data (Items too), then, for an event named exactly `Charged`, parses `Items`
back and requires an array whose first element is an object (JavaScript `typeof ... === "object"`, so `null`
and arrays pass). A plain track literally named `Charged` goes through the same check.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from . import js
from .mapping import Field, construct_payload, extract_custom_fields
from .result import TransformError


def is_order_completed(event: Any, lowered_name: str, expression: str = "event") -> bool:
    """`event && event.toString().toLowerCase() === lowered_name` (numbers and arrays included; an object that
    owns a `toString` key throws V8's "<expression>.toString is not a function")."""
    if not js.truthy(event):
        return False
    if type(event) is str:
        return event.lower() == lowered_name
    return js.call_to_string(event, expression).lower() == lowered_name


def charged_data(
    message: Any, fields: Iterable[Field], custom_source: str, excluded: Collection[str]
) -> dict[str, Any]:
    """Mapped Charged keys first, then every other key of the custom source object (not renamed)."""
    data = construct_payload(message, fields)
    return extract_custom_fields(message, data, (custom_source,), excluded)


def restore_items(evt_data: dict[str, Any], items_key: str, error: tuple[str, int], js_error_status: int) -> None:
    """Parse the (stringified) Items back in place and validate them."""
    raw = evt_data.get(items_key)
    if not js.truthy(raw):
        return
    try:
        items = js.parse(raw)
    except js.JSONParseError as exc:
        raise TransformError(str(exc), js_error_status) from None
    if type(items) is not list or not items or not (items[0] is None or type(items[0]) in (dict, list)):
        raise TransformError(*error)
    evt_data[items_key] = items
