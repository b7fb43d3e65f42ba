"""Parity with the real peer: Segment's published CleverTap (Actions) destination, run by Node on our goldens.

`contracts/peer_runners/node/package.json` pins `@segment/action-destinations` (see
docs/segment-actions.md#running-the-package-locally for why 3.387.0 and the fast-uri override).
`contracts/peer_runners/node/segment_actions_runner.js` runs the destination's presets on every
`contracts/goldens/segment/actions/` golden input with its requests redirected to a running mock
(`https://<region>.api.clevertap.com` -> `<mock>/<region>`). The test compares what the mock recorded (method, path,
region, CleverTap headers, JSON body) with the golden's expected requests, and the peer's error messages with the
golden's error entries. The same runner in command mode (`--settings FILE`, transform results) is compared with every
golden's whole `expected`, and with this project's transformer on seeded ordinary and hostile events
(`fuzz.differential`, `fuzz.segment_edges`). Numbers are compared as JavaScript holds them
(`fuzz.differential.js_equal`), object keys in order.

Each golden must carry the mark of this check (`origin: "peer"`, `peer_checked` naming the installed version);
with CLEVERTAP_HARNESS_WRITE_PEER_MARKS=1 a passing comparison writes the mark instead of asserting it (after
upgrading the package, run once that way and review the diff).

Skipped, with the reason, when node/npm is missing, the package cannot be installed, or the mock is unavailable.
Set CLEVERTAP_HARNESS_NO_NPM=1 to forbid the `npm install` step (then the package must already be installed).
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from urllib.parse import urlsplit

import pytest

from contracts.golden import GOLDEN_ROOT, iter_goldens, write_peer_mark
from fuzz.differential import compare, first_difference, js_equal, run_peer
from fuzz.segment_edges import events as edge_events
from tests.npm import ensure_npm_package

# Runs Segment's published package with Node (npm install on first use): slow, run by `tox -e slow` and CI.
pytestmark = pytest.mark.slow

PEERS = GOLDEN_ROOT.parent / "peer_runners" / "node"
RUNNER = PEERS / "segment_actions_runner.js"
PACKAGE_DIR = PEERS / "node_modules" / "@segment" / "action-destinations"
ACTIONS_GOLDENS = iter_goldens(GOLDEN_ROOT / "segment" / "actions")
COMPARED_HEADERS = ("x-clevertap-account-id", "x-clevertap-passcode")
PEER_NAME = "@segment/action-destinations"
HOW = (
    "tests/contracts/test_segment_actions_peer.py: the destination's presets run by Node on the golden's input, "
    "requests sent to the mock and compared with expected (method, path, region, CleverTap headers, JSON body; "
    "error messages and status)"
)


def _ensure_peer() -> str | None:
    """None when the peer can run, else the reason to skip."""
    return ensure_npm_package(PEERS, PEER_NAME)


@pytest.fixture(scope="module")
def peer_results():
    reason = _ensure_peer()
    if reason:
        pytest.skip(reason)
    try:
        from mock_clevertap.config import MockConfig
        from mock_clevertap.server import MockServer
    except ImportError as exc:  # the mock is built in parallel; parity needs it
        pytest.skip(f"mock_clevertap.server.MockServer is not available: {exc}")
    import requests

    recorded: dict[str, list] = {}
    outputs: dict[str, list] = {}
    with MockServer(MockConfig(journal_passcodes=True)) as srv:
        for golden in ACTIONS_GOLDENS:
            requests.delete(f"{srv.url}/_mock/requests", timeout=10)
            payload = {"mockUrl": srv.url, "runs": [{"settings": golden.settings, "events": golden.input}]}
            proc = subprocess.run(
                ["node", str(RUNNER)],
                input=json.dumps(payload),
                capture_output=True,
                text=True,
                cwd=PEERS,
                timeout=120,
            )
            if proc.returncode != 0:
                pytest.fail(f"peer runner failed on {golden.id}:\n{proc.stderr[-2000:]}")
            outputs[golden.id] = json.loads(proc.stdout)["runs"][0]
            journal = requests.get(f"{srv.url}/_mock/requests", timeout=10).json()["requests"]
            recorded[golden.id] = journal
    return outputs, recorded


def _expected_requests(golden) -> list[dict]:
    out = []
    for entry in golden.expected:
        for req in entry.get("requests", []):
            url = urlsplit(req["url"])
            out.append(
                {
                    "method": req["method"].upper(),
                    "path": url.path,
                    "region": url.hostname.split(".")[0],
                    "headers": {k.lower(): v for k, v in req["headers"].items() if k.lower() in COMPARED_HEADERS},
                    "body": req["body"],
                }
            )
    return out


def _recorded_requests(journal: list[dict]) -> list[dict]:
    out = []
    for entry in journal:
        path = entry["path"]
        region = entry.get("region")
        if region and path.startswith(f"/{region}/"):
            path = path[len(region) + 1 :]
        headers = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
        out.append(
            {
                "method": entry["method"].upper(),
                "path": path,
                "region": region,
                "headers": {k: headers.get(k) for k in COMPARED_HEADERS},
                "body": entry.get("body"),
            }
        )
    return out


def _installed_version() -> str:
    return json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))["version"]


@pytest.mark.parametrize("golden", ACTIONS_GOLDENS, ids=[g.id for g in ACTIONS_GOLDENS])
def test_peer_matches_golden(golden, peer_results):
    outputs, recorded = peer_results
    assert js_equal(_recorded_requests(recorded[golden.id]), _expected_requests(golden))
    expected_entries = golden.expected if isinstance(golden.input, list) else [golden.expected]
    for expected, out in zip(expected_entries, outputs[golden.id], strict=True):
        if "error" in expected:
            assert not out["ok"] and out["error"] == expected["error"]["message"], out
            assert out.get("status") == expected["error"]["status"], out
        else:
            assert out["ok"], out
            if expected.get("skipped") == "not subscribed":
                assert all(r.get("output") == "not subscribed" for r in out["results"]), out
    version = _installed_version()
    if os.environ.get("CLEVERTAP_HARNESS_WRITE_PEER_MARKS"):
        write_peer_mark(golden.path, peer=PEER_NAME, version=version, how=HOW, date=date.today().isoformat())
        return
    mark = golden.raw.get("peer_checked") or {}
    assert golden.origin == "peer" and (mark.get("peer"), mark.get("version")) == (PEER_NAME, version), (
        f"{golden.id} passes against {PEER_NAME} {version} but is not marked so; "
        "rerun with CLEVERTAP_HARNESS_WRITE_PEER_MARKS=1 to record it"
    )


@pytest.fixture(scope="module")
def command_peer():
    reason = _ensure_peer()
    if reason:
        pytest.skip(reason)
    return ["node", str(RUNNER), "--settings", "{settings}"]


@pytest.mark.parametrize("golden", ACTIONS_GOLDENS, ids=[g.id for g in ACTIONS_GOLDENS])
def test_peer_command_mode_matches_golden(golden, command_peer):
    """The whole expected entry (URL, headers, body key order, error text, `skipped`) is what the peer did."""
    events = golden.input if isinstance(golden.input, list) else [golden.input]
    expected = golden.expected if isinstance(golden.input, list) else [golden.expected]
    got = run_peer(command_peer, events, golden.settings)
    for want, out in zip(expected, got, strict=True):
        assert js_equal(want, out), (first_difference(want, out), want, out)


def test_differential_seeded_events_agree(command_peer):
    """200 ordinary and 1500 hostile seeded events: this project and the peer agree on every one."""
    settings = {
        "clevertapAccountId": "ACC-123",
        "clevertapPasscode": "PASS-456",
        "clevertapEndpoint": "https://sk1.api.clevertap.com",
    }
    report = compare("segment-actions", "cloud", None, settings, edge_events(11, 200, 1500), command_peer)
    assert report.compared == {"ordinary": 200, "hostile": 1500}
    shown = {where: diffs[0]["event"] for where, diffs in report.differences.items()}
    assert report.ok, (report.summary(), shown)
