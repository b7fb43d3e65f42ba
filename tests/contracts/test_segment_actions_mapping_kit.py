"""Segment Actions custom mappings against actions-core's own mapping-kit (`transformer/mapping_kit.py`).

Seeded subscriptions whose mappings nest every directive (`fuzz/mapping_kit_edges.py`) run through Segment's
published destination (`contracts/peer_runners/node/segment_actions_runner.js --pairs`, one subscription per event)
and through this project. Every result must be identical; a mapping that fails validation is compared by its first
validation message (actions-core's AggregateError appends its own stack trace, which no other program can print).
"""

from __future__ import annotations

import json
import subprocess

import pytest

from contracts.golden import GOLDEN_ROOT
from fuzz.differential import first_difference
from fuzz.mapping_kit_edges import cases, normalise_peer, subscription_cases
from tests.npm import ensure_npm_package
from transformer import registry

pytestmark = pytest.mark.slow  # Node and an npm install on first use, like the other Actions peer tests

PEERS = GOLDEN_ROOT.parent / "peer_runners" / "node"
RUNNER = PEERS / "segment_actions_runner.js"


def _peer(pairs: list) -> list:
    reason = ensure_npm_package(PEERS, "@segment/action-destinations")
    if reason:
        pytest.skip(reason)
    proc = subprocess.run(
        ["node", str(RUNNER), "--pairs"], input=json.dumps(pairs), capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def _differences(pairs: list, theirs: list) -> list:
    differences = []
    for pair, peer in zip(pairs, theirs, strict=True):
        event, settings = json.loads(json.dumps(pair["event"])), json.loads(json.dumps(pair["settings"]))
        ours = registry.transform([event], settings, "segment-actions")[0]
        where = first_difference(ours, normalise_peer(peer))
        if where is not None:
            differences.append((where, pair["settings"]["subscriptions"][0], ours, peer))
    return differences


@pytest.mark.parametrize("seed", [1, 2])
def test_subscription_conditions_agree_with_actions_core(seed: int) -> None:
    """`subscribe` as destination-subscriptions reads it: one flat group under the last conjunction, unknown fields
    dropped, conditions it cannot read answered with actions-core's own words."""
    pairs = subscription_cases(seed, 1500)
    theirs = _peer(pairs)
    differences = _differences(pairs, theirs)
    assert not differences, (len(differences), [(d[0], d[1]["subscribe"]) for d in differences[:3]])
    assert sum(1 for peer in theirs if peer.get("requests")) > 100


@pytest.mark.parametrize("seed", [1, 2])
def test_mapping_kit_agrees_with_actions_core(seed: int) -> None:
    pairs = cases(seed, 1500)
    theirs = _peer(pairs)
    differences = _differences(pairs, theirs)
    shown = [(where, json.dumps(subscription["mapping"])[:300]) for where, subscription, _, _ in differences[:3]]
    assert not differences, (len(differences), shown)
    made = sum(1 for peer in theirs if peer.get("requests"))
    assert made > 200, f"only {made} of {len(pairs)} mappings produced a request: the generator lost its reach"
