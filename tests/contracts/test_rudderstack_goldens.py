"""Every golden under contracts/rudderstack through this project's transformer; a difference fails with a
deepdiff report (path, expected, got)."""

from __future__ import annotations

import pytest

from contracts.golden import GOLDEN_ROOT, check_golden, iter_goldens

GOLDENS = iter_goldens(GOLDEN_ROOT / "rudderstack" / "cloud")


def test_goldens_present() -> None:
    assert len(GOLDENS) >= 100


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.id for g in GOLDENS])
def test_rudderstack_golden(golden) -> None:
    assert golden.flavor == "rudderstack" and golden.mode == "cloud"
    report = check_golden(golden)
    assert report is None, report
