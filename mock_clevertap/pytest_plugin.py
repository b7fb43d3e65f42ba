"""pytest plugin (entry point `pytest11`): a running CleverTap mock for your tests.

Fixtures:
- `clevertap_mock_server`: session-scoped real waitress server on a free port (`CLEVERTAP_MOCK_PORT` /
  `CLEVERTAP_MOCK_HOST` override), in-memory store. Set `CLEVERTAP_MOCK_URL` to use an already running mock
  instead (e.g. one started with `clevertap-harness serve`).
- `clevertap_mock`: function-scoped `MockClient` on that server, reset before each test, with assertion helpers
  (`assert_event_uploaded`, `assert_profile_uploaded`, `assert_no_rejections`). It sends the admin token of the
  config (or $CLEVERTAP_MOCK_ADMIN_TOKEN for an external mock) as `Authorization: Bearer ...`. At teardown it
  fails the test if the mock hit an unexpected error while serving it, so a server-side problem is never silent.
- `clevertap_mock_config`: override it (in your conftest) to give the session server a `MockConfig`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from .client import MockClient
from .config import MockConfig


@pytest.fixture(scope="session")
def clevertap_mock_config() -> MockConfig:
    return MockConfig.from_env()


class _External:
    """A mock someone else runs: nothing to start or stop, and its server-side errors are not visible."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.errors: list[str] = []
        self.admin_token = os.environ.get("CLEVERTAP_MOCK_ADMIN_TOKEN") or None


@pytest.fixture(scope="session")
def clevertap_mock_server(clevertap_mock_config: MockConfig) -> Iterator[object]:
    __tracebackhide__ = True
    external = os.environ.get("CLEVERTAP_MOCK_URL")
    if external:
        _check_reachable(external)
        yield _External(external)
        return
    from .server import MockServer

    host = os.environ.get("CLEVERTAP_MOCK_HOST", "127.0.0.1")
    raw_port = os.environ.get("CLEVERTAP_MOCK_PORT", "0")
    try:
        port = int(raw_port)
    except ValueError:
        pytest.fail(f"CLEVERTAP_MOCK_PORT={raw_port!r} is not a port number", pytrace=False)
    try:
        server = MockServer(clevertap_mock_config, host=host, port=port).start()
    except OSError as exc:
        pytest.fail(f"cannot start the CleverTap mock on {host}:{port}: {exc.strerror or exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _check_reachable(url: str) -> None:
    """One clear line instead of a chain of urllib3 errors in every test."""
    __tracebackhide__ = True
    import requests

    try:
        requests.get(url.rstrip("/") + "/_mock/health", timeout=5).close()
    except requests.RequestException as exc:
        reason = "connection refused" if isinstance(exc, requests.ConnectionError) else type(exc).__name__
        pytest.fail(
            f"CLEVERTAP_MOCK_URL={url}: no CleverTap mock is reachable there ({reason}); start one with "
            "`clevertap-harness serve` or unset the variable to let the plugin start its own",
            pytrace=False,
        )


@pytest.fixture
def clevertap_mock(clevertap_mock_server: Any) -> Iterator[MockClient]:
    client = MockClient(clevertap_mock_server.url, admin_token=getattr(clevertap_mock_server, "admin_token", None))
    client.reset()
    errors = clevertap_mock_server.errors
    errors.clear()
    yield client
    client.session.close()
    if errors:
        pytest.fail("the CleverTap mock failed while serving this test:\n" + "\n".join(errors), pytrace=False)
