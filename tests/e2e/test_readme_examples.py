"""The README's examples, run as written (against a mock on a free port instead of 8080)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _sh_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def _curl_commands() -> list[tuple[str, str]]:
    """(command, the output comment that follows it, if any) for each curl example."""
    found = []
    for block in _sh_blocks():
        for chunk in re.split(r"\n(?=curl )", block.strip()):
            if not chunk.startswith("curl "):
                continue
            lines = chunk.splitlines()
            command = "\n".join(line for line in lines if not line.startswith("#"))
            comment = " ".join(line[1:].strip() for line in lines if line.startswith("#"))
            found.append((command, comment))
    return found


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_examples_answer_what_the_readme_says(clevertap_mock):
    examples = _curl_commands()
    assert len(examples) == 5, "the README's curl examples changed: update this test"
    outputs = []
    for command, _ in examples:
        command = command.replace("http://127.0.0.1:8080", clevertap_mock.url)
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    upload, profile, fault_added, fault_queue, faults_cleared = outputs
    assert fault_added == json.loads(examples[2][1])
    assert fault_queue == {"faults": fault_added["faults"]}
    assert faults_cleared == {"status": "ok"}
    documented = examples[0][1]
    assert documented.startswith('{"status":"partial","processed":1')
    assert upload["status"] == "partial" and upload["processed"] == 1
    [rejected] = upload["unprocessed"]
    assert f'"code":{rejected["code"]}' in documented and rejected["error"] in documented
    assert profile["status"] == "success" and profile["record"]["identity"] == "u1"
    assert profile["record"]["events"]["Product Viewed"]["count"] == 1


def test_readme_commands_exist():
    """Every `clevertap-harness <command>` the README shows is a command of the CLI."""
    from clevertap_harness.cli import COMMANDS

    code = "\n".join(_sh_blocks() + re.findall(r"`([^`\n]+)`", README.read_text(encoding="utf-8")))
    shown = set(re.findall(r"clevertap-harness ([\w-]+)", code))
    assert shown and shown <= set(COMMANDS), shown - set(COMMANDS)
