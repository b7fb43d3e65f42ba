"""Seeded Faker fuzzing of the transformer flavours against invariants and the in-process mock.

- `providers`: Faker providers and the seeded generator of Segment / RudderStack spec events (valid and broken);
- `targets`: the (flavor, mode, platform) targets and their generated settings;
- `invariants`: the named invariants per target, and the documented CleverTap rejections;
- `mockcheck`: records posted to the mock in-process;
- `shrink`: greedy shrinking of a failing event;
- `runner`: the loop, failure reports and differential mode against a peer (`contracts.peers`).
"""

from .providers import GeneratedEvent, generate_event, generate_events
from .runner import Failure, Fuzzer, TargetReport
from .targets import ALL_TARGETS, Target, select_targets

__all__ = [
    "ALL_TARGETS",
    "Failure",
    "Fuzzer",
    "GeneratedEvent",
    "Target",
    "TargetReport",
    "generate_event",
    "generate_events",
    "select_targets",
]
