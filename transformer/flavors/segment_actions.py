"""Segment "CleverTap (Actions)" destination (action-destinations `clevertap`): docs/segment-actions.md.

Byte for byte what the published destination sends: its two presets (subscriptions) route an event to the
`userUpload` or `userDelete` action; the action's field mappings are resolved against the event; the payload is
validated against the action's fields (identity required, strings/objects typed); one HTTP request per event.
No key casing, no special-trait mapping, no value conversion (`ts` stays the ISO string, `source: "Segment"`).
Values are what Node holds after `JSON.parse` (integers beyond 2**53 rounded, keys in `Object.keys` order), and
numbers become strings the way JavaScript writes them (`transformer/js.py`).

Settings: `clevertapAccountId`, `clevertapPasscode`, `clevertapEndpoint` (one of the five choices), and optionally
`subscriptions`: a list of `{"partnerAction", "subscribe", "mapping"}` as actions-core takes them (default: the
presets with the default mappings). Settings and payload errors carry actions-core's exact messages (AJV through
@segment/ajv-human-errors, several joined by a space). An event no subscription matches is not an error: actions-core
sends nothing and reports nothing to the user, so the result is `{"requests": [], "skipped": "not subscribed"}`
(actions-core's own output words for it). `subscribe` is Segment's FQL as destination-subscriptions reads it
(`transformer/fql.py`); mappings are resolved by actions-core's mapping-kit, directives included
(`transformer/mapping_kit.py`).
"""

from __future__ import annotations

import re
from typing import Any

from .. import clevertap, fql, js, mapping_kit
from ..js import UNDEFINED
from ..result import TransformError
from ..segment_common import require_message
from ..tables.segment import (
    ACTIONS_DEFAULT_MAPPINGS,
    ACTIONS_ENDPOINTS,
    ACTIONS_FIELDS,
    ACTIONS_PATHS,
    ACTIONS_PRESETS,
)

# --- validation, as actions-core does it (AJV with coerceTypes "array", messages of @segment/ajv-human-errors) ---
# Settings schema: key -> (title, JSON type); all three required (the endpoint default is only a UI pre-fill).
_SETTINGS_SCHEMA = {
    "clevertapAccountId": ("CleverTap Account ID", "string"),
    "clevertapPasscode": ("CleverTap Account Passcode", "string"),
    "clevertapEndpoint": ("REST Endpoint", "string"),
}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_ENDPOINT_ENUM_ERROR = (
    "REST Endpoint must be one of: "
    + ", ".join(f'"{e}"' for e in ACTIONS_ENDPOINTS[:-1])
    + (f', or "{ACTIONS_ENDPOINTS[-1]}".')
)


def _humanize_type(value: Any) -> str:
    """@segment/ajv-human-errors `humanizeTypeOf`: "null", "an array", "an object", else the article and `typeof`."""
    if value is None:
        return "null"
    kind = js.real_type(value)
    return "an array" if kind == "array" else f"{_article(js.typeof(value))} {js.typeof(value)}"


def _article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


_NOT_COERCED = (UNDEFINED, UNDEFINED)


def _coerce(value: Any, kind: str) -> tuple[Any, Any]:
    """AJV with `coerceTypes: "array"`: (coerced value, UNDEFINED) or (UNDEFINED, the value the error reports).

    For a string field a one-element array is first unwrapped (and the error then reports the element), numbers and
    booleans become `"" + value`, null becomes "". Object fields are never coerced.
    """
    if kind == "string":
        if type(value) is str:
            return value, UNDEFINED
        if type(value) is list and len(value) == 1:
            value = value[0]
            if type(value) is str:
                return value, UNDEFINED
        if js.typeof(value) in ("number", "boolean"):
            return js.to_string(value), UNDEFINED
        if value is None:
            return "", UNDEFINED
        return UNDEFINED, value
    if kind == "object":
        if type(value) is dict:
            return value, UNDEFINED
        return UNDEFINED, value
    return value, UNDEFINED


def _type_error(title: str, kind: str, value: Any) -> str:
    return f"{title} must be {_article(kind)} {kind} but it was {_humanize_type(value)}."


def _check_settings(settings: dict[str, Any]) -> tuple[str, dict[str, str]]:
    errors = [
        f"The root value is missing the required field '{key}'."
        for key in _SETTINGS_SCHEMA
        if settings.get(key) is None
    ]
    values: dict[str, str] = {}
    for key, (title, kind) in _SETTINGS_SCHEMA.items():
        raw = settings.get(key)
        if raw is None:
            continue
        value, reported = _coerce(raw, kind)
        if value is UNDEFINED:
            errors.append(_type_error(title, kind, reported))
            continue
        values[key] = value
    endpoint = values.get("clevertapEndpoint")
    if endpoint is not None and endpoint not in ACTIONS_ENDPOINTS:
        errors.append(_ENDPOINT_ENUM_ERROR)
        if not _URI.match(endpoint):
            errors.append("REST Endpoint must be a valid URI string but it was not.")
    if errors:
        raise TransformError(" ".join(errors), 400)
    return values["clevertapEndpoint"], clevertap.headers(values["clevertapAccountId"], values["clevertapPasscode"])


# actions-core's output for a subscription without condition text (it sends nothing for it).
_UNREADABLE = "Failed to validate subscription"


_PRESET_SUBSCRIPTIONS = tuple(
    {
        "partnerAction": p["partnerAction"],
        "subscribe": p["subscribe"],
        "mapping": ACTIONS_DEFAULT_MAPPINGS[p["partnerAction"]],
    }
    for p in ACTIONS_PRESETS
)


NOT_SUBSCRIBED = "not subscribed"
_FIELD_TITLES = {"ts": "Created At", "profileData": "Person Attributes", "identity": "Identity"}


def _payload(action: str, mapping: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """Resolve the mapping, clean it, validate it against the action's fields, in actions-core's order.

    mapping-kit's `removeUndefined` copies every object with `Object.assign` (so `__proto__` keys vanish at any
    depth); `removeEmptyValues` then drops root fields that are null or "" (for a string field, only ""); AJV
    reports the missing required fields first, then each field's type error in field order.
    """
    fields = ACTIONS_FIELDS[action]
    resolved = mapping_kit.transform(mapping if type(mapping) is dict else {}, event)
    payload: dict[str, Any] = {}
    for name in fields:
        value = resolved.get(name, UNDEFINED)
        if value is UNDEFINED or value is None or value == "":
            continue
        payload[name] = js.assign_copy(js.from_json(value)) if type(value) in (dict, list) else value
    errors = [
        f"The root value is missing the required field '{name}'."
        for name, (_kind, required) in fields.items()
        if required and name not in payload
    ]
    for name, (kind, _required) in fields.items():
        if name not in payload:
            continue
        value, reported = _coerce(payload[name], kind)
        if value is UNDEFINED:
            errors.append(_type_error(_FIELD_TITLES[name], kind, reported))
        else:
            payload[name] = value
    if errors:
        raise TransformError(" ".join(errors), 400)
    return payload


# --- actions ----------------------------------------------------------------------------------------------------
def _user_upload(payload: dict[str, Any], endpoint: str, headers: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"type": "profile", "source": "Segment"}
    if "profileData" in payload:
        record["profileData"] = payload["profileData"]
    record["identity"] = payload["identity"]
    if "ts" in payload:
        record["ts"] = payload["ts"]
    return clevertap.upload(endpoint + ACTIONS_PATHS["userUpload"], [record], headers)


def _user_delete(payload: dict[str, Any], endpoint: str, headers: dict[str, str]) -> dict[str, Any]:
    return clevertap.request(endpoint + ACTIONS_PATHS["userDelete"], {"identity": payload["identity"]}, headers)


_ACTIONS = {"userUpload": _user_upload, "userDelete": _user_delete}


def transform(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One Segment event -> the requests its matching subscriptions make (README.md#transforming-events)."""
    event = require_message(event)
    endpoint, headers = _check_settings(settings)
    subscriptions: Any = settings.get("subscriptions") or _PRESET_SUBSCRIPTIONS
    requests = []
    matched = False
    unread = None  # what actions-core says of a subscription it cannot read (it sends nothing for it)
    for sub in subscriptions:
        if not isinstance(sub, dict):
            raise TransformError("subscriptions must be objects with partnerAction, subscribe and mapping", 400)
        action = sub.get("partnerAction")
        if action not in _ACTIONS:
            raise TransformError(f"Unknown CleverTap (Actions) action {action!r}", 400)
        subscribe = sub.get("subscribe")
        if type(subscribe) is not str or not subscribe:
            unread = unread or _UNREADABLE
            continue
        try:
            condition = fql.predicate(subscribe)
        except fql.FQLError as exc:
            unread = unread or f"Invalid subscription : {exc}"
            continue
        try:
            if not condition(event):
                continue
        except fql.FQLTypeError as exc:
            raise TransformError(str(exc), 500) from None
        matched = True
        # actions-core maps nothing when a subscription has no mapping (null or absent): the defaults only come in
        # through the presets, which spell them out (docs/segment-actions.md#presets-and-actions)
        mapping = sub.get("mapping")
        if mapping is None:
            mapping = {}
        payload = _payload(action, mapping, event)
        requests.append(_ACTIONS[action](payload, endpoint, dict(headers)))
    if not matched:
        # actions-core answers `{output: "not subscribed"}` (or its words for a subscription it could not read),
        # sends nothing and reports no error.
        return {"requests": [], "skipped": unread or NOT_SUBSCRIBED}
    return {"requests": requests}
