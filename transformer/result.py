"""Result entries of README.md#transforming-events, built as plain JSON-ready dicts.

Results are dicts rather than classes because every consumer (the CLI, `verify`, deepdiff, the mock) wants the
JSON form, and building it directly keeps the hot path free of a conversion step.
"""

from __future__ import annotations

from typing import Any

from . import clevertap

JSON_CONTENT_TYPE = clevertap.JSON_CONTENT_TYPE  # re-exported for the Segment flavours


class TransformError(Exception):
    """Raised inside a flavour when an event cannot be transformed.

    `message` is the text the peer platform reports (for RudderStack, rudder-transformer's exact words) and
    `status` the HTTP-style status it reports with it.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def request(url: str, body: Any, headers: dict[str, str], method: str = "POST") -> dict[str, Any]:
    return clevertap.request(url, body, headers, method)


def sdk_call(sdk: str, method: str, *args: Any) -> dict[str, Any]:
    return {"sdk": sdk, "method": method, "args": list(args)}


def error_result(message: str, status: int = 400) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}


def internal_error_result(exc: Exception) -> dict[str, Any]:
    """The entry for an exception no flavour documents: a bug in this project, reported as a structured 500 naming
    it, so one event never crashes a batch."""
    return error_result(f"internal transformer error: {type(exc).__name__}: {exc}", 500)


def clevertap_headers(account_id: Any, passcode: Any) -> dict[str, str]:
    """The three headers every CleverTap server API call carries (transformer/clevertap.py)."""
    return clevertap.headers(account_id, passcode)
