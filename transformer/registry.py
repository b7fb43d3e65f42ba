"""Maps (flavor, mode, platform) to a flavour's transform function.

Flavour modules are imported lazily so that importing `transformer` stays cheap and a flavour still under
construction cannot break the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from .result import TransformError, error_result, internal_error_result

TransformFn = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]

FLAVORS = ("rudderstack", "segment", "segment-actions")
MODES = ("cloud", "device")
PLATFORMS = ("web", "android", "ios", "react-native")

# (flavor, mode, platform) -> "module:function"; platform None means "any / not applicable".
_ENTRIES: dict[tuple[str, str, str | None], str] = {
    ("rudderstack", "cloud", None): "transformer.flavors.rudderstack:transform",
    ("segment", "cloud", None): "transformer.flavors.segment_cloud:transform",
    ("segment", "device", "web"): "transformer.flavors.segment_device.web:transform_web",
    ("segment", "device", "android"): "transformer.flavors.segment_device.android:transform_android",
    ("segment", "device", "ios"): "transformer.flavors.segment_device.ios:transform_ios",
    ("segment", "device", "react-native"): "transformer.flavors.segment_device.react_native:transform_react_native",
    ("rudderstack", "device", "web"): "transformer.flavors.rudderstack_device.web:transform_web",
    ("rudderstack", "device", "android"): "transformer.flavors.rudderstack_device.android:transform_android",
    ("rudderstack", "device", "ios"): "transformer.flavors.rudderstack_device.ios:transform_ios",
    ("rudderstack", "device", "react-native"): (
        "transformer.flavors.rudderstack_device.react_native:transform_react_native"
    ),
    ("segment-actions", "cloud", None): "transformer.flavors.segment_actions:transform",
}

# Optional per-call functions: (events, settings) -> one result entry per event, exactly what `safe_call` on each
# event would give; a flavour offers one when the settings' own checks and lookups can be done once per call.
_MANY_ENTRIES: dict[tuple[str, str, str | None], str] = {
    ("rudderstack", "cloud", None): "transformer.flavors.rudderstack:transform_events",
    ("segment", "cloud", None): "transformer.flavors.segment_cloud:transform_events",
    ("segment", "device", "web"): "transformer.flavors.segment_device.web:transform_web_events",
}

# Batch (router) functions: list of events -> {"batches": [...], "errors": [...]}.
_BATCH_ENTRIES: dict[str, str] = {
    "rudderstack": "transformer.flavors.rudderstack:transform_batch",
}


class UnknownFlavor(ValueError):
    """The (flavor, mode, platform) combination names no transformer."""


def _resolve(target: str) -> Callable[..., Any]:
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise UnknownFlavor(f"transformer {target} is not available: {exc}") from exc


def get_transform(flavor: str, mode: str = "cloud", platform: str | None = None) -> TransformFn:
    if flavor not in FLAVORS:
        raise UnknownFlavor(f"unknown flavor {flavor!r} (expected one of {', '.join(FLAVORS)})")
    if mode not in MODES:
        raise UnknownFlavor(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
    if mode == "device":
        if platform not in PLATFORMS:
            raise UnknownFlavor(f"device mode needs --platform, one of {', '.join(PLATFORMS)}")
        key: tuple[str, str, str | None] = (flavor, mode, platform)
    else:
        key = (flavor, mode, None)
    target = _ENTRIES.get(key)
    if target is None:
        raise UnknownFlavor(f"no transformer for flavor={flavor} mode={mode} platform={platform}")
    return _resolve(target)


def get_batch_transform(flavor: str) -> Callable[[list[dict[str, Any]], dict[str, Any]], dict[str, Any]]:
    target = _BATCH_ENTRIES.get(flavor)
    if target is None:
        raise UnknownFlavor(f"--batch is not supported for flavor {flavor!r}")
    return _resolve(target)


def safe_call(fn: TransformFn, event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """Run one event through a flavour so that nothing escapes as an exception.

    Flavours raise `TransformError` for documented failures. Anything else is a bug in this project; it is
    reported as a structured 500 naming the exception rather than crashing a whole batch.
    """
    try:
        return fn(event, settings)
    except TransformError as exc:
        return error_result(exc.message, exc.status)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raise"
        return internal_error_result(exc)


def transform(
    events: Iterable[Any],
    settings: dict[str, Any],
    flavor: str,
    mode: str = "cloud",
    platform: str | None = None,
) -> list[dict[str, Any]]:
    """Transform events one by one: exactly one result entry per event, in input order."""
    fn = get_transform(flavor, mode, platform)
    many = _MANY_ENTRIES.get((flavor, mode, platform if mode == "device" else None))
    if many is not None:
        return _resolve(many)(list(events), settings)
    return [safe_call(fn, event, settings) for event in events]


def transform_batch(events: list[Any], settings: dict[str, Any], flavor: str) -> dict[str, Any]:
    """Router mode: requests grouped the way the flavour's router groups them (`transform --batch`)."""
    return get_batch_transform(flavor)(list(events), settings)
