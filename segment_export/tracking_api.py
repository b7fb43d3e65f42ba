"""Facts about Segment's HTTP Tracking API shared by the sender (this package) and the mock's receiver.

Every value here is documented by Segment (docs/clevertap-to-segment.md, "Segment's HTTP Tracking API"):
hosts per region, the call types, the size and count limits, and the retry rules of Segment's own Python client.
"""

from __future__ import annotations

import base64
import json
from typing import Any

HOSTS = {"us": "api.segment.io", "eu": "events.eu1.segmentapis.com"}
REGION_OF_HOST = {host: region for region, host in HOSTS.items()}
CALL_TYPES = ("identify", "track", "page", "screen", "group", "alias")
ENDPOINTS = (*CALL_TYPES, "batch")

MAX_MESSAGE_BYTES = 32 * 1024  # "32KB per message"
MAX_BATCH_BYTES = 500 * 1024  # "500KB per batch request"
MAX_BATCH_MESSAGES = 2500  # "2500 events per batch"
MAX_MESSAGE_ID_CHARS = 100  # messageId "should be unique, under 100 characters" (documented as a recommendation)

# analytics-python's consumer retries these statuses; every other 4xx is final.
RETRY_STATUSES = frozenset({408, 410, 429, 460})
NO_RETRY_5XX = frozenset({501, 505})


def should_retry(status: int) -> bool:
    """True for statuses Segment's Python client retries: 408, 410, 429, 460 and 5xx except 501 and 505."""
    return status in RETRY_STATUSES or (500 <= status < 600 and status not in NO_RETRY_5XX)


def basic_auth(write_key: str) -> str:
    """`Authorization` value for a write key: Basic with the key as user name and an empty password."""
    return "Basic " + base64.b64encode(f"{write_key}:".encode()).decode("ascii")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_COMPACT_ASCII = json.JSONEncoder(separators=(",", ":"))


def encode(value: Any) -> bytes:
    """The exact bytes the sender puts on the wire: compact UTF-8 JSON (a lone surrogate, which UTF-8 cannot
    carry, is written as a `\\u` escape instead)."""
    text = _COMPACT.encode(value)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _COMPACT_ASCII.encode(value).encode("ascii")


def json_size(value: Any) -> int:
    """Bytes of `encode(value)`: what both sides measure against the limits, and what is sent."""
    return len(encode(value))
