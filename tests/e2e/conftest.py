from __future__ import annotations

import pytest
import requests

AUTH = {"X-CleverTap-Account-Id": "W9R-486-4W5Z", "X-CleverTap-Passcode": "QAE-AWB-AAAL"}


@pytest.fixture
def mock(clevertap_mock):
    """The plugin's per-test mock client, plus a helper to call CleverTap's API on it."""
    return clevertap_mock


@pytest.fixture
def api(clevertap_mock):
    session = requests.Session()

    def call(method: str, path: str, *, json=None, data=None, headers=None, params=None):
        all_headers = {**AUTH, **(headers or {})}
        return session.request(
            method, clevertap_mock.url + path, json=json, data=data, headers=all_headers, params=params, timeout=30
        )

    yield call
    session.close()
