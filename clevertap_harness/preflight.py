"""Checks `serve` makes before it opens anything, so that ordinary mistakes (a port in use, a `--db` in a missing
folder, a host that is no address) are one clear line and exit status 2, and leave no empty database behind."""

from __future__ import annotations

import errno
import os
import socket

from .errors import UsageError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_db(db: str) -> None:
    """`--db` must be `:memory:`, a new file in an existing writable folder, or an existing SQLite file."""
    if db == ":memory:":
        return
    if os.path.isdir(db):
        raise UsageError(f"--db {db} is a directory; give a file path such as {os.path.join(db, 'mock.sqlite3')}")
    folder = os.path.dirname(os.path.abspath(db))
    if not os.path.isdir(folder):
        raise UsageError(f"--db {db}: the folder {folder} does not exist")
    if os.path.exists(db):
        try:
            with open(db, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise UsageError(f"--db {db}: cannot read it ({exc.strerror})") from None
        if head and head != SQLITE_HEADER:
            raise UsageError(f"--db {db} is not an SQLite database (refusing to overwrite it)")
        if not os.access(db, os.W_OK):
            raise UsageError(f"--db {db} is not writable")
    elif not os.access(folder, os.W_OK):
        raise UsageError(f"--db {db}: the folder {folder} is not writable")


def check_listen(host: str, port: int) -> None:
    """Resolve `host` and bind `host:port` once (then let go), as the server will."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise UsageError(f"--host {host} is not an address this machine can listen on ({reason})") from None
    family, socktype, proto, _, address = infos[0]
    with socket.socket(family, socktype, proto) as sock:
        if os.name != "nt":  # as waitress does, so a port in TIME_WAIT is not mistaken for one in use
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise UsageError(listen_error(host, port, exc)) from None


def listen_error(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (is another mock running? try --port 0 for a free port)"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on {host}:{port} (ports below 1024 need privileges; try --port 8080)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host} is not an address of this machine"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
