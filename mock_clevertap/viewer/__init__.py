"""The journal viewer at `/_mock/`: one HTML page with its script and style, served from this package (no CDN,
so it works offline). The page itself carries no data and is open; it reads the admin API, sending the admin
token (from the page's `#token=` fragment or typed in) when the mock has one.

Registered in the route table (`mock_clevertap.urls`) as document routes."""

from __future__ import annotations

import functools
from importlib import resources

from flask import Response, request

from ..responses import fail

_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "viewer.js": "text/javascript; charset=utf-8",
    "viewer.css": "text/css; charset=utf-8",
}
# Only this page's own script and style, and requests to this mock; no framing by other sites.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@functools.cache
def _read(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def _file(name: str) -> Response:
    response = Response(_read(name), content_type=_TYPES[name])
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-cache"
    return response


def page() -> Response:
    return _file("index.html")


def script() -> Response:
    return _file("viewer.js")


def style() -> Response:
    return _file("viewer.css")


def _redirect(status: int) -> Response:
    return Response(status=status, headers={"Location": request.script_root + "/_mock/"})


def to_page() -> Response:
    """`/_mock` without the slash: the page's relative links need the slash."""
    return _redirect(308)


def root() -> Response:
    """`/`: a browser is sent to the journal viewer; any other client gets the JSON 404 as before."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    if best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]:
        return _redirect(302)
    return fail("Not Found", 404)
