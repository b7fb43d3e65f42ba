"""CleverTap's server API as every cloud flavour addresses it: hosts, paths, headers and the request shape.

One place for what CleverTap defines (https://developer.clevertap.com/docs/api-quickstart-guide): the API lives
on `api.clevertap.com` (the EU cluster) or `<region>.api.clevertap.com`, uploads go to `/1/upload`, profile
deletion to `/1/delete/profiles.json`, and each call carries `X-CleverTap-Account-Id`, `X-CleverTap-Passcode`
and `Content-Type: application/json`.

How a flavour's settings pick the region differs between the peers (RudderStack puts any truthy value other than
"none" into the host; Segment cloud and Actions choose from a list) and stays in each flavour's tables; this
module only turns the chosen region into URLs and builds the requests.
"""

from __future__ import annotations

from typing import Any

from .js import UNDEFINED

SCHEME = "https://"
API_HOST = "api.clevertap.com"  # the default (EU) cluster
UPLOAD_PATH = "/1/upload"
DELETE_PROFILES_PATH = "/1/delete/profiles.json"
ACCOUNT_HEADER = "X-CleverTap-Account-Id"
PASSCODE_HEADER = "X-CleverTap-Passcode"
CONTENT_TYPE_HEADER = "Content-Type"
JSON_CONTENT_TYPE = "application/json"


def host(region: str | None = None) -> str:
    """`api.clevertap.com`, or `<region>.api.clevertap.com` for a region label (`in1`, `sg1`, ...)."""
    return f"{region}.{API_HOST}" if region else API_HOST


def base_url(region: str | None = None) -> str:
    return SCHEME + host(region)


def url(region: str | None = None, path: str = UPLOAD_PATH) -> str:
    """Full URL of a CleverTap API path for a region (None or "" = the default cluster)."""
    return SCHEME + host(region) + path


def headers(account_id: Any = UNDEFINED, passcode: Any = UNDEFINED) -> dict[str, Any]:
    """The three headers, in the order the peers write them. An UNDEFINED credential is left out, as JavaScript
    leaves an `undefined` header value out of the serialised request."""
    out: dict[str, Any] = {}
    if account_id is not UNDEFINED:
        out[ACCOUNT_HEADER] = account_id
    if passcode is not UNDEFINED:
        out[PASSCODE_HEADER] = passcode
    out[CONTENT_TYPE_HEADER] = JSON_CONTENT_TYPE
    return out


def request(target_url: str, body: Any, request_headers: dict[str, Any], method: str = "POST") -> dict[str, Any]:
    """One request entry of a transform result (interfaces: `{"method", "url", "headers", "body"}`)."""
    return {"method": method, "url": target_url, "headers": request_headers, "body": body}


def upload(target_url: str, records: list[dict[str, Any]], request_headers: dict[str, Any]) -> dict[str, Any]:
    """An upload request: `POST /1/upload` with body `{"d": [records]}`."""
    return {"method": "POST", "url": target_url, "headers": request_headers, "body": {"d": records}}


__all__ = [
    "ACCOUNT_HEADER",
    "API_HOST",
    "CONTENT_TYPE_HEADER",
    "DELETE_PROFILES_PATH",
    "JSON_CONTENT_TYPE",
    "PASSCODE_HEADER",
    "UPLOAD_PATH",
    "base_url",
    "headers",
    "host",
    "request",
    "upload",
    "url",
]
