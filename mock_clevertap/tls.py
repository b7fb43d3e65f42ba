"""`serve --tls`: HTTPS for real clients, with a local certificate authority made by trustme.

Why a front: waitress speaks plain HTTP only. `TLSFront` accepts TLS connections on the public port, and passes
the decrypted bytes unchanged to the mock's waitress server on a loopback port, so the same server (and its
limits, journal and logs) answers both ways; the `Host` header travels untouched, so a client that aliases
`in1.api.clevertap.com` to the mock is still journaled with region `in1`.

The CA is kept in a folder (`ca.pem`, `ca.key`) and reused on the next start, so a client trusts it once. The
server certificate is issued at each start for `localhost`, the loopback addresses, the listening host and the
CleverTap and Segment host names (`*.api.clevertap.com`, `api.clevertap.com`, `api.segment.io`, ...).
"""

from __future__ import annotations

import os
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import trustme

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca.key"
DEFAULT_TLS_DIR = "clevertap-mock-tls"
# The names a real client uses for CleverTap (every region: eu1, in1, us1, sg1, aps3, mec1, sk1) and Segment.
SERVED_NAMES = (
    "localhost",
    "127.0.0.1",
    "::1",
    "api.clevertap.com",
    "*.api.clevertap.com",
    "api.segment.io",
    "events.eu1.segmentapis.com",
)


@dataclass
class TLSFiles:
    ca_pem: Path
    context: ssl.SSLContext


def load_or_create_ca(folder: str | os.PathLike[str]) -> tuple[trustme.CA, Path]:
    """The CA in `folder` (created with its files on first use; the key readable by its owner only)."""
    import trustme

    path = Path(folder)
    cert, key = path / CA_FILE, path / CA_KEY_FILE
    if cert.exists() and key.exists():
        return trustme.CA.from_pem(cert.read_bytes(), key.read_bytes()), cert
    path.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="clevertap-harness local mock CA")
    cert.write_bytes(ca.cert_pem.bytes())
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(ca.private_key_pem.bytes())
    return ca, cert


def server_context(folder: str | os.PathLike[str], host: str) -> TLSFiles:
    """An SSL server context with a certificate for the served names (and `host`), signed by the folder's CA."""
    ca, ca_pem = load_or_create_ca(folder)
    names = list(dict.fromkeys([*SERVED_NAMES, *([host] if host not in ("0.0.0.0", "::", "") else [])]))
    leaf = ca.issue_cert(*names)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return TLSFiles(ca_pem=ca_pem, context=context)


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        try:
            client = self.server.context.wrap_socket(self.request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a client that does not trust the CA, or does not speak TLS: nothing to pass on
        try:
            backend = socket.create_connection(self.server.backend)
        except OSError:
            client.close()
            return
        with client, backend:
            pump = threading.Thread(target=_copy, args=(backend, client), daemon=True)
            pump.start()
            _copy(client, backend)
            pump.join()


def _copy(source: socket.socket, target: socket.socket) -> None:
    """Bytes from `source` to `target` until `source` ends; then tell `target` no more is coming."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    try:
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext, backend: tuple[str, int]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.context = context
        self.backend = backend
        super().__init__(address, _Handler)


class TLSFront:
    """TLS on `host:port`, passed through to the plain mock at `backend` (host, port)."""

    def __init__(self, host: str, port: int, backend: tuple[str, int], context: ssl.SSLContext) -> None:
        self._server = _Server((host, port), context, backend)
        self.port: int = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    def start(self) -> TLSFront:
        self._thread = threading.Thread(target=self._server.serve_forever, name="clevertap-mock-tls", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
