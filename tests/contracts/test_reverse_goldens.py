"""Reverse-flow goldens (CleverTap -> Segment, flavour `clevertap-export`) against the export simulation."""

from __future__ import annotations

import copy

import pytest

from contracts.golden import GOLDEN_ROOT, check_golden, iter_goldens
from contracts.peers import CommandPeer, PeerUnsupported, ProjectPeer
from segment_export import tracking_api

REVERSE_ROOT = GOLDEN_ROOT / "clevertap-export"
GOLDENS = iter_goldens(REVERSE_ROOT)


def test_every_documented_export_kind_has_goldens():
    ids = {g.id for g in GOLDENS}
    for expected in (
        "events/engagement_notifications",
        "events/selected_events_eu",
        "events/identity_fallback",
        "events/oversize_message_dropped",
        "profiles/user_profiles_identify",
    ):
        assert f"clevertap-export/{expected}" in ids or expected in ids


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda g: g.id)
def test_reverse_golden(golden):
    assert golden.flavor == "clevertap-export" and golden.mode == "export" and golden.batch
    assert check_golden(golden) is None
    assert ProjectPeer().run_golden(golden) == golden.expected


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda g: g.id)
def test_expected_requests_respect_segments_limits(golden):
    """Independent of the code that wrote them: every pinned request is one Segment would take."""
    for request in golden.expected["requests"]:
        host = request["url"].split("/")[2]
        assert host == tracking_api.HOSTS[golden.settings.get("region", "us")]
        assert request["headers"]["Authorization"] == tracking_api.basic_auth(golden.settings["write_key"])
        body = request["body"]
        messages = body["batch"] if request["url"].endswith("/v1/batch") else [body]
        assert tracking_api.json_size(body) <= tracking_api.MAX_BATCH_BYTES
        assert len(messages) <= tracking_api.MAX_BATCH_MESSAGES
        for message in messages:
            assert tracking_api.json_size({k: v for k, v in message.items() if k != "sentAt"}) <= 32 * 1024
            assert message.get("userId") or message.get("anonymousId")
            assert len(message["messageId"]) < 100
    ids = [m["messageId"] for r in golden.expected["requests"] for m in r["body"].get("batch", [r["body"]])]
    assert len(ids) == len(set(ids)), "messageIds are unique within an export"


def test_other_peers_do_not_run_reverse_goldens():
    peer = CommandPeer("cat {batch}")
    with pytest.raises(PeerUnsupported, match="export simulation only"):
        peer.run_golden(GOLDENS[0])


def test_a_changed_expectation_fails():
    golden = copy.deepcopy(GOLDENS[0])
    golden.expected["requests"][0]["body"]["batch"][0]["event"] = "Something else"
    assert check_golden(golden) is not None
