"""The simulated export end to end: download -> map -> batch -> send, and the pure `simulate` the goldens run.

`export_segment` is what `clevertap-harness export-segment` calls (the same as a Python function); `simulate`
is the same pipeline without I/O, turning download records into the exact requests the export would send.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from . import tracking_api
from .batching import Plan, plan_requests
from .catalog import events_for
from .download import Downloader, DownloadError, event_query
from .mapping import iso, map_records
from .sender import Sender
from .settings import ExportSettings

# One query's results: the event name asked for (None for a profiles query without one) and its records.
Pages = Iterable[tuple[str | None, list[Any]]]
DEFAULT_PROFILE_EVENTS = ("App Launched",)  # project choice: the profiles API needs an event; every app user has it


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class ExportSummary:
    records_read: int = 0
    messages_sent: int = 0
    batches: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)  # records that could not become a message
    dropped: list[dict[str, Any]] = field(default_factory=list)  # messages over Segment's limits
    refused: list[dict[str, Any]] = field(default_factory=list)  # requests the endpoint did not accept
    error: str | None = None

    @property
    def rejected(self) -> int:
        return len(self.skipped) + len(self.dropped) + sum(r["messages"] for r in self.refused)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.refused

    def line(self) -> str:
        """The one-line summary the command prints."""
        text = (
            f"{_count(self.records_read, 'record')} read, {_count(self.messages_sent, 'message')} sent in "
            f"{_count(self.batches, 'request')}, {self.rejected} rejected ({len(self.skipped)} without id, "
            f"{len(self.dropped)} over the size limit, {sum(r['messages'] for r in self.refused)} refused)"
        )
        return text + (f"; failed: {self.error}" if self.error else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "records_read": self.records_read,
            "messages_sent": self.messages_sent,
            "batches": self.batches,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "dropped": self.dropped,
            "refused": self.refused,
            "error": self.error,
        }


def _as_of(settings: ExportSettings) -> datetime:
    if settings.as_of:
        return datetime.fromisoformat(settings.as_of.replace("Z", "+00:00")).astimezone(UTC)
    return datetime.now(UTC)


def _dedupe_profiles(records: list[Any]) -> list[Any]:
    """The same user returned by several event queries is one identify."""
    seen: set[str] = set()
    out = []
    for record in records:
        key = None
        if isinstance(record, dict):
            for name in ("guid", "objectId", "identity"):
                if record.get(name):
                    key = f"{name}:{record[name]}"
                    break
        if key is None or key not in seen:
            out.append(record)
            if key is not None:
                seen.add(key)
    return out


def plan(pages: Pages, settings: ExportSettings) -> tuple[int, Plan, list[dict[str, Any]]]:
    """(records read, the request plan, skipped records) for download pages, without any I/O."""
    pairs: list[tuple[str | None, Any]] = []
    for name, records in pages:
        pairs.extend((name, record) for record in records)
    if settings.kind == "profiles":
        kept = _dedupe_profiles([record for _, record in pairs])
        pairs = [(None, record) for record in kept]
    outcomes = map_records(pairs, settings, _as_of(settings))
    skipped = [{"index": i, "reason": o.skipped} for i, o in enumerate(outcomes) if o.message is None]
    messages = [o.message for o in outcomes if o.message is not None]
    return len(pairs), plan_requests(messages, settings), skipped


def simulate(pages: Pages, settings: ExportSettings, write_key: str) -> dict[str, Any]:
    """The requests the export would send to Segment's real host for `settings.region`, as a golden pins them:
    `{"requests": [request as `transform` prints it, ...], "skipped": [...], "dropped": [...]}`; `sentAt` is `as_of`."""
    _, request_plan, skipped = plan(pages, settings)
    host = tracking_api.HOSTS[settings.region]
    sent_at = iso(_as_of(settings))
    requests_out = [
        {
            "method": "POST",
            "url": f"https://{host}/v1/{endpoint}",
            "headers": {"Content-Type": "application/json", "Authorization": tracking_api.basic_auth(write_key)},
            "body": {**body, "sentAt": sent_at},
        }
        for endpoint, body in request_plan.bodies
    ]
    return {"requests": requests_out, "skipped": skipped, "dropped": request_plan.dropped}


def default_to_url(region: str) -> str:
    return f"https://{tracking_api.HOSTS[region]}"


def export_segment(
    *,
    from_url: str,
    account: str,
    passcode: str,
    write_key: str,
    to_url: str | None = None,
    settings: ExportSettings | None = None,
    events: list[str] | None = None,
    from_date: int,
    to_date: int,
    batch_size: int = 5000,
    session: requests.Session | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    max_retries: int = 10,
) -> ExportSummary:
    """Read through CleverTap's download APIs at `from_url` and send what the Segment export would send to
    `to_url` (default: Segment's real host for the region). Failures end up in the summary, never raised."""
    settings = settings or ExportSettings(account=account)
    if not settings.account:
        settings = dataclasses.replace(settings, account=account)
    session = session or requests.Session()
    pause = sleep or time.sleep
    downloader = Downloader(from_url, account, passcode, session=session, sleep=pause)
    sender = Sender(
        to_url or default_to_url(settings.region), write_key, session=session, max_retries=max_retries, sleep=pause
    )
    summary = ExportSummary()
    names = events or (list(DEFAULT_PROFILE_EVENTS) if settings.kind == "profiles" else events_for("engagement"))
    pages: list[tuple[str | None, list[Any]]] = []
    try:
        for name in names:
            records = []
            for record in downloader.records(settings.kind, event_query(name, from_date, to_date), batch_size):
                records.append(record)
                if progress:
                    progress("read", summary.records_read + len(records), 0)
            summary.records_read += len(records)
            pages.append((name, records))
    except DownloadError as exc:
        summary.error = str(exc)
        return summary
    read, request_plan, skipped = plan(pages, settings)
    summary.records_read = read
    summary.skipped, summary.dropped = skipped, request_plan.dropped
    total = len(request_plan.bodies)
    for number, (endpoint, body) in enumerate(request_plan.bodies, start=1):
        count = len(body["batch"]) if endpoint == "batch" else 1
        result = sender.send(endpoint, body)
        if result.ok:
            summary.batches += 1
            summary.messages_sent += count
        else:
            summary.refused.append(
                {
                    "request": number,
                    "endpoint": endpoint,
                    "status": result.status,
                    "messages": count,
                    "error": result.error,
                    "attempts": result.attempts,
                }
            )
        if progress:
            progress("send", number, total)
    if summary.refused:
        first = summary.refused[0]
        summary.error = (
            f"{len(summary.refused)} request(s) not accepted (first: HTTP {first['status']}: {first['error']})"
        )
    return summary
