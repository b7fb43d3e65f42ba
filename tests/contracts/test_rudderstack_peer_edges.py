"""RudderStack cloud mode against rudder-transformer itself, at the edges.

Needs a built rudder-transformer checkout named by RUDDER_TRANSFORMER_DIR (a clone of
https://github.com/rudderlabs/rudder-transformer after `npm ci && npm run build`; the goldens were checked
against commit c98d160cf). Without it every test here is skipped with that reason: nothing is downloaded.

- the RudderStack goldens, run through the checkout in process (`verify --against rudderstack-checkout=PATH`);
- a seeded differential run (ordinary and hostile events, processor and router) that must agree on every event.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contracts.golden import iter_goldens
from contracts.peers import RudderStackCheckoutPeer
from contracts.runner import PASS, run_goldens
from fuzz.rudderstack_differential import processor_run, router_run
from fuzz.rudderstack_edges import events

CHECKOUT = os.environ.get("RUDDER_TRANSFORMER_DIR", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHECKOUT or not (Path(CHECKOUT) / "dist" / "src" / "routes" / "destination.js").is_file(),
        reason="RUDDER_TRANSFORMER_DIR does not name a built rudder-transformer checkout (npm ci && npm run build)",
    ),
]


@pytest.fixture(scope="module")
def peer():
    with RudderStackCheckoutPeer(CHECKOUT) as p:
        yield p


def test_rudderstack_goldens_match_the_checkout(peer):
    goldens = [g for g in iter_goldens() if g.flavor == "rudderstack" and g.mode == "cloud"]
    run = run_goldens(peer, goldens)
    failed = [r for r in run.results if r.status != PASS]
    assert len(goldens) > 100 and not failed, [(r.id, r.status, r.message) for r in failed[:5]]


def test_seeded_events_agree_with_the_checkout(peer):
    tagged = events(20261128, 300, 500)
    report, problems = processor_run(peer, tagged, 20261128, 100)
    assert not problems
    assert report.ok, {k: len(v) for k, v in report.differences.items()}
    assert dict(report.compared) == {"ordinary": 300, "hostile": 500}
    batches, problems = router_run(peer, tagged, 20261128, 50)
    assert not problems and batches.ok, {k: len(v) for k, v in batches.differences.items()}


def test_verify_command_against_the_checkout():
    """The CLI end to end: `verify --against rudderstack-checkout=PATH` starts the checkout and passes."""
    import subprocess
    import sys

    ran = subprocess.run(
        [sys.executable, "-m", "clevertap_harness", "verify", "--quiet", "--only", "rudderstack/cloud/**",
         "--against", f"rudderstack-checkout={CHECKOUT}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    assert ran.stdout.splitlines()[-1].startswith("OK:")
