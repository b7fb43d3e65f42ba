"""What RudderStack's Android and iOS integrations share: the credentials check, the SDK's event size limit and
where a screen message keeps its name (docs/rudderstack-device.md#android, #ios)."""

from __future__ import annotations

import json
from typing import Any

_SCALARS = (str, int, float, bool)


def android_configured(settings: dict[str, Any]) -> bool:
    """The Android integration exists only when Gson can read the settings as strings (objects and arrays throw),
    `accountId` and `accountToken` are not empty, and `region` is present (`region.equals("none")` on null throws)."""
    values = [settings.get(k) for k in ("accountId", "accountToken", "region")]
    if any(v is not None and not isinstance(v, _SCALARS) for v in values):
        return False
    account_id, token, region = values
    return account_id not in (None, "") and token not in (None, "") and region is not None


def ios_configured(settings: dict[str, Any]) -> bool:
    """The iOS integration sets CleverTap's credentials only when `accountId` and `accountToken` are not nil;
    otherwise `[CleverTap sharedInstance]` has no account and the calls go nowhere."""
    return settings.get("accountId") is not None and settings.get("accountToken") is not None


def event_name(message: dict[str, Any]) -> str | None:
    """The message's `event` as the SDKs' NSString/String field holds it: a non-string counts as absent."""
    name = message.get("event")
    return name if isinstance(name, str) else None


def message_too_big(message: dict[str, Any], limit: int) -> bool:
    """The SDKs refuse a message whose JSON exceeds `limit` bytes of UTF-8 (measured on the message as given)."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    return len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit


def screen_name(message: dict[str, Any]) -> str | None:
    """The SDKs put the screen name in the message's `event` (and `properties.name`); a spec-style message without
    `event` is read from `name` (a project choice: such a message cannot come from the mobile SDKs)."""
    if "event" not in message:
        name = message.get("name")
        return name if isinstance(name, str) else None
    return event_name(message)


def renamed(table: dict[str, str], key: str) -> str:
    """`key` through a rename table (unchanged when the table has no entry)."""
    return table.get(key, key)
