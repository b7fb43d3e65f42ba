"""The destination settings each flavour, mode and platform reads, as one data table, and the check of a settings
object against it.

Why: the transformers mirror their platforms, and the platforms are forgiving (a misspelled `regoin` silently
means the default EU host; a missing `accountId` makes every event an error). The command line uses this table to
warn about unknown keys (with a did-you-mean), to refuse missing required settings, and to describe the settings
in the README (`settings_table_markdown()`, checked by a test against the README).

Adding a flavour or platform is adding rows to `SCHEMAS`: a key `(flavor, mode, platform)` (platform `None` for
cloud mode, or for a device mode whose settings are the same on every platform) and a tuple of `Setting`s.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .casing import STRATEGY_NAMES
from .tables import rudderstack as _rs
from .tables import segment as _sg


@dataclass(frozen=True)
class Setting:
    """One setting: its name (and the other names the flavour also reads), JSON type, whether it is required,
    the default the flavour uses when it is absent, the allowed values (empty: any value of the type)."""

    name: str
    type: str  # "string", "boolean", "array", "object"
    required: bool = False
    default: Any = None
    allowed: tuple[Any, ...] = ()
    aliases: tuple[str, ...] = ()
    doc: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}

# --- rows ---------------------------------------------------------------------------------------------------------
# RudderStack's CleverTap destination config (rudder-transformer src/v0/destinations/clevertap, see docs/).
_RUDDERSTACK_CLOUD = (
    Setting("accountId", "string", required=True, doc="CleverTap project (account) id"),
    Setting("passcode", "string", required=True, doc="CleverTap passcode"),
    Setting(
        "region",
        "string",
        default="none",
        allowed=("", *_rs.REGIONS),
        doc="data centre; `none` or empty: the default host api.clevertap.com",
    ),
    Setting("enableObjectIdMapping", "boolean", default=False, doc="send anonymousId as objectId"),
    Setting("trackAnonymous", "boolean", default=False, doc="send events of users without a userId"),
)

_SEGMENT_REGIONS = tuple(_sg.CLOUD_REGIONS)

# Segment's classic CleverTap destination (cloud mode): settings as the catalog names them, and the names the
# integration itself reads.
_SEGMENT_CLOUD = (
    Setting("accountId", "string", required=True, aliases=_sg.SETTING_ACCOUNT_ID[1:], doc="CleverTap account id"),
    Setting("passcode", "string", required=True, aliases=_sg.SETTING_PASSCODE[1:], doc="CleverTap passcode"),
    Setting("region", "string", default="", allowed=_SEGMENT_REGIONS, doc="data centre; empty: the default host"),
    Setting(
        "keyCasing",
        "string",
        allowed=STRATEGY_NAMES,
        doc="this project's switch: the key transform used instead of Segment's snake_case",
    ),
)

_SEGMENT_DEVICE_WEB = (
    Setting("accountId", "string", required=True, aliases=_sg.SETTING_ACCOUNT_ID[1:], doc="CleverTap account id"),
    Setting("region", "string", default="", allowed=_SEGMENT_REGIONS, doc="data centre of the web SDK"),
    Setting(
        "timezone",
        "string",
        default=_sg.WEB_TIMEZONE_DEFAULT,
        doc="this project's switch: the browser's IANA time zone (isodate reads 'YYYY-MM-DD hh:mm' as local time)",
    ),
    Setting(
        "library",
        "string",
        default=_sg.WEB_LIBRARY_DEFAULT,
        allowed=_sg.WEB_LIBRARIES,
        doc="this project's switch: classic analytics.js, or analytics-next (refuses events of the wrong shape first)",
    ),
)

_SEGMENT_DEVICE_MOBILE = (
    Setting("accountId", "string", required=True, aliases=_sg.SETTING_ACCOUNT_ID[1:], doc="CleverTap account id"),
    Setting(
        "accountToken", "string", required=True, aliases=_sg.SETTING_ACCOUNT_TOKEN[1:], doc="CleverTap account token"
    ),
    Setting("region", "string", default="", allowed=_SEGMENT_REGIONS, doc="data centre of the mobile SDK"),
)

# Segment Actions (Actions CleverTap): the three fields of its settings schema, all required.
_SEGMENT_ACTIONS = (
    Setting("clevertapAccountId", "string", required=True, doc="CleverTap Account ID"),
    Setting("clevertapPasscode", "string", required=True, doc="CleverTap Account Passcode"),
    Setting(
        "clevertapEndpoint",
        "string",
        required=True,
        allowed=_sg.ACTIONS_ENDPOINTS,
        doc="REST Endpoint (the UI pre-fills " + _sg.ACTIONS_DEFAULT_ENDPOINT + ")",
    ),
    Setting("subscriptions", "array", doc="actions-core subscriptions; default: the destination's two presets"),
)

# RudderStack web device mode (rudder-sdk-js Clevertap/browser.js, docs/rudderstack-device.md): the settings go to
# the SDK's init only and do not change the calls this project reports.
_RUDDERSTACK_DEVICE_WEB = (
    Setting("accountId", "string", doc="CleverTap account id, read at SDK init only"),
    Setting("region", "string", allowed=("", *_rs.REGIONS), doc="data centre, read at SDK init only"),
    Setting("passcode", "string", doc="not used in device mode (kept so cloud settings can be reused)"),
)

# RudderStack's native mobile integrations (docs/rudderstack-device.md#android, #ios): without the credentials
# the integration is never created (Android also needs `region`, since it compares it with "none").
_RUDDERSTACK_DEVICE_ANDROID = (
    Setting("accountId", "string", required=True, doc="CleverTap account id"),
    Setting("accountToken", "string", required=True, doc="CleverTap account token"),
    Setting("region", "string", required=True, allowed=("", *_rs.REGIONS), doc="data centre; `none` for the default"),
    Setting("passcode", "string", doc="not used in device mode (kept so cloud settings can be reused)"),
)
_RUDDERSTACK_DEVICE_IOS = (
    Setting("accountId", "string", required=True, doc="CleverTap account id"),
    Setting("accountToken", "string", required=True, doc="CleverTap account token"),
    Setting("region", "string", allowed=("", *_rs.REGIONS), doc="data centre"),
    Setting("passcode", "string", doc="not used in device mode (kept so cloud settings can be reused)"),
)
# React Native hands each event to the Android or the iOS integration (by `context.os.name`).
_RUDDERSTACK_DEVICE_REACT_NATIVE = (
    Setting("accountId", "string", required=True, doc="CleverTap account id"),
    Setting("accountToken", "string", required=True, doc="CleverTap account token"),
    Setting("region", "string", allowed=("", *_rs.REGIONS), doc="data centre; events from Android need it"),
    Setting("passcode", "string", doc="not used in device mode (kept so cloud settings can be reused)"),
)

# Segment's React Native plugin reads no setting at all (docs/segment-device.md): every key is ignored.
_SEGMENT_DEVICE_REACT_NATIVE: tuple[Setting, ...] = ()

SCHEMAS: dict[tuple[str, str, str | None], tuple[Setting, ...]] = {
    ("rudderstack", "cloud", None): _RUDDERSTACK_CLOUD,
    ("segment", "cloud", None): _SEGMENT_CLOUD,
    ("segment", "device", "web"): _SEGMENT_DEVICE_WEB,
    ("segment", "device", "android"): _SEGMENT_DEVICE_MOBILE,
    ("segment", "device", "ios"): _SEGMENT_DEVICE_MOBILE,
    ("segment", "device", "react-native"): _SEGMENT_DEVICE_REACT_NATIVE,
    ("rudderstack", "device", "web"): _RUDDERSTACK_DEVICE_WEB,
    ("rudderstack", "device", "android"): _RUDDERSTACK_DEVICE_ANDROID,
    ("rudderstack", "device", "ios"): _RUDDERSTACK_DEVICE_IOS,
    ("rudderstack", "device", "react-native"): _RUDDERSTACK_DEVICE_REACT_NATIVE,
    ("segment-actions", "cloud", None): _SEGMENT_ACTIONS,
}


def schema_for(flavor: str, mode: str = "cloud", platform: str | None = None) -> tuple[Setting, ...] | None:
    """The settings of a target (None: no row); a device-mode row with platform None applies to every platform."""
    exact = (flavor, mode, platform if mode != "cloud" else None)
    if exact in SCHEMAS:
        return SCHEMAS[exact]
    return SCHEMAS.get((flavor, mode, None))


# --- checking -----------------------------------------------------------------------------------------------------


@dataclass
class SettingsReport:
    """What a settings object gets wrong: `errors` always stop the command line, `warnings` only with
    `--strict-settings`."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    for name, types in _JSON_TYPES.items():
        if isinstance(value, types):
            return name
    return "number" if isinstance(value, (int, float)) else type(value).__name__


def _did_you_mean(key: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        if key.lower() in lowered:
            close = [lowered[key.lower()]]
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_settings(
    settings: dict[str, Any], flavor: str, mode: str = "cloud", platform: str | None = None
) -> SettingsReport:
    """Check `settings` against the target's rows. Unknown keys, wrong types and values outside the allowed list
    are warnings (the platforms accept them, with surprising results); a missing required setting is an error."""
    report = SettingsReport()
    rows = schema_for(flavor, mode, platform)
    if not rows:  # no row, or a target that reads no setting: nothing can be misspelled
        return report
    known = [name for row in rows for name in row.names]
    present: set[str] = set()
    for key, value in settings.items():
        row = next((r for r in rows if key in r.names), None)
        if row is None:
            report.warnings.append(f"unknown setting {key!r}{_did_you_mean(key, known)}")
            continue
        present.add(row.name)
        if value is None:
            continue
        if not isinstance(value, _JSON_TYPES[row.type]):
            report.warnings.append(f"setting {key!r} should be a {row.type}, got {_type_name(value)}")
        elif row.allowed and value not in row.allowed:
            shown = ", ".join(repr(v) for v in row.allowed)
            report.warnings.append(f"setting {key!r} is {value!r}; expected one of {shown}")
    for row in rows:
        if row.required and (row.name not in present or all(settings.get(n) in (None, "") for n in row.names)):
            unknown = [k for k in settings if k not in known]
            close = difflib.get_close_matches(row.name, unknown, n=1, cutoff=0.6)
            hint = f" (is {close[0]!r} a typo?)" if close else ""
            report.errors.append(f"required setting {row.name!r} is missing{hint}")
    return report


# --- documentation --------------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value!r}`" if value == "" else f"`{value}`"


def settings_table_markdown() -> str:
    """The README's settings table, generated from `SCHEMAS` (a test checks the README holds exactly this)."""
    lines = [
        "| flavour / mode / platform | setting | type | required | default | allowed values | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for (flavor, mode, platform), rows in SCHEMAS.items():
        target = f"{flavor} {mode}" + (f" {platform}" if platform else "")
        if not rows:
            lines.append(f"| {target} | (none: every setting is ignored) | | | | | |")
        for row in rows:
            name = f"`{row.name}`" + "".join(f" / `{a}`" for a in row.aliases)
            allowed = ", ".join(_cell(v) for v in row.allowed)
            lines.append(
                f"| {target} | {name} | {row.type} | {'yes' if row.required else 'no'} | {_cell(row.default)} "
                f"| {allowed} | {row.doc} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":  # `python -m transformer.settings` prints the README's table
    print(settings_table_markdown())
