"""`transform` streams JSON Lines in and out, keeps order with --jobs, pretty-prints with --indent."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from transformer import transform

SETTINGS = {"accountId": "A", "passcode": "P", "region": "in1"}


def _events(n: int) -> list[dict]:
    return [
        {"type": "track", "userId": f"u{i}", "event": f"E{i}", "properties": {"i": i}}
        if i % 3
        else {"type": "identify", "userId": f"u{i}", "traits": {"name": f"N{i}"}}
        for i in range(n)
    ]


def _cli(tmp_path, *argv, stdin=None):
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps(SETTINGS))
    cmd = [sys.executable, "-m", "clevertap_harness", "transform", "--flavor", "rudderstack"]
    cmd += ["--settings", str(settings), *argv]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=300)


def test_default_output_is_the_same_single_array(tmp_path):
    events = _events(50)
    ran = _cli(tmp_path, "-", stdin="\n".join(json.dumps(e) for e in events))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == json.dumps(transform(events, SETTINGS, "rudderstack"), ensure_ascii=False) + "\n"


def test_indent_matches_json_dumps(tmp_path):
    events = _events(4)
    ran = _cli(tmp_path, "--indent", "2", "-", stdin=json.dumps(events))
    assert ran.stdout == json.dumps(transform(events, SETTINGS, "rudderstack"), ensure_ascii=False, indent=2) + "\n"
    assert _cli(tmp_path, "--indent", "2", "-", stdin="[]").stdout == "[]\n"


def test_jsonl_with_jobs_keeps_order(tmp_path):
    events = _events(1500)
    ran = _cli(tmp_path, "--output", "jsonl", "--jobs", "2", "-", stdin="\n".join(json.dumps(e) for e in events))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert [json.loads(line) for line in lines] == transform(events, SETTINGS, "rudderstack")


def test_jsonl_output_streams_before_the_input_ends(tmp_path):
    """The first result is printed while stdin is still open: nothing waits for (or holds) the whole input."""
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps(SETTINGS))
    cmd = [sys.executable, "-m", "clevertap_harness", "transform", "--flavor", "rudderstack", "--output", "jsonl"]
    proc = subprocess.Popen(
        [*cmd, "--settings", str(settings), "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    # a watchdog: a CLI that waits for the end of its input would otherwise hang the suite instead of failing it
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        assert proc.stdin and proc.stdout
        for event in _events(2):
            proc.stdin.write(json.dumps(event) + "\n")
        proc.stdin.flush()
        # a third line arrives later; the second event's result must not wait for it
        first = proc.stdout.readline()
        assert json.loads(first)["requests"][0]["body"]["d"][0]["type"] == "profile"
        proc.stdin.write(json.dumps(_events(3)[2]) + "\n")
        proc.stdin.close()
        rest = proc.stdout.read().splitlines()
        assert len(rest) == 2
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()


def test_batch_still_reads_all(tmp_path):
    events = _events(3)
    ran = _cli(tmp_path, "--batch", "-", stdin=json.dumps(events))
    assert ran.returncode == 0 and set(json.loads(ran.stdout)) == {"batches", "errors"}


def test_indent_with_jsonl_is_a_usage_error(tmp_path):
    ran = _cli(tmp_path, "--indent", "2", "--output", "jsonl", "-", stdin="[]")
    assert ran.returncode == 2 and "--indent" in ran.stderr
