"""Every golden contract under contracts/goldens/segment/ matches this project's transformer."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.golden import GOLDEN_ROOT, check_golden, iter_goldens

SEGMENT_ROOT = GOLDEN_ROOT / "segment"
GOLDENS = iter_goldens(SEGMENT_ROOT)


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.id for g in GOLDENS])
def test_segment_golden(golden):
    report = check_golden(golden)
    assert report is None, report


def test_every_mode_is_covered():
    count = Counter((g.flavor, g.mode, g.platform) for g in GOLDENS)
    for key in (
        ("segment", "cloud", None),
        ("segment", "device", "web"),
        ("segment", "device", "android"),
        ("segment", "device", "ios"),
        ("segment-actions", "cloud", None),
    ):
        assert count[key] >= 10, f"too few goldens for {key}: {count[key]}"


def test_goldens_live_in_the_folder_of_their_mode():
    for g in GOLDENS:
        rel = g.path.relative_to(SEGMENT_ROOT).parts
        if g.flavor == "segment-actions":
            assert rel[0] == "actions", g.id
        elif g.mode == "cloud":
            assert rel[0] == "cloud", g.id
        else:
            assert rel[:2] == ("device", g.platform), g.id


# Each place where Segment's docs and the code differ (docs/segment-device.md, docs/segment-cloud.md#identity,
# docs/segment-actions.md#settings) is pinned by at least one golden that cites it.
DISCREPANCIES = {
    "page/screen support": "docs/segment-device.md#where-segments-docs-and-the-wrappers-differ (row 1)",
    "iOS screen name": "docs/segment-device.md#where-segments-docs-and-the-wrappers-differ (row 2)",
    "alias beyond web": "docs/segment-device.md#where-segments-docs-and-the-wrappers-differ (row 3)",
    "avatar to Photo": "docs/segment-device.md#where-segments-docs-and-the-wrappers-differ (row 4)",
    "identifier wording": "docs/segment-cloud.md#identity",
    "Actions settings": "docs/segment-actions.md#settings",
    "web onUserLogin vs the fixture's profile.push": "profile.push",
}


def test_goldens_name_their_source_and_pin_the_doc_vs_code_discrepancies():
    notes = " ".join((g.notes or "") + " " + g.source for g in GOLDENS)
    for what, citation in DISCREPANCIES.items():
        assert citation in notes, f"no golden pins the doc-vs-code discrepancy {what!r} ({citation})"
    assert all(g.source.strip() for g in GOLDENS)


def test_mixed_case_traits_side_by_side():
    mixed = [g for g in GOLDENS if g.path.name == "mixed_case_traits.json"]
    assert len(mixed) == 4
    assert len({repr(g.input) for g in mixed}) == 1, "the cloud/device mixed-case goldens must share one input"
