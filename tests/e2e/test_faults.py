"""CleverTap's concurrency limit and injected faults, over HTTP."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer

from .conftest import AUTH

EVENT = {"type": "event", "identity": "u1", "evtName": "E", "evtData": {}}


@pytest.mark.parametrize(
    "status, error",
    [
        (429, "Too many concurrent requests"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
        (401, "Invalid Credentials"),
    ],
)
def test_injected_fault_answers_in_clevertap_envelope(api, mock, status, error):
    mock.inject_fault(status=status, count=2, path="/1/upload")
    for _ in range(2):
        r = api("POST", "/1/upload", json={"d": [EVENT]})
        assert r.status_code == status
        assert r.json() == {"status": "fail", "error": error, "code": status}
    assert api("POST", "/1/upload", json={"d": [EVENT]}).status_code == 200
    assert [e["status"] for e in mock.requests()] == [status, status, 200]  # faults are journaled
    assert mock.events() and len(mock.events()) == 1  # a faulted upload stores nothing


def test_fault_for_one_path_leaves_others_alone(api, mock):
    mock.inject_fault(status=503, path="/1/profile.json")
    assert api("POST", "/1/upload", json={"d": [EVENT]}).status_code == 200
    assert api("GET", "/1/profile.json", params={"identity": "u1"}).status_code == 503
    assert requests.get(mock.url + "/_mock/faults", timeout=10).json() == {"faults": []}


def test_custom_error_text_and_clear(api, mock):
    mock.inject_fault(status=500, count=5, error="boom")
    assert api("POST", "/1/upload", json={"d": [EVENT]}).json()["error"] == "boom"
    mock.clear_faults()
    assert api("POST", "/1/upload", json={"d": [EVENT]}).status_code == 200


def test_reset_clears_faults(api, mock):
    mock.inject_fault(status=500, count=5)
    mock.reset()
    assert api("POST", "/1/upload", json={"d": [EVENT]}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": 418},
        {"status": "500"},
        {"status": 500, "count": 0},
        {"delay": 61},
        {"delay": 1, "path": "x"},
        [1],
    ],
)
def test_bad_fault_bodies_are_400(mock, body):
    r = requests.post(mock.url + "/_mock/faults", json=body, timeout=10)
    assert r.status_code == 400 and r.json()["status"] == "fail"


def test_delay_fault_slows_the_answer(api, mock):
    mock.inject_fault(delay=0.3)
    start = time.monotonic()
    assert api("POST", "/1/upload", json={"d": [EVENT]}).status_code == 200
    assert time.monotonic() - start >= 0.3


def _in_flight(url: str, path: str, results: list, **kwargs) -> threading.Thread:
    def run():
        results.append(requests.get(url + path, headers=AUTH, timeout=30, **kwargs).status_code)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_concurrency_limit_of_three_for_profile_api():
    """api-request-limit: 3 concurrent requests for the profile/delete/demerge APIs, per account; 429 beyond."""
    with MockServer(threads=8) as server:
        requests.post(
            server.url + "/_mock/faults", json={"delay": 2.5, "count": 3, "path": "/1/profile.json"}, timeout=10
        ).raise_for_status()
        results: list[int] = []
        threads = [_in_flight(server.url, "/1/profile.json", results, params={"identity": "u"}) for _ in range(3)]
        time.sleep(1.2)  # generous: the three must be in flight even on a loaded machine
        fourth = requests.get(server.url + "/1/profile.json", params={"identity": "u"}, headers=AUTH, timeout=10)
        other_account = requests.get(
            server.url + "/1/profile.json",
            params={"identity": "u"},
            timeout=10,
            headers={"X-CleverTap-Account-Id": "OTHER", "X-CleverTap-Passcode": "p"},
        )
        upload = requests.post(server.url + "/1/upload", json={"d": [EVENT]}, headers=AUTH, timeout=10)
        for thread in threads:
            thread.join()
        assert fourth.status_code == 429
        assert fourth.json() == {"status": "fail", "error": "Too many concurrent requests", "code": 429}
        assert other_account.status_code == 200  # limits are per account
        assert upload.status_code == 200  # uploads have their own limit of 15
        assert results == [200, 200, 200]
        after = requests.get(server.url + "/1/profile.json", params={"identity": "u"}, headers=AUTH, timeout=10)
        assert after.status_code == 200  # slots are released


def test_concurrency_limit_can_be_switched_off():
    with MockServer(MockConfig(enforce_concurrency=False), threads=8) as server:
        requests.post(
            server.url + "/_mock/faults", json={"delay": 2.5, "count": 3, "path": "/1/profile.json"}, timeout=10
        ).raise_for_status()
        results: list[int] = []
        threads = [_in_flight(server.url, "/1/profile.json", results, params={"identity": "u"}) for _ in range(3)]
        time.sleep(1.2)
        fourth = requests.get(server.url + "/1/profile.json", params={"identity": "u"}, headers=AUTH, timeout=10)
        for thread in threads:
            thread.join()
        assert fourth.status_code == 200
