"""The Segment receiver's rules as pure functions (mock_clevertap/segment/validate.py)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from mock_clevertap.segment.validate import (
    RequestError,
    expand,
    key_problem,
    message_problem,
    parse_write_keys,
    stamp,
    write_key_from,
)
from segment_export import tracking_api


def test_write_key_from_basic_auth_or_body():
    basic = "Basic " + base64.b64encode(b"KEY1:").decode()
    assert write_key_from(basic, {"writeKey": "other"}) == "KEY1"
    assert write_key_from(tracking_api.basic_auth("K2"), None) == "K2"
    assert write_key_from("Bearer tok", {"writeKey": "K3"}) == "K3"
    assert write_key_from(None, {"writeKey": "K4"}) == "K4"
    assert write_key_from("Basic !!!", {}) is None
    assert write_key_from(None, {"writeKey": ""}) is None


def test_configured_keys_and_regions():
    keys = parse_write_keys(["k1", "k2@eu,k3@us"])
    assert keys == {"k1": None, "k2": "eu", "k3": "us"}
    assert key_problem("k1", keys, "eu") is None
    assert key_problem("k2", keys, "us") == "region_mismatch"
    assert key_problem("nope", keys, "us") == "bad_write_key"
    assert key_problem(None, None, "us") == "bad_write_key"
    assert key_problem("anything", None, "us") is None
    with pytest.raises(ValueError):
        parse_write_keys(["k@in1"])


def test_batch_context_and_integrations_merge_under_the_items_own_keys():
    body = {
        "batch": [{"type": "track", "context": {"ip": "1.2.3.4"}}, {"type": "identify"}, "junk"],
        "context": {"ip": "9.9.9.9", "library": {"name": "x"}},
        "integrations": {"All": False},
    }
    items = expand("batch", body)
    assert items[0]["context"] == {"ip": "1.2.3.4", "library": {"name": "x"}}
    assert items[0]["integrations"] == {"All": False}
    assert items[1]["context"] == {"ip": "9.9.9.9", "library": {"name": "x"}}
    assert items[2] == "junk"


def test_single_call_takes_its_type_from_the_path():
    assert expand("identify", {"userId": "u", "writeKey": "k"}) == [{"userId": "u", "type": "identify"}]
    with pytest.raises(RequestError):
        expand("batch", {"batch": "nope"})
    with pytest.raises(RequestError):
        expand("track", [1, 2])


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "track", "event": "E", "userId": "u"}, None),
        ({"type": "identify", "anonymousId": "a"}, None),
        ({"type": "track", "event": "E"}, "no_user_anon_id"),
        ({"type": "track", "userId": "u"}, "missing_event"),
        ({"type": "track", "userId": "u", "event": "  "}, "missing_event"),
        ({"userId": "u"}, "missing_type"),
        ({"type": "purchase", "userId": "u"}, "invalid_type"),
        ("text", "invalid_message"),
        ({"type": "page", "userId": True}, "no_user_anon_id"),
    ],
)
def test_message_problems(message, reason):
    assert message_problem(message, 100) == reason


def test_oversize_message():
    assert message_problem({"type": "track", "event": "E", "userId": "u"}, 32 * 1024 + 1) == "message_too_large"


def test_skew_correction():
    received = datetime(2026, 11, 28, 12, 0, 10, tzinfo=UTC)
    # the sender's clock runs 1 hour fast: sentAt and timestamp both read an hour ahead
    times = stamp({"timestamp": "2026-11-28T13:00:00.000Z"}, received, "2026-11-28T13:00:05Z")
    assert times.receivedAt == "2026-11-28T12:00:10.000Z"
    assert times.timestamp == "2026-11-28T12:00:05.000Z"
    assert times.originalTimestamp == "2026-11-28T13:00:00.000Z"
    no_sent = stamp({"timestamp": "2026-11-28T11:00:00Z"}, received, None)
    assert no_sent.timestamp == "2026-11-28T11:00:00.000Z"
    none = stamp({}, received, None)
    assert none.timestamp == none.receivedAt and none.originalTimestamp is None
