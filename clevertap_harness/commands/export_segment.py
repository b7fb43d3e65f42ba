"""Simulate CleverTap's Segment export: read events or profiles through CleverTap's download APIs (the mock's or
a real account's) and send what the export would send to a Segment endpoint (the mock's or a real one).

Prints a one-line summary (records read, messages sent, requests, rejected); exits 1 when a download or a send
failed, 2 for a usage error. Choices no public document settles are options whose defaults are the project's
proposal (docs/clevertap-to-segment.md, "Modelled choices").
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

from segment_export import ExportSettings, export_segment
from segment_export.catalog import EVENT_CHOICES, events_for
from segment_export.settings import ANONYMOUS_ID_SOURCES, ENDPOINT_MODES, KINDS, USER_ID_SOURCES

from ..errors import UsageError

LOOKBACK_DAYS = 60  # CleverTap's one-time export covers a window within the last 60 days


def _date(text: str) -> int:
    try:
        datetime.strptime(text, "%Y%m%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYYMMDD") from None
    return int(text)


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="from_url",
        required=True,
        metavar="URL",
        help="CleverTap API base URL: the mock (http://127.0.0.1:8080) or https://<region>.api.clevertap.com",
    )
    parser.add_argument("--account", required=True, help="CleverTap account id")
    parser.add_argument("--passcode", required=True, help="CleverTap passcode")
    parser.add_argument("--write-key", required=True, help="the Segment source's write key")
    parser.add_argument(
        "--to",
        dest="to_url",
        required=True,
        metavar="URL",
        help="Segment endpoint base: the mock's (http://127.0.0.1:8080/segment, .../segment/eu1) "
        "or https://api.segment.io / https://events.eu1.segmentapis.com",
    )
    parser.add_argument("--kind", choices=KINDS, default="events", help="export data type (default events)")
    parser.add_argument(
        "--events",
        type=_names,
        metavar="NAME,...",
        help="event names to export (events) or whose users to export (profiles)",
    )
    parser.add_argument(
        "--event-choice",
        choices=tuple(EVENT_CHOICES),
        default="engagement",
        help="CleverTap's event list when --events is not given (events kind; default engagement)",
    )
    parser.add_argument("--from-date", type=_date, metavar="YYYYMMDD", help=f"default: {LOOKBACK_DAYS} days ago")
    parser.add_argument("--to-date", type=_date, metavar="YYYYMMDD", help="default: today (UTC)")
    parser.add_argument(
        "--user-id", choices=USER_ID_SOURCES, default="identity", help="userId source (default identity)"
    )
    parser.add_argument(
        "--user-id-fallback",
        type=_names,
        default=[],
        metavar="SOURCE,...",
        help="sources tried in order when the userId source is empty, e.g. email,phone,objectId",
    )
    parser.add_argument(
        "--anonymous-id",
        choices=ANONYMOUS_ID_SOURCES,
        default="objectId",
        help="anonymousId source (default objectId, the CleverTap ID)",
    )
    parser.add_argument("--region", choices=("us", "eu"), default="us", help="Segment workspace region (default us)")
    parser.add_argument("--export-id", default="export", help="names this export in every messageId")
    parser.add_argument("--endpoint", choices=ENDPOINT_MODES, default="batch", help="/v1/batch (default) or per call")
    parser.add_argument("--no-integration-context", action="store_true", help="omit context.integration")
    parser.add_argument("--no-context-traits", action="store_true", help="omit profile traits in a track's context")
    parser.add_argument("--batch-size", type=int, default=5000, help="download page size, 1..5000 (default 5000)")
    parser.add_argument("--max-retries", type=int, default=10, help="retries per Segment request (default 10)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON instead of one line")


def _progress(stage: str, done: int, total: int) -> None:
    text = f"reading: {done} records" if stage == "read" else f"sending: {done}/{total} requests"
    print(f"\r{text}\033[K", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    today = datetime.now(UTC).date()
    from_date = args.from_date or int((today - timedelta(days=LOOKBACK_DAYS)).strftime("%Y%m%d"))
    to_date = args.to_date or int(today.strftime("%Y%m%d"))
    if from_date > to_date:
        raise UsageError(f"--from-date {from_date} is after --to-date {to_date}")
    if not 1 <= args.batch_size <= 5000:
        raise UsageError("--batch-size must be from 1 to 5000")
    if args.max_retries < 0:
        raise UsageError("--max-retries must not be negative")
    try:
        settings = ExportSettings(
            kind=args.kind,
            region=args.region,
            account=args.account,
            export_id=args.export_id,
            user_id=args.user_id,
            user_id_fallback=tuple(args.user_id_fallback),
            anonymous_id=args.anonymous_id,
            integration_context=not args.no_integration_context,
            context_traits=not args.no_context_traits,
            endpoint=args.endpoint,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    events = args.events or (events_for(args.event_choice) if args.kind == "events" else None)
    on_tty = sys.stderr.isatty()
    summary = export_segment(
        from_url=args.from_url,
        account=args.account,
        passcode=args.passcode,
        write_key=args.write_key,
        to_url=args.to_url,
        settings=settings,
        events=events,
        from_date=from_date,
        to_date=to_date,
        batch_size=args.batch_size,
        progress=_progress if on_tty else None,
        max_retries=args.max_retries,
    )
    if on_tty:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        print(f"export-segment: {summary.line()}")
    if not summary.ok:
        print(f"clevertap-harness export-segment: {summary.error}", file=sys.stderr)
        return 1
    return 0
