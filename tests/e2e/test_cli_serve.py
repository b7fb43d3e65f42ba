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
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/_mock/health", timeout=1).ok:
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
