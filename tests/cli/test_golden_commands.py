"""`golden new` writes a golden that loads and passes; `golden events` + `transform --send-to` + `verify --against
mock=` is the README's workflow, run here as the README shows it (a real served mock, real shell loop)."""

from __future__ import annotations

import json
import subprocess
import sys

from clevertap_harness.cli import main
from contracts.golden import load_golden
from mock_clevertap.server import MockServer

from .conftest import assert_one_line_error, run_cli

EVENT = '{"type": "track", "userId": "u1", "event": "Coupon Applied", "properties": {"code": "X1"}}'


def test_golden_new_writes_a_golden_that_verifies(tmp_path, settings_file, capsys):
    settings = settings_file('{"accountId": "A", "passcode": "P", "region": "in1"}')
    events = settings_file(EVENT, "event.json")
    root = tmp_path / "goldens"
    argv = ["golden", "new", "rudderstack/cloud/coupon", "--flavor", "rudderstack", "--settings", settings]
    argv += ["--name", "track: coupon", "--source", "https://example.org/doc#track", "--origin", "doc"]
    assert main([*argv, "--contracts", str(root), "--events", events]) == 0
    err = capsys.readouterr().err
    assert "check every value against https://example.org/doc#track" in err
    golden = load_golden(root / "rudderstack" / "cloud" / "coupon.json", root=root)
    assert golden.origin == "doc" and golden.input == [json.loads(EVENT)]
    assert golden.expected[0]["requests"][0]["url"] == "https://in1.api.clevertap.com/1/upload"
    assert main(["verify", "--contracts", str(root)]) == 0
    # never silently overwritten
    assert main([*argv, "--contracts", str(root), "--events", events]) == 2
    assert "exists" in capsys.readouterr().err


def test_golden_new_project_choice_needs_notes(settings_file):
    settings = settings_file('{"accountId": "A", "passcode": "P"}')
    ran = run_cli(
        "golden", "new", "x/y", "--flavor", "rudderstack", "--settings", settings, "--name", "n", "--source", "s",
        "--origin", "project-choice", stdin=EVENT.encode(),
    )  # fmt: skip
    assert_one_line_error(ran, 2, "needs --notes")


def test_events_export_then_pipeline_then_verify_against_the_mock(tmp_path):
    only = "rudderstack/cloud/[bt]*"  # batch goldens and tracks: both shapes of the workflow
    harness = f"{sys.executable} -m clevertap_harness"
    with MockServer() as mock:
        script = f"""
        set -euo pipefail
        {harness} golden events --only '{only}' --out inputs/
        for events in inputs/rudderstack/cloud/*.events.jsonl; do
          base="${{events%.events.jsonl}}"
          {harness} transform $(cat "$base.options") --allow-missing-settings --settings "$base.settings.json" \\
            --send-to {mock.url} "$events" > /dev/null
        done
        {harness} verify --against mock={mock.url} --only '{only}' -q
        """
        proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    last = proc.stdout.splitlines()[-1]
    assert last.startswith("OK: ") and " 0 failed, 0 errors" in last
    exported = list((tmp_path / "inputs" / "rudderstack" / "cloud").glob("*.events.jsonl"))
    assert len(exported) >= 10


def test_events_export_to_stdout_skips_device_goldens_by_default():
    ran = run_cli("golden", "events", "--only", "segment/**")
    lines = [json.loads(line) for line in ran.out.splitlines()]
    assert ran.code == 0 and lines
    assert {line["mode"] for line in lines} == {"cloud"}
    assert all(isinstance(line["events"], list) and line["settings"] for line in lines)
