"""Progress shows on a terminal's stderr and nowhere else."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys

from clevertap_harness.progress import Progress


def _run_with_stderr_on_a_tty(argv: list[str], stdin: str) -> tuple[str, bytes]:
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "clevertap_harness", *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
        )
        os.close(slave)
        out, _ = proc.communicate(stdin, timeout=300)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        return out, b"".join(chunks)
    finally:
        os.close(master)


def test_transform_shows_progress_on_a_tty_only(tmp_path):
    settings = tmp_path / "s.json"
    settings.write_text('{"accountId": "A", "passcode": "P"}')
    events = "\n".join(json.dumps({"type": "track", "userId": "u", "event": f"E{i}"}) for i in range(3000))
    argv = ["transform", "--flavor", "rudderstack", "--output", "jsonl", "--settings", str(settings), "-"]
    out, tty_err = _run_with_stderr_on_a_tty(argv, events)
    assert len(out.splitlines()) == 3000
    assert b"\rtransform: events: " in tty_err

    piped = subprocess.run(
        [sys.executable, "-m", "clevertap_harness", *argv], input=events, capture_output=True, text=True, timeout=300
    )
    assert piped.stdout == out
    assert piped.stderr == ""


def test_fuzz_shows_progress_on_a_tty():
    out, tty_err = _run_with_stderr_on_a_tty(["fuzz", "--flavor", "rudderstack", "--count", "300", "--no-mock"], "")
    assert "all invariants held" in out
    assert b"fuzz: rudderstack" in tty_err and b"/300" in tty_err


def test_progress_is_silent_when_not_a_tty():
    stream = io.StringIO()
    with Progress("x", total=3, stream=stream) as bar:
        for i in range(3):
            bar.update(i + 1)
    assert stream.getvalue() == ""


def test_verify_shows_peer_calls_on_a_tty():
    own = (
        f"{sys.executable} -m clevertap_harness transform {{options}} --allow-missing-settings --settings {{settings}}"
    )
    argv = ["verify", "--against", f"command={own}", "--only", "rudderstack/cloud/track_b*", "--no-group"]
    out, tty_err = _run_with_stderr_on_a_tty(argv, "")
    assert out.splitlines()[-1].startswith("OK: ")
    assert b"\rverify: calling command=" in tty_err and b"/" in tty_err
