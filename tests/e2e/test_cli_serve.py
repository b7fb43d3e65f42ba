"""`clevertap-harness serve` as a user runs it: a real process, a real port, a file database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

HARNESS = shutil.which("clevertap-harness")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(*args: str) -> list[str]:
    if HARNESS:
        return [HARNESS, *args]
    return [sys.executable, "-c", "import sys; from clevertap_harness.cli import main; sys.exit(main())", *args]


def _start(tmp_path, *args: str, env: dict | None = None):
    port = _free_port()
    proc = subprocess.Popen(
        _command("serve", "--port", str(port), *args),
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    token = args[args.index("--admin-token") + 1] if "--admin-token" in args else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/_mock/health", timeout=1, headers=headers).ok:
                return proc, url
        except requests.ConnectionError:
            if proc.poll() is not None:
                pytest.fail(f"serve exited: {proc.stderr.read()}")
            time.sleep(0.05)
    proc.kill()
    pytest.fail("serve did not answer /_mock/health within 20 s")


def _stop(proc) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    return proc.stderr.read()


def test_serve_persists_in_default_db_file_across_restarts(tmp_path):
    proc, url = _start(tmp_path)
    try:
        r = requests.post(
            url + "/us1/1/upload",
            timeout=10,
            headers={"X-CleverTap-Account-Id": "a", "X-CleverTap-Passcode": "p"},
            json={"d": [{"type": "profile", "identity": "u", "profileData": {"Name": "N"}}]},
        )
        assert r.json()["status"] == "success"
    finally:
        banner = _stop(proc)
    assert "CleverTap mock listening on http://127.0.0.1:" in banner
    assert (tmp_path / "clevertap-mock.sqlite3").exists()
    proc, url = _start(tmp_path)
    try:
        [entry] = requests.get(url + "/_mock/requests", timeout=10).json()["requests"]
        assert entry["region"] == "us1"
        assert requests.get(url + "/_mock/profiles", timeout=10).json()["profiles"][0]["name"] == "N"
    finally:
        _stop(proc)


def test_serve_accounts_from_flag_and_env(tmp_path):
    proc, url = _start(
        tmp_path, "--db", ":memory:", "--account", "ACC:secret", env={"CLEVERTAP_MOCK_ACCOUNTS": "ENV:other"}
    )
    try:

        def status(account, passcode):
            return requests.post(
                url + "/1/upload",
                json={"d": []},
                timeout=10,
                headers={"X-CleverTap-Account-Id": account, "X-CleverTap-Passcode": passcode},
            ).status_code

        assert status("ACC", "secret") == 400  # authenticated, then the empty batch is malformed
        assert status("ENV", "other") == 401  # the flag wins over the environment
        assert status("ACC", "wrong") == 401
    finally:
        _stop(proc)
    assert not (tmp_path / "clevertap-mock.sqlite3").exists()


def test_bad_account_flag_is_a_usage_error(tmp_path):
    result = subprocess.run(
        _command("serve", "--account", "no-colon"), cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "clevertap-harness serve: account 'no-colon' is not of the form ID:PASSCODE"


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--journal-cap", "-1"], {}, "--journal-cap: must be at least 1"),
        (["--threads", "0"], {}, "--threads: 0 is outside 1..1024"),
        (["--port", "99999"], {}, "--port: 99999 is outside 0..65535"),
        (["--port", "http"], {}, "--port: 'http' is not a whole number"),
        ([], {"CLEVERTAP_MOCK_JOURNAL_CAP": "abc"}, "CLEVERTAP_MOCK_JOURNAL_CAP='abc': not a whole number"),
        ([], {"CLEVERTAP_MOCK_THREADS": "-3"}, "CLEVERTAP_MOCK_THREADS: -3 is outside 1..1024"),
        (["--max-body-bytes", "0"], {}, "--max-body-bytes: must be at least 1"),
        (["--profile-not-found-status", "500"], {}, "--profile-not-found-status: must be 200 or 404"),
        ([], {"CLEVERTAP_MOCK_ENFORCE_CONCURRENCY": "maybe"}, "CLEVERTAP_MOCK_ENFORCE_CONCURRENCY='maybe'"),
    ],
)
def test_bad_startup_input_is_one_line_and_exit_2(tmp_path, args, env, message):
    """Once: --journal-cap -1 made every upload a 500, --threads 0 listened but never answered, --port 99999
    wrapped to 34463 and a malformed CLEVERTAP_MOCK_JOURNAL_CAP was silently ignored."""
    result = subprocess.run(
        _command("serve", "--db", ":memory:", *args),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **env},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clevertap-harness serve: " + message), lines


def test_db_file_is_private_and_switches_reach_the_mock(tmp_path):
    """The database holds bodies (and passcodes when kept): created 0600. Every MockConfig switch is a flag."""
    proc, url = _start(
        tmp_path,
        "--admin-token",
        "s3cret",
        "--accept-gender-o-u",
        "--max-event-props",
        "2",
        "--discarded-events",
        "Old Event",
        "--no-enforce-concurrency",
        "--journal-passcodes",
    )
    try:
        admin = {"Authorization": "Bearer s3cret"}
        assert requests.get(url + "/_mock/requests", timeout=10).status_code == 401
        records = [
            {"type": "profile", "identity": "u", "profileData": {"Gender": "O"}},
            {"type": "event", "identity": "u", "evtName": "E", "evtData": {"a": 1, "b": 2, "c": 3}},
            {"type": "event", "identity": "u", "evtName": "Old Event", "evtData": {}},
        ]
        auth = {"X-CleverTap-Account-Id": "a", "X-CleverTap-Passcode": "p"}
        answer = requests.post(url + "/1/upload", json={"d": records}, headers=auth, timeout=10).json()
        assert answer["processed"] == 1 and [u["code"] for u in answer["unprocessed"]] == [522, 528]
        [entry] = requests.get(url + "/_mock/requests", headers=admin, timeout=10).json()["requests"]
        assert entry["headers"]["X-Clevertap-Passcode"] == "p"
    finally:
        _stop(proc)
    mode = (tmp_path / "clevertap-mock.sqlite3").stat().st_mode & 0o777
    assert mode == 0o600, oct(mode)


def test_binding_beyond_loopback_warns(tmp_path):
    proc, _ = _start(tmp_path, "--db", ":memory:", "--host", "0.0.0.0")
    banner = _stop(proc)
    assert "warning: the mock listens on 0.0.0.0, beyond this machine's loopback" in banner
    proc, _ = _start(tmp_path, "--db", ":memory:")
    assert "warning" not in _stop(proc)
