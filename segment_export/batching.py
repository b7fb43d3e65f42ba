"""Grouping messages into Tracking API requests under Segment's limits (pure).

A message over the per-message limit is dropped with a reason, as Segment's own clients drop it; a batch is
closed before it would pass the byte limit or the message-count limit, measured on the exact JSON body sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import tracking_api
from .settings import ExportSettings

SENT_AT_PLACEHOLDER = "0000-00-00T00:00:00.000Z"  # same length as every sentAt the sender writes


@dataclass
class Plan:
    """What an export sends: request bodies in order, and the messages left out with their reasons."""

    bodies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (endpoint, body)
    dropped: list[dict[str, Any]] = field(default_factory=list)  # {"index", "messageId", "reason", "bytes"}


def _batch_overhead() -> int:
    return tracking_api.json_size({"batch": [], "sentAt": SENT_AT_PLACEHOLDER})


def plan_requests(messages: list[dict[str, Any]], settings: ExportSettings) -> Plan:
    """Bodies without `sentAt` (the sender stamps it when it sends): `/v1/batch` groups, or one per call."""
    plan = Plan()
    overhead = _batch_overhead()
    current: list[dict[str, Any]] = []
    current_bytes = overhead
    for index, message in enumerate(messages):
        size = tracking_api.json_size(message)
        if size > settings.max_message_bytes:
            plan.dropped.append(
                {"index": index, "messageId": message.get("messageId"), "reason": "message_too_large", "bytes": size}
            )
            continue
        if settings.endpoint == "per-call":
            plan.bodies.append((message["type"], dict(message)))
            continue
        added = size + (1 if current else 0)
        if current and (
            current_bytes + added > settings.max_batch_bytes or len(current) >= settings.max_batch_messages
        ):
            plan.bodies.append(("batch", {"batch": current}))
            current, current_bytes, added = [], overhead, size
        if overhead + size > settings.max_batch_bytes:  # cannot fit even alone under a tiny configured limit
            plan.dropped.append(
                {"index": index, "messageId": message.get("messageId"), "reason": "batch_too_large", "bytes": size}
            )
            continue
        current.append(message)
        current_bytes += added
    if current:
        plan.bodies.append(("batch", {"batch": current}))
    return plan
