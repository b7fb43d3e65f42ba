"""What every CleverTap endpoint does first: authenticate, then read the JSON body."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request

from ..config import MockConfig
from ..responses import MALFORMED, ApiError, strict_loads
from ..store import Store


def config() -> MockConfig:
    return current_app.extensions["clevertap_config"]


def store() -> Store:
    return current_app.extensions["clevertap_store"]


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
    if cfg.accounts is not None and passcode not in cfg.accounts.get(account, ()):
        raise ApiError(cfg.auth_error, 401)
    return account


def json_body() -> Any:
    """The parsed JSON body; 400 `Malformed request` (CleverTap's text) when it is not JSON."""
    if "ct_body" in g:
        return g.ct_body
    raw = request.get_data(cache=True)
    try:
        body = strict_loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        g.ct_body = None
        raise ApiError(MALFORMED, 400) from None
    g.ct_body = body
    if body is None:
        raise ApiError(MALFORMED, 400)
    return body


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
