"""Segment device mode, React Native: the `clevertap-react-native` calls Segment's CleverTap plugin makes.

The peer is npm `@segment/analytics-react-native-plugin-clevertap` 1.1.0 on `@segment/analytics-react-native` 2.x
(docs/rudderstack-device.md, "Segment React Native", says what each rule below rests on). One event is one Segment
message handed to the plugin's `DestinationPlugin.execute`, with a fresh plugin each time.

The plugin is plain JavaScript over JSON values, so JavaScript's rules show through and are reproduced with
`transformer.js`: `for…in` over a string or array yields index keys, `keyMap[key] ?? key` finds Object.prototype's
members (`toString` becomes the function's source text as a key), spreading a primitive copies its indices, and
`new Date(v)` parses the way V8 does (this project reads local time as UTC: run peers with TZ=UTC).
"""

from __future__ import annotations

import math
from typing import Any

from ...js import OBJECT_PROTOTYPE_MEMBERS, UNDEFINED, from_json, iso_string, new_date_ms, own_entries
from ...result import sdk_call
from ...segment_common import JS_DATE_KEY, require_message
from ...tables.segment_react_native import (
    DEFAULT_SCREEN_NAME,
    DOB_KEY,
    IDENTITY_KEY,
    INTEGRATION_KEY,
    METHODS,
    ORDER_COMPLETED,
    PRODUCTS_KEY,
    SDK,
    TRAIT_RENAMES,
    VALUE_RENAMED_KEY,
)

_FUNCTION = object()  # a function value: JSON (and so the call record) leaves it out of objects


def _table_key(key: str) -> str:
    """`keyMap[key] ?? key` on a plain-object table: own entries, then Object.prototype's members."""
    renamed = TRAIT_RENAMES.get(key)
    if renamed is not None:
        return renamed
    return OBJECT_PROTOTYPE_MEMBERS.get(key, key)


def _transform_value(value: Any) -> Any:
    """transformMap.event: a string naming a trait is renamed like the key (inherited names give a function)."""
    if isinstance(value, str):
        if value in TRAIT_RENAMES:
            return TRAIT_RENAMES[value]
        if value in OBJECT_PROTOTYPE_MEMBERS:
            return _FUNCTION
    return value


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def map_traits(value: Any) -> dict[str, Any]:
    """analytics-react-native's `generateMapTransform(mapTraits, transformMap)`: keys renamed at every object
    level, objects inside arrays too (but not arrays inside arrays); values otherwise untouched."""
    out: dict[str, Any] = {}
    for key, item in own_entries(value):
        new_key = _table_key(key)
        if isinstance(item, list):
            item = [map_traits(v) if _is_object(v) else v for v in item]
        elif _is_object(item):
            item = map_traits(item)
        if new_key == VALUE_RENAMED_KEY:
            item = _transform_value(item)
        if item is _FUNCTION:
            out.pop(new_key, None)
        else:
            out[new_key] = item
    return out


def _identity(event: dict[str, Any]) -> Any:
    """`event.userId ?? event.anonymousId` (UNDEFINED when both are missing)."""
    user_id = event.get("userId")
    return user_id if user_id is not None else event.get("anonymousId", UNDEFINED)


def _with_identity(fields: dict[str, Any], identity: Any) -> dict[str, Any]:
    """`{...fields, Identity: identity}`: Identity written last; undefined leaves no key in the JSON record."""
    out = dict(fields)
    out.pop(IDENTITY_KEY, None)
    if identity is not UNDEFINED:
        out[IDENTITY_KEY] = identity
    return out


def _arg(value: Any) -> Any:
    return None if value is UNDEFINED else value


def _identify(event: dict[str, Any]) -> list[dict[str, Any]]:
    traits = map_traits(event.get("traits"))
    dob = traits.get(DOB_KEY)
    if dob is not None:
        if isinstance(dob, (str, int, float)) and not isinstance(dob, bool):
            ms = new_date_ms(dob)
            if not math.isnan(ms):
                traits[DOB_KEY] = {JS_DATE_KEY: iso_string(ms)}
        else:  # boolean, object, array: deleted (the plugin logs a warning)
            del traits[DOB_KEY]
    return [sdk_call(SDK, METHODS["identify"], _with_identity(traits, _identity(event)))]


def _track(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = event.get("event", UNDEFINED)
    props = event.get("properties", UNDEFINED)
    if name != ORDER_COMPLETED:
        return [sdk_call(SDK, METHODS["track"], _arg(name), _arg(props))]
    # const {products = [], ...props} = event.properties ?? {}
    source = {} if props is None or props is UNDEFINED else props
    products = source.get(PRODUCTS_KEY, UNDEFINED) if isinstance(source, dict) else UNDEFINED
    rest = {k: v for k, v in own_entries(source) if not (isinstance(source, dict) and k == PRODUCTS_KEY)}
    items = [] if products is UNDEFINED or products is None else products
    return [sdk_call(SDK, METHODS["charged"], _with_identity(rest, _identity(event)), items)]


def _screen(event: dict[str, Any]) -> list[dict[str, Any]]:
    name = event.get("name")
    props = dict(own_entries(event.get("properties")))
    return [
        sdk_call(
            SDK,
            METHODS["screen"],
            DEFAULT_SCREEN_NAME if name is None else name,
            _with_identity(props, _identity(event)),
        )
    ]


_HANDLERS = {"identify": _identify, "track": _track, "screen": _screen}


def transform_react_native(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One Segment message through the plugin. alias, group and any other type: the plugin has no handler and
    makes no call; `integrations.CleverTap === false` switches it off for the event. The plugin reads no setting."""
    event = from_json(require_message(event))
    integrations = event.get("integrations")
    if isinstance(integrations, dict) and integrations.get(INTEGRATION_KEY) is False:
        return {"calls": []}
    kind = event.get("type")
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    return {"calls": handler(event) if handler else []}
