"""schemathesis against the served mock over real HTTP (waitress, a real socket), not only in-process: every
operation of the mock's OpenAPI document, with enough examples per operation to reach the integer edges of the
admin query parameters (a `limit` beyond SQLite's 64-bit range once answered 500)."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from mock_clevertap.app import load_openapi
from mock_clevertap.server import MockServer
from tests.mock.test_openapi import AUTH, CONFIG, SCHEMATHESIS_CONFIG, SEED, clevertap_batch_answer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served():
    with MockServer(CONFIG) as mock:
        yield mock


# The document the server serves at /openapi.json (the same file), loaded without a server at collection time;
# every case is then sent over HTTP to the served mock.
schema = schemathesis.openapi.from_dict(load_openapi(), config=SCHEMATHESIS_CONFIG)


@schema.parametrize()
@settings(max_examples=80, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_over_http(case: schemathesis.Case, served) -> None:
    assert requests.get(served.url + "/openapi.json", timeout=30).json() == load_openapi()
    served.reset()
    seeded = requests.post(served.url + "/1/upload", json=SEED, headers=AUTH, timeout=30).json()
    assert seeded["processed"] == 3, seeded
    case.call_and_validate(base_url=served.url, additional_checks=[clevertap_batch_answer])
    assert served.errors == []
