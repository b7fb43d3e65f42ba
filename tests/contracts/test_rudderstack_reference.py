"""RudderStack's own CleverTap test cases (processor and router), run through this project's transformer.

The cases live outside the repository, in `../shared/reference/rudderstack-cases.json` next to the project
checkout; a user's clone has no such folder, so the test is skipped there. They are a reference to check
behaviour against, never copied into `contracts/`. RudderStack's request format is converted to interfaces §2
by `contracts.rudderstack_format`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts.diff import diff_results, format_diff
from contracts.rudderstack_format import processor_result, router_result, transform_router_request
from transformer import transform, transform_batch

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CASES_FILE = SHARED / "reference" / "rudderstack-cases.json"


def _cases() -> list:
    if not CASES_FILE.is_file():
        return []
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [c for c in cases if c.get("feature") in ("processor", "router")]


CASES = _cases()
pytestmark = pytest.mark.skipif(
    not CASES, reason=f"reference cases not present ({CASES_FILE.name} lives in ../shared next to the checkout)"
)


@pytest.mark.parametrize("case", CASES or [None], ids=[c["name"] for c in CASES] or ["absent"])
def test_reference_case(case: dict) -> None:
    if case["feature"] == "processor":
        expected = processor_result(case["expected"])
        got = transform([case["input"]], case["settings"], "rudderstack")[0]
    else:
        expected = router_result(case["expected"]["output"], case["input"]["input"])
        got = transform_router_request(case["input"], lambda events, s: transform_batch(events, s, "rudderstack"))
    diff = diff_results(expected, got)
    assert not diff, f"{case['name']}:\n{format_diff(diff)}"


def test_reference_case_count() -> None:
    assert len(CASES) == 30
