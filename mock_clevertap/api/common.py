"""What every CleverTap endpoint does first: authenticate, then read the JSON body; and the request's transaction.

Views run inside the transaction `app.py` opens for the request (state and journal entry commit together), so
they use `txn()` rather than opening one.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app, g, request

from ..config import MockConfig
from ..responses import MALFORMED, ApiError, ParsedBody, parse_body
from ..store import StateTxn, Store


def config() -> MockConfig:
    return current_app.extensions["clevertap_config"]


def store() -> Store:
    return current_app.extensions["clevertap_store"]


def txn() -> StateTxn:
    """The store transaction of this request, opened by the app before the view runs."""
    return g.ct_txn


def _passcode_ok(given: str, allowed: frozenset[str]) -> bool:
    return any(
        hmac.compare_digest(given.encode("utf-8", "surrogatepass"), p.encode("utf-8", "surrogatepass")) for p in allowed
    )


def authenticate() -> str:
    """Check `X-CleverTap-Account-Id` / `X-CleverTap-Passcode` (header names are case-insensitive, as HTTP and
    CleverTap's own Ruby snippet with `X-Clevertap-Account-Id` require). Missing headers, an unknown account
    and a wrong passcode all answer 401 with the same body, as the recorded 401s do."""
    account = request.headers.get("X-CleverTap-Account-Id", "").strip()
    passcode = request.headers.get("X-CleverTap-Passcode", "").strip()
    g.ct_account = account or None
    cfg = config()
    if not account or not passcode:
        raise ApiError(cfg.auth_error, 401)
    if cfg.accounts is not None and not _passcode_ok(passcode, cfg.accounts.get(account, frozenset())):
        raise ApiError(cfg.auth_error, 401)
    return account


def parsed_body() -> ParsedBody:
    parsed = g.get("ct_parsed")
    if parsed is None:
        parsed = g.ct_parsed = parse_body(request.get_data(cache=True))
    return parsed


def json_body() -> Any:
    """The parsed JSON body; 400 `Malformed request` (CleverTap's text) when it is not UTF-8 JSON."""
    parsed = parsed_body()
    if not parsed.ok or parsed.value is None:
        raise ApiError(MALFORMED, 400)
    return parsed.value


def json_object() -> dict[str, Any]:
    body = json_body()
    if not isinstance(body, dict):
        raise ApiError(MALFORMED, 400)
    return body


def id_list(value: Any, limit: int, name: str) -> list[str]:
    """A string or a list of strings, at most `limit` of them (delete and demerge bodies)."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        raise ApiError(f"'{name}' must be a non-empty string or a list of non-empty strings", 400)
    if len(items) > limit:
        raise ApiError(f"Max {limit} are allowed", 400)
    return items
