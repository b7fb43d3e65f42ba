"""Every golden under contracts/goldens/rudderstack/device/ matches this project's transformer, and each device
platform of issue 14 (RudderStack web/android/ios/react-native, Segment react-native) has its goldens, each with
an origin and a source."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.golden import GOLDEN_ROOT, check_golden, iter_goldens

GOLDENS = iter_goldens(GOLDEN_ROOT / "rudderstack" / "device")
SEGMENT_RN = iter_goldens(GOLDEN_ROOT / "segment" / "device" / "react-native")


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.id for g in GOLDENS])
def test_rudderstack_device_golden(golden) -> None:
    assert golden.flavor == "rudderstack" and golden.mode == "device"
    assert golden.path.parent.name == golden.platform
    report = check_golden(golden)
    assert report is None, report


def test_platforms_covered() -> None:
    count = Counter(g.platform for g in GOLDENS)
    assert count["web"] >= 20, count
    assert count["android"] >= 12 and count["ios"] >= 12 and count["react-native"] >= 6, count
    assert len(SEGMENT_RN) >= 12


def test_device_goldens_name_origin_and_source() -> None:
    import json

    for g in GOLDENS + SEGMENT_RN:
        data = json.loads(g.path.read_text())
        assert data.get("origin") in ("doc", "peer", "project-choice"), g.id
        assert "docs/rudderstack-device.md#" in data["source"], g.id
        if data["origin"] == "peer":
            assert {"peer", "version", "date", "how"} <= set(data["peer_checked"]), g.id
