"""The mock invariants: transformer output posted to the CleverTap mock in-process (Flask test client).

- `valid_records_accepted_by_mock`: every upload record built from a *valid* event is `processed`, or rejected
  with exactly the code `invariants.expected_rejection` documents for it. Records of one batch of events are
  posted together (up to CleverTap's 1000 records / 100 tokens per request) with `dryRun=1`, so the mock keeps
  no state between them and validation costs ~12 µs a record; a whole-request failure falls back to one post
  per record. Deletion requests (Segment Actions) are posted as they are.
- `mock_answers_every_body`: every request body of every event, broken ones included, gets a well-formed
  CleverTap answer from the mock (never a 5xx, never a non-JSON body).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from mock_clevertap import MockConfig, create_app

from .invariants import MOCK_INVARIANT, MOCK_ROBUSTNESS_INVARIANT, Case, expected_rejection

_POSITION = re.compile(r"Skipped record number : (\d+)")
UPLOAD_PATH = "/1/upload"
MAX_RECORDS = 1000
MAX_TOKENS = 100


def _path(url: str) -> str:
    m = re.match(r"^https?://[^/]+(/.*)$", url)
    return m.group(1) if m else url


class MockValidator:
    """One in-process mock app and test client, reused for a whole run (reset between batches)."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.app = create_app(config or MockConfig(enforce_concurrency=False, journal_cap=5000))
        self.client = self.app.test_client()

    def reset(self) -> None:
        self.client.post("/_mock/reset")

    def post(self, path: str, body: Any, headers: dict[str, Any], dry_run: bool = False) -> tuple[int, Any]:
        hdrs = {k: str(v) for k, v in headers.items() if v is not None and k != "Content-Type"}
        url = path + ("?dryRun=1" if dry_run else "")
        # ASCII escapes: a JavaScript string may hold a lone surrogate (RudderStack splits strings into UTF-16
        # units), which JSON.stringify writes as \udxxx and UTF-8 cannot encode raw.
        data = json.dumps(body, ensure_ascii=True)
        resp = self.client.post(url, data=data.encode("ascii"), headers=hdrs, content_type="application/json")
        try:
            payload = json.loads(resp.get_data(as_text=True))
        except ValueError:
            payload = None
        return resp.status_code, payload

    # --- valid records ----------------------------------------------------------------------------------------
    def check_valid(self, cases: Iterable[Case]) -> dict[int, str]:
        """Failures of `valid_records_accepted_by_mock`, keyed by position in `cases`."""
        failures: dict[int, str] = {}
        pending: dict[str, list[tuple[int, dict[str, Any], int | None]]] = {}
        header_of: dict[str, dict[str, Any]] = {}
        for pos, case in enumerate(cases):
            if not case.valid or not isinstance(case.result, dict):
                continue
            for req in case.result.get("requests") or []:
                if not isinstance(req, dict):
                    continue
                path = _path(str(req.get("url", "")))
                body = req.get("body")
                headers = req.get("headers")
                headers = headers if isinstance(headers, dict) else {}
                if path != UPLOAD_PATH:
                    status, payload = self.post(path, body, headers)
                    if status != 200 or not isinstance(payload, dict) or payload.get("status") != "success":
                        failures.setdefault(pos, f"{path} answered {status} {_short(payload)}")
                    continue
                if not isinstance(body, dict) or not isinstance(body.get("d"), list):
                    failures.setdefault(pos, f"upload body without a 'd' list: {_short(body)}")
                    continue
                key = json.dumps(headers, sort_keys=True, default=str)
                header_of[key] = headers
                for record in body["d"]:
                    want = expected_rejection(case.target, record) if isinstance(record, dict) else None
                    pending.setdefault(key, []).append((pos, record, want))
        for key, items in pending.items():
            for chunk in _chunks(items):
                self._post_records(chunk, header_of[key], failures)
        return failures

    def _post_records(
        self, chunk: list[tuple[int, Any, int | None]], headers: dict[str, Any], failures: dict[int, str]
    ) -> None:
        status, payload = self.post(UPLOAD_PATH, {"d": [r for _, r, _ in chunk]}, headers, dry_run=True)
        if status != 200 or not isinstance(payload, dict) or "unprocessed" not in payload:
            if len(chunk) > 1:
                for item in chunk:
                    self._post_records([item], headers, failures)
            else:
                failures.setdefault(chunk[0][0], f"upload answered {status} {_short(payload)}")
            return
        rejected: dict[int, dict[str, Any]] = {}
        for entry in payload["unprocessed"]:
            m = _POSITION.search(str(entry.get("error", "")))
            if m:
                rejected[int(m.group(1)) - 1] = entry
        for i, (pos, record, want) in enumerate(chunk):
            entry = rejected.get(i)
            got = entry.get("code") if entry else None
            if got == want:
                continue
            if want is None:
                failures.setdefault(pos, f"record rejected with {got}: {(entry or {}).get('error')} — {_short(record)}")
            elif got is None:
                failures.setdefault(
                    pos, f"record processed, but its documented CleverTap answer is {want}: {_short(record)}"
                )
            else:
                failures.setdefault(pos, f"record rejected with {got} ({(entry or {}).get('error')}), expected {want}")

    # --- every body -------------------------------------------------------------------------------------------
    def check_robust(self, cases: Iterable[Case], only_invalid: bool = True) -> dict[int, str]:
        """Failures of `mock_answers_every_body` (by default only for broken events: valid ones were posted)."""
        failures: dict[int, str] = {}
        for pos, case in enumerate(cases):
            if only_invalid and case.valid:
                continue
            if not isinstance(case.result, dict):
                continue
            for req in case.result.get("requests") or []:
                if not isinstance(req, dict):
                    continue
                path = _path(str(req.get("url", "")))
                headers = req.get("headers")
                headers = headers if isinstance(headers, dict) else {}
                try:
                    status, payload = self.post(path, req.get("body"), headers, dry_run=path == UPLOAD_PATH)
                except Exception as exc:  # noqa: BLE001 - the mock must never raise
                    failures.setdefault(pos, f"mock raised {type(exc).__name__}: {exc}")
                    continue
                if status >= 500 or not isinstance(payload, dict) or "status" not in payload:
                    failures.setdefault(pos, f"{path} answered {status} {_short(payload)}")
        return failures

    def check(self, cases: list[Case]) -> dict[int, list[tuple[str, str]]]:
        out: dict[int, list[tuple[str, str]]] = {}
        for pos, message in self.check_valid(cases).items():
            out.setdefault(pos, []).append((MOCK_INVARIANT, message))
        for pos, message in self.check_robust(cases).items():
            out.setdefault(pos, []).append((MOCK_ROBUSTNESS_INVARIANT, message))
        self.reset()
        return out


def _chunks(items: list[tuple[int, Any, int | None]]) -> Iterable[list[tuple[int, Any, int | None]]]:
    chunk: list[tuple[int, Any, int | None]] = []
    tokens = 0
    for item in items:
        is_token = isinstance(item[1], dict) and item[1].get("type") == "token"
        if len(chunk) >= MAX_RECORDS or (is_token and tokens >= MAX_TOKENS):
            yield chunk
            chunk, tokens = [], 0
        chunk.append(item)
        tokens += is_token
    if chunk:
        yield chunk


def _short(value: Any, limit: int = 200) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"
