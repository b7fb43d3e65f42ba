"""RudderStack flavour (cloud mode): what rudder-transformer's CleverTap destination sends, request for request.

Behaviour: `docs/rudderstack-cloud.md` (sections named below). The mapping itself is data in
`transformer/tables/rudderstack.py`; this module only sequences the steps the way rudder-transformer does, since
the order decides which error wins and the key order of each record.

- `transform(event, settings)`: one event → `{"requests": [...]}` (README.md#transforming-events); raises
  `TransformError`.
- `transform_batch(events, settings)`: router mode → `{"batches": [...], "errors": [...]}` (≤1000 records each).
- `delete_users(user_attributes, settings)`: the user-deletion calls (`/1/delete/profiles.json`, 100 ids each).
"""

from __future__ import annotations

from typing import Any

from .. import clevertap, js
from ..batching import batch_multiplexed
from ..ecommerce import charged_data, is_order_completed, restore_items
from ..identity import RUDDERSTACK_EVENT_OBJECT_ID, RUDDERSTACK_IDENTIFY_OBJECT_ID, place_ids
from ..js import UNDEFINED, truthy
from ..mapping import (
    construct_payload,
    drop_empty_deep,
    drop_nulls,
    extract_custom_fields,
    stringify_nested,
)
from ..paths import first_valid, get
from ..result import TransformError, error_result, internal_error_result
from ..tables import rudderstack as T

_USER_ID = T.USER_ID
_USER_ID_ONLY = T.USER_ID_ONLY
_ANONYMOUS_ONLY = T.USER_ID[len(T.USER_ID_ONLY) :]  # USER_ID is USER_ID_ONLY followed by these
_FIRST_NAME = T.FIRST_NAME
_LAST_NAME = T.LAST_NAME
_PROFILE_TS = T.PROFILE_TS
_DEVICE_TOKEN = T.DEVICE_TOKEN
_DEVICE_OS = T.DEVICE_OS
_CHARGED_TS = T.CHARGED_TS
_INTEGRATIONS = tuple(f"integrations.{name}" for name in T.INTEGRATION_NAMES)


def _fail(key: str) -> TransformError:
    message, status = T.ERRORS[key]
    return TransformError(message, status)


# --- endpoint and headers (docs/rudderstack-cloud.md#settings) --------------------------------------------------------


def endpoint(settings: dict[str, Any], path: str = clevertap.UPLOAD_PATH) -> str:
    """Any truthy `region` other than "none" goes into the host as text (the enum is not checked)."""
    region = settings.get("region", UNDEFINED)
    if truthy(region) and region != T.NO_REGION:
        return clevertap.url(js.to_string(region), path)
    return clevertap.url(None, path)


def headers(settings: dict[str, Any]) -> dict[str, Any]:
    """The three headers; a missing setting leaves its header out (JavaScript `undefined` is not serialised)."""
    return clevertap.headers(settings.get(T.ACCOUNT_SETTING, UNDEFINED), settings.get(T.PASSCODE_SETTING, UNDEFINED))


# --- ts (docs/rudderstack-cloud.md#ts) --------------------------------------------------------------------------------


def convert_ts(ts: Any) -> Any:
    """Kept as is when `Number(ts)` is truthy (numeric strings stay strings), else epoch seconds (NaN → null)."""
    if truthy(ts) and not truthy(js.to_number(ts)):
        return js.to_unix_seconds(ts)
    return ts


def _json_ready(record: dict[str, Any]) -> dict[str, Any]:
    """The record as JSON carries it. Its own keys are never integer-like, and profileData / evtData are ready
    already (stringify_nested), so only the values copied from the message as they are need JavaScript's view:
    NaN `ts` as null, undefined left out, big integers as doubles, objects and arrays as JSON.parse holds them."""
    ts = record.get("ts", None)
    if type(ts) is float and ts != ts:
        record["ts"] = None
    for key in _RAW_RECORD_KEYS:
        value = record.get(key, None)
        t = type(value)
        if t is int and isinstance(value, int):  # (`type(...) is int` keeps bool out; isinstance tells mypy)
            if not -js.MAX_EXACT_INT <= value <= js.MAX_EXACT_INT:
                record[key] = js.to_double(value)
        elif t is dict or t is list:
            record[key] = js.from_json(value)
        elif value is UNDEFINED:
            del record[key]
    return record


_RAW_RECORD_KEYS = ("identity", "objectId", "ts", "evtName")


def _js_or(message: Any, paths: tuple) -> Any:
    """JavaScript `get(a) || get(b) || ...`: the first truthy value, else the last one."""
    value: Any = UNDEFINED
    for p in paths:
        value = get(message, p)
        if truthy(value):
            return value
    return value


def _lower_type(value: Any, what: str) -> str:
    if type(value) is not str:
        raise TransformError(f"{what}.toLowerCase is not a function", T.JS_ERROR_STATUS)
    return value.lower()


def _override_fields(message: dict[str, Any]) -> Any:
    """`message.traits?.overrideFields`, else `message.context?.traits?.overrideFields` (first truthy)."""
    for owner in (message.get("traits"), _member(message.get("context"), "traits")):
        value = _member(owner, T.OVERRIDE_KEY)
        if truthy(value):
            return value
    return None


def _member(obj: Any, key: str) -> Any:
    return obj.get(key, UNDEFINED) if type(obj) is dict else UNDEFINED


# --- identify (docs/rudderstack-cloud.md#identify) --------------------------------------------------------------------


def profile_data(message: dict[str, Any]) -> dict[str, Any]:
    profile = construct_payload(message, T.PROFILE_FIELDS)
    if not truthy(profile.get(T.COMPOSED_NAME_KEY, UNDEFINED)):
        first = first_valid(message, _FIRST_NAME)
        if truthy(first):
            last = first_valid(message, _LAST_NAME)
            if truthy(last):
                profile[T.COMPOSED_NAME_KEY] = f"{js.to_string(first)} {js.to_string(last)}"
    profile = extract_custom_fields(message, profile, T.CUSTOM_TRAIT_SOURCES, T.EXCLUDED_TRAITS)
    overrides = _override_fields(message)
    profile = stringify_nested(profile, T.STRINGIFY_EXEMPT, drop_functions=overrides is None)
    if overrides is None:
        return drop_nulls(profile)
    for k in js.object_keys(overrides):
        if k != "__proto__":  # Object.assign would set the prototype, not a key
            profile[k] = js.from_json(js.member(overrides, k))
    return js.json_ready(drop_nulls(profile))


def _identify(message: dict[str, Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    profile = profile_data(message)
    ts = convert_ts(_js_or(message, _PROFILE_TS))
    if not truthy(settings.get("enableObjectIdMapping")):
        return [
            _json_ready(
                {"type": "profile", "profileData": profile, "ts": ts, "identity": first_valid(message, _USER_ID)}
            )
        ]
    record: dict[str, Any] = {"type": "profile", "profileData": profile, "ts": ts}
    anonymous_id = message.get(T.ANONYMOUS_ID, UNDEFINED)
    place_ids(record, RUDDERSTACK_IDENTIFY_OBJECT_ID, anonymous_id, first_valid(message, _USER_ID_ONLY))
    if "identity" in profile:
        record["profileData"] = js.json_ready({**profile, "identity": js.from_json(profile["identity"])})
    records = [_json_ready(record)]
    token = _device_token(message, anonymous_id)
    if token is not None:
        records.append(token)
    return records


def _integration_options(message: dict[str, Any]) -> Any:
    for p in _INTEGRATIONS:
        value = get(message, p)
        if truthy(value):
            return value
    return None


def _device_token(message: dict[str, Any], anonymous_id: Any) -> dict[str, Any] | None:
    """docs/rudderstack-cloud.md#device-tokens: the token record, or None when no token upload applies."""
    token = get(message, _DEVICE_TOKEN)
    os_name = get(message, _DEVICE_OS)
    if truthy(os_name):
        os_name = _lower_type(os_name, "deviceOS")
    if not (truthy(anonymous_id) and truthy(token)):
        return None
    default_type = T.OS_TOKEN_TYPE.get(os_name) if type(os_name) is str else None
    if default_type is None:
        return None
    options = _integration_options(message)
    token_type = default_type
    keys: Any = None
    if type(options) is dict:
        wanted = options.get(T.TOKEN_TYPE_OPTION)
        if type(wanted) is str and wanted in T.ALLOWED_TOKEN_TYPES:
            token_type = wanted
        keys = options.get(T.CHROME_KEYS_OPTION)
    record = {"type": "token", "tokenData": {"id": token, "type": token_type, "keys": keys}, "objectId": anonymous_id}
    return js.from_json(drop_empty_deep(record) or {})


# --- alias (docs/rudderstack-cloud.md#alias) --------------------------------------------------------------------------


def _alias(message: dict[str, Any]) -> list[dict[str, Any]]:
    record = {
        "type": "profile",
        "profileData": _json_ready({"identity": message.get("userId", UNDEFINED)}),
        "ts": convert_ts(_js_or(message, _PROFILE_TS)),
        "identity": message.get("previousId", UNDEFINED),
    }
    return [_json_ready(record)]


# --- track, page, screen (docs/rudderstack-cloud.md#track, #page-and-screen) -----------------------------------------


def _event(message: dict[str, Any], settings: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    user_id_only = first_valid(message, _USER_ID_ONLY)
    if not truthy(settings.get("trackAnonymous")) and not truthy(user_id_only):
        raise _fail("anonymous")
    if is_order_completed(message.get("event", UNDEFINED), T.ORDER_COMPLETED, T.EVENT_EXPRESSION):
        record: dict[str, Any] = {
            "evtName": T.CHARGED,
            "evtData": charged_data(message, T.CHARGED_FIELDS, "properties", T.CHARGED_EXCLUDED),
            "ts": get(message, _CHARGED_TS),
        }
    else:
        record = construct_payload(message, T.EVENT_FIELDS[kind])
    record["type"] = "event"
    evt_data = record.get("evtData", UNDEFINED)
    if truthy(evt_data):
        evt_data = stringify_nested(evt_data, T.STRINGIFY_EXEMPT, drop_functions=True)
        if record.get("evtName") == T.CHARGED and type(record.get("evtName")) is str:
            restore_items(evt_data, T.ITEMS_KEY, T.ERRORS["products"], T.JS_ERROR_STATUS)
        record["evtData"] = evt_data
    if truthy(settings.get("enableObjectIdMapping")):
        error = place_ids(record, RUDDERSTACK_EVENT_OBJECT_ID, message.get(T.ANONYMOUS_ID, UNDEFINED), user_id_only)
        if error:
            raise _fail(error)
    else:  # userId paths first, then anonymousId: the id already found, when there is one
        record["identity"] = user_id_only if user_id_only is not None else first_valid(message, _ANONYMOUS_ONLY)
    if "ts" in record:
        record["ts"] = convert_ts(record["ts"])
    return [_json_ready(drop_nulls(record))]


# --- entry points ---------------------------------------------------------------------------------------------------


def records(message: Any, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The CleverTap upload records one message becomes (one per request); raises TransformError.

    A message holding an own `__proto__` key anywhere is refused with the words of rudder-transformer's HTTP
    layer (its body parser rejects the whole request with 400 "Object contains forbidden prototype property";
    here only that event fails, which is what replaying such traffic one event per request shows). A TypeError
    or RangeError JavaScript would throw becomes a 500 error with V8's message, as rudder-transformer reports it.
    """
    return _checked_records(message, settings, js.has_own_proto_key(settings))


def _checked_records(message: Any, settings: dict[str, Any], settings_refused: bool) -> list[dict[str, Any]]:
    """`records` once the settings' own check is known (done once per call by the many-event entry points)."""
    if settings_refused or js.has_own_proto_key(message):
        raise _fail("forbidden_proto")
    try:
        return _records(message, settings)
    except (js.JSTypeError, js.JSRangeError) as exc:
        raise TransformError(str(exc), T.JS_ERROR_STATUS) from None


def _records(message: Any, settings: dict[str, Any]) -> list[dict[str, Any]]:
    if type(message) is not dict:
        # A null message too: rudder-transformer c98d160cf answers it with the missing-type error (verify
        # --against a live build), its framework checking the type before the destination code runs.
        raise _fail("no_type")
    mtype = message.get("type")
    if not truthy(mtype):
        raise _fail("no_type")
    kinds = T.MESSAGE_KINDS  # keyed by lower-case names: an exact hit is what lowering would find
    kind = kinds.get(mtype) if type(mtype) is str else None
    if kind is None:
        kind = kinds.get(_lower_type(mtype, "message.type"))
    if kind is None:
        raise _fail("unsupported_type")
    if kind == "identify":
        return _identify(message, settings)
    if kind == "alias":
        return _alias(message)
    return _event(message, settings, kind)


_TARGETS: dict[Any, tuple[str, dict[str, Any]]] = {}


def _target(settings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(upload URL, headers) for these settings, memoised on the values that decide them."""
    try:
        key = (
            settings.get("region", UNDEFINED),
            settings.get("accountId", UNDEFINED),
            settings.get("passcode", UNDEFINED),
        )
        hit = _TARGETS.get(key)
    except TypeError:  # an unhashable setting value
        return endpoint(settings), headers(settings)
    if hit is None:
        if len(_TARGETS) > 256:
            _TARGETS.clear()
        hit = _TARGETS[key] = (endpoint(settings), headers(settings))
    return hit


def transform_events(events: list[Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """`transform` for every event with the same settings (what `registry.safe_call` would give for each): the
    settings' `__proto__` check and the upload target are worked out once for the call."""
    url, hdrs = _target(settings)
    refused = js.has_own_proto_key(settings)
    out: list[dict[str, Any]] = []
    has_proto, js_errors = js.has_own_proto_key, (js.JSTypeError, js.JSRangeError)
    for event in events:
        try:  # _checked_records, inlined: this loop is the per-event hot path
            if refused or has_proto(event):
                raise _fail("forbidden_proto")
            try:
                recs = _records(event, settings)
            except js_errors as exc:
                raise TransformError(str(exc), T.JS_ERROR_STATUS) from None
        except TransformError as exc:
            out.append(error_result(exc.message, exc.status))
            continue
        except Exception as exc:  # noqa: BLE001 - the registry's contract: never raise, a bug is a 500 entry
            out.append(internal_error_result(exc))
            continue
        if len(recs) == 1:
            out.append({"requests": [clevertap.upload(url, recs, dict(hdrs))]})
        else:
            out.append({"requests": [clevertap.upload(url, [r], dict(hdrs)) for r in recs]})
    return out


def transform(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One event → `{"requests": [...]}`: one upload request per record, each with `d` of one record."""
    recs = records(event, settings)
    url, hdrs = _target(settings)
    if len(recs) == 1:
        return {"requests": [clevertap.upload(url, recs, dict(hdrs))]}
    return {"requests": [clevertap.upload(url, [r], dict(hdrs)) for r in recs]}


def _passed_through_record(message: dict[str, Any]) -> Any:
    """`message?.body?.JSON?.d[0]`, what the router batches for an already-transformed message (null if absent)."""
    target: Any = message
    for key in T.PASSTHROUGH_PATH:
        if target is None or target is UNDEFINED:
            return None
        target = js.get_property(target, key)
    if target is None or target is UNDEFINED:
        return None
    d = js.get_property(target, "d")
    if d is None or d is UNDEFINED:
        raise js.JSTypeError(f"Cannot read properties of {js.to_string(d)} (reading '0')")
    first = js.get_property(d, "0")
    if first is UNDEFINED or type(first) is js.JSFunction:
        return None
    return js.from_json(first)


def transform_batch(events: list[Any], settings: dict[str, Any]) -> dict[str, Any]:
    """Router mode (docs/rudderstack-cloud.md#router-batch): successes packed in order into uploads of ≤1000 records;
    errors listed after."""

    ok: list[tuple[list[Any], int]] = []
    errors: list[dict[str, Any]] = []
    refused = js.has_own_proto_key(settings)
    has_proto, status_key = js.has_own_proto_key, T.STATUS_CODE_KEY
    for i, event in enumerate(events):
        try:
            if refused or has_proto(event):
                raise _fail("forbidden_proto")
            # a truthy statusCode: already transformed (docs/rudderstack-cloud.md#router-batch)
            status = event.get(status_key) if type(event) is dict else None
            if status is not None and truthy(status):
                try:
                    ok.append(([_passed_through_record(event)], i))
                except js.JSTypeError as exc:  # thrown while batching: the whole router request fails
                    failed = error_result(str(exc), T.JS_ERROR_STATUS)
                    return {"batches": [], "errors": [{"index": j, **failed} for j in range(len(events))]}
                continue
            try:
                ok.append((_records(event, settings), i))
            except (js.JSTypeError, js.JSRangeError) as exc:
                raise TransformError(str(exc), T.JS_ERROR_STATUS) from None
        except TransformError as exc:
            errors.append({"index": i, **error_result(exc.message, exc.status)})
        except Exception as exc:  # noqa: BLE001 - a bug here must not hide the other events
            errors.append({"index": i, **internal_error_result(exc)})
    url, hdrs = _target(settings)
    batches = [clevertap.upload(url, recs, dict(hdrs)) for recs, _ in batch_multiplexed(ok, T.MAX_BATCH_SIZE)]
    return {"batches": batches, "errors": errors}


def delete_users(user_attributes: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """User deletion (docs/rudderstack-cloud.md#user-deletion): `{"requests": [...]}`, one POST per 100 userIds (entries
    without a userId dropped)."""
    if type(user_attributes) is not list:
        raise _fail("delete_not_array")
    if not truthy(settings.get("accountId")) or not truthy(settings.get("passcode")):
        raise _fail("delete_config")
    ids = [a["userId"] for a in user_attributes if type(a) is dict and truthy(a.get("userId"))]
    url = endpoint(settings, clevertap.DELETE_PROFILES_PATH)
    size = T.DELETE_BATCH_SIZE
    return {
        "requests": [
            clevertap.request(url, {"identity": ids[i : i + size]}, headers(settings)) for i in range(0, len(ids), size)
        ]
    }


__all__ = ["delete_users", "endpoint", "headers", "records", "transform", "transform_batch", "transform_events"]
