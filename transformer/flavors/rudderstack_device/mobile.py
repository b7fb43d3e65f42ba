"""What RudderStack's Android and iOS integrations share: the credentials check, the SDK's event size limit and
where a screen message keeps its name (docs/rudderstack-device.md#android, #ios)."""

from __future__ import annotations

import json
from typing import Any

from ...js import UNDEFINED


def credentials_present(settings: dict[str, Any]) -> bool:
    """Both integrations are only created with an account id and token (Android: not empty; iOS: not nil)."""
    account_id, token = settings.get("accountId"), settings.get("accountToken")
    return isinstance(account_id, str) and bool(account_id) and isinstance(token, str) and bool(token)


def message_too_big(message: dict[str, Any], limit: int) -> bool:
    """The SDKs refuse a message whose JSON exceeds `limit` bytes of UTF-8 (measured on the message as given)."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    return len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit


def screen_name(message: dict[str, Any]) -> Any:
    """The SDKs put the screen name in the message's `event` (and `properties.name`); a spec-style message with
    only `name` is read from there (a project choice: such a message cannot come from the mobile SDKs)."""
    name = message.get("event", UNDEFINED)
    if name is UNDEFINED:
        name = message.get("name")
    return name
