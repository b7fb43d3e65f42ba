"""`fuzz --against`: a chunk the peer refuses as a whole is asked again one event at a time, and the report counts
the events actually compared (an agreement rate never hides events the peer did not answer)."""

from __future__ import annotations

from typing import Any

from contracts.peers import PeerError
from fuzz.providers import GeneratedEvent
from fuzz.runner import Differential, format_differential
from fuzz.targets import Target
from transformer import transform

SETTINGS = {"accountId": "A", "passcode": "P", "trackAnonymous": True}
TARGET = Target("rudderstack")


class RefusingPeer:
    """Answers like this project, but refuses any request holding an event marked `refuse` (as rudder-transformer's
    HTTP layer refuses a whole body with a `__proto__` key); `broken` events it cannot answer even alone."""

    name = "refusing"
    loose_numbers = False

    def __init__(self) -> None:
        self.calls: list[int] = []

    def transform(self, events, settings, flavor, mode="cloud", platform=None) -> list[Any]:
        self.calls.append(len(events))
        if any(e.get("refuse") for e in events) and len(events) > 1:
            raise PeerError("HTTP 400: Object contains forbidden prototype property")
        if any(e.get("broken") for e in events):
            raise PeerError("HTTP 500")
        return transform(events, settings, flavor, mode, platform)


def _gens(n: int, marks: dict[int, str]) -> list[GeneratedEvent]:
    events = []
    for i in range(n):
        event: dict[str, Any] = {"type": "track", "event": f"e{i}", "userId": f"u{i}"}
        if i in marks:
            event[marks[i]] = True
        events.append(GeneratedEvent(i, event, True, "track"))
    return events


def test_a_refused_chunk_is_retried_event_by_event():
    gens = _gens(100, {7: "refuse"})
    peer = RefusingPeer()
    diff = Differential(peer)
    diff.compare(TARGET, gens, SETTINGS, transform([g.event for g in gens], SETTINGS, "rudderstack"))
    report = diff.as_json()
    assert report["compared"] == 100 and report["agreed"] == 100 and report["uncompared"] == 0
    assert report["retried_chunks"] == 1
    assert peer.calls == [100] + [1] * 100


def test_events_without_any_answer_are_counted_as_not_compared():
    gens = _gens(10, {3: "broken", 5: "refuse"})
    diff = Differential(RefusingPeer())
    diff.compare(TARGET, gens, SETTINGS, transform([g.event for g in gens], SETTINGS, "rudderstack"))
    report = diff.as_json()
    assert (report["compared"], report["agreed"], report["uncompared"]) == (9, 9, 1)
    assert report["peer_errors"] == ["event 3: PeerError: HTTP 500"]
    assert any("1 events not compared" in line for line in format_differential(report))
