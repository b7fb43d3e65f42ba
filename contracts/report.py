"""Rendering a verify run: readable text, JSON for machines, JUnit XML for CI systems.

Text: one line per scenario (`PASS|FAIL|ERROR|SKIP  <golden id>  [<peer>]`), under a failure the golden's name
and file and one line per difference (path, expected, got), then a summary line:

    OK: 234 scenarios against project: 234 passed, 0 failed, 0 errors, 0 skipped in 0.61 s

JSON (`--json`): `{"peer", "contracts", "ok", "summary": {"total", "passed", "failed", "errors", "skipped",
"seconds"}, "notes": [...], "results": [{"id", "name", "file", "peer", "status", "message", "notes",
"differences": [{"path", "kind", "expected", "got"}]}]}`; `kind` is changed, type, missing, unexpected or
moved (a `d` record found at another index; `got` is then that index). Paths use the expected value's indexes,
except an unexpected `d` record, whose path carries its index in the result that was checked.

JUnit (`--junit FILE`): one `<testsuite>` named after the peer, one `<testcase>` per scenario (classname = the
golden's folder with dots, name = its file stem), `<failure>` with the difference lines, `<error>` with the
peer's message, `<skipped>` with the reason.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from .runner import ERROR, FAIL, PASS, SKIP, RunResult, ScenarioResult

MAX_LINES = 40  # differences shown per scenario in the text report (all of them are in --json / --junit)


def summary(run: RunResult) -> dict[str, Any]:
    return {
        "total": len(run.results),
        "passed": run.count(PASS),
        "failed": run.count(FAIL),
        "errors": run.count(ERROR),
        "skipped": run.count(SKIP),
        "seconds": round(run.seconds, 3),
    }


def summary_line(run: RunResult) -> str:
    s = summary(run)
    verdict = "OK" if run.ok else "FAILED"
    if s["passed"] == 0 and not (s["failed"] or s["errors"]):
        verdict = "FAILED (nothing verified: every scenario was skipped)"
    return (
        f"{verdict}: {s['total']} scenarios against {run.peer}: {s['passed']} passed, {s['failed']} failed, "
        f"{s['errors']} errors, {s['skipped']} skipped in {run.seconds:.2f} s"
    )


def scenario_lines(r: ScenarioResult, verbose: bool = True) -> list[str]:
    lines = [f"{r.status:<5}  {r.id}  [{r.peer}]" + (f"  {r.message}" if r.message and r.status == SKIP else "")]
    if not verbose:
        return lines
    if r.status == ERROR and r.message:
        lines.append(f"       {r.message}")
    if r.status == FAIL:
        lines.append(f"       {r.name} ({r.file}): {len(r.differences)} difference(s)")
        for d in r.differences[:MAX_LINES]:
            lines.append("         " + d.line())
        if len(r.differences) > MAX_LINES:
            lines.append(f"         ... {len(r.differences) - MAX_LINES} more (see --json)")
    for note in r.notes:
        lines.append(f"       note: {note}")
    return lines


def to_json(run: RunResult) -> dict[str, Any]:
    return {
        "peer": run.peer,
        "contracts": run.contracts,
        "ok": run.ok,
        "summary": summary(run),
        "notes": list(run.notes),
        "results": [
            {
                "id": r.id,
                "name": r.name,
                "file": r.file,
                "peer": r.peer,
                "status": r.status,
                "message": r.message,
                "notes": list(r.notes),
                "differences": [d.to_json() for d in r.differences],
            }
            for r in run.results
        ],
    }


def to_junit(run: RunResult) -> bytes:
    s = summary(run)
    suites = ET.Element(
        "testsuites",
        {
            "name": "clevertap-harness verify",
            "tests": str(s["total"]),
            "failures": str(s["failed"]),
            "errors": str(s["errors"]),
            "skipped": str(s["skipped"]),
            "time": f"{run.seconds:.3f}",
        },
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": f"verify against {run.peer}",
            "tests": str(s["total"]),
            "failures": str(s["failed"]),
            "errors": str(s["errors"]),
            "skipped": str(s["skipped"]),
            "time": f"{run.seconds:.3f}",
        },
    )
    if run.notes:
        props = ET.SubElement(suite, "properties")
        for note in run.notes:
            ET.SubElement(props, "property", {"name": "note", "value": note})
    for r in run.results:
        folder, _, stem = r.id.rpartition("/")
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": folder.replace("/", ".") or "contracts",
                "name": stem,
                "file": r.file,
                "time": f"{r.seconds:.3f}",
            },
        )
        if r.status == FAIL:
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": f"{len(r.differences)} difference(s) from the golden against {r.peer}",
                    "type": "ContractDifference",
                },
            )
            failure.text = "\n".join(d.line() for d in r.differences)
        elif r.status == ERROR:
            error = ET.SubElement(case, "error", {"message": r.message or "error", "type": "PeerError"})
            error.text = r.message or ""
        elif r.status == SKIP:
            ET.SubElement(case, "skipped", {"message": r.message or "skipped"})
        if r.notes:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(r.notes)
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)
