"""Device-mode flavours against the real integration code: the goldens' inputs, and seeded generated events
(ordinary and hostile, `fuzz.device`), through this project's transformer and through the peer runner.

- Segment React Native: npm `@segment/analytics-react-native-plugin-clevertap` 1.1.0 (`contracts/peer_runners/device/`,
  installed here with npm like the Actions peer; CLEVERTAP_HARNESS_NO_NPM=1 forbids the install).
- RudderStack web: rudder-sdk-js' `Clevertap/browser.js` from the checkout named by RUDDER_SDK_JS_DIR (it is not
  published on npm); skipped without one.
- RudderStack iOS: rudder-integration-clevertap-ios from the checkout named by RUDDER_CLEVERTAP_IOS_DIR, compiled
  with clang against GNUstep Base (`contracts/peer_runners/device/ios/`); skipped without one. GNUstep's
  NSDateFormatter is lenient where Apple's is not: those DOB differences are the one documented deviation.
- RudderStack Android: rudder-integration-clevertap-android from the checkout named by RUDDER_CLEVERTAP_ANDROID_DIR,
  compiled with javac against this project's stand-ins (`contracts/peer_runners/device/android/`); skipped without one.
  The React Native goldens whose device is Android run through it too (the RN package registers that integration).

Every event must agree (numbers by value); a disagreement prints the event and the first differences.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from contracts.device_peers import (
    DEVICE_PEER_DIR,
    agreement,
    android_unavailable,
    build_android_runner,
    build_ios_runner,
    ios_unavailable,
    run_ios_runner,
    run_runner,
)
from contracts.diff import compare
from contracts.golden import GOLDEN_ROOT, iter_goldens
from fuzz.device import device_events
from tests.npm import ensure_npm_package
from transformer.flavors.rudderstack_device.ios import parse_birthday

# Peers built or driven from Node and javac: the slow set (CI runs it; `pytest -m slow`).
pytestmark = pytest.mark.slow

RUDDER_SDK_JS_DIR = os.environ.get("RUDDER_SDK_JS_DIR", "")
# The generated events' seed: 1 unless CLEVERTAP_HARNESS_PEER_SEED names another (to try the peers on new events).
SEED = int(os.environ.get("CLEVERTAP_HARNESS_PEER_SEED", "1"))


def _npm_ready() -> str | None:
    """None when the device peers' npm packages are installed (installing them if allowed), else why not."""
    return ensure_npm_package(DEVICE_PEER_DIR, "@segment/analytics-react-native-plugin-clevertap")


@pytest.fixture(scope="module")
def npm_peer() -> None:
    reason = _npm_ready()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def rudder_web_peer(npm_peer: None) -> dict[str, str]:
    if not RUDDER_SDK_JS_DIR or not (Path(RUDDER_SDK_JS_DIR) / "packages" / "analytics-js-integrations").is_dir():
        pytest.skip("RUDDER_SDK_JS_DIR does not name a checkout of rudderlabs/rudder-sdk-js (not published on npm)")
    return {"RUDDER_SDK_JS_DIR": RUDDER_SDK_JS_DIR}


@pytest.fixture(scope="module")
def android_command(tmp_path_factory) -> list[str]:
    reason = android_unavailable()
    if reason:
        pytest.skip(reason)
    return build_android_runner(tmp_path_factory.mktemp("rudder-android"))


PEERS = {
    ("segment", "react-native"): (["node", "segment_rn_runner.js"], "npm_peer"),
    ("rudderstack", "web"): (["node", "rudderstack_web_runner.js"], "rudder_web_peer"),
}


def _check(flavor: str, platform: str, settings: dict, events: list, env: dict | None) -> None:
    command, _ = PEERS[(flavor, platform)]
    results = run_runner(command, settings, events, env=env)
    report = agreement(flavor, platform, settings, events, results)
    shown = "\n".join(json.dumps(d, ensure_ascii=False)[:1500] for d in report.disagreements[:3])
    assert report.agreed == report.total, f"{report.summary()}\n{shown}"


def _peer_checked(goldens: list) -> list:
    return [g for g in goldens if g.origin == "peer"]


def _golden_params(flavor: str, platform: str) -> list:
    root = GOLDEN_ROOT / ("segment" if flavor == "segment" else "rudderstack") / "device" / platform
    return iter_goldens(root)


def _goldens_through_peer(flavor: str, platform: str, env: dict | None) -> dict[str, tuple[list, list]]:
    """golden id -> (expected results, peer results); one runner process per distinct settings object."""
    groups: dict[str, list] = {}
    for golden in _peer_checked(_golden_params(flavor, platform)):
        groups.setdefault(json.dumps(golden.settings, sort_keys=True), []).append(golden)
    checked: dict[str, tuple[list, list]] = {}
    for goldens in groups.values():
        batches = [(g, g.input if isinstance(g.input, list) else [g.input]) for g in goldens]
        flat = [e for _, events in batches for e in events]
        results = run_runner(PEERS[(flavor, platform)][0], goldens[0].settings, flat, env=env)
        k = 0
        for golden, events in batches:
            expected = golden.expected if isinstance(golden.input, list) else [golden.expected]
            checked[golden.id] = (expected, results[k : k + len(events)])
            k += len(events)
    return checked


@pytest.fixture(scope="module")
def rn_golden_runs(npm_peer: None) -> dict:
    return _goldens_through_peer("segment", "react-native", None)


@pytest.fixture(scope="module")
def web_golden_runs(rudder_web_peer: dict) -> dict:
    return _goldens_through_peer("rudderstack", "web", rudder_web_peer)


def _same(expected: list, got: list) -> bool:
    return not compare(expected, got, loose_numbers=True, pair=False).differences


@pytest.mark.slow
@pytest.mark.parametrize("golden", _golden_params("segment", "react-native"), ids=lambda g: g.id)
def test_segment_react_native_golden_against_peer(golden, rn_golden_runs) -> None:
    expected, got = rn_golden_runs[golden.id]
    assert _same(expected, got), (expected, got)


@pytest.mark.parametrize("golden", _golden_params("rudderstack", "web"), ids=lambda g: g.id)
def test_rudderstack_web_golden_against_peer(golden, web_golden_runs) -> None:
    expected, got = web_golden_runs[golden.id]
    assert _same(expected, got), (expected, got)


SEGMENT_SETTINGS = {"accountId": "ACC", "accountToken": "TOK", "region": "in1"}
RUDDER_SETTINGS = {"accountId": "ACC", "passcode": "PASS", "region": "in1"}


@pytest.mark.slow
def test_segment_react_native_generated_events_agree(npm_peer) -> None:
    _check("segment", "react-native", SEGMENT_SETTINGS, device_events(SEED, "segment", 1000), None)


def test_rudderstack_web_generated_events_agree(rudder_web_peer) -> None:
    _check("rudderstack", "web", RUDDER_SETTINGS, device_events(SEED, "rudderstack", 1200), rudder_web_peer)


@pytest.fixture(scope="module")
def android_golden_runs(android_command: list[str]) -> dict:
    PEERS[("rudderstack", "android")] = (android_command, "android_command")
    return _goldens_through_peer("rudderstack", "android", None)


@pytest.mark.parametrize("golden", _peer_checked(_golden_params("rudderstack", "android")), ids=lambda g: g.id)
def test_rudderstack_android_golden_against_peer(golden, android_golden_runs) -> None:
    expected, got = android_golden_runs[golden.id]
    assert _same(expected, got), (expected, got)


def _android_side(golden) -> bool:
    events = golden.input if isinstance(golden.input, list) else [golden.input]
    names = {str(((e.get("context") or {}).get("os") or {}).get("name", "")).lower() for e in events}
    return not names & {"ios", "ipados", "tvos", "watchos"}


RN_ANDROID_GOLDENS = [
    g for g in _golden_params("rudderstack", "react-native") if _android_side(g) and g.origin != "doc"
]


@pytest.mark.parametrize("golden", RN_ANDROID_GOLDENS, ids=lambda g: g.id)
def test_rudderstack_react_native_android_golden_against_native_peer(golden, android_command) -> None:
    events = golden.input if isinstance(golden.input, list) else [golden.input]
    expected = golden.expected if isinstance(golden.input, list) else [golden.expected]
    got = run_runner(android_command, golden.settings, events)
    renamed = [{"calls": [{**c, "sdk": "react-native"} for c in r["calls"]]} if "calls" in r else r for r in got]
    assert _same(expected, renamed), (expected, renamed)


def test_rudderstack_android_generated_events_agree(android_command) -> None:
    settings = {"accountId": "ACC", "accountToken": "TOK", "region": "in1"}
    events = device_events(SEED, "rudderstack", 800)
    report = agreement("rudderstack", "android", settings, events, run_runner(android_command, settings, events))
    shown = "\n".join(json.dumps(d, ensure_ascii=False)[:1500] for d in report.disagreements[:3])
    assert report.agreed == report.total, f"{report.summary()}\n{shown}"


@pytest.fixture(scope="module")
def ios_command(tmp_path_factory) -> list[str]:
    reason = ios_unavailable()
    if reason:
        pytest.skip(reason)
    return build_ios_runner(tmp_path_factory.mktemp("rudder-ios"))


IOS_GOLDENS = _peer_checked(_golden_params("rudderstack", "ios"))
RN_IOS_GOLDENS = _peer_checked([g for g in _golden_params("rudderstack", "react-native") if not _android_side(g)])


@pytest.mark.parametrize("golden", IOS_GOLDENS + RN_IOS_GOLDENS, ids=lambda g: g.id)
def test_rudderstack_ios_golden_against_peer(golden, ios_command) -> None:
    events = golden.input if isinstance(golden.input, list) else [golden.input]
    expected = golden.expected if isinstance(golden.input, list) else [golden.expected]
    got = run_ios_runner(ios_command, golden.settings, events)
    sdk = "react-native" if golden.platform == "react-native" else "ios"
    got = [{"calls": [{**c, "sdk": sdk} for c in r["calls"]]} for r in got]
    assert _same(expected, got), (expected, got)


def _gnustep_lenient_dob(disagreement: dict) -> bool:
    """The documented deviation: GNUstep's lenient NSDateFormatter parses a birthday Apple's refuses (trailing
    text, a date that only exists after rolling over, `01/02/1990`), so the runner has a DOB where this project
    (Apple's strict `yyyy-MM-dd`) has none."""
    context = disagreement["event"].get("context")
    traits = context.get("traits") if isinstance(context, dict) else None
    birthday = traits.get("birthday") if isinstance(traits, dict) else None
    if not isinstance(birthday, str) or parse_birthday(birthday) is not None:
        return False
    return all("['DOB']" in d and "missing" in d for d in disagreement["differences"])


def test_rudderstack_ios_generated_events_agree(ios_command) -> None:
    settings = {"accountId": "ACC", "accountToken": "TOK", "region": "in1"}
    events = device_events(SEED, "rudderstack", 700)
    report = agreement("rudderstack", "ios", settings, events, run_ios_runner(ios_command, settings, events))
    unexplained = [d for d in report.disagreements if not _gnustep_lenient_dob(d)]
    shown = "\n".join(json.dumps(d, ensure_ascii=False)[:1500] for d in unexplained[:3])
    assert not unexplained, f"{report.summary()}, {len(unexplained)} not explained by GNUstep's lenient dates\n{shown}"
    assert report.agreed >= 0.95 * report.total, report.summary()


def test_rudderstack_react_native_generated_events_agree(android_command, ios_command) -> None:
    """React Native: each event through the native integration of its device (context.os.name)."""
    from transformer.flavors.rudderstack_device.react_native import is_apple

    settings = {"accountId": "ACC", "accountToken": "TOK", "region": "in1"}
    events = device_events(SEED, "rudderstack", 800)
    android = run_runner(android_command, settings, events)
    ios = run_ios_runner(ios_command, settings, events)
    peer = [
        {"calls": [{**c, "sdk": "react-native"} for c in (i if is_apple(e) else a)["calls"]]}
        for e, a, i in zip(events, android, ios, strict=True)
    ]
    report = agreement("rudderstack", "react-native", settings, events, peer)
    unexplained = [d for d in report.disagreements if not _gnustep_lenient_dob(d)]
    assert not unexplained, f"{report.summary()}\n" + "\n".join(json.dumps(d)[:1500] for d in unexplained[:3])
