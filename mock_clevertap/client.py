"""A small HTTP client for a running mock: its admin API plus assertions that explain themselves.

Works against any mock reachable over HTTP (the pytest plugin's, one started with `clevertap-harness serve`,
one on another machine), so tests written with it do not depend on running in the mock's process.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import requests

_POSITION = re.compile(r"Skipped record number : (\d+)")


@dataclass
class UploadedRecord:
    """One record of a journaled `/1/upload` request, with what the mock answered for it."""

    entry_id: int
    position: int
    record: Any
    status: int
    rejection: dict[str, Any] | None

    @property
    def accepted(self) -> bool:
        return self.status == 200 and self.rejection is None

    def describe(self) -> str:
        rec = self.record if isinstance(self.record, dict) else {}
        fields = {k: rec.get(k) for k in ("type", "evtName", "identity", "objectId") if rec.get(k) is not None}
        verdict = (
            "accepted"
            if self.accepted
            else (
                f"rejected {self.rejection['code']}: {self.rejection['error']}"
                if self.rejection
                else f"request answered HTTP {self.status}"
            )
        )
        return f"request #{self.entry_id} record {self.position} {json.dumps(fields, ensure_ascii=False)} → {verdict}"


def uploaded_records(entries: Iterable[dict[str, Any]]) -> list[UploadedRecord]:
    """Flatten journal entries of /1/upload into records, pairing each with its rejection if any."""
    out = []
    for entry in entries:
        body = entry.get("body")
        if entry.get("path") != "/1/upload" or not isinstance(body, dict) or not isinstance(body.get("d"), list):
            continue
        response = entry.get("response") or {}
        rejected: dict[int, dict[str, Any]] = {}
        for item in response.get("unprocessed") or []:
            match = _POSITION.search(str(item.get("error", "")))
            if match:
                rejected[int(match.group(1))] = item
        for position, record in enumerate(body["d"], start=1):
            out.append(UploadedRecord(entry["id"], position, record, entry["status"], rejected.get(position)))
    return out


def _similarity(record: Any, wanted: dict[str, Any]) -> float:
    if not isinstance(record, dict):
        return 0.0
    score = 0.0
    for key, value in wanted.items():
        got = record.get(key)
        if got is None:
            continue
        if str(got) == str(value):
            score += 2.0
        else:
            score += difflib.SequenceMatcher(None, str(got), str(value)).ratio()
    return score


def closest(records: list[UploadedRecord], wanted: dict[str, Any], n: int = 5) -> list[UploadedRecord]:
    return sorted(records, key=lambda r: _similarity(r.record, wanted), reverse=True)[:n]


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def differing_fields(
    record: Any, wanted: dict[str, Any], data_key: str | None = None, data: dict[str, Any] | None = None
) -> list[str]:
    """What keeps `record` from matching: `identity: expected "u1", recorded "u2"` for each differing field, and
    the same for each wanted key of its `data_key` object (`evtData.Amount: expected 30, recorded 25`)."""
    if not isinstance(record, dict):
        return [f"record: expected an object, recorded {_shown(record)}"]
    out = []
    for key, value in wanted.items():
        if key not in record:
            out.append(f"{key}: expected {_shown(value)}, missing")
        elif record[key] != value:
            out.append(f"{key}: expected {_shown(value)}, recorded {_shown(record[key])}")
    if data_key is not None and data is not None:
        got = record.get(data_key)
        for key, value in data.items():
            if not isinstance(got, dict) or key not in got:
                out.append(f"{data_key}.{key}: expected {_shown(value)}, missing")
            elif got[key] != value:
                out.append(f"{data_key}.{key}: expected {_shown(value)}, recorded {_shown(got[key])}")
    return out


def _subset(expected: dict[str, Any], actual: Any) -> bool:
    return isinstance(actual, dict) and all(k in actual and actual[k] == v for k, v in expected.items())


ADMIN_TOKEN_ENV = "CLEVERTAP_MOCK_ADMIN_TOKEN"


class MockClient:
    """The admin API of a mock at `url`. `admin_token` (default: $CLEVERTAP_MOCK_ADMIN_TOKEN) is sent as
    `Authorization: Bearer ...` on /_mock calls, for a mock started with `serve --admin-token`."""

    def __init__(
        self,
        url: str,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        admin_token: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout
        token = admin_token if admin_token is not None else os.environ.get(ADMIN_TOKEN_ENV) or None
        self._admin_headers = {"Authorization": f"Bearer {token}"} if token else {}

    # -- admin API --------------------------------------------------------------------------------------------
    def _get(self, admin_path: str, **params: Any) -> Any:
        params = {k: v for k, v in params.items() if v is not None}
        response = self.session.get(
            self.url + admin_path, params=params, timeout=self.timeout, headers=self._admin_headers
        )
        response.raise_for_status()
        return response.json()

    def health(self) -> dict[str, Any]:
        return self._get("/_mock/health")

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries, oldest first; filters as in README.md (Admin API) (path, type, evtName, identity, ...)."""
        return self._get("/_mock/requests", **filters)["requests"]

    def profiles(self) -> list[dict[str, Any]]:
        return self._get("/_mock/profiles")["profiles"]

    def events(self, evtName: str | None = None) -> list[dict[str, Any]]:
        return self._get("/_mock/events", evtName=evtName)["events"]

    def tokens(self) -> list[dict[str, Any]]:
        return self._get("/_mock/tokens")["tokens"]

    def reset(self, only: str | None = None) -> None:
        self.session.post(
            self.url + "/_mock/reset",
            params={"only": only} if only else None,
            timeout=self.timeout,
            headers=self._admin_headers,
        ).raise_for_status()

    def inject_fault(
        self,
        status: int | None = None,
        count: int = 1,
        path: str | None = None,
        delay: float = 0.0,
        error: str | None = None,
    ) -> None:
        """Make the next `count` requests (to `path`) answer `status` and/or take `delay` seconds longer."""
        body = {"status": status, "count": count, "path": path, "delay": delay, "error": error}
        response = self.session.post(
            self.url + "/_mock/faults", json=body, timeout=self.timeout, headers=self._admin_headers
        )
        if response.status_code != 200:
            raise ValueError(response.json().get("error", response.text))

    def clear_faults(self) -> None:
        self.session.delete(
            self.url + "/_mock/faults", timeout=self.timeout, headers=self._admin_headers
        ).raise_for_status()

    def profile(self, account_id: str, passcode: str, **lookup: str) -> dict[str, Any]:
        """`GET /1/profile.json` as a CleverTap client calls it (one of identity=, email=, objectId=)."""
        response = self.session.get(
            self.url + "/1/profile.json",
            params=lookup,
            timeout=self.timeout,
            headers={"X-CleverTap-Account-Id": account_id, "X-CleverTap-Passcode": passcode},
        )
        return response.json()

    def uploaded(self) -> list[UploadedRecord]:
        return uploaded_records(self.requests(path="/1/upload"))

    # -- assertions -------------------------------------------------------------------------------------------
    def _assert_record(
        self,
        wanted: dict[str, Any],
        data_key: str,
        data: dict[str, Any] | None,
        count: int | None,
        accepted: bool,
        what: str,
    ) -> list[UploadedRecord]:
        __tracebackhide__ = True  # a failing assertion points at the test's line, not at this helper
        records = self.uploaded()
        matches = [
            r
            for r in records
            if _subset(wanted, r.record)
            and (data is None or _subset(data, r.record.get(data_key)))
            and (r.accepted or not accepted)
        ]
        ok = len(matches) == count if count is not None else bool(matches)
        if not ok:
            expectation = f"exactly {count}" if count is not None else "at least one"
            lines = [
                f"expected {expectation} {'accepted ' if accepted else ''}{what} matching "
                f"{json.dumps({**wanted, **({data_key: data} if data else {})}, ensure_ascii=False)}, "
                f"found {len(matches)} among {len(records)} uploaded record(s)."
            ]
            near = closest(records, wanted)
            if near:
                lines.append("Closest recorded records:")
                for r in near:
                    lines.append("  " + r.describe())
                    if data is not None and isinstance(r.record, dict):
                        lines.append(f"      {data_key}: {json.dumps(r.record.get(data_key), ensure_ascii=False)}")
                    for difference in differing_fields(r.record, wanted, data_key, data):
                        lines.append("      " + difference)
            else:
                lines.append("The mock has recorded no /1/upload requests.")
            raise AssertionError("\n".join(lines))
        return matches

    def assert_event_uploaded(
        self,
        evt_name: str,
        identity: str | None = None,
        object_id: str | None = None,
        props: dict[str, Any] | None = None,
        count: int | None = None,
        accepted: bool = True,
    ) -> list[UploadedRecord]:
        """Assert an event named `evt_name` was uploaded (for `identity` / `object_id`, with `props` a subset
        of its evtData); on failure the message lists the closest recorded records and why each differs."""
        __tracebackhide__ = True
        wanted = {"type": "event", "evtName": evt_name}
        if identity is not None:
            wanted["identity"] = identity
        if object_id is not None:
            wanted["objectId"] = object_id
        return self._assert_record(wanted, "evtData", props, count, accepted, "event")

    def assert_profile_uploaded(
        self,
        identity: str | None = None,
        object_id: str | None = None,
        profile_data: dict[str, Any] | None = None,
        count: int | None = None,
        accepted: bool = True,
    ) -> list[UploadedRecord]:
        __tracebackhide__ = True
        wanted: dict[str, Any] = {"type": "profile"}
        if identity is not None:
            wanted["identity"] = identity
        if object_id is not None:
            wanted["objectId"] = object_id
        return self._assert_record(wanted, "profileData", profile_data, count, accepted, "profile record")

    def assert_no_rejections(self) -> None:
        """Every uploaded record was accepted and every request answered 2xx."""
        __tracebackhide__ = True
        bad = [r for r in self.uploaded() if not r.accepted]
        failed = [e for e in self.requests() if e["status"] >= 300 and e["path"] != "/1/upload"]
        if bad or failed:
            lines = [f"{len(bad)} rejected record(s), {len(failed)} failed request(s):"]
            lines += ["  " + r.describe() for r in bad[:20]]
            lines += [
                f"  request #{e['id']} {e['method']} {e['path']} → HTTP {e['status']} {e['response']}"
                for e in failed[:20]
            ]
            raise AssertionError("\n".join(lines))
