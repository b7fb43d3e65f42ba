"""Converts the Segment reference cases (shared/reference/segment-cases.json) into interfaces §2 terms.

The reference cases come from several public sources and keep their sources' shapes: device cases name SDK methods
with a receiver prefix (`clevertap.event.push`, `CleverTapAPI.pushEvent`, `CleverTap.recordEvent:withProps:`),
Actions cases give a request's `json` or only a literal field mapping, doc examples give partial assertions.
`convert_case` turns one case into something runnable through this project's transformer plus a checker that
compares a §2 result with the case's expectation; cases this project does not model come back as `Skip`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contracts.diff import diff_results, format_diff

_PLATFORM_BY_MODE = {"web_device": "web", "android_device": "android", "ios_device": "ios"}
_METHOD_PREFIXES = ("window.clevertap.", "clevertap.", "CleverTapAPI.", "CleverTap.")
_NOT_MODELLED = {
    "kotlin_device": "analytics-kotlin plugin: not one of this project's device platforms (web, android, ios)",
    "react_native_device": "React Native plugin: not one of this project's device platforms (web, android, ios)",
}
# Placeholder credentials where a case does not carry them (Actions snapshots; classic doc examples, whose
# settings have no passcode because Segment's classic destination settings have none).
_ACTIONS_SETTINGS = {
    "clevertapAccountId": "test-account-id",
    "clevertapPasscode": "test-account-passcode",
    "clevertapEndpoint": "https://sk1.api.clevertap.com",
}
_CLASSIC_PASSCODE = "reference-case-passcode"

Checker = Callable[[dict[str, Any]], "str | None"]


@dataclass
class Converted:
    name: str
    flavor: str
    mode: str
    platform: str | None
    settings: dict[str, Any]
    event: dict[str, Any]
    check: Checker


@dataclass
class Skip:
    name: str
    reason: str


def _strip_method(method: str) -> str:
    for prefix in _METHOD_PREFIXES:
        if method.startswith(prefix):
            return method[len(prefix) :]
    return method


def _exact(expected: dict[str, Any]) -> Checker:
    def check(got: dict[str, Any]) -> str | None:
        diff = diff_results(expected, got)
        return format_diff(diff) if diff else None

    return check


def _expect_error(fragment: str) -> Checker:
    def check(got: dict[str, Any]) -> str | None:
        if "error" not in got:
            return f"expected an error entry, got {got}"
        if fragment not in got["error"].get("message", ""):
            return f"expected the error message to contain {fragment!r}, got {got['error']}"
        return None

    return check


def _clean_settings(settings: Any) -> dict[str, Any]:
    if not isinstance(settings, dict):
        return {}
    return {k: v for k, v in settings.items() if v is not None}


def _device(case: dict[str, Any], platform: str) -> Converted | Skip:
    settings = _clean_settings(case.get("settings"))
    event = case["input"]
    expected = case["expected"]
    if event.get("type") == "initialize":
        if expected.get("integration", "absent") is None:
            # The integration is not created: this project reports that for any event as an error entry.
            probe = {"type": "track", "event": "Reference Probe", "properties": {}}
            return Converted(case["name"], "segment", "device", platform, settings, probe, _expect_error(""))
        return Skip(
            case["name"],
            "initialisation state (window.clevertap.* / SDK credentials) is not a per-event SDK call in interfaces §2",
        )
    calls = [
        {"sdk": platform, "method": _strip_method(c["method"]), "args": c["args"]} for c in expected.get("calls", [])
    ]
    return Converted(case["name"], "segment", "device", platform, settings, event, _exact({"calls": calls}))


def _actions(case: dict[str, Any]) -> Converted | Skip:
    spec = case["input"]
    action = spec.get("action")
    settings = case.get("settings")
    settings = dict(settings) if isinstance(settings, dict) else dict(_ACTIONS_SETTINGS)
    expected = case["expected"]
    if "mapping" in spec:
        # A snapshot of the action with literal field values: one subscription with that mapping.
        settings["subscriptions"] = [
            {"partnerAction": action, "subscribe": 'type = "identify"', "mapping": spec["mapping"]}
        ]
        event = {"type": "identify"}
    else:
        event = spec["event"]
        if spec.get("useDefaultMappings"):
            # The fixture calls the action directly (testAction), bypassing the presets' subscriptions.
            settings["subscriptions"] = [
                {"partnerAction": action, "subscribe": f'type = "{event.get("type")}"', "mapping": None}
            ]
    if "error" in expected:
        return Converted(case["name"], "segment-actions", "cloud", None, settings, event, _expect_error("'identity'"))
    if "request_json" in expected:
        want_body = expected["request_json"]

        def check(got: dict[str, Any]) -> str | None:
            reqs = got.get("requests")
            if not reqs or len(reqs) != 1:
                return f"expected one request, got {got}"
            return _exact(want_body)(reqs[0]["body"])

        return Converted(case["name"], "segment-actions", "cloud", None, settings, event, check)
    want = expected["requests"]

    def check_requests(got: dict[str, Any]) -> str | None:
        reqs = got.get("requests")
        if not isinstance(reqs, list) or len(reqs) != len(want):
            return f"expected {len(want)} request(s), got {got}"
        problems = []
        for i, (w, g) in enumerate(zip(want, reqs, strict=False)):
            if w["method"].upper() != g["method"].upper() or w["url"] != g["url"]:
                problems.append(f"[{i}] {g['method']} {g['url']} != {w['method']} {w['url']}")
            got_headers = {k.lower(): v for k, v in g["headers"].items()}
            for name, value in w.get("headers", {}).items():
                if got_headers.get(name.lower()) != value:
                    problems.append(f"[{i}] header {name}: expected {value!r}, got {got_headers.get(name.lower())!r}")
            body_diff = _exact(w["json"])(g["body"])
            if body_diff:
                problems.append(f"[{i}] body:\n{body_diff}")
        return "\n".join(problems) or None

    return Converted(case["name"], "segment-actions", "cloud", None, settings, event, check_requests)


def _classic(case: dict[str, Any]) -> Converted | Skip:
    raw = _clean_settings(case.get("settings"))
    settings = {
        "accountId": raw.get("clevertap_account_id"),
        "passcode": raw.get("passcode", _CLASSIC_PASSCODE),
        "region": raw.get("region", ""),
    }
    expected = case["expected"]

    def check(got: dict[str, Any]) -> str | None:
        try:
            profile = got["requests"][0]["body"]["d"][0]["profileData"]
        except (KeyError, IndexError, TypeError):
            return f"expected a profile upload, got {got}"
        problems = [f"missing key {k!r}" for k in expected.get("profile_keys_include", []) if k not in profile]
        problems += [f"unexpected key {k!r}" for k in expected.get("profile_keys_exclude", []) if k in profile]
        for k, v in expected.get("profile_contains", {}).items():
            if profile.get(k, object()) != v:
                problems.append(f"profileData[{k!r}]: expected {v!r}, got {profile.get(k)!r}")
        return "; ".join(problems) or None

    return Converted(case["name"], "segment", "cloud", None, settings, case["input"], check)


def convert_case(case: dict[str, Any]) -> Converted | Skip:
    mode = case.get("mode")
    if mode in _NOT_MODELLED:
        return Skip(case["name"], _NOT_MODELLED[mode])
    if "expected" not in case:
        return Skip(case["name"], "no expected output")
    if mode in _PLATFORM_BY_MODE:
        return _device(case, _PLATFORM_BY_MODE[mode])
    if mode == "cloud_actions":
        return _actions(case)
    if mode == "cloud_classic":
        return _classic(case)
    return Skip(case["name"], f"unknown mode {mode!r}")
