"""Settings of the mock: accounts, CleverTap's limits, and switches for behaviours the documents leave open.

Every limit defaults to the value CleverTap documents (see docs/clevertap-api.md); the switches exist because the
documents disagree or are silent, so a user can match what their own account does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

ACCOUNTS_ENV = "CLEVERTAP_MOCK_ACCOUNTS"
JOURNAL_CAP_ENV = "CLEVERTAP_MOCK_JOURNAL_CAP"

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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> MockConfig:
        env = os.environ if env is None else env
        values = dict(overrides)
        if values.get("accounts") is None and env.get(ACCOUNTS_ENV, "").strip():
            values["accounts"] = parse_accounts([env[ACCOUNTS_ENV]])
        if "journal_cap" not in values and env.get(JOURNAL_CAP_ENV):
            values["journal_cap"] = int(env[JOURNAL_CAP_ENV])
        return cls(**values)

    def __post_init__(self) -> None:
        # Event names are compared case-insensitively, as CleverTap's SDKs compare restricted names.
        object.__setattr__(self, "restricted_events", frozenset(n.lower() for n in self.restricted_events))
        object.__setattr__(self, "discarded_events", frozenset(n.lower() for n in self.discarded_events))

    def with_(self, **changes) -> MockConfig:
        return replace(self, **changes)

    def is_restricted(self, name: str) -> bool:
        return name.lower() in self.restricted_events

    def is_discarded(self, name: str) -> bool:
        return bool(self.discarded_events) and name.lower() in self.discarded_events
