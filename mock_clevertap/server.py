"""Running the mock on a real WSGI server (waitress, threaded).

`serve()` is what `clevertap-harness serve` runs; `MockServer` runs the same server in a background thread on a
free port, for tests and for tools that need a mock for the length of a `with` block.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

from waitress.server import create_server

from .app import create_app
from .config import MockConfig
from .store import Store


def serve(
    config: MockConfig | None = None,
    db: str = ":memory:",
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    announce: bool = True,
) -> None:
    config = config or MockConfig.from_env()
    store = Store(db, journal_cap=config.journal_cap)
    app = create_app(config, store)
    server = create_server(app, host=host, port=port, threads=threads, ident="clevertap-mock")
    if announce:
        accounts = "any credentials" if config.accounts is None else f"{len(config.accounts)} account(s)"
        print(
            f"CleverTap mock listening on http://{host}:{server.effective_port} "
            f"(db: {db}, accepting {accounts}); admin API under /_mock, OpenAPI at /openapi.json",
            file=sys.stderr,
            flush=True,
        )
    try:
        server.run()
    finally:
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
        threads: int = 8,
    ) -> None:
        self.config = config or MockConfig.from_env()
        self.store = Store(db, journal_cap=self.config.journal_cap)
        self.app = create_app(self.config, self.store)
        self._server = create_server(self.app, host=host, port=port, threads=threads, ident="clevertap-mock")
        # "Task queue depth is N" warnings are noise inside a test run, where bursts are the point.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self.host = host
        self.port: int = self._server.effective_port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

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
