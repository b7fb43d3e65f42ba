"""Sending a transformer's requests to a running mock, as the CDP would send them to CleverTap.

A request for `https://in1.api.clevertap.com/1/upload` goes to `<mock>/in1/1/upload`: the region travels as the
mock's path prefix, so one mock serves every region and its journal still says which one was addressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests

from mock_clevertap.regions import region_from_host
from transformer import js


def mock_url_for(request_url: str, mock_base: str) -> str:
    parts = urlsplit(request_url)
    region = region_from_host(parts.hostname)
    prefix = f"/{region}" if region else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{mock_base.rstrip('/')}{prefix}{parts.path}{query}"


def requests_of(result: Any) -> Iterator[dict[str, Any]]:
    """Every HTTP request in transform output: a list of entries, one entry, or a `--batch` object (error
    and SDK-call entries have none)."""
    if isinstance(result, dict):
        yield from result.get("requests", ())
        yield from result.get("batches", ())
    elif isinstance(result, list):
        for entry in result:
            yield from requests_of(entry)


def send_to_mock(request: dict[str, Any], mock_base: str, session: Any = None, timeout: float = 30.0) -> Any:
    """Send one result request to the mock instead of CleverTap: same method, query, headers and JSON body (a body
    given as text is sent as it is); returns the `requests` response."""
    body = request.get("body")
    # as the CDP's JavaScript sends it: JSON.stringify's text (a lone surrogate is an escape, so UTF-8 always works)
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else js.stringify(body).encode("utf-8")
    sender = session or requests
    return sender.request(
        request.get("method", "POST"),
        mock_url_for(request["url"], mock_base),
        data=data,
        headers=dict(request.get("headers") or {}),
        timeout=timeout,
    )


def deliver(
    results: Iterable[dict[str, Any]], mock_base: str, session: requests.Session | None = None, timeout: float = 30.0
) -> list[requests.Response]:
    """Send every request of the results to the mock, in order; returns the mock's responses."""
    own = session is None
    session = session or requests.Session()
    try:
        return [send_to_mock(req, mock_base, session, timeout) for req in requests_of(list(results))]
    finally:
        if own:
            session.close()
