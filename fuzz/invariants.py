"""Invariants checked on every fuzzed event: small named functions, grouped per target in `INVARIANTS`.

Each invariant takes a `Case` (the event, whether it was generated valid, the settings, the transform result) and
returns None when it holds, or a one-line message saying what broke. They state what the documents promise (the
docs/ sections in the docstrings), with the values written down again in `fuzz/documented.py` rather than read from
the transformer's tables, so a wrong table row fails here; checks that reuse a transformer mechanism on purpose say
"mechanism check". They do not re-run the mapping. Where an invariant only
has a clear answer for some inputs (for example ids that are plain strings), its precondition says so and other
inputs are not judged by it; every event is still judged by the invariants that apply to all inputs.

The mock check (`valid_records_accepted_by_mock`) is not in this table: the runner posts the records of a whole
batch to the in-process mock at once (see `mockcheck.py`); `EXPECTED_REJECTIONS` below lists, with reasons, the
records a flavour legitimately emits that CleverTap's documented rules reject.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from transformer import js  # mechanism: JavaScript semantics (String(), own __proto__ keys)
from transformer.casing import get_casing
from transformer.segment_common import setting  # mechanism: a setting read by its alternative names

from . import documented as D
from .targets import Target

INTERNAL_ERROR_PREFIX = "internal transformer error"


@dataclass
class Case:
    target: Target
    index: int
    event: Any
    valid: bool
    settings: dict[str, Any]
    result: Any
    kind: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Invariant = Callable[[Case], "str | None"]

# --- helpers ----------------------------------------------------------------------------------------------------
_MISSING = object()


def _get(obj: Any, path: str, default: Any = _MISSING) -> Any:
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return default
        cur = cur[part]
    return cur


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _requests(case: Case) -> list[dict[str, Any]]:
    result = case.result
    if isinstance(result, dict) and isinstance(result.get("requests"), list):
        return result["requests"]
    return []


def _records(case: Case) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for req in _requests(case):
        body = req.get("body") if isinstance(req, dict) else None
        if isinstance(body, dict) and isinstance(body.get("d"), list):
            out.extend(r for r in body["d"] if isinstance(r, dict))
    return out


def _first_record(case: Case, rtype: str | None = None) -> dict[str, Any] | None:
    for record in _records(case):
        if rtype is None or record.get("type") == rtype:
            return record
    return None


def _calls(case: Case) -> list[dict[str, Any]]:
    result = case.result
    if isinstance(result, dict) and isinstance(result.get("calls"), list):
        return result["calls"]
    return []


def _error(case: Case) -> dict[str, Any] | None:
    result = case.result
    if isinstance(result, dict) and "error" in result:
        return result["error"]
    return None


def _mtype(event: Any) -> str | None:
    if isinstance(event, dict) and isinstance(event.get("type"), str):
        return event["type"].lower()
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _simple_id(value: Any) -> bool:
    """A plain id: absent, or a string. Other types are left to the wrong-type invariants."""
    return value is _MISSING or isinstance(value, str)


def _present(value: Any) -> bool:
    return isinstance(value, str) and value != ""


# =============================================================================================================
# every target
# =============================================================================================================
def never_raises(case: Case) -> str | None:
    """The transformer answers every event with a result entry; an unexpected exception becomes the registry's
    status-500 "internal transformer error" entry, which is a bug (README.md#transforming-events: error results
    only)."""
    err = _error(case)
    if err and isinstance(err.get("message"), str) and err["message"].startswith(INTERNAL_ERROR_PREFIX):
        return f"transformer raised: {err['message']}"
    return None


def result_shape(case: Case) -> str | None:
    """README.md#transforming-events: exactly one of requests / calls / error, in the mode's shape, and strict JSON; an
    event nothing takes is an empty list with a `skipped` reason (contracts/GOLDEN_FORMAT.md)."""
    result = case.result
    notes = {"skipped", "warnings"} & set(result) if isinstance(result, dict) else set()
    skipped = "skipped" in notes
    if not isinstance(result, dict) or len(result) != 1 + len(notes):
        return f"result is not one transform result entry: {_show(result)}"
    key = next(k for k in result if k not in notes)
    if "warnings" in notes and (
        not isinstance(result["warnings"], list) or not all(isinstance(w, str) and w for w in result["warnings"])
    ):
        return f"warnings is not a list of messages: {_show(result)}"
    if skipped:
        if result[key] != [] or not isinstance(result["skipped"], str) or not result["skipped"]:
            return f"a skipped result has an empty {key!r} list and a reason: {_show(result)}"
        return None
    want = "requests" if case.target.cloud else "calls"
    if key not in (want, "error"):
        return f"result key {key!r}; {case.target.mode} mode answers {want!r} or 'error'"
    try:
        json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return f"result is not strict JSON: {exc}"
    if key == "requests":
        if not isinstance(result[key], list) or not result[key]:
            return "requests is not a non-empty list"
        for i, req in enumerate(result[key]):
            if (
                not isinstance(req, dict)
                or req.get("method") != "POST"
                or not isinstance(req.get("url"), str)
                or not isinstance(req.get("headers"), dict)
                or "body" not in req
            ):
                return f"requests[{i}] is not a result request: {_show(req)}"
            body = req["body"]
            if req["url"].endswith("/1/upload") and not (
                isinstance(body, dict)
                and list(body) == ["d"]
                and isinstance(body["d"], list)
                and len(body["d"]) == 1
                and isinstance(body["d"][0], dict)
            ):
                return f"requests[{i}] upload body is not {{'d': [one record]}}: {_show(body)}"
    if key == "calls":
        if not isinstance(result[key], list):
            return "calls is not a list"
        for i, call in enumerate(result[key]):
            if (
                not isinstance(call, dict)
                or set(call) != {"sdk", "method", "args"}
                or not isinstance(call["args"], list)
            ):
                return f"calls[{i}] is not an SDK call of a result: {_show(call)}"
    return None


def error_has_status_and_message(case: Case) -> str | None:
    """An error entry carries an HTTP-style integer status (4xx/5xx) and a non-empty message text."""
    err = _error(case)
    if err is None:
        return None
    if not isinstance(err, dict) or set(err) != {"status", "message"}:
        return f"error entry is not {{status, message}}: {_show(err)}"
    status = err["status"]
    if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
        return f"error status {status!r} is not a 4xx/5xx integer"
    if not isinstance(err["message"], str) or not err["message"].strip():
        return "error message is empty"
    return None


# =============================================================================================================
# cloud endpoints and headers
# =============================================================================================================
def _headers_match(req: dict[str, Any], account: Any, passcode: Any) -> str | None:
    want = {"X-CleverTap-Account-Id": account, "X-CleverTap-Passcode": passcode, "Content-Type": "application/json"}
    if req["headers"] != want:
        return f"headers {_show(req['headers'])} do not match the settings (want {_show(want)})"
    return None


def rudderstack_endpoint_and_headers(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#settings: `region` truthy and not "none" → https://<region>.api.clevertap.com, else
    https://api.clevertap.com; path /1/upload; headers accountId, passcode, application/json."""
    region = case.settings.get("region")
    host = (
        f"{region}.api.clevertap.com"
        if isinstance(region, str) and region and region != "none"
        else "api.clevertap.com"
    )
    return _upload_requests_go_to(case, host, region)


def _upload_requests_go_to(case: Case, host: str, region: Any) -> str | None:
    """Every request of the case posts to https://<host>/1/upload with the settings' credentials."""
    for req in _requests(case):
        if req["url"] != f"https://{host}/1/upload":
            return f"url {req['url']} for region {region!r}; want https://{host}/1/upload"
        problem = _headers_match(req, case.settings.get("accountId"), case.settings.get("passcode"))
        if problem:
            return problem
    return None


_SEGMENT_KNOWN_REGIONS = frozenset(("eu1", "in1", "us1", "sg1", "aps3", "mec1", "sk1"))


def segment_endpoint_and_headers(case: Case) -> str | None:
    """docs/segment-cloud.md#settings-and-regions and the project's region table: dots and blanks removed, case
    ignored; empty, "none" and "eu" → api.clevertap.com, legacy "in" → in1, a known region →
    <region>.api.clevertap.com; any other value is an error, never a made-up host."""
    region = case.settings.get("region", "")
    label = region.replace(".", "").strip().lower() if isinstance(region, str) else None
    if label in ("", "none", "eu"):
        host = "api.clevertap.com"
    elif label == "in":
        host = "in1.api.clevertap.com"
    elif label in _SEGMENT_KNOWN_REGIONS:
        host = f"{label}.api.clevertap.com"
    else:
        host = None
    if host is None:
        for req in _requests(case):
            return f"region {region!r} is unknown but a request to {req['url']} was built"
        return None
    return _upload_requests_go_to(case, host, region)


def actions_endpoint_and_headers(case: Case) -> str | None:
    """docs/segment-actions.md#presets-and-actions: POST {clevertapEndpoint}/1/upload (userUpload) or
    /1/delete/profiles.json (userDelete), the endpoint one of the five choices."""
    endpoint = case.settings.get("clevertapEndpoint")
    for req in _requests(case):
        if endpoint not in D.ACTIONS_ENDPOINTS:
            return f"endpoint {endpoint!r} is not one of the choices but a request was built"
        if req["url"] not in (endpoint + "/1/upload", endpoint + "/1/delete/profiles.json"):
            return f"url {req['url']} is not under the endpoint {endpoint}"
        problem = _headers_match(req, case.settings.get("clevertapAccountId"), case.settings.get("clevertapPasscode"))
        if problem:
            return problem
    return None


# =============================================================================================================
# special traits
# =============================================================================================================
def _rudder_traits(event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return _dict(event.get("traits")), _dict(_get(event, "context.traits", {}))


def rudderstack_special_traits(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#identify: each mapped trait (traits.x, then context.traits.x; email also
    properties.email) lands on its CleverTap key with its value unchanged; Gender only as M/F via the table, other
    values dropped. Precondition: an identify that produced a profile, no overrideFields, and no custom key spelled
    like the CleverTap key (both documented to overwrite the mapped value)."""
    event = case.event
    if _mtype(event) != "identify":
        return None
    record = _first_record(case, "profile")
    if record is None or not isinstance(record.get("profileData"), dict):
        return None
    traits, ctraits = _rudder_traits(event)
    if "overrideFields" in traits or "overrideFields" in ctraits:
        return None
    profile = record["profileData"]
    for ct_key, sources in D.RS_MAPPED_TRAITS:
        if any(isinstance(k, str) and (k == ct_key or k.startswith(ct_key + ".")) for k in (*traits, *ctraits)):
            continue  # a custom key (or dotted path) spelled like the CleverTap key overwrites it (see #identify)
        value = _MISSING
        for path in sources:
            v = _get(event, path)
            if v is _MISSING or v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
                continue
            value = v
            break
        if value is _MISSING or not isinstance(value, (str, int, float, bool)):
            continue
        if ct_key == "Gender":
            want = D.RS_GENDER.get(value) if isinstance(value, str) else None
            if profile.get("Gender", _MISSING if want is None else None) != (_MISSING if want is None else want):
                return f"Gender {_show(value)} gave {_show(profile.get('Gender'))}; want {_show(want)}"
            continue
        if profile.get(ct_key, _MISSING) != value:
            return f"{ct_key} is {_show(profile.get(ct_key, '<missing>'))}; want {_show(value)} from {path}"
    return None


# Mechanism check: the cloud key casing is the project's chosen strategy (docs/segment-cloud.md#key-casing), so the
# invariants apply the same named strategy and check where it is applied, not the algorithm itself.
_SNAKE = get_casing("to-snake-case")


def _segment_cloud_traits(event: dict[str, Any]) -> Any:
    traits = event.get("traits")
    return _get(event, "context.traits", None) if traits is None else traits


def _flat(value: Any) -> bool:
    scalars = (str, int, float, bool)
    return isinstance(value, scalars) or (isinstance(value, list) and all(isinstance(v, scalars) for v in value))


def segment_cloud_special_traits(case: Case) -> str | None:
    """docs/segment-cloud.md#identify, #key-casing: a trait whose snake_cased key is
    name/birthday/avatar/gender/phone/email lands on Name/DOB/Photo/Gender/Phone/Email (the last such trait wins);
    values kept, except DOB (ISO → `$D_<epoch>`) and Gender (m/male/f/female in any case → M/F)."""
    event = case.event
    if _mtype(event) != "identify":
        return None
    record = _first_record(case, "profile")
    traits = _segment_cloud_traits(event) if isinstance(event, dict) else None
    if record is None or not isinstance(traits, dict):
        return None
    expected: dict[str, Any] = {}
    for key, value in traits.items():
        if value is None or not _flat(value) or not isinstance(key, str):
            continue
        special = D.SG_SPECIAL_TRAITS.get(_SNAKE(key))
        if special is not None:
            expected[special] = value
    profile = _dict(record.get("profileData"))
    for ct_key, value in expected.items():
        got = profile.get(ct_key, _MISSING)
        if ct_key == "DOB":
            ok = got == value or (isinstance(got, str) and re.fullmatch(r"\$D_-?\d+", got) is not None)
        elif ct_key == "Gender" and isinstance(value, str):
            ok = got == D.SG_GENDER_LOWER.get(value.strip().lower(), value)
        else:
            ok = got == value
        if not ok:
            return f"{ct_key} is {_show(got if got is not _MISSING else '<missing>')}; want {_show(value)}"
    for key in profile:
        if key in D.SG_SPECIAL_TRAITS.values() and key not in expected:
            return f"{key} set although no trait snake_cases to {key.lower()}"
    return None


def _only_key(traits: dict[str, Any], key: str) -> bool:
    """`key` is the only trait obj-case reads as `key` (web lookups ignore case and separators)."""
    norm = re.sub(r"[^a-z0-9.]", "", key.lower())
    return [k for k in traits if isinstance(k, str) and re.sub(r"[^a-z0-9.]", "", k.lower()) == norm] == [key]


def web_special_traits(case: Case) -> str | None:
    """docs/segment-device.md#web: onUserLogin.push({Site}) carries Identity = userId, Email/Phone/Gender/Photo = the
    trait (the Segment key removed), Name = trimmed name. Precondition: string traits with one spelling each."""
    event = case.event
    if _mtype(event) != "identify" or not _calls(case):
        return None
    if event.get("traits") is not None and not isinstance(event.get("traits"), dict):
        return None  # the SDK is handed whatever the wrapper set on an array or text: not judged here
    site = _dict(_dict(_calls(case)[0]["args"][0] if _calls(case)[0]["args"] else {}).get("Site"))
    traits = _dict(event.get("traits"))
    user_id = event.get("userId")
    if isinstance(user_id, str) and user_id and site.get("Identity") != user_id:
        return f"Identity is {_show(site.get('Identity'))}; want userId {_show(user_id)}"
    for key, ct_key in (
        ("email", "Email"),
        ("phone", "Phone"),
        ("gender", "Gender"),
        ("avatar", "Photo"),
        ("name", "Name"),
    ):
        value = traits.get(key)
        if not (isinstance(value, str) and value.strip()) or not _only_key(traits, key):
            continue
        want = value.strip() if key == "name" else value
        if re.match(r"^\d{4}-\d{2}-\d{2}", value):
            continue  # analytics.js turns ISO-date strings into Dates before the integration runs
        if site.get(ct_key) != want:
            return f"{ct_key} is {_show(site.get(ct_key, '<missing>'))}; want {_show(want)}"
        if key != ct_key and key in site:
            return f"Segment key {key!r} kept beside {ct_key}"
    return None


def android_special_traits(case: Case) -> str | None:
    """Android (docs/segment-device-mobile.md): exact keys phone/name/email/birthday renamed Phone/Name/Email/DOB
    (raw key removed; null traits dropped by the SDK), Identity = userId unless a trait overrides it, Gender M/F
    added from m/male/f/female (any case), raw gender kept."""
    event = case.event
    if _mtype(event) != "identify" or not _calls(case):
        return None
    profile = _dict(_calls(case)[0]["args"][0])
    traits = _dict(event.get("traits"))
    for key, ct_key in D.ANDROID_RENAMES.items():
        if key in traits and traits[key] is not None:
            if profile.get(ct_key, _MISSING) != traits[key] and ct_key not in traits:
                return f"{ct_key} is {_show(profile.get(ct_key, '<missing>'))}; want {_show(traits[key])}"
            if key in profile:
                return f"Segment key {key!r} kept beside {ct_key}"
    user_id = event.get("userId")
    if isinstance(user_id, str) and user_id.strip() and "userId" not in traits and profile.get("Identity") != user_id:
        return f"Identity is {_show(profile.get('Identity'))}; want userId {_show(user_id)}"
    gender = traits.get("gender")
    if isinstance(gender, str) and gender.upper() in D.ANDROID_GENDER_UPPER:
        if profile.get("Gender") != D.ANDROID_GENDER_UPPER[gender.upper()]:
            return f"Gender is {_show(profile.get('Gender'))} for gender {_show(gender)}"
    return None


def _has_credentials(case: Case) -> bool:
    ids = (
        setting(case.settings, ("accountId", "clevertap_account_id")),
        setting(case.settings, ("accountToken", "clevertap_account_token")),
    )
    return all(isinstance(value, str) and value for value in ids)


def ios_special_traits(case: Case) -> str | None:
    """iOS (docs/segment-device-mobile.md): analytics-ios always adds anonymousId to the traits, so every identify
    reaches onUserLogin:, with the traits plus Identity = userId, Email = email, Name = name (Segment keys kept),
    Gender M/F from m/male/f/female."""
    event = case.event
    if _mtype(event) != "identify" or _error(case):
        return None
    traits = _dict(event.get("traits"))
    calls = _calls(case)
    if not calls:
        return "identify made no onUserLogin: call" if _has_credentials(case) else None
    profile = _dict(calls[0]["args"][0])
    for key, ct_key in (("email", "Email"), ("name", "Name")):
        value = traits.get(key)
        if value is not None and not isinstance(value, dict) and profile.get(ct_key) != value:
            return f"{ct_key} is {_show(profile.get(ct_key, '<missing>'))}; want {_show(value)}"
    user_id = event.get("userId")
    if isinstance(user_id, str) and user_id and profile.get("Identity") != user_id:
        return f"Identity is {_show(profile.get('Identity'))}; want userId {_show(user_id)}"
    gender = traits.get("gender")
    if (
        isinstance(gender, str)
        and gender.lower() in D.SG_GENDER_LOWER
        and profile.get("Gender") != D.SG_GENDER_LOWER[gender.lower()]
    ):
        return f"Gender is {_show(profile.get('Gender'))} for gender {_show(gender)}"
    return None


# =============================================================================================================
# key casing
# =============================================================================================================
_SNAKE_KEY = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_CLOUD_PROFILE_SYSTEM = frozenset(D.SG_SPECIAL_TRAITS.values()) | {"Identity"}
_CLOUD_CHARGED_SYSTEM = frozenset(("Amount", "Charged ID", "Items"))


def _check_snake(keys: Any, sources: set[str], where: str) -> str | None:
    for key in keys:
        if not _SNAKE_KEY.match(key):
            return f"{where} key {key!r} is not snake_case"
        if key not in sources:
            return f"{where} key {key!r} is not the snake_case form of any input key"
    return None


def segment_cloud_keys_snake_case(case: Case) -> str | None:
    """docs/segment-cloud.md#identify, #track, #key-casing: in cloud mode every custom trait and property key is
    snake_cased with the to-snake-case strategy: only [a-z0-9] words joined by single underscores, each the cased form
    of an input key. CleverTap's own keys (Name…Email, Identity, Amount, Charged ID, Items) are the only others."""
    event = case.event
    if not isinstance(event, dict):
        return None
    for record in _records(case):
        if record.get("type") == "profile":
            traits = _segment_cloud_traits(event)
            sources = {_SNAKE(k) for k in traits if isinstance(k, str)} if isinstance(traits, dict) else set()
            keys = [k for k in _dict(record.get("profileData")) if k not in _CLOUD_PROFILE_SYSTEM]
            problem = _check_snake(keys, sources, "profileData")
        elif record.get("type") == "event":
            props = _dict(event.get("properties"))
            sources = {_SNAKE(k) for k in props if isinstance(k, str)} | {"name"}
            data = _dict(record.get("evtData"))
            keys = [k for k in data if not (record.get("evtName") == "Charged" and k in _CLOUD_CHARGED_SYSTEM)]
            problem = _check_snake(keys, sources, "evtData")
            if problem is None and isinstance(data.get("Items"), list):
                item_sources = {_SNAKE(k) for p in _list(props.get("products")) for k in _dict(p) if isinstance(k, str)}
                for item in data["Items"]:
                    problem = problem or _check_snake(list(_dict(item)), item_sources, "Items[]")
        else:
            continue
        if problem:
            return problem
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_WEB_SITE_ADDED = frozenset(("Identity", "Name", "Email", "Phone", "Gender", "DOB", "Photo"))
# The mobile SDKs add anonymousId and userId to identify traits before the wrapper sees them
# (docs/segment-device-mobile.md).
_ANDROID_ADDED = frozenset(("Identity", "Phone", "Name", "Email", "DOB", "Gender", "anonymousId", "userId"))
_IOS_ADDED = frozenset(("Identity", "Email", "Name", "Phone", "Gender", "DOB", "anonymousId", "userId"))
_CHARGED_ADDED = frozenset(("Charged ID", "Items", "Amount"))


def _unchanged(
    out: dict[str, Any], source: dict[str, Any], added: frozenset[str], where: str, scalars_kept: bool = True
) -> str | None:
    for key in out:
        if key not in source and key not in added:
            return f"{where} key {key!r} is neither an input key nor one the wrapper adds"
    if scalars_kept:
        for key, value in source.items():
            if isinstance(value, (str, int, float, bool)) and key not in out and key not in _RENAMED_AWAY:
                return f"{where} dropped input key {key!r}"
    return None


_RENAMED_AWAY = frozenset(("id", "name", "email", "phone", "gender", "birthday", "avatar", "order_id", "products"))


def device_keys_unchanged(case: Case) -> str | None:
    """docs/segment-device.md#where-segments-docs-and-the-wrappers-differ: device mode never re-cases keys: every key
    an SDK call carries is an input key or one of the wrapper's own CleverTap keys, and scalar input keys are all
    passed on (plain track: exactly)."""
    event = case.event
    calls = _calls(case)
    if not isinstance(event, dict) or not calls:
        return None
    platform = case.target.platform
    kind = _mtype(event)
    call = calls[0]
    args = call["args"]
    if platform == "web":
        # the web integration iterates with @ndhoule/each: a string, an array or an object with a numeric
        # `length` is walked by index (docs/segment-device.md, "Web: JavaScript at the edges")
        container = event.get("traits" if kind == "identify" else "properties")
        if container and (not isinstance(container, dict) or "length" in container):
            return None
    if kind == "identify":
        traits = _dict(event.get("traits"))
        if platform == "web":
            return _unchanged(_dict(_dict(args[0]).get("Site")), traits, _WEB_SITE_ADDED, "Site", False)
        added = _ANDROID_ADDED if platform == "android" else _IOS_ADDED
        return _unchanged(_dict(args[0]), traits, added, "profile", platform == "ios")
    if kind == "track" and len(args) >= 2:
        props = _dict(event.get("properties"))
        if args[0] == "Charged" or call["method"] in (
            D.SDK_METHODS["android"]["charged"],
            D.SDK_METHODS["ios"]["charged"],
        ):
            details = _dict(args[1] if args[0] == "Charged" else args[0])
            return _unchanged(details, props, _CHARGED_ADDED, "Charged details", False)
        if platform == "web":
            return _unchanged(_dict(args[1]), props, frozenset(), "event properties", True)
        if args[1] != props:
            return f"{call['method']} properties differ from the input properties"
    return None


def actions_profile_data_unchanged(case: Case) -> str | None:
    """docs/segment-actions.md#presets-and-actions: userUpload copies the mapped object (default `$.properties`) as
    profileData with no casing or renaming, adds `source: "Segment"`, and sends one record per request."""
    event = case.event
    record = _first_record(case, "profile")
    if record is None or not isinstance(event, dict):
        return None
    if record.get("source") != "Segment":
        return f"source is {_show(record.get('source'))}, want 'Segment'"
    props = event.get("properties")
    if isinstance(props, dict) and props and record.get("profileData") != props:
        return f"profileData {_show(record.get('profileData'))} is not properties {_show(props)}"
    if not (isinstance(props, dict) and props) and "profileData" in record and record["profileData"] != props:
        return f"profileData {_show(record['profileData'])} without properties"
    return None


def rudderstack_custom_keys_kept(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#identify, #track: no key casing anywhere: custom traits keep their keys in
    profileData, and a track/page/screen's evtData has exactly the keys of `properties`. Precondition: keys without
    path syntax (a dotted key becomes a nested object) and not prototype names."""
    event = case.event
    if not isinstance(event, dict):
        return None
    kind = _mtype(event)
    record = _first_record(case)
    if record is None:
        return None
    if kind == "identify" and record.get("type") == "profile":
        profile = _dict(record.get("profileData"))
        for source in _rudder_traits(event):
            for key, value in source.items():
                if value is not None and _plain_key(key) and key not in D.RS_NOT_COPIED and key not in profile:
                    return f"custom trait {key!r} missing from profileData"
    elif kind in D.RS_EVENT_TYPES and record.get("type") == "event" and record.get("evtName") != "Charged":
        props = event.get("properties")
        if isinstance(props, dict) and props:
            got = set(_dict(record.get("evtData")))
            want = {k for k in props if _plain_key(k)}
            if not want <= got or not {k for k in got if _plain_key(k)} <= want:
                return f"evtData keys {sorted(got)} are not the properties' keys {sorted(props)}"
    return None


# Object.prototype's members (and `prototype`): a key with one of these names meets an inherited value in the
# peer's look-ups, and where it lands differs by path (rudder-transformer drops `traits.toString` beside
# `context.traits` but keeps `context.traits.toString`), so these keys are left to the differential runs.
_PROTOTYPE_NAMES = frozenset(
    {
        "__proto__",
        "constructor",
        "prototype",
        "toString",
        "toLocaleString",
        "valueOf",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    }
)


def _plain_key(key: Any) -> bool:
    return (
        isinstance(key, str) and key != "" and key not in _PROTOTYPE_NAMES and not any(c in key for c in ".[]\\")
    )  # set-value path syntax: dots, brackets, backslash escapes


# =============================================================================================================
# identity / objectId placement
# =============================================================================================================
def _rudder_ids(event: dict[str, Any]) -> tuple[Any, Any, Any] | None:
    """(anonymousId, userIdOnly, userId with anonymousId fallback) by
    docs/rudderstack-cloud.md#identity-objectid-mapping-and-trackanonymous, or None when an id candidate is not a plain
    string (left to the wrong-type checks)."""
    anon = event.get("anonymousId", _MISSING)
    candidates = [_get(event, p) for p in D.RS_USER_ID_ONLY]
    if not _simple_id(anon) or not all(_simple_id(c) for c in candidates):
        return None
    user_only = next((c for c in candidates if _present(c)), None)
    anon_value = anon if _present(anon) else None
    return anon_value, user_only, user_only if user_only is not None else anon_value


def rudderstack_ids_follow_objectid_tables(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#identity-objectid-mapping-and-trackanonymous: the trackAnonymous gate
    (page/screen/track without userIdOnly fail with the documented message) and the ObjectId tables: mapping off → root
    identity (identify: null when no id); mapping on → the identify / event tables of transformer.identity (objectId =
    anonymousId, userId only in profileData.identity or, without anonymousId, as root identity); alias → identity =
    previousId."""
    event = case.event
    if not isinstance(event, dict):
        return None
    kind = _mtype(event)
    if kind not in D.RS_MESSAGE_TYPES:
        return None
    ids = _rudder_ids(event)
    if ids is None:
        return None
    anon, user_only, user_id = ids
    settings = case.settings
    err = _error(case)
    gate_msg = D.RS_ERRORS["anonymous"]
    if kind in D.RS_EVENT_TYPES:
        gated = not settings.get("trackAnonymous") and user_only is None
        if gated and (err is None or err.get("message") != gate_msg):
            return f"no userId with trackAnonymous off, but the result is not {gate_msg!r}"
        if not gated and err is not None and err.get("message") == gate_msg:
            return f"{gate_msg!r} although userIdOnly is {_show(user_only)}"
    record = _first_record(case)
    if record is None:
        if (
            settings.get("enableObjectIdMapping")
            and kind in D.RS_EVENT_TYPES
            and err
            and err.get("message") == D.RS_ERRORS["no_ids"]
            and (anon or user_only)
        ):
            return "'Unable to process without anonymousId or userId' although an id is present"
        return None
    if kind == "alias":
        previous = event.get("previousId", _MISSING)
        if _simple_id(previous) and record.get("identity", _MISSING) != previous:
            return f"alias identity {_show(record.get('identity'))}; want previousId {_show(previous)}"
        return None
    if not settings.get("enableObjectIdMapping"):
        if "objectId" in record:
            return "objectId sent with enableObjectIdMapping off"
        if kind == "identify":
            if record.get("identity", _MISSING) != user_id:
                return f"identity {_show(record.get('identity', '<missing>'))}; want {_show(user_id)}"
        elif record.get("identity", None) != user_id:
            return f"identity {_show(record.get('identity', '<missing>'))}; want {_show(user_id)}"
        return None
    table = D.RS_IDENTIFY_OBJECT_ID if kind == "identify" else D.RS_EVENT_OBJECT_ID
    row = table[(anon is not None, user_only is not None)]
    if isinstance(row, str):
        return "a record was built although the ObjectId table says the event cannot be sent"
    wanted = {key: (anon if which == "anonymousId" else user_only) for key, which in row}
    for key in ("objectId", "identity"):
        if record.get(key, _MISSING) != wanted.get(key, _MISSING):
            return (
                f"root {key} is {_show(record.get(key, '<missing>'))}; the table wants "
                f"{_show(wanted.get(key, '<missing>'))} (anonymousId {_show(anon)}, userId {_show(user_only)})"
            )
    if (
        "profileData.identity" in wanted
        and _dict(record.get("profileData")).get("identity") != wanted["profileData.identity"]
    ):
        return f"profileData.identity is {_show(_dict(record.get('profileData')).get('identity'))}; want userId"
    for req_record in _records(case)[1:]:
        if req_record.get("type") == "token" and req_record.get("objectId") != anon:
            return "token record not keyed by the anonymousId"
    return None


def rudderstack_device_token(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#device-tokens: an identify gets a second (token) request exactly when objectId mapping
    is on, the anonymousId, context.device.token are set and context.os.name is Android or an Apple OS; the token type
    is the integrations option when allowed, else fcm (Android) / apns (Apple). Precondition: string values."""
    event = case.event
    if _mtype(event) != "identify" or _error(case):
        return None
    token = _get(event, "context.device.token")
    os_name = _get(event, "context.os.name")
    anon = event.get("anonymousId")
    if not all(v is _MISSING or isinstance(v, str) for v in (token, os_name, anon)):
        return None
    os_type = D.RS_OS_TOKEN_TYPE.get(os_name.lower()) if isinstance(os_name, str) else None
    want = bool(case.settings.get("enableObjectIdMapping") and _present(anon) and _present(token) and os_type)
    tokens = [r for r in _records(case) if r.get("type") == "token"]
    if bool(tokens) != want:
        return f"token records {len(tokens)}; want {int(want)} (os {_show(os_name)}, token set {_present(token)})"
    if tokens:
        options = next(
            (
                _get(event, f"integrations.{n}")
                for n in D.RS_INTEGRATION_NAMES
                if _get(event, f"integrations.{n}", None)
            ),
            None,
        )
        wanted_type = options.get("deviceTokenType") if isinstance(options, dict) else None
        token_type = wanted_type if wanted_type in D.RS_TOKEN_TYPES else os_type
        data = _dict(tokens[0].get("tokenData"))
        if data.get("id") != token or data.get("type") != token_type:
            return f"tokenData {_show(data)}; want id {_show(token)}, type {token_type}"
    return None


def segment_cloud_ids(case: Case) -> str | None:
    """The project's documented choice for classic cloud mode (docs/segment-cloud.md#identity, INFERRED, pinned by
    goldens): no ids → error; profile: anonymousId → objectId (+ profileData.Identity = userId), else identity = userId;
    event: identity = userId, else objectId = anonymousId; token: objectId = anonymousId."""
    event = case.event
    if not isinstance(event, dict) or _mtype(event) not in ("identify", "track", "page", "screen"):
        return None
    user_id, anon = event.get("userId", _MISSING), event.get("anonymousId", _MISSING)
    if not (_simple_id(user_id) and _simple_id(anon)):
        return None
    user_id = user_id if _present(user_id) else None
    anon = anon if _present(anon) else None
    err = _error(case)
    if user_id is None and anon is None:
        return None if err else "a request was built for an event with neither userId nor anonymousId"
    for record in _records(case):
        rtype = record.get("type")
        if rtype == "profile":
            if anon is not None:
                want = {"objectId": anon}
                if _dict(record.get("profileData")).get("Identity", None) != user_id:
                    return (
                        f"profileData.Identity {_show(_dict(record.get('profileData')).get('Identity'))}; "
                        f"want {_show(user_id)}"
                    )
            else:
                want = {"identity": user_id}
        elif rtype == "event":
            want = {"identity": user_id} if user_id is not None else {"objectId": anon}
        else:
            want = {"objectId": anon}
        got = {k: record[k] for k in ("identity", "objectId") if k in record}
        if got != want:
            return f"{rtype} record ids {_show(got)}; want {_show(want)}"
    return None


def actions_identity(case: Case) -> str | None:
    """docs/segment-actions.md#presets-and-actions, #quirks: identity (required) is `$.userId` as a string; without it
    no request."""
    event = case.event
    if not isinstance(event, dict):
        return None
    user_id = event.get("userId", _MISSING)
    if not _simple_id(user_id):
        return None
    for req in _requests(case):
        body = _dict(req.get("body"))
        ident = body.get("identity") if "d" not in body else _dict(_list(body.get("d"))[0]).get("identity")
        if ident != user_id:
            return f"identity {_show(ident)}; want userId {_show(user_id)}"
    if _requests(case) and not _present(user_id):
        return "a request was built without a userId"
    return None


# =============================================================================================================
# Charged
# =============================================================================================================
def _charged_record(case: Case) -> dict[str, Any] | None:
    record = _first_record(case, "event")
    return record if record is not None and record.get("evtName") == "Charged" else None


def rudderstack_charged(case: Case) -> str | None:
    """docs/rudderstack-cloud.md#order-completed--charged: `event` lower-cased equal to "order completed" (track, page
    or screen) → evtName Charged with Amount = properties.revenue, Charged ID = properties.checkout_id, Items =
    products (kept as an array); revenue/checkout_id/products/ts not copied. Other names are never Charged (unless
    literally so)."""
    event = case.event
    if not isinstance(event, dict) or _mtype(event) not in D.RS_EVENT_TYPES or _error(case):
        return None
    name = event.get("event")
    try:  # `String(event).toLowerCase()`: numbers and arrays too (PR #3656)
        is_oc = name is not None and js.to_string(name).lower() == D.RS_ORDER_COMPLETED
    except Exception:  # noqa: BLE001 - a value JavaScript cannot print is never Order Completed
        is_oc = False
    record = _first_record(case, "event")
    if record is None:
        return None
    if is_oc != (record.get("evtName") == "Charged") and name != "Charged":
        return f"event {_show(name)} gave evtName {_show(record.get('evtName'))}"
    if not is_oc:
        return None
    props = _dict(event.get("properties"))
    data = _dict(record.get("evtData"))
    for ct_key, source in (("Amount", "revenue"), ("Charged ID", "checkout_id")):
        value = props.get(source, _MISSING)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
            if data.get(ct_key, _MISSING) != value:
                return f"{ct_key} is {_show(data.get(ct_key, '<missing>'))}; want {source} {_show(value)}"
        elif value is _MISSING and ct_key in data:
            return f"{ct_key} set without properties.{source}"
    for key in D.RS_CHARGED_NOT_COPIED:
        if key in data:
            return f"{key} copied into Charged evtData"
    products = props.get("products")
    if isinstance(products, list) and products and data.get("Items") != products:
        return "Items is not the products array"
    return None


def segment_cloud_charged(case: Case) -> str | None:
    """docs/segment-cloud.md#order-completed--charged (INFERRED, pinned by goldens): exactly "Order Completed" →
    Charged with Amount = total, else revenue; Charged ID = order_id, else orderId; Items = products with flat
    values."""
    event = case.event
    if not isinstance(event, dict) or _mtype(event) != "track":
        return None
    record = _first_record(case, "event")
    if record is None:
        return None
    name = event.get("event")
    if (name == D.SG_ORDER_COMPLETED) != (record.get("evtName") == "Charged") and name != "Charged":
        return f"event {_show(name)} gave evtName {_show(record.get('evtName'))}"
    if name != D.SG_ORDER_COMPLETED:
        return None
    props = _dict(event.get("properties"))
    data = _dict(record.get("evtData"))
    for ct_key, sources in (("Amount", D.SG_CHARGED_AMOUNT_FROM), ("Charged ID", D.SG_CHARGED_ID_FROM)):
        value = next((props[s] for s in sources if props.get(s) is not None), _MISSING)
        if data.get(ct_key, _MISSING) != value:
            return f"{ct_key} is {_show(data.get(ct_key, '<missing>'))}; want {_show(value)} from {sources}"
    return None


def _web_amount(props: dict[str, Any]) -> Any:
    total = props.get("total")
    if total not in (None, 0, "", False):
        return total
    return props.get("revenue", _MISSING)


def _js_string_prefix(value: Any) -> str:
    """`String(value)` as far as the web Order Completed pattern can tell (docs/segment-device.md#web: the wrapper
    tests the pattern on `String(name)`, so `["Order Completed"]` is Charged). Exact for text, arrays (elements joined
    by commas, null as empty), booleans, objects and integers; other numbers give text no pattern matches."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ",".join("" if v is None else _js_string_prefix(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return "0"


def device_charged(case: Case) -> str | None:
    """docs/segment-device.md#web (web: name regex, Amount = total if truthy else revenue),
    docs/segment-device.md#android (android: exact name, Amount = total → revenue → value as a double, else 0.0),
    docs/segment-device.md#ios (iOS: exact name, Amount = total only)."""
    event = case.event
    calls = _calls(case)
    if not isinstance(event, dict) or _mtype(event) != "track" or not calls:
        return None
    name = event.get("event")
    platform = case.target.platform
    assert platform is not None, "device targets name their platform"
    props = _dict(event.get("properties"))
    call = calls[0]
    if platform == "web":
        charged = bool(D.WEB_ORDER_COMPLETED.search(_js_string_prefix(name)))
        is_charged = call["args"][:1] == ["Charged"]
        details = _dict(call["args"][1]) if is_charged and len(call["args"]) > 1 else {}
    else:
        charged = name == D.MOBILE_ORDER_COMPLETED
        is_charged = call["method"] == D.SDK_METHODS[platform]["charged"]
        details = _dict(call["args"][0]) if is_charged else {}
    if charged != is_charged and name != "Charged":
        return f"event {_show(name)} gave {call['method']} {_show(call['args'][:1])}"
    if not charged:
        return None
    numbers = {k: props.get(k) for k in ("total", "revenue", "value")}
    if not all(v is None or _is_number(v) for v in numbers.values()):
        return None  # string/odd amounts: each wrapper's own parsing, not judged here
    if platform == "web":
        want = _web_amount(props)
    elif platform == "android":
        want = next((float(v) for v in numbers.values() if v), 0.0)
    else:
        want = props.get("total", _MISSING)
    got = details.get("Amount", _MISSING)
    if got != want:
        return f"Amount is {_show(got if got is not _MISSING else '<missing>')}; want {_show(want)}"
    return None


# =============================================================================================================
# device calls
# =============================================================================================================
def device_calls_use_platform_sdk(case: Case) -> str | None:
    """README.md#transforming-events: every call names the target platform's SDK and one of its CleverTap methods."""
    platform = case.target.platform
    assert platform is not None, "device targets name their platform"
    methods = set(D.SDK_METHODS[platform].values())
    for call in _calls(case):
        if call["sdk"] != platform or call["method"] not in methods:
            return f"call {call['sdk']}.{call['method']} is not a {platform} SDK method"
    return None


def device_calls_name_the_platform(case: Case) -> str | None:
    """README.md#device-mode-what-each-platform-reads: every call of a device target names the target's platform
    as its `sdk` (React Native calls say `react-native` whichever native integration makes them)."""
    for call in _calls(case):
        if call["sdk"] != case.target.platform:
            return f"call {call['sdk']}.{call['method']} does not name the {case.target.platform} SDK"
    return None


def rudderstack_forbidden_proto(case: Case) -> str | None:
    """An event (or settings object) owning a `__proto__` key anywhere is refused with the words of
    rudder-transformer's HTTP layer, 400 "Object contains forbidden prototype property" (docs/rudderstack-cloud.md);
    no other event gets that answer."""
    refused = js.has_own_proto_key(case.event) or js.has_own_proto_key(case.settings)
    err = _error(case)
    got = err is not None and err.get("message") == D.RS_ERRORS["forbidden_proto"]
    if refused and not got:
        return "an event with an own __proto__ key was not refused with 'Object contains forbidden prototype property'"
    if got and not refused:
        return "'Object contains forbidden prototype property' for an event without a __proto__ key"
    if got and err is not None and err.get("status") != 400:
        return f"forbidden-prototype refusal has status {err.get('status')}, not 400"
    return None


def _unless_refused(invariant: Invariant) -> Invariant:
    """A RudderStack mapping invariant, not applied to events its HTTP layer refuses outright (`__proto__`)."""

    def check(case: Case) -> str | None:
        if js.has_own_proto_key(case.event) or js.has_own_proto_key(case.settings):
            return None
        return invariant(case)

    check.__name__ = invariant.__name__
    check.__doc__ = invariant.__doc__
    return check


# =============================================================================================================
# the table
# =============================================================================================================
COMMON: tuple[Invariant, ...] = (never_raises, result_shape, error_has_status_and_message)

INVARIANTS: dict[str, tuple[Invariant, ...]] = {
    "rudderstack/cloud": COMMON
    + (rudderstack_endpoint_and_headers, rudderstack_forbidden_proto)
    + tuple(
        _unless_refused(inv)
        for inv in (
            rudderstack_special_traits,
            rudderstack_custom_keys_kept,
            rudderstack_ids_follow_objectid_tables,
            rudderstack_device_token,
            rudderstack_charged,
        )
    ),
    "segment/cloud": COMMON
    + (
        segment_endpoint_and_headers,
        segment_cloud_special_traits,
        segment_cloud_keys_snake_case,
        segment_cloud_ids,
        segment_cloud_charged,
    ),
    "segment/device/web": COMMON
    + (
        device_calls_use_platform_sdk,
        web_special_traits,
        device_keys_unchanged,
        device_charged,
    ),
    "segment/device/android": COMMON
    + (
        device_calls_use_platform_sdk,
        android_special_traits,
        device_keys_unchanged,
        device_charged,
    ),
    "segment/device/ios": COMMON
    + (
        device_calls_use_platform_sdk,
        ios_special_traits,
        device_keys_unchanged,
        device_charged,
    ),
    "segment/device/react-native": COMMON + (device_calls_name_the_platform,),
    "rudderstack/device/web": COMMON + (device_calls_name_the_platform,),
    "rudderstack/device/android": COMMON + (device_calls_name_the_platform,),
    "rudderstack/device/ios": COMMON + (device_calls_name_the_platform,),
    "rudderstack/device/react-native": COMMON + (device_calls_name_the_platform,),
    "segment-actions/cloud": COMMON
    + (
        actions_endpoint_and_headers,
        actions_profile_data_unchanged,
        actions_identity,
    ),
}

MOCK_INVARIANT = "valid_records_accepted_by_mock"
MOCK_ROBUSTNESS_INVARIANT = "mock_answers_every_body"


def invariants_for(target: Target) -> tuple[Invariant, ...]:
    return INVARIANTS[target.name]


# =============================================================================================================
# records CleverTap's documented rules reject although the flavour emits them on purpose
# =============================================================================================================
def expected_rejection(target: Target, record: dict[str, Any]) -> int | None:
    """The CleverTap code the mock must answer for a record of a *valid* event, or None (processed).

    Each entry is a documented behaviour of the flavour meeting a documented CleverTap rule; none is a skip:
    the mock must answer exactly this code.
    """
    if target.flavor == "rudderstack":
        # docs/rudderstack-cloud.md#page-and-screen: a page with no name is the event "Web Page Viewed", which
        # CleverTap reserves for its own SDK (docs/clevertap-api.md#event-records, 513 observed in production in 2024).
        # rudder-transformer sends it anyway.
        if record.get("type") == "event" and record.get("evtName") == "Web Page Viewed":
            return 513
    if target.flavor == "segment" and target.cloud:
        # docs/segment-cloud.md#page-and-screen [DOC]: every page becomes the event "Web Page Viewed" — the same
        # restricted name (513).
        if record.get("type") == "event" and record.get("evtName") == D.SG_PAGE_EVENT:
            return 513
    if target.flavor == "segment-actions" and record.get("type") == "profile":
        # docs/segment-actions.md#quirks: Actions sends `ts` as the raw ISO-8601 timestamp; CleverTap wants epoch
        # seconds (525, checked before the record's body).
        if record.get("ts") is not None:
            return 525
        # docs/segment-actions.md#quirks: the identify preset maps profileData from `$.properties`, which identify
        # events lack, so the record has no profileData; CleverTap documents profileData as required (mock: 512).
        if "profileData" not in record:
            return 512
    return None


# =============================================================================================================
# known, reported, undecided issues
# =============================================================================================================
@dataclass(frozen=True)
class KnownIssue:
    """A failure the fuzzer keeps finding whose right fix is undecided. Matched narrowly (target, invariant and a
    predicate on the case), counted and shown in every report as "known", never silently dropped."""

    target: str
    invariant: str
    matches: Callable[[Case, str], bool]
    note: str


# Empty: the Android non-finite Amount case is now an error entry (transformer/flavors/segment_device/android.py).
KNOWN_ISSUES: tuple[KnownIssue, ...] = ()


def known_issue(case: Case, invariant: str, message: str) -> KnownIssue | None:
    for issue in KNOWN_ISSUES:
        if issue.target == case.target.name and issue.invariant == invariant and issue.matches(case, message):
            return issue
    return None


EXPECTED_REJECTIONS = {
    "rudderstack/cloud": ["page without a name → 'Web Page Viewed' → 513"],
    "segment/cloud": ["page → 'Web Page Viewed' → 513"],
    "segment-actions/cloud": ["profile with ISO ts → 525", "identify preset without properties → 512"],
}
