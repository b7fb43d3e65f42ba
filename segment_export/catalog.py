"""CleverTap's system events by export choice: one union table with a flag per public list.

Segment's CleverTap Source page and CleverTap's Segment page list different events (docs/clevertap-to-segment.md,
"Which events"), so each name records which list carries it instead of picking one list:

* `segment_catalog`: the events Segment's CleverTap Source page says arrive as tables;
* `all_system`: CleverTap's "All system events" choice;
* `engagement`: CleverTap's "Engagement events" choice.
"""

from __future__ import annotations

from typing import NamedTuple


class SystemEvent(NamedTuple):
    name: str
    segment_catalog: bool
    all_system: bool
    engagement: bool


# name, segment_catalog, all_system, engagement
SYSTEM_EVENTS: tuple[SystemEvent, ...] = tuple(
    SystemEvent(*row)
    for row in (
        ("App Launched", True, True, False),
        ("App Installed", True, True, False),
        ("App Uninstalled", True, True, True),
        ("App Version Changed", True, True, False),
        ("Notification Sent", True, True, True),
        ("Notification Viewed", True, True, True),
        ("Notification Clicked", True, True, True),
        ("Notification Replied", True, True, True),
        ("Notification Delivered", False, False, True),
        ("Push Impressions", True, True, True),
        ("Control Group", True, True, True),
        ("Channel Unsubscribed", True, True, True),
        ("Reply Sent", True, True, True),
        ("Webhook Delivered", True, False, True),
        ("UTM Visited", True, True, True),
        ("AB Experiment Rendered", False, True, True),
        ("AB Experiment Stopped", True, True, True),
        ("AB Experiment Rolled Out", True, True, True),
        ("AB Experiment Disqualified", True, True, False),
        ("Geocluster Entered", True, True, True),
        ("Geocluster Exited", True, True, True),
        ("Session Concluded", False, True, False),
        ("State Transitioned", False, True, True),
    )
)

# export choice -> the flag that selects its events
EVENT_CHOICES = {"engagement": "engagement", "all-system": "all_system", "segment-catalog": "segment_catalog"}


def events_for(choice: str) -> list[str]:
    """The event names of an export choice (`engagement`, `all-system`, `segment-catalog`), in table order."""
    try:
        flag = EVENT_CHOICES[choice]
    except KeyError:
        raise ValueError(f"unknown event choice {choice!r}; expected one of {', '.join(EVENT_CHOICES)}") from None
    return [event.name for event in SYSTEM_EVENTS if getattr(event, flag)]


SYSTEM_EVENT_NAMES = frozenset(event.name for event in SYSTEM_EVENTS)
