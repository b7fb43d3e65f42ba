"""The seeded hostile corpus against the served mock over real HTTP: nothing a client sends gets a 5xx it did not
ask for, no server-side error is recorded, and the journal stays readable afterwards."""

from __future__ import annotations

import pytest
import requests

from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer

from .hostile_corpus import run_corpus


def _campaign(seed: int, n: int) -> None:
    with MockServer(MockConfig(max_body_bytes=2_000_000)) as mock:
        result = run_corpus(mock.url, seed, n)
        assert result.sent == n
        assert result.server_errors == [], "\n".join(result.server_errors[:20])
        assert mock.errors == [], "\n".join(mock.errors[:20])
        journal = requests.get(mock.url + "/_mock/requests", timeout=60)
        assert journal.status_code == 200 and journal.json()["count"] > 0
        assert requests.get(mock.url + "/_mock/health", timeout=10).json()["status"] == "ok"


def test_hostile_corpus_quick():
    _campaign(seed=9, n=400)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hostile_corpus_full(seed):
    _campaign(seed=seed, n=2308)
