"""Segment web device mode against the real integration: analytics.js-integrations' CleverTap integration 1.0.4 with
@segment/facade 3.4.10 in jsdom (`contracts/peer_runners/node/segment_web_runner.js`).

The integration is not published on npm, so the runner loads it from the user's checkout of
https://github.com/segmentio/analytics.js-integrations named by SEGMENT_INTEGRATIONS_DIR; without one (as in CI) the
tests skip and say so. Its dependencies come from `contracts/peer_runners/node/package.json` (npm).

Checked: every web golden marked `origin: "peer"` equals what the runner prints for its input (the `warnings` this
project adds about what the CleverTap SDK would then refuse are not the integration's and are left out), and seeded
ordinary and hostile events (`fuzz.segment_edges`) agree event for event, in UTC and in a fixed-offset zone.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from contracts.golden import GOLDEN_ROOT, iter_goldens
from fuzz.differential import compare, first_difference, run_peer
from fuzz.segment_edges import events as edge_events

PEERS = GOLDEN_ROOT.parent / "peer_runners" / "node"
RUNNER = PEERS / "segment_web_runner.js"
WEB_GOLDENS = [g for g in iter_goldens(GOLDEN_ROOT / "segment" / "device" / "web") if g.raw.get("origin") == "peer"]
CHECKOUT = os.environ.get("SEGMENT_INTEGRATIONS_DIR", "")
PEER_VERSION = "1.0.4"


def _reason() -> str | None:
    # the checkout first: the integration is not published on npm, so without one nothing else matters
    if not CHECKOUT:
        return "SEGMENT_INTEGRATIONS_DIR (a checkout of segmentio/analytics.js-integrations) is not set"
    if not (Path(CHECKOUT) / "integrations" / "clevertap" / "lib" / "index.js").exists():
        return f"no integrations/clevertap/lib/index.js under SEGMENT_INTEGRATIONS_DIR={CHECKOUT}"
    if shutil.which("node") is None:
        return "node is not installed"
    for package in ("jsdom", "@segment/facade", "@segment/analytics.js-integration"):
        if not (PEERS / "node_modules" / package).exists():
            return f"{package} is not installed (npm install in contracts/peer_runners/node)"
    return None


@pytest.fixture(scope="module")
def peer() -> list[str]:
    reason = _reason()
    if reason:
        pytest.skip(reason)
    return ["node", str(RUNNER), "--settings", "{settings}", "--integrations", CHECKOUT]


def _without_sdk_warnings(entry: dict, peer_entry: dict) -> dict:
    if "warnings" in entry and "warnings" not in peer_entry:
        return {k: v for k, v in entry.items() if k != "warnings"}
    return entry


def _events(golden) -> list:
    return golden.input if isinstance(golden.input, list) else [golden.input]


@pytest.fixture(scope="module")
def peer_outputs(peer) -> dict[str, list]:
    """One runner call per distinct settings object (a jsdom start costs a second or so)."""
    groups: dict[str, list] = {}
    for golden in WEB_GOLDENS:
        groups.setdefault(json.dumps(golden.settings, sort_keys=True), []).append(golden)
    out: dict[str, list] = {}
    for members in groups.values():
        events = [e for g in members for e in _events(g)]
        got = run_peer(peer, events, members[0].settings)
        for golden in members:
            n = len(_events(golden))
            out[golden.id], got = got[:n], got[n:]
    return out


@pytest.mark.parametrize("golden", WEB_GOLDENS, ids=[g.id for g in WEB_GOLDENS])
def test_peer_checked_web_golden_matches_the_integration(golden, peer_outputs):
    expected = golden.expected if isinstance(golden.input, list) else [golden.expected]
    got = peer_outputs[golden.id]
    for want, out in zip(expected, got, strict=True):
        want = _without_sdk_warnings(want, out)
        assert first_difference(want, out) is None, (first_difference(want, out), want, out)
    mark = golden.raw.get("peer_checked") or {}
    assert PEER_VERSION in str(mark.get("version")), f"{golden.id}: peer_checked does not name version {PEER_VERSION}"


@pytest.mark.parametrize(
    "settings,ordinary,hostile",
    [
        ({"accountId": "ACC-123", "region": "in1."}, 200, 1500),
        ({"accountId": "ACC-123", "region": "", "timezone": "Asia/Kolkata"}, 100, 500),
    ],
    ids=["utc", "asia-kolkata"],
)
def test_differential_seeded_events_agree(peer, settings, ordinary, hostile):
    report = compare("segment", "device", "web", settings, edge_events(11, ordinary, hostile), peer)
    assert report.compared == {"ordinary": ordinary, "hostile": hostile}
    shown = {where: diffs[0]["event"] for where, diffs in report.differences.items()}
    assert report.ok, (report.summary(), shown)
