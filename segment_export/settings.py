"""Settings of the simulated export: what CleverTap's Segment export form offers, and the modelled choices.

CleverTap does not publish the payload its Segment export sends, so every choice below that no public document
settles is a setting whose default is the project's proposal; docs/clevertap-to-segment.md ("Modelled choices")
lists them with the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from . import tracking_api

KINDS = ("events", "profiles")  # CleverTap's export data types: Event, User Profile
USER_ID_SOURCES = ("identity", "email", "phone", "objectId")
ANONYMOUS_ID_SOURCES = ("objectId", "none")
ENDPOINT_MODES = ("batch", "per-call")


@dataclass(frozen=True)
class ExportSettings:
    kind: str = "events"
    region: str = "us"  # the form's region: us (default) or eu
    account: str = ""  # CleverTap account id; part of every messageId
    export_id: str = "export"  # names one configured export; part of every messageId
    user_id: str = "identity"  # modelled: the customer's own id, as Segment asks partners to send
    # modelled: no fallback by default (a user without identity is sent with anonymousId only); CleverTap's file
    # exports document the order identity, email, phone, objectId when a fallback is wanted.
    user_id_fallback: tuple[str, ...] = ()
    anonymous_id: str = "objectId"  # modelled: the CleverTap ID
    integration_context: bool = True  # modelled: context.integration as Segment asks partner sources to send
    integration_name: str = "clevertap"
    integration_version: str = "1.0.0"
    context_traits: bool = True  # modelled: a track carries the profile's email/name/phone in context.traits
    endpoint: str = "batch"  # modelled: /v1/batch; "per-call" posts each message to /v1/track or /v1/identify
    max_message_bytes: int = tracking_api.MAX_MESSAGE_BYTES
    max_batch_bytes: int = tracking_api.MAX_BATCH_BYTES
    max_batch_messages: int = tracking_api.MAX_BATCH_MESSAGES
    as_of: str | None = None  # ISO-8601 time of the run (identify timestamps, sentAt); None: the clock

    def __post_init__(self) -> None:
        choices = {
            "kind": KINDS,
            "region": tuple(tracking_api.HOSTS),
            "user_id": USER_ID_SOURCES,
            "anonymous_id": ANONYMOUS_ID_SOURCES,
            "endpoint": ENDPOINT_MODES,
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        object.__setattr__(self, "user_id_fallback", tuple(self.user_id_fallback))
        for source in self.user_id_fallback:
            if source not in USER_ID_SOURCES:
                raise ValueError(f"user_id_fallback entries must be among {', '.join(USER_ID_SOURCES)}: {source!r}")
        for name in ("max_message_bytes", "max_batch_bytes", "max_batch_messages"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ExportSettings:
        """Settings from a JSON object (a golden's `settings`); unknown keys are an error, not ignored."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown export setting(s): {', '.join(unknown)}")
        return cls(**dict(data))

    @property
    def user_id_order(self) -> tuple[str, ...]:
        return (self.user_id, *(s for s in self.user_id_fallback if s != self.user_id))
