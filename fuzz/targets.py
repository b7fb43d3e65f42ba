"""What the fuzzer runs against: (flavor, mode, platform) targets, their event family and their settings.

Settings are generated per chunk of events from the run seed, so one run sweeps the switches that change a
flavour's output (RudderStack `enableObjectIdMapping`, `trackAnonymous`, `region`; Segment region spellings;
the Actions endpoints) while staying reproducible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from transformer.tables.segment import ACTIONS_ENDPOINTS


@dataclass(frozen=True)
class Target:
    flavor: str
    mode: str = "cloud"
    platform: str | None = None

    @property
    def family(self) -> str:
        return "rudderstack" if self.flavor == "rudderstack" else "segment"

    @property
    def name(self) -> str:
        return "/".join(p for p in (self.flavor, self.mode, self.platform) if p)

    @property
    def cloud(self) -> bool:
        return self.mode == "cloud"


ALL_TARGETS = (
    Target("rudderstack"),
    Target("segment"),
    Target("segment", "device", "web"),
    Target("segment", "device", "android"),
    Target("segment", "device", "ios"),
    Target("segment", "device", "react-native"),
    Target("rudderstack", "device", "web"),
    Target("rudderstack", "device", "android"),
    Target("rudderstack", "device", "ios"),
    Target("rudderstack", "device", "react-native"),
    Target("segment-actions"),
)


def select_targets(flavor: str | None, mode: str | None, platform: str | None) -> list[Target]:
    """Targets matching the options; an option left out matches every value."""
    out = [
        t
        for t in ALL_TARGETS
        if (flavor is None or t.flavor == flavor)
        and (mode is None or t.mode == mode)
        and (platform is None or t.platform == platform)
    ]
    return out


RUDDERSTACK_REGIONS = (None, "", "none", "none", "in1", "sg1", "us1", "sk1", "aps3", "mec1")
SEGMENT_REGIONS = (None, "", "none", "eu1", "in1", "in1.", "in.", "us1", "sg1", "aps3", "mec1", "sk1", " IN1 ", "eu")


def _account(rng: random.Random) -> tuple[str, str]:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    account = "-".join("".join(rng.choice(letters) for _ in range(n)) for n in (3, 3, 3, 4))
    passcode = "-".join("".join(rng.choice(letters) for _ in range(3)) for _ in range(3))
    return account, passcode


def generate_settings(target: Target, seed: int, chunk: int) -> dict[str, Any]:
    """Destination settings for chunk `chunk` of a run (names as `transform --settings` takes them)."""
    rng = random.Random(f"clevertap-harness-fuzz/settings/{target.name}/{seed}/{chunk}")
    account, passcode = _account(rng)
    if target.flavor == "rudderstack":
        settings: dict[str, Any] = {
            "accountId": account,
            "passcode": passcode,
            "enableObjectIdMapping": rng.random() < 0.5,
            "trackAnonymous": rng.random() < 0.6,
        }
        region = rng.choice(RUDDERSTACK_REGIONS)
        if not target.cloud:  # the mobile integrations need a token, and Android a region (docs/rudderstack-device.md)
            settings["accountToken"] = passcode.replace("-", "").lower()
            region = region or "none"
        if region is not None:
            settings["region"] = region
        return settings
    if target.flavor == "segment-actions":
        return {
            "clevertapAccountId": account,
            "clevertapPasscode": passcode,
            "clevertapEndpoint": rng.choice(ACTIONS_ENDPOINTS),
        }
    settings = {"accountId": account}
    if target.cloud:
        settings["passcode"] = passcode
    else:
        settings["accountToken"] = passcode.replace("-", "").lower()
    region = rng.choice(SEGMENT_REGIONS)
    if region is not None:
        settings["region"] = region
    return settings
