"""The served mock against what a careless or hostile client can do (issue: the mock survives anything a client can
send, keeps its admin surface closed). Each test names the defect it pins; all run over real HTTP on waitress."""

from __future__ import annotations

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from mock_clevertap.client import MockClient
from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer

AUTH = {"X-CleverTap-Account-Id": "ACC-1", "X-CleverTap-Passcode": "pass-1", "Content-Type": "application/json"}
EVENT = {"type": "event", "identity": "u1", "evtName": "Viewed", "evtData": {"a": 1}}


@pytest.fixture
def server():
    with MockServer(MockConfig()) as mock:
        yield mock


def _journal(url: str, **params) -> list[dict]:
    response = requests.get(url + "/_mock/requests", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["requests"]


# -- admin surface ------------------------------------------------------------------------------------------------


def test_admin_token_closes_the_admin_api_and_the_client_passes_it():
    with MockServer(MockConfig(admin_token="tok-123")) as mock:
        for method, path in (("GET", "/_mock/health"), ("GET", "/_mock/requests"), ("POST", "/_mock/reset")):
            r = requests.request(method, mock.url + path, timeout=10)
            assert r.status_code == 401 and r.json()["code"] == 401, (path, r.text)
        r = requests.get(mock.url + "/_mock/nope", headers={"Authorization": "Bearer wrong"}, timeout=10)
        assert r.status_code == 401  # no path listing without the token
        # The CleverTap API itself is not behind the admin token.
        assert requests.post(mock.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10).ok
        client = MockClient(mock.url, admin_token="tok-123")
        assert client.health()["status"] == "ok"
        assert [e["path"] for e in client.requests()] == ["/1/upload"]
        client.reset()
        assert client.requests() == []


def test_journal_redacts_passcodes_unless_asked(server):
    requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10)
    [entry] = _journal(server.url)
    assert entry["headers"]["X-Clevertap-Passcode"] == "[redacted]"
    assert entry["headers"]["X-Clevertap-Account-Id"] == "ACC-1"
    assert "pass-1" not in json.dumps(entry)
    with MockServer(MockConfig(journal_passcodes=True)) as keeping:
        requests.post(keeping.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10)
        assert _journal(keeping.url)[0]["headers"]["X-Clevertap-Passcode"] == "pass-1"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example", "Content-Type": "text/plain"},
        {"Origin": "null", "Content-Type": "text/plain"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain"},
    ],
)
def test_cross_site_admin_writes_are_refused(server, headers):
    """A web page can POST text/plain anywhere without a preflight; it must not wipe the mock."""
    requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10)
    for method, path in (("POST", "/_mock/reset"), ("DELETE", "/_mock/requests"), ("POST", "/_mock/faults")):
        r = requests.request(method, server.url + path, data="{}", headers=headers, timeout=10)
        assert r.status_code == 403 and r.json()["code"] == 403, (path, r.text)
    assert len(_journal(server.url)) == 1
    same_origin = {"Origin": server.url}
    assert requests.post(server.url + "/_mock/reset", headers=same_origin, timeout=10).status_code == 200
    assert _journal(server.url) == []


# -- connections --------------------------------------------------------------------------------------------------


def test_health_answers_while_200_idle_and_slow_clients_hold_connections(server):
    """waitress' default connection limit (100) once made the mock unresponsive behind 200 idle sockets."""
    sockets = []
    try:
        for i in range(200):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            if i % 2:  # half of them slow: a request line begun and never finished
                sock.sendall(b"POST /1/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
            sockets.append(sock)
        time.sleep(0.3)
        start = time.monotonic()
        r = requests.get(server.url + "/_mock/health", timeout=5)
        assert r.status_code == 200 and time.monotonic() - start < 3
    finally:
        for sock in sockets:
            sock.close()


# -- bodies -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100, 900, 990, 1200, 100_000])
@pytest.mark.parametrize("path", ["/1/upload", "/1/delete/profiles.json", "/1/disassociate"])
def test_deeply_nested_json_is_answered_and_journaled(server, path, depth):
    """JSON nested ~980+ levels once answered 500 and left no journal entry (the journal hook raised again)."""
    body = '{"d": ' + "[" * depth + "]" * depth + ', "identity": ' + "[" * depth + "]" * depth + "}"
    r = requests.post(server.url + path, data=body.encode(), headers=AUTH, timeout=30)
    assert r.status_code in (200, 400), r.text[:200]
    assert r.headers["Content-Type"] == "application/json;charset=utf-8"
    entries = _journal(server.url, path=path)
    assert [e["status"] for e in entries] == [r.status_code]
    assert server.errors == []


def test_deeply_nested_fault_body_is_a_400(server):
    r = requests.post(server.url + "/_mock/faults", data=("[" * 50_000).encode(), timeout=10)
    assert r.status_code == 400 and "body must be a JSON object" in r.json()["error"]
    assert server.errors == []


def test_body_over_the_limit_is_a_json_413():
    with MockServer(MockConfig(max_body_bytes=10_000)) as mock:
        big = json.dumps({"d": [{**EVENT, "evtData": {"x": "y" * 20_000}}]}).encode()
        r = requests.post(mock.url + "/1/upload", data=big, headers=AUTH, timeout=10)
        assert r.status_code == 413 and r.json()["code"] == 413
        assert r.headers["Content-Type"].startswith("application/json")
        chunked = requests.post(mock.url + "/1/upload", data=iter([big[:6000], big[6000:]]), headers=AUTH, timeout=10)
        assert chunked.status_code == 413 and chunked.json()["code"] == 413
        ok = requests.post(mock.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10)
        assert ok.status_code == 200
        assert mock.errors == []


def test_default_body_limit_is_at_most_32_mb():
    assert MockConfig().max_body_bytes <= 32 * 1000 * 1000


# -- query parameters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["limit", "since", "status"])
@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999", "-1", "abc", "1e3", "+1"])
def test_admin_query_integers_are_validated(server, name, value):
    r = requests.get(server.url + "/_mock/requests", params={name: value}, timeout=10)
    assert r.status_code == 400 and f"'{name}'" in r.json()["error"], r.text
    assert server.errors == []


@pytest.mark.parametrize("params", [{"order": "sideways"}, {"order": ""}])
def test_admin_query_choices_are_validated(server, params):
    r = requests.get(server.url + "/_mock/requests", params=params, timeout=10)
    assert r.status_code == 400 and "'order'" in r.json()["error"]


def test_reset_only_is_validated(server):
    r = requests.post(server.url + "/_mock/reset", params={"only": "everything"}, timeout=10)
    assert r.status_code == 400 and "'only'" in r.json()["error"]


# -- concurrency limit --------------------------------------------------------------------------------------------


def _concurrent_uploads(url: str, n: int) -> list[requests.Response]:
    def send(i: int) -> requests.Response:
        body = {"d": [{**EVENT, "identity": f"c{i}"}]}
        return requests.post(url + "/1/upload", json=body, headers=AUTH, timeout=30)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(send, range(n)))


def test_concurrency_limit_is_reachable_with_default_settings(server):
    """With waitress' 8 threads CleverTap's 15-concurrent-uploads limit could never trigger."""
    MockClient(server.url).inject_fault(status=None, delay=1.0, count=16, path="/1/upload")
    answers = _concurrent_uploads(server.url, 18)
    codes = sorted(r.status_code for r in answers)
    assert codes.count(429) >= 3 and codes.count(200) == 15, codes
    refused = [e for e in _journal(server.url, status=429)]
    assert refused and all(e["body"] is None and e["raw_body"] is None for e in refused)  # not even read
    assert all(
        r.json() == {"status": "fail", "error": "Too many concurrent requests", "code": 429}
        for r in answers
        if r.status_code == 429
    )


def test_concurrency_limit_can_be_switched_off():
    with MockServer(MockConfig(enforce_concurrency=False)) as mock:
        MockClient(mock.url).inject_fault(status=None, delay=1.0, count=18, path="/1/upload")
        assert {r.status_code for r in _concurrent_uploads(mock.url, 18)} == {200}


# -- fault queue --------------------------------------------------------------------------------------------------


def test_fault_path_with_region_prefix_matches(server):
    client = MockClient(server.url)
    client.inject_fault(status=503, path="/in1/1/upload", count=2)
    assert requests.post(server.url + "/in1/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10).status_code == 503
    assert requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10).status_code == 503
    assert requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10).status_code == 200


def test_fault_without_path_is_not_used_up_by_other_paths(server):
    client = MockClient(server.url)
    client.inject_fault(status=500)
    assert requests.get(server.url + "/favicon.ico", timeout=10).status_code == 404
    assert requests.get(server.url + "/openapi.json", timeout=10).status_code == 200
    assert requests.get(server.url + "/_mock/health", timeout=10).status_code == 200
    assert requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10).status_code == 500


def test_delay_faults_leave_workers_for_the_admin_api():
    with MockServer(MockConfig(enforce_concurrency=False), threads=4) as mock:
        MockClient(mock.url).inject_fault(status=None, delay=3.0, count=10, path="/1/upload")
        with ThreadPoolExecutor(8) as pool:
            pending = [pool.submit(_concurrent_uploads, mock.url, 1) for _ in range(8)]
            time.sleep(0.5)
            start = time.monotonic()
            assert requests.get(mock.url + "/_mock/health", timeout=10).status_code == 200
            assert time.monotonic() - start < 1.5
            assert all(r.status_code == 200 for f in pending for r in f.result())
