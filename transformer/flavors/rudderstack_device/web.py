"""RudderStack device mode, web: what rudder-sdk-js' CleverTap integration pushes onto `window.clevertap`.

The peer is `packages/analytics-js-integrations/src/integrations/Clevertap/browser.js` of rudderlabs/rudder-sdk-js
(v3.115.0) with its `utils/utils.js` helpers and the `get-value` package; one event is one RudderStack message given
to a freshly initialised integration (`integration[type]({message})`). The calls are the pushes the event makes
(the init pushes to `privacy` and `account` are the same for every event and are not repeated here).

JavaScript shows through and is reproduced with `transformer.js`: `||` chains keep the last falsy value,
`get-value` prefers a literal dotted key, a `__proto__` trait sets the payload's prototype instead of a key, and the
info-log lines build `${value}` for object values whatever the log level, so an object whose `toString` is not a
function throws before anything is pushed (reported as an error entry in V8's words).
"""

from __future__ import annotations

from typing import Any

from ...js import UNDEFINED, JSTypeError, from_json, js_or, member, own_entries, to_string, truthy
from ...paths import get
from ...result import TransformError, sdk_call
from ...tables.rudderstack_device import (
    WEB_CHARGED_EVENT,
    WEB_CHARGED_EXCLUDED,
    WEB_CHARGED_FIELDS,
    WEB_CHARGED_PROPERTIES_PATH,
    WEB_CUSTOM_TRAITS_PATH,
    WEB_DEFINED_TRAITS,
    WEB_EXCLUDED_TRAITS,
    WEB_METHODS,
    WEB_ORDER_COMPLETED,
    WEB_PAGE_PREFIX,
    WEB_SDK,
    WEB_SITE_FROM_DEFINED,
    WEB_SITE_FROM_PATH,
)

_PROTO = "__proto__"


def _call(method: str, *args: Any) -> dict[str, Any]:
    return sdk_call(WEB_SDK, method, *(None if a is UNDEFINED else a for a in args))


def _defined_traits(message: dict[str, Any]) -> dict[str, Any]:
    """utils.getDefinedTraits: `||` chains over get-value paths; first + last name when there is no name."""
    traits = {key: js_or(*(get(message, p) for p in paths)) for key, paths in WEB_DEFINED_TRAITS.items()}
    if not truthy(traits["name"]) and truthy(traits["firstName"]) and truthy(traits["lastName"]):
        traits["name"] = f"{to_string(traits['firstName'])} {to_string(traits['lastName'])}"
    return traits


def extract_custom_fields(source: Any, dest: dict[str, Any], excluded: frozenset[str]) -> None:
    """utils.extractCustomFields for one key: copy every non-excluded own key of `source` into `dest`.

    `get(source, key)` returns `source` itself when it is not an object (so a string's index keys all get the
    whole string), and assigning `__proto__` changes the prototype rather than adding a key."""
    if not truthy(source):
        return
    whole = not isinstance(source, (dict, list))
    for key, value in own_entries(source):
        if key in excluded or key == _PROTO:
            continue
        dest[key] = source if whole else value


def _log_objects(values: Any, include_arrays: bool) -> None:
    """The `${value}` the integration's info-log lines evaluate for object (and, for events, array) values."""
    for _key, value in own_entries(values):
        if isinstance(value, dict) or (include_arrays and isinstance(value, list)):
            to_string(value)


def _identify(message: dict[str, Any]) -> list[dict[str, Any]]:
    context = message.get("context")
    if not (isinstance(context, dict) and truthy(context.get("traits"))):
        return []  # `!context?.traits`: "user traits is not present"
    defined = _defined_traits(message)
    payload: dict[str, Any] = {site: defined[key] for site, key in WEB_SITE_FROM_DEFINED}
    payload.update((site, get(message, path)) for site, path in WEB_SITE_FROM_PATH)
    if not truthy(defined["userId"]) and not truthy(defined["email"]):
        return []  # "Either out of userId or email is required"
    extract_custom_fields(get(message, WEB_CUSTOM_TRAITS_PATH), payload, WEB_EXCLUDED_TRAITS)
    site = {k: v for k, v in payload.items() if v is not UNDEFINED}
    _log_objects(site, include_arrays=False)
    return [_call(WEB_METHODS["identify"], {"Site": site})]


def _track(message: dict[str, Any]) -> list[dict[str, Any]]:
    event = message.get("event", UNDEFINED)
    properties = message.get("properties", UNDEFINED)
    charged = event == WEB_ORDER_COMPLETED
    if not truthy(properties):
        return [_call(WEB_METHODS["event"], WEB_CHARGED_EVENT if charged else event)]
    if charged:
        ecom: dict[str, Any] = {site: member(properties, prop) for site, prop in WEB_CHARGED_FIELDS}
        extract_custom_fields(get(message, WEB_CHARGED_PROPERTIES_PATH), ecom, WEB_CHARGED_EXCLUDED)
        return [_call(WEB_METHODS["event"], WEB_CHARGED_EVENT, {k: v for k, v in ecom.items() if v is not UNDEFINED})]
    _log_objects(properties, include_arrays=True)
    return [_call(WEB_METHODS["event"], event, properties)]


def _page(message: dict[str, Any]) -> list[dict[str, Any]]:
    name = message.get("name", UNDEFINED)
    properties = message.get("properties", UNDEFINED)
    category = member(properties, "category") if properties is not None else UNDEFINED
    if truthy(category) and truthy(name):
        event_name = f"{WEB_PAGE_PREFIX} {to_string(name)} {to_string(category)}"
    elif truthy(name):
        event_name = f"{WEB_PAGE_PREFIX} {to_string(name)}"
    else:
        event_name = WEB_PAGE_PREFIX
    if not truthy(properties):
        return [_call(WEB_METHODS["event"], event_name)]
    _log_objects(properties, include_arrays=True)
    return [_call(WEB_METHODS["event"], event_name, properties)]


_HANDLERS = {"identify": _identify, "track": _track, "page": _page}


def transform_web(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One RudderStack message through the web integration. screen, alias, group and other types: the
    integration has no such method, so nothing is pushed. Settings only shape the init pushes (not per event)."""
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    message = from_json(event)
    kind = message.get("type")
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        return {"calls": []}
    try:
        return {"calls": handler(message)}
    except JSTypeError as exc:
        raise TransformError(str(exc), 400) from exc
