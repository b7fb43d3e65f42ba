"""Run the CleverTap mock on a real WSGI server (waitress) until stopped.

Accounts come from `--account ID:PASSCODE` (repeatable) or CLEVERTAP_MOCK_ACCOUNTS="ID:PASS,ID2:PASS2"; with none
configured the mock accepts any non-empty account id and passcode.
"""

from __future__ import annotations

import argparse
import os

from mock_clevertap.config import MockConfig, parse_accounts

from ..errors import UsageError

DEFAULT_DB = "clevertap-mock.sqlite3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("CLEVERTAP_MOCK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLEVERTAP_MOCK_PORT", "8080")))
    parser.add_argument(
        "--db",
        default=os.environ.get("CLEVERTAP_MOCK_DB", DEFAULT_DB),
        help=f"SQLite file for the journal and state (default ./{DEFAULT_DB}); ':memory:' keeps nothing",
    )
    parser.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ID:PASSCODE",
        help="accept this account (repeatable); default: $CLEVERTAP_MOCK_ACCOUNTS, else any credentials",
    )
    parser.add_argument("--journal-cap", type=int, default=100_000, help="journal entries kept (oldest dropped)")
    parser.add_argument("--threads", type=int, default=8, help="WSGI worker threads")
    parser.add_argument("--quiet", action="store_true", help="do not print the listening address")


def run(args: argparse.Namespace) -> int:
    from mock_clevertap.server import serve

    try:
        accounts = parse_accounts(args.account) if args.account else None
        config = MockConfig.from_env(accounts=accounts, journal_cap=args.journal_cap)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    serve(config, db=args.db, host=args.host, port=args.port, threads=args.threads, announce=not args.quiet)
    return 0
