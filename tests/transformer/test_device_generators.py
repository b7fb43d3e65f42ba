"""The seeded device-mode generators (fuzz/device.py): reproducible, objects only, and with hostile events."""

from __future__ import annotations

from fuzz.device import MUTATIONS, device_event, device_events


def test_same_seed_same_events_whatever_the_count() -> None:
    assert device_events(3, "rudderstack", 20) == device_events(3, "rudderstack", 40)[:20]
    assert device_events(3, "segment", 20) != device_events(4, "segment", 20)


def test_events_are_objects_and_a_share_is_hostile() -> None:
    pairs = [device_event(1, family, i) for family in ("segment", "rudderstack") for i in range(300)]
    assert all(isinstance(event, dict) for event, _ in pairs)
    hostile = [names for _, names in pairs if names]
    assert 0.3 < len(hostile) / len(pairs) < 0.5
    used = {name for names in hostile for name in names}
    assert used == set(MUTATIONS), set(MUTATIONS) - used
