"""Sending a transformer's requests to a running mock, as the CDP would send them to CleverTap.

A request for `https://in1.api.clevertap.com/1/upload` goes to `<mock>/in1/1/upload`: the region travels as the
mock's path prefix, so one mock serves every region and its journal still says which one was addressed.
"""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlsplit

import requests

from mock_clevertap.regions import region_from_host


def mock_url_for(request_url: str, mock_base: str) -> str:
    parts = urlsplit(request_url)
    region = region_from_host(parts.hostname)
    prefix = f"/{region}" if region else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{mock_base.rstrip('/')}{prefix}{parts.path}{query}"


def requests_of(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every HTTP request in a list of interfaces §2 results, in order (error and SDK-call entries have none)."""
    return [req for result in results for req in result.get("requests", ())]


def deliver(results: Iterable[dict[str, Any]], mock_base: str,
            session: requests.Session | None = None, timeout: float = 30.0) -> list[requests.Response]:
    """Send every request of the results to the mock, in order; returns the mock's responses."""
    own = session is None
    session = session or requests.Session()
    try:
        return [
            session.request(req["method"], mock_url_for(req["url"], mock_base), headers=req["headers"],
                            json=req["body"], timeout=timeout)
            for req in requests_of(results)
        ]
    finally:
        if own:
            session.close()
