"""Runs the public Segment reference cases (../shared/reference/segment-cases.json) through the transformer.

The file lives outside the repository; without it every test here is skipped with the reason. Cases of platforms
this project does not model are skipped one by one with their reason. Known, documented disagreements between a
reference case and this project's reading of the peer code are listed in KNOWN_DIFFERENCES.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contracts.segment_format import Converted, Skip, convert_case
from transformer import transform

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CASES_FILE = SHARED / "reference" / "segment-cases.json"

# case name -> why this project deliberately differs (pinned by a golden).
KNOWN_DIFFERENCES = {
    "web_order_completed_camelcase_orderId": (
        "the case omits Items when there are no products; Segment's facade Track.products() returns [] and the "
        'integration\'s alias sets Items to it, so this project sends "Items": [] '
        "(contracts/goldens/segment/device/web/charged_without_products.json)"
    ),
}


def _load_cases() -> list[dict]:
    if not CASES_FILE.exists():
        return []
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))


CASES = _load_cases()


def _run(converted: Converted) -> str | None:
    [got] = transform([converted.event], converted.settings, converted.flavor, converted.mode, converted.platform)
    return converted.check(got)


@pytest.mark.skipif(not CASES_FILE.exists(), reason=f"reference cases not present ({CASES_FILE.name} outside the repo)")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_case(case):
    converted = convert_case(case)
    if isinstance(converted, Skip):
        pytest.skip(converted.reason)
    problem = _run(converted)
    if case["name"] in KNOWN_DIFFERENCES:
        assert problem, f"{case['name']} now matches; remove it from KNOWN_DIFFERENCES"
        pytest.xfail(KNOWN_DIFFERENCES[case["name"]])
    assert problem is None, f"{case['name']} ({case.get('source')}):\n{problem}"


@pytest.mark.skipif(not CASES_FILE.exists(), reason="reference cases not present (../shared is absent)")
def test_reference_pass_count(record_property, capsys):
    passed, failed, skipped, known = [], [], [], []
    for case in CASES:
        converted = convert_case(case)
        if isinstance(converted, Skip):
            skipped.append(case["name"])
            continue
        problem = _run(converted)
        if problem is None:
            passed.append(case["name"])
        elif case["name"] in KNOWN_DIFFERENCES:
            known.append(case["name"])
        else:
            failed.append(case["name"])
    runnable = len(passed) + len(failed) + len(known)
    summary = (
        f"segment reference cases: {len(passed)}/{runnable} runnable passed, {len(known)} known difference(s), "
        f"{len(skipped)} skipped (not modelled), {len(CASES)} in total"
    )
    record_property("segment_reference_summary", summary)
    with capsys.disabled():
        print(f"\n{summary}")
    assert not failed, f"{summary}; failing: {failed}"
