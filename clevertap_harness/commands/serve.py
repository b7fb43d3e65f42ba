"""Run the CleverTap mock on a real WSGI server (waitress) until stopped.

Accounts come from `--account ID:PASSCODE` (repeatable) or CLEVERTAP_MOCK_ACCOUNTS="ID:PASS,ID2:PASS2"; with none
configured the mock accepts any non-empty account id and passcode. Every other switch of the mock is a flag here
and an environment variable `CLEVERTAP_MOCK_<FLAG NAME>` (flag first, then environment, then default); a value
that does not parse stops the command with one line naming it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3

from mock_clevertap.config import SETTINGS, MockConfig, parse_accounts
from mock_clevertap.segment.validate import parse_write_keys

from ..errors import UsageError
from ..preflight import check_db, check_listen, listen_error

DEFAULT_DB = "clevertap-mock.sqlite3"
DEFAULT_TLS_DIR = "clevertap-mock-tls"

# Server settings: flag -> (environment variable, default, lowest, highest, type).
_SERVER = {
    "port": ("CLEVERTAP_MOCK_PORT", 8080, 0, 65535, int),
    "threads": ("CLEVERTAP_MOCK_THREADS", 32, 1, 1024, int),
    "connection_limit": ("CLEVERTAP_MOCK_CONNECTION_LIMIT", 1000, 1, 100_000, int),
    "channel_timeout": ("CLEVERTAP_MOCK_CHANNEL_TIMEOUT", 30.0, 0.1, 86_400.0, float),
}
_SERVER_HELP = {
    "port": "TCP port, 0 picks a free one (default 8080)",
    "threads": "WSGI worker threads (default 32: CleverTap's 15-upload concurrency limit is reachable)",
    "connection_limit": "open connections accepted at once (default 1000)",
    "channel_timeout": "seconds an idle connection is kept open (default 30)",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("CLEVERTAP_MOCK_HOST", "127.0.0.1"))
    for name in _SERVER:
        parser.add_argument("--" + name.replace("_", "-"), default=None, metavar="N", help=_SERVER_HELP[name])
    parser.add_argument(
        "--db",
        default=os.environ.get("CLEVERTAP_MOCK_DB", DEFAULT_DB),
        help=f"SQLite file for the journal and state (default ./{DEFAULT_DB}, created 0600); ':memory:' keeps nothing",
    )
    parser.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ID:PASSCODE",
        help="accept this account (repeatable); default: $CLEVERTAP_MOCK_ACCOUNTS, else any credentials",
    )
    group = parser.add_argument_group("mock behaviour (each also CLEVERTAP_MOCK_<NAME> in the environment)")
    for setting in SETTINGS:
        if setting.is_bool:
            group.add_argument(setting.flag, action=argparse.BooleanOptionalAction, default=None, help=setting.help)
        else:
            group.add_argument(setting.flag, default=None, metavar=setting.metavar, help=setting.help)
    parser.add_argument("--quiet", action="store_true", help="print nothing: no listening address and no request log")
    segment = parser.add_argument_group("Segment endpoint (CleverTap -> Segment direction; also --segment-strict)")
    segment.add_argument(
        "--segment-write-key",
        action="append",
        default=[],
        metavar="KEY[@us|@eu]",
        help="accept this write key (repeatable; @eu/@us: the workspace's region); default: "
        "$SEGMENT_MOCK_WRITE_KEYS, else any non-empty key",
    )
    _add_output_and_tls_arguments(parser)


def _add_output_and_tls_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("request log and HTTPS")
    group.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="one line per request on stderr: text (default) or json (one object per line)",
    )
    group.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS, with a certificate signed by a local CA (see --tls-dir); clients trust its ca.pem",
    )
    group.add_argument(
        "--tls-dir",
        metavar="DIR",
        default=os.environ.get("CLEVERTAP_MOCK_TLS_DIR", DEFAULT_TLS_DIR),
        help=f"folder of the local CA (ca.pem, ca.key), made on first use and reused (default ./{DEFAULT_TLS_DIR})",
    )


def _server_value(args: argparse.Namespace, name: str) -> int | float:
    env_name, default, low, high, kind = _SERVER[name]
    given, source = getattr(args, name), "--" + name.replace("_", "-")
    if given is None:
        given, source = os.environ.get(env_name), env_name
    if given is None or str(given).strip() == "":
        return default
    try:
        value = kind(str(given).strip())
    except ValueError:
        raise UsageError(f"{source}: {given!r} is not a {'whole ' if kind is int else ''}number") from None
    if not low <= value <= high:
        raise UsageError(f"{source}: {given} is outside {low}..{high}")
    return value


def run(args: argparse.Namespace) -> int:
    from mock_clevertap.server import serve

    server = {name: _server_value(args, name) for name in _SERVER}
    overrides = {}
    try:
        for setting in SETTINGS:
            given = getattr(args, setting.field)
            if given is None:
                continue
            try:
                overrides[setting.field] = given if setting.is_bool else setting.parse(given)
            except ValueError as exc:
                raise ValueError(f"{setting.flag}: {given!r}: {exc}") from None
        accounts = parse_accounts(args.account) if args.account else None
        write_keys = parse_write_keys(args.segment_write_key) if args.segment_write_key else None
        config = MockConfig.from_env(accounts=accounts, segment_write_keys=write_keys, **overrides)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    port = int(server["port"])
    # Checked before anything is opened, so a mistake is one line and leaves no empty database behind.
    check_db(args.db)
    check_listen(args.host, port)
    created = args.db != ":memory:" and not os.path.exists(args.db)
    try:
        serve(
            config,
            db=args.db,
            host=args.host,
            port=port,
            threads=int(server["threads"]),
            connection_limit=int(server["connection_limit"]),
            channel_timeout=float(server["channel_timeout"]),
            announce=not args.quiet,
            log_format=None if args.quiet else args.log_format,
            tls_dir=args.tls_dir if args.tls else None,
        )
    except OSError as exc:  # lost a race for the port since check_listen: the same one line, and no empty db left
        _remove_new_db(args.db, created)
        raise UsageError(listen_error(args.host, port, exc)) from None
    except sqlite3.Error as exc:
        _remove_new_db(args.db, created)
        raise UsageError(f"cannot open the database {args.db}: {exc}") from None
    return 0


def _remove_new_db(db: str, created: bool) -> None:
    if created:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
