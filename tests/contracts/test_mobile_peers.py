"""Android and iOS device mode against the real CleverTap integrations (contracts/mobile_peers.py).

The runners build the integrations from checkouts the user names (CLEVERTAP_SEGMENT_ANDROID_SRC +
ANALYTICS_ANDROID_SRC, CLEVERTAP_SEGMENT_IOS_SRC); without them these tests skip and say why. What needs no
checkout (the generators, the runner's decoding) is tested below unconditionally.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from contracts import mobile_peers
from fuzz import mobile_differential
from fuzz.mobile_events import SEGMENT_CALLS, mobile_cases

SEED = 12
COUNT = 1000


@pytest.fixture(scope="module", params=mobile_peers.PLATFORMS)
def peer(request):
    reason = mobile_peers.unavailable_reason(request.param)
    if reason:
        pytest.skip(f"{request.param} peer not available: {reason}")
    with tempfile.TemporaryDirectory(prefix="mobile-peer-") as tmp:
        yield mobile_peers.build(request.param, Path(tmp))


def test_every_golden_agrees_with_the_real_integration(peer):
    reports = mobile_peers.check_goldens(peer)
    assert not reports, "\n".join(reports)


def test_peer_goldens_cover_the_platform(peer):
    assert len(mobile_peers.golden_paths(peer.platform)) >= 20


@pytest.mark.slow
@pytest.mark.parametrize("hostile", [False, True], ids=["ordinary", "hostile"])
def test_seeded_events_agree_with_the_real_integration(peer, hostile):
    cases = mobile_cases(peer.platform, SEED, COUNT, hostile=hostile)
    report = mobile_peers.compare(peer, [c.event for c in cases], [c.settings for c in cases], [c.name for c in cases])
    shown = "\n".join(str(d) for d in report.disagreements[:5])
    assert report.agree == report.total == COUNT, f"{report.agree} / {report.total} agree\n{shown}"


# --- no checkout needed -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", mobile_peers.PLATFORMS)
def test_generators_are_reproducible_and_only_make_segment_calls(platform):
    for hostile in (False, True):
        first = mobile_cases(platform, SEED, 50, hostile=hostile)
        again = mobile_cases(platform, SEED, 50, hostile=hostile)
        assert [(c.name, c.event, c.settings) for c in first] == [(c.name, c.event, c.settings) for c in again]
        assert len(first) == 50
        assert all(c.event["type"] in SEGMENT_CALLS for c in first)
    hostile_cases = mobile_cases(platform, SEED, 300, hostile=True)
    assert any("accountToken" not in c.settings for c in hostile_cases)
    assert any(c.event["type"] == "track" and c.event.get("event") == "Order Completed" for c in hostile_cases)


def test_runner_output_is_decoded_with_number_types():
    line = {
        "calls": [
            {
                "method": "pushEvent",
                "args": ["e", {"d": {"$double": "5.0"}, "l": {"$long": "5"}, "n": {"$double": "NaN"}}],
            },
        ]
    }
    got = mobile_peers.decode("android", line)
    assert got == {
        "calls": [{"sdk": "android", "method": "pushEvent", "args": ["e", {"d": 5.0, "l": 5, "n": {"$double": "NaN"}}]}]
    }
    assert type(got["calls"][0]["args"][1]["d"]) is float and type(got["calls"][0]["args"][1]["l"]) is int


def test_comparison_sees_number_types():
    assert not mobile_peers.same({"calls": [{"args": [5]}]}, {"calls": [{"args": [5.0]}]})
    assert not mobile_peers.same({"calls": [{"args": [True]}]}, {"calls": [{"args": [1]}]})
    assert mobile_peers.same({"calls": [{"args": [5.0]}]}, {"calls": [{"args": [5.0]}]})


def test_ios_crash_text_is_normalised():
    gnustep = "NSInvalidArgumentException: NSIntNumber(instance) does not recognize isEqualToString:"
    assert mobile_peers.decode("ios", {"crash": gnustep}) == {
        "error": {"status": 400, "message": "-[NSNumber isEqualToString:]: unrecognized selector sent to instance"}
    }


def test_without_a_checkout_the_runner_says_which_variable_to_set(monkeypatch):
    for name in (*mobile_peers.ANDROID_ENV, *mobile_peers.IOS_ENV):
        monkeypatch.delenv(name, raising=False)
    assert "CLEVERTAP_SEGMENT_ANDROID_SRC is not set" in mobile_peers.unavailable_reason("android")
    assert "CLEVERTAP_SEGMENT_IOS_SRC is not set" in mobile_peers.unavailable_reason("ios")
    assert mobile_differential.main(["android", "--count", "1"]) == 2
