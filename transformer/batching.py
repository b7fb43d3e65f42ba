"""Router batching: pack transformed events into requests of at most N records, order kept.

This is rudder-transformer's `batchMultiplexedEvents`: each event contributes all its records (one, or two for
an identify with a device token) to the current batch when they fit, otherwise it opens a new batch; an event's
records are never split, record types and users are not separated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def batch_multiplexed(events: Iterable[tuple[Sequence[Any], Any]], max_size: int) -> list[tuple[list[Any], list[Any]]]:
    """`events` yields (records, tag) per successfully transformed event; returns [(records, tags)] per batch."""
    batches: list[tuple[list[Any], list[Any]]] = []
    current: list[Any] | None = None
    tags: list[Any] = []
    for records, tag in events:
        if current is not None and len(current) + len(records) <= max_size:
            current.extend(records)
            tags.append(tag)
            continue
        if len(records) > max_size:  # cannot happen for CleverTap (at most 2 records); chunk as lodash would
            for i in range(0, len(records), max_size):
                current, tags = list(records[i : i + max_size]), [tag]
                batches.append((current, tags))
            continue
        current, tags = list(records), [tag]
        batches.append((current, tags))
    return batches
