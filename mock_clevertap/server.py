"""Running the mock on a real WSGI server (waitress, threaded).

`serve()` is what `clevertap-harness serve` runs; `MockServer` runs the same server in a background thread on a
free port, for tests and for tools that need a mock for the length of a `with` block.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import sys
import threading
from typing import Any, TextIO

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from .app import create_app, delay_slots
from .config import MockConfig
from .store import Store

# Defaults of the server's own limits (waitress' are 4 threads, 100 connections, 120 s idle timeout):
# - 32 workers, so CleverTap's 15-concurrent-uploads limit (429) is reachable and an admin call finds a worker;
# - 1000 connections, so hundreds of idle keep-alive or slow clients do not lock everyone else out;
# - idle connections closed after 30 s.
DEFAULT_THREADS = 32
DEFAULT_CONNECTION_LIMIT = 1000
DEFAULT_CHANNEL_TIMEOUT = 30.0


class _JsonErrorTask(ErrorTask):
    """waitress' own refusals (a body over the limit, a bad request line) in CleverTap's JSON envelope."""

    def execute(self) -> None:
        error = self.request.error
        body = json.dumps({"status": "fail", "error": f"{error.reason}: {error.body}", "code": error.code}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json;charset=utf-8"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _JsonErrorTask


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _create(
    app: Any, config: MockConfig, host: str, port: int, threads: int, connection_limit: int, timeout: float
) -> Any:
    app.extensions["clevertap_delay_slots"] = delay_slots(threads)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=connection_limit,
        channel_timeout=timeout,
        # Bodies over the limit are refused while their headers are read, before any of the body is buffered.
        max_request_body_size=config.max_body_bytes,
        # Read sockets 64 KiB at a time (waitress' default is 8 KiB): a 1000-record upload (~160 KB) then takes a
        # few reads instead of twenty, each of which also runs waitress' buffering and parsing code. A bound per
        # read, so memory per connection stays small.
        recv_bytes=65536,
        ident="clevertap-mock",
    )
    server.channel_class = _Channel
    return server


def serve(
    config: MockConfig | None = None,
    db: str = ":memory:",
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = DEFAULT_THREADS,
    announce: bool = True,
    connection_limit: int = DEFAULT_CONNECTION_LIMIT,
    channel_timeout: float = DEFAULT_CHANNEL_TIMEOUT,
    *,
    log_format: str | None = None,
    log_stream: TextIO | None = None,
    tls_dir: str | None = None,
) -> None:
    """Serve until stopped. `log_format` (`text` or `json`): one line per request on `log_stream` (stderr);
    `tls_dir`: HTTPS on host:port with a certificate from the CA kept in that folder (`mock_clevertap.tls`)."""
    config = config or MockConfig.from_env()
    tls = None
    if tls_dir is not None:
        from .tls import server_context

        tls = server_context(tls_dir, host)
    store = Store(db, journal_cap=config.journal_cap, journal_max_bytes=config.journal_max_bytes)
    app = create_app(config, store)
    if log_format:
        from .request_log import RequestLog

        app.wsgi_app = RequestLog(app.wsgi_app, log_stream or sys.stderr, log_format)  # type: ignore[method-assign]
    front = None
    if tls is None:
        server = _create(app, config, host, port, threads, connection_limit, channel_timeout)
        url = f"http://{host}:{server.effective_port}"
    else:
        from .tls import TLSFront

        # waitress on a loopback port of its own; the TLS front takes the public address
        server = _create(app, config, "127.0.0.1", 0, threads, connection_limit, channel_timeout)
        try:
            front = TLSFront(host, port, ("127.0.0.1", server.effective_port), tls.context).start()
        except OSError:
            server.close()
            store.close()
            raise
        url = f"https://{host}:{front.port}"
    if not is_loopback(host):
        guard = "the admin API needs the admin token" if config.admin_token else "anyone can read and reset it"
        print(
            f"warning: the mock listens on {host}, beyond this machine's loopback; {guard}"
            + ("" if config.admin_token else " (set --admin-token)"),
            file=sys.stderr,
            flush=True,
        )
    if announce:
        accounts = "any credentials" if config.accounts is None else f"{len(config.accounts)} account(s)"
        print(
            f"CleverTap mock listening on {url} "
            f"(db: {db}, accepting {accounts}); journal viewer at {url}/_mock/, OpenAPI at /openapi.json"
            + (f"; CA certificate: {tls.ca_pem}" if tls is not None else ""),
            file=sys.stderr,
            flush=True,
        )
    try:
        server.run()
    finally:
        if front is not None:
            front.stop()
        server.close()
        store.close()


class MockServer:
    """The mock on waitress in a daemon thread; `port=0` picks a free port.

    >>> with MockServer() as mock:
    ...     requests.post(mock.url + "/1/upload", ...)
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        db: str = ":memory:",
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = DEFAULT_THREADS,
        connection_limit: int = DEFAULT_CONNECTION_LIMIT,
        channel_timeout: float = DEFAULT_CHANNEL_TIMEOUT,
    ) -> None:
        self.config = config or MockConfig.from_env()
        self.store = Store(db, journal_cap=self.config.journal_cap, journal_max_bytes=self.config.journal_max_bytes)
        self.app = create_app(self.config, self.store)
        self._server = _create(self.app, self.config, host, port, threads, connection_limit, channel_timeout)
        # "Task queue depth is N" warnings are noise inside a test run, where bursts are the point.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self.host = host
        self.port: int = self._server.effective_port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def admin_token(self) -> str | None:
        return self.config.admin_token

    @property
    def errors(self) -> list[str]:
        """Unexpected exceptions the mock answered with a 500 (there should be none)."""
        return self.app.extensions["clevertap_errors"]

    def _run(self) -> None:
        # waitress' own run() loops while any socket is open, idle keep-alive connections included, and has no
        # stop call; polling in short rounds lets stop() end the loop first and close sockets afterwards.
        loop, socket_map = self._server.asyncore.loop, self._server._map
        while not self._stopping.is_set():
            loop(timeout=0.05, map=socket_map, count=1)

    def start(self) -> MockServer:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="clevertap-mock", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._stopping.set()
            self._thread.join(timeout=5)
        for channel in list(self._server._map.values()):
            try:
                channel.close()
            except OSError:
                pass
        self._server.close()
        self._server.task_dispatcher.shutdown()
        self.store.close()

    def reset(self) -> None:
        self.store.reset()
        self.errors.clear()
        self.app.extensions["clevertap_faults"].clear()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
