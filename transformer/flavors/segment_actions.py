"""Segment "CleverTap (Actions)" destination (action-destinations `clevertap`): spec segment-clevertap §5.

Byte for byte what the published destination sends: its two presets (subscriptions) route an event to the
`userUpload` or `userDelete` action; the action's field mappings are resolved against the event; the payload is
validated against the action's fields (identity required, strings/objects typed); one HTTP request per event.
No key casing, no special-trait mapping, no value conversion (`ts` stays the ISO string, `source: "Segment"`).

Settings: `clevertapAccountId`, `clevertapPasscode`, `clevertapEndpoint` (one of the five choices), and optionally
`subscriptions`: a list of `{"partnerAction", "subscribe", "mapping"}` as actions-core takes them (default: the
presets with the default mappings). Settings and payload errors carry actions-core's exact messages (AJV through
@segment/ajv-human-errors, several joined by a space); an event no subscription matches is reported as the
error "not subscribed" (actions-core's own output for it; nothing is sent). `subscribe` supports
`field = "value"` / `field != "value"` clauses joined by `and` / `or`; mapping values are
literals or `{"@path": "$.a.b"}`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..result import JSON_CONTENT_TYPE, TransformError, request
from ..segment_common import require_message
from ..tables.segment import (
    ACTIONS_DEFAULT_MAPPINGS,
    ACTIONS_ENDPOINTS,
    ACTIONS_FIELDS,
    ACTIONS_PATHS,
    ACTIONS_PRESETS,
)

_UNDEFINED = object()

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
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _js_number_string(value: int | float) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)


def _coerce(value: Any, kind: str) -> Any:
    """AJV coerceTypes "array": scalars to string, one-element arrays to their element; _UNDEFINED if impossible."""
    if kind == "string":
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return _js_number_string(value)
        if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], (dict, list)):
            return _coerce(value[0], kind)
        return _UNDEFINED
    if kind == "object":
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            return value[0]
        return _UNDEFINED
    return value


def _type_error(title: str, kind: str, value: Any) -> str:
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{title} must be {article} {kind} but it was {_humanize_type(value)}."


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
        value = _coerce(raw, kind)
        if value is _UNDEFINED:
            errors.append(_type_error(title, kind, raw))
            continue
        values[key] = value
    endpoint = values.get("clevertapEndpoint")
    if endpoint is not None and endpoint not in ACTIONS_ENDPOINTS:
        errors.append(_ENDPOINT_ENUM_ERROR)
        if not _URI.match(endpoint):
            errors.append("REST Endpoint must be a valid URI string but it was not.")
    if errors:
        raise TransformError(" ".join(errors), 400)
    headers = {
        "X-CleverTap-Account-Id": values["clevertapAccountId"],
        "X-CleverTap-Passcode": values["clevertapPasscode"],
        "Content-Type": JSON_CONTENT_TYPE,
    }
    return values["clevertapEndpoint"], headers


# --- subscriptions (a small subset of Segment's FQL) ------------------------------------------------------------
_CLAUSE = re.compile(r'^\s*([A-Za-z_][\w.]*)\s*(=|!=)\s*"((?:[^"\\]|\\.)*)"\s*$')


@lru_cache(maxsize=128)
def _parse_subscribe(expression: str) -> tuple[tuple[tuple[str, str, str], ...], ...]:
    """`a = "x" and b = "y" or c != "z"` -> OR of ANDs of (field, op, value)."""
    alternatives = []
    for alternative in re.split(r"\s+or\s+", expression.strip()):
        clauses = []
        for clause in re.split(r"\s+and\s+", alternative):
            m = _CLAUSE.match(clause)
            if m is None:
                raise TransformError(f"Unsupported subscription expression: {expression}", 400)
            field, op, value = m.groups()
            clauses.append((field, op, value.replace('\\"', '"')))
        alternatives.append(tuple(clauses))
    return tuple(alternatives)


def _field(event: dict[str, Any], path: str) -> Any:
    cur: Any = event
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return _UNDEFINED
        cur = cur[part]
    return cur


def _matches(expression: str, event: dict[str, Any]) -> bool:
    for clauses in _parse_subscribe(expression):
        ok = True
        for field, op, value in clauses:
            got = _field(event, field)
            equal = got == value
            if (op == "=" and not equal) or (op == "!=" and equal):
                ok = False
                break
        if ok:
            return True
    return False


_PRESET_SUBSCRIPTIONS = tuple(
    {
        "partnerAction": p["partnerAction"],
        "subscribe": p["subscribe"],
        "mapping": ACTIONS_DEFAULT_MAPPINGS[p["partnerAction"]],
    }
    for p in ACTIONS_PRESETS
)


# --- mapping-kit ------------------------------------------------------------------------------------------------
def _resolve(mapping: Any, event: dict[str, Any]) -> Any:
    if isinstance(mapping, dict):
        if "@path" in mapping and len(mapping) == 1:
            path = mapping["@path"]
            if not isinstance(path, str) or not path.startswith("$."):
                raise TransformError(f"Unsupported @path {path!r}", 400)
            return _field(event, path[2:])
        directives = [k for k in mapping if k.startswith("@")]
        if directives:
            raise TransformError(f"Unsupported mapping directive {directives[0]}", 400)
        out = {}
        for key, value in mapping.items():
            resolved = _resolve(value, event)
            if resolved is not _UNDEFINED:
                out[key] = resolved
        return out
    if isinstance(mapping, list):
        return [v for v in (_resolve(m, event) for m in mapping) if v is not _UNDEFINED]
    return mapping


_FIELD_TITLES = {"ts": "Created At", "profileData": "Person Attributes", "identity": "Identity"}


def _payload(action: str, mapping: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """Resolve the mapping, drop empty values, validate against the action's fields (actions-core order)."""
    fields = ACTIONS_FIELDS[action]
    payload: dict[str, Any] = {}
    for name in fields:
        if name not in mapping:
            continue
        value = _resolve(mapping[name], event)
        if value is _UNDEFINED or value is None or value == "":
            continue  # removeEmptyValues: undefined, null and (at the root) "" are dropped
        payload[name] = value
    errors = [
        f"The root value is missing the required field '{name}'."
        for name, (_kind, required) in fields.items()
        if required and name not in payload
    ]
    for name, (kind, _required) in fields.items():
        if name not in payload:
            continue
        value = _coerce(payload[name], kind)
        if value is _UNDEFINED:
            errors.append(_type_error(_FIELD_TITLES[name], kind, payload[name]))
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
    return request(endpoint + ACTIONS_PATHS["userUpload"], {"d": [record]}, headers)


def _user_delete(payload: dict[str, Any], endpoint: str, headers: dict[str, str]) -> dict[str, Any]:
    return request(endpoint + ACTIONS_PATHS["userDelete"], {"identity": payload["identity"]}, headers)


_ACTIONS = {"userUpload": _user_upload, "userDelete": _user_delete}


def transform(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One Segment event -> the requests its matching subscriptions make (interfaces §2)."""
    event = require_message(event)
    endpoint, headers = _check_settings(settings)
    subscriptions = settings.get("subscriptions") or _PRESET_SUBSCRIPTIONS
    requests = []
    matched = False
    for sub in subscriptions:
        if not isinstance(sub, dict):
            raise TransformError("subscriptions must be objects with partnerAction, subscribe and mapping", 400)
        action = sub.get("partnerAction")
        if action not in _ACTIONS:
            raise TransformError(f"Unknown CleverTap (Actions) action {action!r}", 400)
        if not _matches(str(sub.get("subscribe", "")), event):
            continue
        matched = True
        mapping = sub.get("mapping")
        if mapping is None:
            mapping = ACTIONS_DEFAULT_MAPPINGS[action]
        payload = _payload(action, mapping, event)
        requests.append(_ACTIONS[action](payload, endpoint, dict(headers)))
    if not matched:
        # actions-core answers `{output: "not subscribed"}` and sends nothing; reported with the peer's words.
        raise TransformError("not subscribed", 400)
    return {"requests": requests}
