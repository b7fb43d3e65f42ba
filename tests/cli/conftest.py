from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest


@dataclass
class Ran:
    code: int
    out: str
    err: str


def run_cli(*argv: str, stdin: bytes | None = None, env: dict[str, str] | None = None, cwd=None, timeout=120) -> Ran:
    """The real command line in a subprocess, as a user runs it."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("CLEVERTAP_HARNESS_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "clevertap_harness", *argv],
        input=stdin,
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Ran(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_one_line_error(ran: Ran, code: int, *fragments: str) -> None:
    """A user mistake: exit status `code`, exactly one line on stderr naming the problem, no traceback."""
    assert ran.code == code, (ran.code, ran.err)
    assert "Traceback" not in ran.err, ran.err
    lines = [line for line in ran.err.splitlines() if not line.startswith("clevertap-harness transform: warning:")]
    assert len(lines) == 1, ran.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture
def settings_file(tmp_path):
    def make(data: str | bytes, name: str = "settings.json"):
        path = tmp_path / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(path)

    return make
