"""Settings of the mock: accounts, CleverTap's limits, and switches for behaviours the documents leave open.

Every limit defaults to the value CleverTap documents (see docs/clevertap-api.md); the switches exist because the
documents disagree or are silent, so a user can match what their own account does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .segment.validate import parse_write_keys

ACCOUNTS_ENV = "CLEVERTAP_MOCK_ACCOUNTS"
SEGMENT_WRITE_KEYS_ENV = "SEGMENT_MOCK_WRITE_KEYS"  # the Segment endpoint's write keys (README, Segment endpoint)

# SDK restricted lists ∪ documented system events ∪ "Web Page Viewed" (observed 513 in 2024);
# docs/clevertap-api.md#event-records.
DEFAULT_RESTRICTED_EVENTS = frozenset(
    name.lower()
    for name in (
        "Stayed",
        "Notification Clicked",
        "Notification Viewed",
        "UTM Visited",
        "Notification Sent",
        "App Launched",
        "wzrk_d",
        "App Uninstalled",
        "Notification Bounced",
        "Geocluster Entered",
        "Geocluster Exited",
        "SCOutgoing",
        "SCIncoming",
        "SCEnd",
        "SCCampaignOptOut",
        "DCOutgoing",
        "DCIncoming",
        "DCEnd",
        "App Installed",
        "Push Impressions",
        "App Version Changed",
        "Notification Replied",
        "Reply Sent",
        "State Transitioned",
        "Session Concluded",
        "Channel Unsubscribed",
        "Identity Set",
        "Identity Reset",
        "Identity Error",
        "Reachable By",
        "Web Page Viewed",
    )
)


def parse_accounts(items: Iterable[str]) -> dict[str, frozenset[str]]:
    """Parse `ID:PASSCODE` items (comma-separated lists allowed); an account may have several passcodes."""
    accounts: dict[str, set[str]] = {}
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            account_id, sep, passcode = part.partition(":")
            if not sep or not account_id.strip() or not passcode.strip():
                raise ValueError(f"account {part!r} is not of the form ID:PASSCODE")
            accounts.setdefault(account_id.strip(), set()).add(passcode.strip())
    return {k: frozenset(v) for k, v in accounts.items()}


@dataclass(frozen=True)
class MockConfig:
    # None: accept any non-empty account id and passcode (as moto accepts any credentials).
    accounts: dict[str, frozenset[str]] | None = None
    journal_cap: int = 100_000

    max_records: int = 1000
    max_token_records: int = 100
    max_delete_ids: int = 100
    max_demerge_identities: int = 100
    max_disassociate_records: int = 1000
    identifier_max_chars: int = 120
    key_max_chars: int = 120
    value_max_bytes: int = 512
    max_event_props: int = 256
    max_custom_profile_keys: int = 256
    max_multi_values: int = 100
    # None accepts any number of Charged Items (the server limit is undocumented); 50 mirrors the SDKs.
    charged_items_limit: int | None = None
    allow_nested_event_props: bool = False
    accept_gender_o_u: bool = False
    restricted_events: frozenset[str] = DEFAULT_RESTRICTED_EVENTS
    discarded_events: frozenset[str] = field(default_factory=frozenset)
    # api-request-limit page: 15 concurrent upload requests per account, 3 for the other APIs; 429 beyond.
    enforce_concurrency: bool = True
    max_concurrent_uploads: int = 15
    max_concurrent_other: int = 3
    auth_error: str = "Invalid Credentials"
    profile_not_found_status: int = 200
    # The mock's own limits and admin surface (not CleverTap's).
    journal_max_bytes: int = 256 * 1024 * 1024
    max_body_bytes: int = 16 * 1024 * 1024
    admin_token: str | None = None  # when set, /_mock needs `Authorization: Bearer <token>`
    journal_passcodes: bool = False  # False: X-CleverTap-Passcode is stored as "[redacted]"
    # The Segment endpoint (reverse flow): write key -> workspace region ("us"/"eu", None: any); None accepts any
    # non-empty key. Strict mode answers 4xx where Segment answers 200 and drops the message.
    segment_write_keys: dict[str, str | None] | None = None
    segment_strict: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> MockConfig:
        """Settings from `overrides` (command-line flags; None means not given), else the environment, else the
        defaults. A malformed environment value is a ValueError naming the variable, never silently ignored."""
        env = os.environ if env is None else env
        values = {k: v for k, v in overrides.items() if v is not None}
        if "accounts" not in values and env.get(ACCOUNTS_ENV, "").strip():
            values["accounts"] = parse_accounts([env[ACCOUNTS_ENV]])
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if setting.field not in values and raw is not None and raw.strip() != "":
                try:
                    value = setting.parse(raw)
                    problem = setting.check(value) if setting.check is not None and value is not None else None
                    if problem:
                        raise ValueError(problem)
                except ValueError as exc:
                    raise ValueError(f"{setting.env}={raw[:40]!r}: {exc}") from None
                values[setting.field] = value
        if "segment_write_keys" not in values and env.get(SEGMENT_WRITE_KEYS_ENV, "").strip():
            try:
                values["segment_write_keys"] = parse_write_keys(env[SEGMENT_WRITE_KEYS_ENV])
            except ValueError as exc:
                raise ValueError(f"{SEGMENT_WRITE_KEYS_ENV}: {exc}") from None
        return cls(**values)

    def __post_init__(self) -> None:
        for setting in SETTINGS:  # the same checks whether a value came from a flag, the environment or code
            value = getattr(self, setting.field)
            if setting.check is not None and value is not None:
                problem = setting.check(value)
                if problem:
                    raise ValueError(f"{setting.flag}: {problem}")
        # Event names are compared case-insensitively, as CleverTap's SDKs compare restricted names.
        object.__setattr__(self, "restricted_events", frozenset(n.lower() for n in self.restricted_events))
        object.__setattr__(self, "discarded_events", frozenset(n.lower() for n in self.discarded_events))

    def with_(self, **changes: Any) -> MockConfig:
        return replace(self, **changes)

    def is_restricted(self, name: str) -> bool:
        return name.lower() in self.restricted_events

    def is_discarded(self, name: str) -> bool:
        return bool(self.discarded_events) and name.lower() in self.discarded_events


# -- every switch, reachable from `serve` flags and the environment --------------------------------------------


def _whole(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise ValueError("not a whole number")
    return int(text)


def _optional_whole(text: str) -> int | None:
    return None if text.strip().lower() in ("none", "off", "") else _whole(text)


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("not one of 1/0, true/false, yes/no, on/off")


def _names(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _positive(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else "must be at least 1"


def _http_status(value: Any) -> str | None:
    return None if value in (200, 404) else "must be 200 or 404"


def _text(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


@dataclass(frozen=True)
class Setting:
    """One `MockConfig` field as a `serve` flag and an environment variable (`CLEVERTAP_MOCK_<NAME>`)."""

    field: str
    parse: Callable[[str], Any]
    help: str
    check: Callable[[Any], str | None] | None = None
    metavar: str = "N"

    @property
    def flag(self) -> str:
        return "--" + self.field.replace("_", "-")

    @property
    def env(self) -> str:
        return "CLEVERTAP_MOCK_" + self.field.upper()

    @property
    def is_bool(self) -> bool:
        return self.parse is _flag


SETTINGS: tuple[Setting, ...] = (
    Setting("journal_cap", _whole, "journal entries kept, oldest dropped (default 100000)", _positive),
    Setting("journal_max_bytes", _whole, "journal bytes kept, oldest dropped (default 256 MiB)", _positive),
    Setting("max_body_bytes", _whole, "largest request body; larger ones get a JSON 413 (default 16 MiB)", _positive),
    Setting("admin_token", _text, "require 'Authorization: Bearer TOKEN' on /_mock", metavar="TOKEN"),
    Setting("journal_passcodes", _flag, "keep X-CleverTap-Passcode in the journal (default: redacted)"),
    Setting("enforce_concurrency", _flag, "answer 429 past CleverTap's concurrency limits (default on)"),
    Setting("max_concurrent_uploads", _whole, "concurrent /1/upload requests per account (default 15)", _positive),
    Setting("max_concurrent_other", _whole, "concurrent requests to the other APIs per account (default 3)", _positive),
    Setting("max_records", _whole, "records per /1/upload request (default 1000)", _positive),
    Setting("max_event_props", _whole, "properties per event, 522 beyond (default 256)", _positive),
    Setting(
        "charged_items_limit", _optional_whole, "Charged Items per event, or none (default none)", _positive, "N|none"
    ),
    Setting("accept_gender_o_u", _flag, "accept Gender O and U besides M and F (default off)"),
    Setting("allow_nested_event_props", _flag, "accept nested event properties (Nested Objects beta; default off)"),
    Setting(
        "discarded_events",
        _names,
        "comma-separated event names answered 528 as discarded (default none)",
        metavar="NAME,NAME",
    ),
    Setting("segment_strict", _flag, "Segment endpoint: answer 4xx for messages Segment would drop (default off)"),
    Setting(
        "restricted_events",
        _names,
        "comma-separated event names answered 513 as restricted (replaces the default list)",
        metavar="NAME,NAME",
    ),
    Setting("auth_error", _text, "401 text (default 'Invalid Credentials')", metavar="TEXT"),
    Setting(
        "profile_not_found_status",
        _whole,
        "HTTP status of profile.json's not-found answer, 200 or 404 (default 200)",
        _http_status,
        "200|404",
    ),
)
