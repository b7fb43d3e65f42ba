"""CleverTap's concurrency limit and a queue of injected faults, so clients' retry paths can be tested.

CleverTap limits concurrent requests per account, not requests per minute (api-request-limit page): 15 at once
for uploads, 3 for the other APIs, answering 429 "Too many concurrent requests" beyond that. The fault queue is
moto's and WireMock's idea: tell the mock that the next N requests (to a path) answer 429/500/503 or are slow.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from .regions import split_region_prefix

TOO_MANY = "Too many concurrent requests"  # the docs' message; the body shape is inferred from the 400/401 ones
MIN_DELAY = 0.001  # a delay-only fault shorter than this would do nothing measurable
FAULT_STATUSES = frozenset({400, 401, 429, 500, 502, 503, 504})
FAULT_TEXTS = {
    400: "Malformed request",
    429: TOO_MANY,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ConcurrencyLimiter:
    """Counts requests in flight per (account, family); `enter` refuses past the family's limit."""

    def __init__(self, limits: dict[str, int]) -> None:
        self.limits = limits
        self._active: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def enter(self, account: str, family: str) -> bool:
        key = (account, family)
        with self._lock:
            if self._active[key] >= self.limits[family]:
                return False
            self._active[key] += 1
            return True

    def leave(self, account: str, family: str) -> None:
        key = (account, family)
        with self._lock:
            self._active[key] -= 1
            if self._active[key] <= 0:
                del self._active[key]


@dataclass
class Fault:
    status: int | None  # None: answer normally, after `delay`
    remaining: int
    path: str | None = None
    delay: float = 0.0
    error: str | None = None
    retry_after: int | None = None  # seconds, answered as a Retry-After header (Segment's 429 carries one)

    def text(self, auth_error: str) -> str:
        if self.error:
            return self.error
        if self.status is None or self.status == 401:
            return auth_error
        return FAULT_TEXTS[self.status]


class FaultQueue:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, path: str) -> Fault | None:
        """The first queued fault for this path (or for any path), used up one request at a time."""
        with self._lock:
            for fault in self._faults:
                if fault.path is None or fault.path == path:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(f) for f in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


def parse_fault(body: Any) -> Fault:
    """Validate an admin request body into a Fault; ValueError names the problem."""
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object")
    status = body.get("status")
    if status is not None and (type(status) is not int or status not in FAULT_STATUSES):
        raise ValueError(f"'status' must be one of {', '.join(map(str, sorted(FAULT_STATUSES)))} or null")
    count = body.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError("'count' must be a positive integer")
    delay = body.get("delay", 0)
    if not isinstance(delay, (int, float)) or isinstance(delay, bool) or not 0 <= delay <= 60:
        raise ValueError("'delay' must be a number of seconds between 0 and 60")
    path = body.get("path")
    if path is not None and (not isinstance(path, str) or not path.startswith("/")):
        raise ValueError("'path' must be a path such as /1/upload")
    if path is not None:  # requests are matched after their region prefix is stripped: /in1/1/upload is /1/upload
        path = split_region_prefix(path)[1]
    error = body.get("error")
    if error is not None and not isinstance(error, str):
        raise ValueError("'error' must be a string")
    retry_after = body.get("retry_after")
    if retry_after is not None and (type(retry_after) is not int or not 0 <= retry_after <= 3600):
        raise ValueError("'retry_after' must be a whole number of seconds between 0 and 3600")
    if status is None and delay < MIN_DELAY:
        raise ValueError(f"give a 'status', a 'delay' of at least {MIN_DELAY} s, or both")
    return Fault(status=status, remaining=count, path=path, delay=float(delay), error=error, retry_after=retry_after)


def hold(seconds: float, slots: threading.BoundedSemaphore | None) -> None:
    """Sleep for an injected delay, holding the request's worker, but only while a delay slot is free: workers
    are shared with the admin API, so delays never take the last ones (a delay beyond the slots is skipped; the
    fault's status, if any, is still answered)."""
    if seconds <= 0:
        return
    if slots is None:
        time.sleep(seconds)
    elif slots.acquire(blocking=False):
        try:
            time.sleep(seconds)
        finally:
            slots.release()
