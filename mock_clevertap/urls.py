"""The mock's one route table (moto's `urls.py` is the model): every path the mock serves, in one place.

Each row says what serving the path involves, so no other module repeats a path string:
- `view`: a plain function reading `flask.request`, returning a Response (or raising `responses.ApiError`).
- `kind`: `API` (a CleverTap or Segment path: journaled, run in one store transaction together with its journal
  entry, open to injected faults), `ADMIN` (`/_mock`: the admin token when one is set, cross-site writes refused,
  not journaled) or `DOC` (the OpenAPI document: open, not journaled).
- `family`: CleverTap's concurrency family (`upload` 15, `other` 3 per account; api-request-limit page), or None
  for paths CleverTap does not limit.
- `records`: the journal extractor, turning the parsed body into per-record filter rows
  `(position, type, evtName, identity, objectId)` so `GET /_mock/requests?evtName=...` can find the request.

To add a route, write the view in its own module and add a `Route(...)` row to `ROUTES` below (the app factory
registers every row; see the module docstring of `app.py` for what a view may rely on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response

from . import admin, journal, seeding, viewer
from .api import delete, downloads, profiles, subscriptions, upload
from .segment import views as segment

API, ADMIN, DOC = "api", "admin", "doc"
UPLOAD, OTHER = "upload", "other"

RecordExtractor = Callable[[Any], list[tuple]]


@dataclass(frozen=True)
class Route:
    path: str  # a werkzeug rule: "/1/upload", "/_mock/requests", "/v1/<kind>" ...
    view: Callable[..., Response]
    methods: tuple[str, ...] = ("POST",)
    kind: str = API
    family: str | None = None
    records: RecordExtractor | None = None

    @property
    def journaled(self) -> bool:
        return self.kind == API

    @property
    def endpoint(self) -> str:
        return f"{self.kind}:{'|'.join(self.methods)}:{self.path}"


def _openapi_document() -> Response:
    from .app import openapi_response  # the app module owns the cached document

    return openapi_response()


ROUTES: list[Route] = [
    # CleverTap's server API (docs/clevertap-api.md).
    Route("/1/upload", upload.upload, family=UPLOAD, records=journal.batch_rows),
    Route("/1/profile.json", profiles.get_profile, ("GET",), family=OTHER),
    Route("/1/delete/profiles.json", delete.delete_profiles, family=OTHER, records=journal.delete_rows),
    Route("/1/demerge/profiles.json", delete.demerge_profiles, family=OTHER, records=journal.demerge_rows),
    # disassociate and subscribe are not in the documented concurrency table, so they are not limited.
    Route("/1/disassociate", subscriptions.disassociate, records=journal.batch_rows),
    Route("/1/subscribe", subscriptions.subscribe, records=journal.batch_rows),
    # CleverTap's download APIs (Get Events, Get User Profiles, counts), over the mock's state: GET (query= or cursor=)
    # and POST (query in the body); the "other" concurrency family.
    Route("/1/events.json", downloads.events, ("GET", "POST"), family=OTHER),
    Route("/1/profiles.json", downloads.profiles, ("GET", "POST"), family=OTHER),
    Route("/1/counts/events.json", downloads.count_events, ("POST",), family=OTHER),
    Route("/1/counts/profiles.json", downloads.count_profiles, ("POST",), family=OTHER),
    # Segment's HTTP Tracking API (the CleverTap -> Segment direction): by Host, or by path prefix.
    Route("/v1/<kind>", segment.receive_by_host),
    Route("/segment/v1/<kind>", segment.receive_us),
    Route("/segment/eu1/v1/<kind>", segment.receive_eu),
    Route("/openapi.json", _openapi_document, ("GET",), kind=DOC),
    # The admin API (shapes in the README, Admin API).
    Route("/_mock/health", admin.health, ("GET",), kind=ADMIN),
    Route("/_mock/requests", admin.list_requests, ("GET",), kind=ADMIN),
    Route("/_mock/requests", admin.clear_requests, ("DELETE",), kind=ADMIN),
    Route("/_mock/profiles", admin.profiles, ("GET",), kind=ADMIN),
    Route("/_mock/events", admin.events, ("GET",), kind=ADMIN),
    Route("/_mock/tokens", admin.tokens, ("GET",), kind=ADMIN),
    Route("/_mock/reset", admin.reset, ("POST",), kind=ADMIN),
    Route("/_mock/events", seeding.seed_events, ("POST",), kind=ADMIN),
    Route("/_mock/segment/messages", segment.list_messages, ("GET",), kind=ADMIN),
    Route("/_mock/faults", admin.list_faults, ("GET",), kind=ADMIN),
    Route("/_mock/faults", admin.add_fault, ("POST",), kind=ADMIN),
    Route("/_mock/faults", admin.clear_faults, ("DELETE",), kind=ADMIN),
    # The journal viewer (HTML page, script, style): documents without data, open; the page reads the admin API
    # with the admin token.
    Route("/_mock/", viewer.page, ("GET",), kind=DOC),
    Route("/_mock", viewer.to_page, ("GET",), kind=DOC),
    Route("/_mock/viewer.js", viewer.script, ("GET",), kind=DOC),
    Route("/_mock/viewer.css", viewer.style, ("GET",), kind=DOC),
    Route("/", viewer.root, ("GET",), kind=DOC),
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def record_extractors() -> dict[str, RecordExtractor]:
    """Journal path -> its filter-row extractor, for the store's journal index (route paths with an extractor
    are literal, so the journaled path names its route)."""
    return {r.path: r.records for r in ROUTES if r.records is not None}


def admin_endpoints() -> list[str]:
    """`METHOD /path` of every admin route, for the answer to an unknown admin path."""
    return [f"{m} {r.path}" for r in ROUTES if r.kind == ADMIN for m in r.methods]
