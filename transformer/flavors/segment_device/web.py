"""Segment classic "CleverTap" destination, device mode, web: the calls analytics.js' CleverTap integration 1.0.4
makes on `window.clevertap`, through Segment's facade (facts and sources: docs/segment-device.md, "Web" and "Web:
JavaScript at the edges"; checked by contracts/peer_runners/node/segment_web_runner.js).

The integration code is short; what decides its output is JavaScript: the facade's copy and date conversion,
obj-case lookups, `@ndhoule/each` and `||`. Those are modelled in `facade.py` on the JS value model of
`transformer/js_objects.py`, and this module only follows the integration's own steps. A `Date` is written
`{"$date": "<ISO-8601>"}`.

Settings beyond the account: `timezone` (IANA name, default `UTC`): the browser's zone, which decides how isodate
reads a space-separated date-time (`2020-01-01 10:00:00+05:00` ignores its offset and is local time); `library`:
`analytics.js` (classic analytics.js, the default: messages reach the integration as they are) or `analytics-next`
(analytics.js 2.0 refuses a message whose type, track name, properties or traits have the wrong type before any
integration runs; the result is then an error with its ValidationError text).

Results: `{"calls": [...]}`; `skipped` says why there is no call when the message type has no integration method
or the integration threw (analytics.js catches and only logs that); `warnings` lists what the CleverTap web SDK would
then refuse (a Charged event whose structure it rejects), beside the calls the integration made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import js
from ...js import UNDEFINED, truthy
from ...js_objects import JSTypeError, get, set_strict, timezone_offset_minutes, to_json, to_string
from ...registry import safe_call
from ...result import TransformError, sdk_call
from ...segment_common import require_message, setting
from ...tables.segment import (
    SDK_METHODS,
    SETTING_ACCOUNT_ID,
    WEB_CHARGED_ALIASES,
    WEB_CHARGED_MAX_ITEMS,
    WEB_LIBRARIES,
    WEB_LIBRARY_DEFAULT,
    WEB_ORDER_COMPLETED,
    WEB_TIMEZONE_DEFAULT,
    WEB_TRAIT_ALIASES,
)
from .facade import ArrayLikeTooLong, Facade, supported_values

_METHODS = SDK_METHODS["web"]
_CHARGED_INVALID = "Charged event structure invalid. Not sent."


Calls = tuple[list[dict[str, Any]], Sequence[str]]  # the calls, and what the CleverTap SDK would then refuse
_NO_WARNINGS: tuple[str, ...] = ()  # shared: nothing to refuse (no list per event)


def _identify(facade: Facade) -> Calls:
    supported = supported_values(facade.traits(WEB_TRAIT_ALIASES), drop_arrays=False)  # "sdk does not accept objects"
    return [sdk_call("web", _METHODS["identify"], {"Site": supported})], _NO_WARNINGS


def _track(facade: Facade, name: Any) -> Calls:
    # "sdk does not accept any objects or arrays"
    supported = supported_values(facade.plain_properties(), drop_arrays=True)
    if type(name) is not str:
        name = None if name is UNDEFINED else to_json(name)
    return [sdk_call("web", _METHODS["track"], name, supported)], _NO_WARNINGS


def _order_completed(facade: Facade) -> Calls:
    transaction = facade.properties(WEB_CHARGED_ALIASES)
    amount = facade.total()
    if not truthy(amount):
        amount = get(facade.plain_properties(), "revenue")
    set_strict(transaction, "Amount", amount)
    call = sdk_call("web", _METHODS["charged"], "Charged", to_json(transaction))
    return [call], _charged_warnings(call)


def _alias(facade: Facade) -> Calls:
    return [sdk_call("web", _METHODS["alias"], {"Site": to_json({"Identity": facade.to()})})], _NO_WARNINGS


def _track_or_charged(facade: Facade) -> Calls:
    """analytics.js-integration's track wrapper: a name matching the Order Completed pattern (tested on
    `String(name)`) goes to the integration's `orderCompleted`."""
    name = facade.event()
    text = name if type(name) is str else to_string(name)
    charged = _IS_ORDER_COMPLETED.get(text)
    if charged is None:
        charged = WEB_ORDER_COMPLETED.search(text) is not None
        if len(_IS_ORDER_COMPLETED) >= 10_000:
            _IS_ORDER_COMPLETED.clear()
        _IS_ORDER_COMPLETED[text] = charged
    if charged:
        return _order_completed(facade)
    return _track(facade, name)


_IS_ORDER_COMPLETED: dict[str, bool] = {}  # track name -> matches the pattern (memoised, bounded)


# type -> (integration method, the message fields its facade accessors read)
_HANDLERS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "identify": (_identify, ("userId", "traits")),
    "track": (_track_or_charged, ("event", "properties")),
    "alias": (_alias, ("userId", "to")),
    "page": (None, ()),  # analytics.js-integration's own no-op
    "screen": (None, ()),  # no such method: analytics.js-integration's invoke returns
    "group": (None, ()),
}


def _charged_warnings(call: dict[str, Any]) -> list[str]:
    """What the CleverTap web SDK's `isChargedEventStructureValid` would say about the Charged details."""
    details = call["args"][1]
    if type(details) is not dict or _is_date(details):
        return [_CHARGED_INVALID]
    out = []
    for key, value in details.items():
        if key == "Items":
            if type(value) is not list:
                return [_CHARGED_INVALID]
            if len(value) > WEB_CHARGED_MAX_ITEMS:
                out.append(f"Charged Items exceed {WEB_CHARGED_MAX_ITEMS} limit. Actual count: {len(value)}")
            for item in value:
                if type(item) is not dict or _is_date(item):
                    return [_CHARGED_INVALID]
                values = item.values()
                if not _FLAT.issuperset(map(type, values)) and any(
                    (type(v) is dict and not _is_date(v)) or type(v) is list for v in values
                ):
                    return [_CHARGED_INVALID]
        elif (type(value) is dict and not _is_date(value)) or type(value) is list:
            return [_CHARGED_INVALID]
    return out


_FLAT = frozenset((str, int, float, bool, type(None)))  # JSON scalars: nothing nested


def _is_date(value: dict[str, Any]) -> bool:
    return len(value) == 1 and "$date" in value


def _analytics_next_check(event: dict[str, Any]) -> None:
    """analytics.js 2.0 (@segment/analytics-core `validateEvent`) on the message its event factory built: missing
    properties or traits are `{}` there, so only wrong types are refused."""
    kind = event.get("type", UNDEFINED)
    if type(kind) is not str:
        raise TransformError(".type is not a string", 400)
    if kind == "track":
        if type(event.get("event")) is not str:
            raise TransformError(".event is not a string", 400)
        if type(event.get("properties", {}) or {}) is not dict:
            raise TransformError(".properties is not an object", 400)
    if kind in ("identify", "group") and type(event.get("traits", {}) or {}) is not dict:
        raise TransformError(".traits is not an object", 400)


def _local_offset(settings: dict[str, Any]) -> int:
    zone = settings.get("timezone") or WEB_TIMEZONE_DEFAULT
    if zone == "UTC":
        return 0
    if type(zone) is not str:
        raise TransformError("timezone must be an IANA time zone name such as UTC or Asia/Kolkata", 400)
    try:
        return timezone_offset_minutes(zone)
    except (KeyError, ValueError):
        raise TransformError(
            f"unknown timezone {zone!r} (an IANA time zone name such as UTC or Asia/Kolkata)", 400
        ) from None


_NO_ACCOUNT = "no clevertap_account_id: the CleverTap web SDK has no account to send to"


def transform_web(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    if type(event) is not dict:
        require_message(event)
    library = settings.get("library")
    if library is not None and library != WEB_LIBRARY_DEFAULT:
        if library not in WEB_LIBRARIES:
            raise TransformError(f"unknown library {library!r} (expected one of {', '.join(WEB_LIBRARIES)})", 400)
        _analytics_next_check(event)
    zone = settings.get("timezone")
    offset = 0 if zone is None or zone == WEB_TIMEZONE_DEFAULT else _local_offset(settings)
    return _message(event, {"offset": offset, "account": _has_account(settings)})


def transform_web_events(events: list[Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """`transform_web` for each event, the settings read once when they need no per-event check (the classic
    library and the default time zone, as usual); any other settings take the per-event path unchanged."""
    library = settings.get("library")
    zone = settings.get("timezone")
    if (library is not None and library != WEB_LIBRARY_DEFAULT) or (zone is not None and zone != WEB_TIMEZONE_DEFAULT):
        return [safe_call(transform_web, event, settings) for event in events]
    context = {"offset": 0, "account": _has_account(settings)}
    return [safe_call(_message, event, context) for event in events]


def _has_account(settings: dict[str, Any]) -> bool:
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    return bool(account_id) and type(account_id) is str


_CONTAINERS = (dict, list)  # a JSON timestamp that String() must convert (which can throw)


def _message(event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """One message through the integration, the settings already read: `context` holds `offset` (the browser's
    zone offset in minutes) and `account` (whether an account id is configured)."""
    if type(event) is not dict:
        require_message(event)
    kind = event.get("type")
    entry = _HANDLERS.get(kind) if type(kind) is str else None
    if entry is None:
        return {"calls": [], "skipped": f"the integration has no {js.stringify(None if kind is None else kind)} method"}
    handler, read = entry
    try:
        if handler is not None:
            calls, refused = handler(Facade(event, context["offset"], read))
        else:  # analytics.js builds the facade even for a no-op call; only its timestamp check can be seen
            if "__proto__" in event or type(event.get("timestamp")) in _CONTAINERS:
                Facade(event, context["offset"], read)
            calls, refused = [], _NO_WARNINGS
    except JSTypeError as exc:
        return {"calls": [], "skipped": f"the integration threw: {exc.args[0]}"}
    except ArrayLikeTooLong as exc:
        raise TransformError(
            f"a value with length {js.to_string(exc.args[0])} is iterated as an array: the browser would loop "
            "that many times",
            400,
        ) from None
    if not context["account"]:
        return {"calls": calls, "warnings": [_NO_ACCOUNT, *refused]}
    if refused:
        return {"calls": calls, "warnings": list(refused)}
    return {"calls": calls}


__all__ = ["transform_web", "transform_web_events"]
