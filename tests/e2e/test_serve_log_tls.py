"""`clevertap-harness serve` talks while it works (one line per request; --quiet; --log-format json) and serves
HTTPS with a local CA (--tls) that real HTTPS clients trust through its ca.pem."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from queue import Empty, Queue

import pytest
import requests

AUTH = {"X-CleverTap-Account-Id": "ACC", "X-CleverTap-Passcode": "PASS", "Content-Type": "application/json"}
BATCH = {
    "d": [
        {"type": "event", "identity": "u1", "evtName": "Web Page Viewed", "evtData": {}},
        {"type": "event", "identity": "u1", "evtName": "Signed Up", "evtData": {}},
        {"type": "event", "identity": "u1", "evtName": "App Launched", "evtData": {}},
    ]
}


@contextmanager
def served(*argv: str):
    """A real `clevertap-harness serve` process; yields (url, queue of its stderr lines)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "clevertap_harness", "serve", "--port", "0", "--db", ":memory:", *argv],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: Queue[str] = Queue()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    try:
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except Empty:
                continue
            match = re.search(r"listening on (https?://\S+)", line)
            url = match.group(1) if match else None
        yield url, lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _next_lines(lines: Queue[str], n: int, timeout: float = 10.0) -> list[str]:
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < deadline:
        try:
            out.append(lines.get(timeout=0.2))
        except Empty:
            pass
    return out


def test_one_text_line_per_request_with_records_and_codes():
    with served() as (url, lines):
        assert url and url.startswith("http://127.0.0.1:")
        requests.post(url + "/in1/1/upload", json=BATCH, headers=AUTH, timeout=10)
        requests.get(url + "/1/profile.json?identity=u1", headers={"Host": "sg1.api.clevertap.com", **AUTH}, timeout=10)
        requests.get(url + "/_mock/requests", timeout=10)  # admin calls are not logged
        requests.post(url + "/1/upload", data="not json", headers=AUTH, timeout=10)
        got = _next_lines(lines, 3)
    assert len(got) == 3, got
    upload, profile, malformed = got
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z POST /1/upload region=in1 200 accepted=1 rejected=2 codes=513x2",
        upload,
    ), upload
    assert profile.endswith("GET /1/profile.json region=sg1 200")
    assert malformed.endswith('POST /1/upload 400 error="Malformed request"')


def test_json_log_lines():
    with served("--log-format", "json") as (url, lines):
        requests.post(url + "/in1/1/upload", json=BATCH, headers=AUTH, timeout=10)
        [line] = _next_lines(lines, 1)
    entry = json.loads(line)
    assert {k: entry[k] for k in ("method", "path", "region", "status", "accepted", "rejected", "codes")} == {
        "method": "POST",
        "path": "/1/upload",
        "region": "in1",
        "status": 200,
        "accepted": 1,
        "rejected": 2,
        "codes": {"513": 2},
    }
    assert entry["journal_id"] == 1 and entry["account"] == "ACC" and entry["time"].endswith("Z")


def test_quiet_prints_nothing():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "clevertap_harness", "serve", "--quiet", "--port", str(port), "--db", ":memory:"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(url + "/_mock/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        requests.post(url + "/1/upload", json=BATCH, headers=AUTH, timeout=10)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert err == ""


def _https_get(port: int, ca: str, server_name: str, path: str) -> tuple[int, dict]:
    context = ssl.create_default_context(cafile=ca)

    class Aliased(http.client.HTTPSConnection):
        def connect(self) -> None:  # what a hosts-file alias does: the name resolves to the mock
            raw = socket.create_connection(("127.0.0.1", port), timeout=10)
            self.sock = context.wrap_socket(raw, server_hostname=server_name)

    conn = Aliased(server_name, port, context=context)
    conn.request("GET", path, headers={k: v for k, v in AUTH.items() if k != "Content-Type"})
    response = conn.getresponse()
    body = json.loads(response.read())
    conn.close()
    return response.status, body


def test_tls_with_a_local_ca(tmp_path):
    tls_dir = tmp_path / "tls"
    with served("--tls", "--tls-dir", str(tls_dir)) as (url, lines):
        assert url and url.startswith("https://127.0.0.1:")
        ca = str(tls_dir / "ca.pem")
        assert (tls_dir / "ca.key").stat().st_mode & 0o077 == 0  # the CA key is private
        # a real HTTPS client (requests) trusting the CA bundle
        answer = requests.post(url + "/in1/1/upload", json=BATCH, headers=AUTH, timeout=10, verify=ca)
        assert answer.json()["processed"] == 1
        # without the CA, verification fails: it is a real certificate chain, not a disabled check
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(url + "/_mock/health", timeout=10)
        # a client whose hosts file aliases CleverTap's regional host to the mock: SNI and Host say in1
        port = int(url.rsplit(":", 1)[1])
        status, body = _https_get(port, ca, "in1.api.clevertap.com", "/1/profile.json?identity=u1")
        assert status == 200 and body["record"]["identity"] == "u1"
        logged = _next_lines(lines, 2)
    assert logged[1].endswith("GET /1/profile.json region=in1 200"), logged


def test_tls_ca_is_reused_across_restarts(tmp_path):
    tls_dir = tmp_path / "tls"
    with served("--tls", "--tls-dir", str(tls_dir)) as (url, _):
        assert url
    first = (tls_dir / "ca.pem").read_bytes()
    with served("--tls", "--tls-dir", str(tls_dir)) as (url, _):
        answer = requests.get(url + "/_mock/health", timeout=10, verify=str(tls_dir / "ca.pem"))
        assert answer.json()["status"] == "ok"
    assert (tls_dir / "ca.pem").read_bytes() == first
