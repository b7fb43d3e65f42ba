"""Segment classic "CleverTap" destination, cloud mode (server-side): docs/segment-cloud.md.

Segment's own code for this path is closed, so this module follows the docs and, where they are silent, the
project's documented choices (both in docs/segment-cloud.md; tables in transformer/tables/segment.py). Each choice
is pinned by a golden under contracts/goldens/segment/cloud/ whose `source`/`notes` say so.

Identifiers (INFERRED, docs/segment-cloud.md#identity and docs/clevertap-api.md#identity-and-merge-rules):
- profile records: with both ids, keyed by `objectId` = anonymousId (the CleverTap ID, per the docs) and linked to
  the user by `profileData.Identity` = userId (the way CleverTap's API attaches an identity to an objectId-keyed
  profile); userId only -> `identity`; anonymousId only -> `objectId`.
- event records: `identity` = userId when present, else `objectId` = anonymousId (CleverTap takes one identifier).
- device tokens: `objectId` = anonymousId (CleverTap accepts tokens only by objectId); no anonymousId -> no token.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .. import clevertap, js
from ..casing import get_casing
from ..js import UNDEFINED
from ..paths import get
from ..registry import safe_call
from ..result import TransformError
from ..segment_common import (
    clevertap_date,
    epoch_seconds,
    message_type,
    require_message,
    setting,
)
from ..tables.segment import (
    CHARGED_MAX_ITEMS,
    CLOUD_CASING,
    CLOUD_CHARGED_AMOUNT_FROM,
    CLOUD_CHARGED_EVENT,
    CLOUD_CHARGED_ID_FROM,
    CLOUD_CHARGED_ITEMS_FROM,
    CLOUD_ORDER_COMPLETED,
    CLOUD_PAGE_EVENT,
    CLOUD_REGIONS,
    CLOUD_SCREEN_EVENT,
    CLOUD_SPECIAL_TRAITS,
    CLOUD_UNSUPPORTED,
    GENDER_M_F,
    SETTING_ACCOUNT_ID,
    SETTING_PASSCODE,
    SETTING_REGION,
    TOKEN_TYPE_BY_OS,
)

_SCALARS = (str, int, float, bool)


@lru_cache(maxsize=256)
def _endpoint(account_id: str, passcode: str, region: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    label = region.replace(".", "").strip().lower()
    if label not in CLOUD_REGIONS:
        known = ", ".join(sorted(k for k in CLOUD_REGIONS if k and k != "none"))
        raise TransformError(f"Unknown CleverTap region {region!r} (expected one of {known}, or empty)", 400)
    headers = tuple(clevertap.headers(account_id, passcode).items())
    return clevertap.url(CLOUD_REGIONS[label]), headers


def _target_or_error(settings: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]] | Exception:
    """The upload target of these settings, or the exception reading them raises (to be raised for each event
    after that event's own checks, as the per-event path does)."""
    try:
        return _upload_target(settings)
    except Exception as exc:  # noqa: BLE001 - handed to each event, which reports it as safe_call would
        return exc


def _upload_target(settings: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    account_id = setting(settings, SETTING_ACCOUNT_ID)
    if type(account_id) is not str or not account_id:  # a string is truthy when non-empty
        raise TransformError("accountId is required in the destination settings", 400)
    passcode = setting(settings, SETTING_PASSCODE)
    if type(passcode) is not str or not passcode:
        raise TransformError("passcode is required in the destination settings", 400)
    region = setting(settings, SETTING_REGION, "")
    if not isinstance(region, str):
        raise TransformError(f"Unknown CleverTap region {region!r}", 400)
    return _endpoint(account_id, passcode, region)


class _Cloud:
    """Cloud-mode mapping with its key transform as a swappable strategy (default: to-snake-case,
    docs/segment-cloud.md#key-casing)."""

    def __init__(self, casing: str = CLOUD_CASING) -> None:
        self.casing_name = casing
        self.key = get_casing(casing)

    # --- values ----------------------------------------------------------------------------------------------
    @staticmethod
    def _flat_value(value: Any) -> bool:
        """Values CleverTap takes as a plain property: scalars and lists of scalars (multi-value)."""
        if isinstance(value, _SCALARS):
            return True
        if isinstance(value, list):
            return all(isinstance(v, _SCALARS) for v in value)
        return False

    def properties(self, props: Any, skip: str | None = None) -> dict[str, Any]:
        """Event properties: keys cased; nulls, arrays and nested objects dropped (docs: not supported)."""
        out: dict[str, Any] = {}
        if not isinstance(props, dict):
            return out
        key = self.key
        scalars = _SCALARS
        for k, v in props.items():
            if v is None or k == skip or not isinstance(v, scalars):
                continue
            ck = key(k) if type(k) is str else key(str(k))
            if ck:
                out[ck] = v
        return out

    def profile(self, traits: Any) -> dict[str, Any]:
        """Profile data: keys cased, then the six special traits renamed (order: docs/segment-cloud.md#identify)."""
        out: dict[str, Any] = {}
        if not isinstance(traits, dict):
            return out
        key = self.key
        for k, v in traits.items():
            if v is None or not self._flat_value(v):
                continue
            ck = key(k)
            if not ck:
                continue
            special = CLOUD_SPECIAL_TRAITS.get(ck)
            if special is None:
                out[ck] = v
            elif special == "DOB":
                out[special] = clevertap_date(v)
            elif special == "Gender" and isinstance(v, str):
                out[special] = GENDER_M_F.get(v.strip().lower(), v)
            else:
                out[special] = v
        return out

    # --- records ---------------------------------------------------------------------------------------------
    @staticmethod
    def _ids(event: dict[str, Any]) -> tuple[str | None, str | None]:
        user_id = _identifier(event.get("userId"))
        anonymous_id = _identifier(event.get("anonymousId"))
        if user_id is None and anonymous_id is None:
            raise TransformError("userId or anonymousId is required", 400)
        return user_id, anonymous_id

    @staticmethod
    def _with_ts(record: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
        ts = epoch_seconds(event.get("timestamp"))
        if ts is not None:
            record["ts"] = ts
        return record

    def event_record(self, event: dict[str, Any], name: str, data: dict[str, Any]) -> dict[str, Any]:
        user_id, anonymous_id = self._ids(event)
        record: dict[str, Any] = {"identity": user_id} if user_id is not None else {"objectId": anonymous_id}
        self._with_ts(record, event)
        record["type"] = "event"
        record["evtName"] = name
        record["evtData"] = data
        return record

    # --- calls -----------------------------------------------------------------------------------------------
    def identify(self, event: dict[str, Any], url: str, headers: tuple) -> dict[str, Any]:
        user_id, anonymous_id = self._ids(event)
        traits = event.get("traits")
        if traits is None:
            traits = _present(get(event, "context.traits"))
        profile_data = self.profile(traits)
        record: dict[str, Any] = {}
        if anonymous_id is not None:
            record["objectId"] = anonymous_id
            if user_id is not None:
                profile_data["Identity"] = user_id
        else:
            record["identity"] = user_id
        self._with_ts(record, event)
        record["type"] = "profile"
        record["profileData"] = profile_data
        reqs = [clevertap.upload(url, [record], dict(headers))]
        token = self.token_record(event, anonymous_id)
        if token is not None:
            reqs.append(clevertap.upload(url, [token], dict(headers)))
        return {"requests": reqs}

    @staticmethod
    def token_record(event: dict[str, Any], anonymous_id: str | None) -> dict[str, Any] | None:
        token = get(event, "context.device.token")
        if type(token) is not str or not token or anonymous_id is None:
            return None
        os_name = js.js_or(get(event, "context.os.name"), get(event, "context.device.type"), "")
        token_type = TOKEN_TYPE_BY_OS.get(str(os_name).strip().lower())
        if token_type is None:
            return None
        return {"type": "token", "tokenData": {"id": token, "type": token_type}, "objectId": anonymous_id}

    def track(self, event: dict[str, Any]) -> dict[str, Any]:
        name = event.get("event")
        if not name or not isinstance(name, str):
            raise TransformError("Event name is required for track", 400)
        props = event.get("properties")
        if name == CLOUD_ORDER_COMPLETED:
            return self.event_record(event, CLOUD_CHARGED_EVENT, self.charged(props))
        return self.event_record(event, name, self.properties(props))

    def charged(self, props: Any) -> dict[str, Any]:
        if props is None:
            props = {}
        if not isinstance(props, dict):
            raise TransformError("Order Completed properties must be an object", 400)
        data = self.properties(props, skip=CLOUD_CHARGED_ITEMS_FROM)
        for source in CLOUD_CHARGED_AMOUNT_FROM:
            amount = props.get(source)
            if amount is not None:
                data["Amount"] = amount
                break
        for source in CLOUD_CHARGED_ID_FROM:
            charged_id = props.get(source)
            if charged_id is not None:
                data["Charged ID"] = charged_id
                break
        products = props.get(CLOUD_CHARGED_ITEMS_FROM)
        if products is not None:
            if not isinstance(products, list):
                raise TransformError(f"Order Completed: products must be an array, got {_type_name(products)}", 400)
            if len(products) > CHARGED_MAX_ITEMS:
                raise TransformError(
                    f"Order Completed: Charged supports at most {CHARGED_MAX_ITEMS} products, got {len(products)}",
                    400,
                )
            items = []
            for index, product in enumerate(products):
                if not isinstance(product, dict):
                    raise TransformError(
                        f"Order Completed: products[{index}] must be an object, got {_type_name(product)}", 400
                    )
                items.append(self.properties(product))
            if items:
                data["Items"] = items
        return data

    def page_or_screen(self, event: dict[str, Any], evt_name: str) -> dict[str, Any]:
        data = self.properties(event.get("properties"))
        name = event.get("name")
        if isinstance(name, str) and name and "name" not in data:
            data["name"] = name
        return self.event_record(event, evt_name, data)

    def transform(self, event: Any, settings: dict[str, Any], target: Any = None) -> dict[str, Any]:
        """`target`: what `_target_or_error(settings)` gave, when the caller read the settings once for many
        events; it is used (or its error raised) at the point where the settings would be read."""
        event = require_message(event)
        kind = message_type(event)
        if target is None:
            target = _upload_target(settings)
        elif isinstance(target, Exception):
            raise target.with_traceback(None)  # the same error again, not a traceback growing per event
        url, headers = target
        if kind == "identify":
            return self.identify(event, url, headers)
        if kind == "track":
            record = self.track(event)
        elif kind == "page":
            record = self.page_or_screen(event, CLOUD_PAGE_EVENT)
        elif kind == "screen":
            record = self.page_or_screen(event, CLOUD_SCREEN_EVENT)
        elif kind in CLOUD_UNSUPPORTED:
            raise TransformError(CLOUD_UNSUPPORTED[kind], 400)
        else:
            raise TransformError(f"Event type {kind} is not supported", 400)
        return {"requests": [clevertap.upload(url, [record], dict(headers))]}


def _type_name(value: Any) -> str:
    """A JSON value's kind for messages: JavaScript's typeof, with "array" and "null" told apart."""
    kind = js.real_type(value)
    return kind if kind in ("array", "null") else js.typeof(value)


def _identifier(value: Any) -> str | None:
    """An identifier as text: a non-empty string as it is, a number as JavaScript writes it, anything else None."""
    if type(value) is str:
        return value or None
    if js.typeof(value) == "number":
        return js.number_to_string(value)
    return None


def _present(value: Any) -> Any:
    return None if value is UNDEFINED else value


_INSTANCES: dict[str, _Cloud] = {CLOUD_CASING: _Cloud(CLOUD_CASING)}
_DEFAULT = _INSTANCES[CLOUD_CASING]


def make_transform(casing: str = CLOUD_CASING) -> Callable[[Any, dict[str, Any]], dict[str, Any]]:
    """A cloud-mode transform with another key-casing strategy (e.g. "lodash-snake-case", "identity")."""
    instance = _INSTANCES.get(casing)
    if instance is None:
        try:
            instance = _INSTANCES[casing] = _Cloud(casing)
        except KeyError as exc:
            raise TransformError(str(exc.args[0]), 400) from None
    return instance.transform


def transform(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """One Segment message -> one README.md#transforming-events entry (requests to CleverTap's /1/upload).

    The optional setting `keyCasing` (a name from transformer.casing) swaps the key transform.
    """
    casing = settings.get("keyCasing") if isinstance(settings, dict) else None
    if casing and casing != CLOUD_CASING:
        return make_transform(casing)(event, settings)
    return _DEFAULT.transform(event, settings)


def transform_events(events: list[Any], settings: dict[str, Any]) -> list[dict[str, Any]]:
    """`transform` for every event with the same settings: exactly what `registry.safe_call` gives per event, with
    the settings read once (they cannot change within a call)."""
    casing = settings.get("keyCasing") if isinstance(settings, dict) else None
    if casing and casing != CLOUD_CASING:
        return [safe_call(transform, event, settings) for event in events]
    run = functools.partial(_DEFAULT.transform, target=_target_or_error(settings))
    return [safe_call(run, event, settings) for event in events]
