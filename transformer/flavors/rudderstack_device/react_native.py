"""RudderStack device mode, React Native: `@rudderstack/rudder-integration-clevertap-react-native` only registers
the native Android or iOS integration behind the bridge, so an event gives those calls, reported with
`sdk: "react-native"`. The native side is chosen by the message's `context.os.name` (Apple OS names -> iOS, anything
else -> Android), a project choice: the bridge decides by the device it runs on (docs/rudderstack-device.md)."""

from __future__ import annotations

from typing import Any

from ...result import TransformError
from ...tables.rudderstack_device import RN_IOS_OS_NAMES, RN_SDK
from . import android, ios


def is_apple(message: dict[str, Any]) -> bool:
    context = message.get("context")
    os_info = context.get("os") if isinstance(context, dict) else None
    name = os_info.get("name") if isinstance(os_info, dict) else None
    return isinstance(name, str) and name.lower() in RN_IOS_OS_NAMES


def transform_react_native(event: Any, settings: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise TransformError(f"event must be a JSON object, got {type(event).__name__}", 400)
    native = ios if is_apple(event) else android
    return {"calls": [{**call, "sdk": RN_SDK} for call in native.native_calls(event, settings)]}
