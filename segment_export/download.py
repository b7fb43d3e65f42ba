"""Client of CleverTap's cursor download APIs (`/1/events.json`, `/1/profiles.json`): the export's input edge.

Step 1 posts the query with `batch_size` and gets a `cursor`; step 2 GETs `?cursor=` until an answer carries no
`next_cursor` (docs/clevertap-to-segment.md, "CleverTap's download APIs"). The cursor is passed on exactly as
given: a third-party client reports that CleverTap's cursors come percent-encoded already and that encoding
them again is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import requests

MAX_BATCH_SIZE = 5000
IN_PROGRESS_CODE = 2  # "Request still in progress": ask again after a pause (third-party report)
RETRY_HTTP = frozenset({429, 500, 502, 503, 504})


class DownloadError(RuntimeError):
    """The download API refused or failed; the message carries CleverTap's own error text."""


class Downloader:
    def __init__(
        self,
        base_url: str,
        account: str,
        passcode: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 6,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {
            "X-CleverTap-Account-Id": account,
            "X-CleverTap-Passcode": passcode,
            "Content-Type": "application/json",
        }
        self.session = session or requests.Session()
        self.sleep = sleep
        self.max_retries = max_retries
        self.timeout = timeout

    def _call(self, method: str, url: str, body: Any = None) -> dict[str, Any]:
        for attempt in range(self.max_retries + 1):
            try:
                response = self.session.request(method, url, json=body, headers=self.headers, timeout=self.timeout)
            except requests.RequestException as exc:
                if attempt == self.max_retries:
                    raise DownloadError(f"{method} {url}: {exc}") from None
                self.sleep(min(0.5 * 2**attempt, 30))
                continue
            try:
                answer = response.json()
            except ValueError:
                answer = None
            in_progress = isinstance(answer, dict) and answer.get("code") == IN_PROGRESS_CODE
            if (response.status_code in RETRY_HTTP or in_progress) and attempt < self.max_retries:
                self.sleep(min(0.5 * 2**attempt, 30))
                continue
            if not isinstance(answer, dict):
                raise DownloadError(f"{method} {url}: HTTP {response.status_code}, not a JSON object")
            if response.status_code != 200 or answer.get("status") != "success":
                error = answer.get("error") or answer.get("message") or f"status {answer.get('status')!r}"
                raise DownloadError(f"{method} {url}: HTTP {response.status_code}: {error}")
            return answer
        raise DownloadError(f"{method} {url}: gave up after {self.max_retries} retries")  # pragma: no cover

    def records(self, kind: str, query: dict[str, Any], batch_size: int = MAX_BATCH_SIZE) -> Iterator[dict[str, Any]]:
        """Every record of one query, page by page (`kind` is `events` or `profiles`)."""
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}")
        url = f"{self.base_url}/1/{kind}.json"
        answer = self._call("POST", f"{url}?batch_size={batch_size}", query)
        cursor = answer.get("cursor")
        while cursor:
            page = self._call("GET", f"{url}?cursor={cursor}")
            yield from page.get("records") or []
            cursor = page.get("next_cursor")


def event_query(event_name: str, from_date: int, to_date: int) -> dict[str, Any]:
    """The documented query body: the event name and a `from`/`to` date range as YYYYMMDD integers."""
    return {"event_name": event_name, "from": from_date, "to": to_date}
