"""Batching under Segment's limits, and the sender's retry rules (pure parts)."""

from __future__ import annotations

import json

import pytest

from segment_export import tracking_api
from segment_export.batching import SENT_AT_PLACEHOLDER, plan_requests
from segment_export.sender import backoff_delay
from segment_export.settings import ExportSettings


def _message(i: int, pad: int = 0) -> dict:
    return {"type": "track", "event": "E", "userId": f"u{i}", "properties": {"p": "x" * pad}, "messageId": f"m{i}"}


def _body_size(body: dict) -> int:
    return tracking_api.json_size({**body, "sentAt": SENT_AT_PLACEHOLDER})


def test_oversize_message_is_dropped_with_reason_and_the_rest_sent():
    big = _message(1, pad=tracking_api.MAX_MESSAGE_BYTES)
    plan = plan_requests([_message(0), big, _message(2)], ExportSettings())
    assert [d["index"] for d in plan.dropped] == [1]
    assert plan.dropped[0]["reason"] == "message_too_large" and plan.dropped[0]["bytes"] > 32 * 1024
    assert [m["messageId"] for _, body in plan.bodies for m in body["batch"]] == ["m0", "m2"]


def test_batches_close_below_500kb_measured_on_the_exact_body():
    messages = [_message(i, pad=30_000) for i in range(40)]  # ~1.2 MB in all
    plan = plan_requests(messages, ExportSettings())
    assert len(plan.bodies) == 3
    for endpoint, body in plan.bodies:
        assert endpoint == "batch"
        assert _body_size(body) <= tracking_api.MAX_BATCH_BYTES
        assert len(json.dumps({**body, "sentAt": SENT_AT_PLACEHOLDER}, separators=(",", ":"))) == _body_size(body)
    # a batch is only closed when the next message would not fit
    first = plan.bodies[0][1]
    assert _body_size(first) + tracking_api.json_size(messages[len(first["batch"])]) + 1 > tracking_api.MAX_BATCH_BYTES
    assert sum(len(b["batch"]) for _, b in plan.bodies) == 40


def test_batches_hold_at_most_2500_messages():
    plan = plan_requests([_message(i) for i in range(5001)], ExportSettings())
    assert [len(body["batch"]) for _, body in plan.bodies] == [2500, 2500, 1]


def test_per_call_mode_posts_each_message_to_its_type():
    plan = plan_requests([_message(0), {**_message(1), "type": "identify"}], ExportSettings(endpoint="per-call"))
    assert [endpoint for endpoint, _ in plan.bodies] == ["track", "identify"]


@pytest.mark.parametrize(
    ("status", "retry"),
    [
        (408, True),
        (410, True),
        (429, True),
        (460, True),
        (500, True),
        (503, True),
        (501, False),
        (505, False),
        (400, False),
        (401, False),
        (404, False),
        (413, False),
    ],
)
def test_retry_statuses_follow_segments_python_client(status, retry):
    assert tracking_api.should_retry(status) is retry


def test_backoff_doubles_from_half_a_second_to_a_minute_and_obeys_retry_after():
    assert [backoff_delay(n, None) for n in range(9)] == [0.5, 1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff_delay(0, "7") == 7.0
    assert backoff_delay(3, "not a number") == 4
    assert backoff_delay(0, "3600") == 60
