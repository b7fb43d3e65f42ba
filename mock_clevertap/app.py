"""Flask application factory for the CleverTap mock: the route table (`urls.py`) made into one WSGI app.

What happens to a request, in order:
1. `RegionMiddleware` strips a `/<region>` prefix and notes the region.
2. `gate` (before the view): the body limit (413), the admin token and the cross-site check for `/_mock`, then
   for CleverTap paths the concurrency limit (429, refused before the body is read) and queued faults.
3. `run` (the view of an API route): one store transaction holds the view's state changes *and* the request's
   journal entry, so a crash leaves both or neither. A view may raise `ApiError`; an unexpected exception rolls
   the view's changes back and is answered (and journaled) as a JSON 500.
4. `journal_other` (after the view): requests no API view journaled (refusals, unknown paths) get their entry in a
   transaction of their own; they changed no state.

Per-request facts for a logger (the route, account, journal id, status) are in `environ["clevertap.info"]`, a
dict a WSGI middleware wrapped around `app.wsgi_app` can read once the response has started.
Every answer is JSON in CleverTap's shapes: Flask's HTML error pages are replaced.
"""

from __future__ import annotations

import functools
import hmac
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

from . import faults, urls
from .config import MockConfig
from .journal import build_entry
from .regions import RegionMiddleware
from .responses import MALFORMED, ApiError, ct_json, fail
from .segment import views as segment_views
from .store import Store

OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")
ADMIN_PREFIX = "/_mock"
_UNJOURNALED_PREFIXES = (ADMIN_PREFIX, "/openapi.json")
INFO_KEY = "clevertap.info"
log = logging.getLogger("mock_clevertap")


@functools.lru_cache(maxsize=1)
def load_openapi() -> dict[str, Any]:
    """The OpenAPI document, read on first use so that starting the mock does not pay for parsing it."""
    with OPENAPI_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def openapi_response() -> Response:
    return ct_json(load_openapi())


def _cross_site() -> bool:
    """A browser request from another site: `Sec-Fetch-Site` says so, or `Origin` names another host. A page can
    POST text/plain to any address without a preflight, so this is what keeps a web page from resetting the mock."""
    if request.headers.get("Sec-Fetch-Site", "").lower() in ("cross-site", "same-site"):
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc.lower() != request.host.lower()


def _admin_refusal(config: MockConfig) -> Response | None:
    if config.admin_token:
        given = request.headers.get("Authorization", "")
        expected = f"Bearer {config.admin_token}"
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8")):
            response = fail("Admin API needs 'Authorization: Bearer <admin token>'", 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="clevertap-mock"'
            return response
    if request.method not in urls.SAFE_METHODS and _cross_site():
        return fail("Cross-site requests may not change the mock", 403)
    return None


def create_app(config: MockConfig | None = None, store: Store | None = None, db: str = ":memory:") -> Flask:
    """Build the mock. Pass a `store` to share state (the served mock and its tests), or a `db` path."""
    config = config or MockConfig.from_env()
    store = store or Store(db, journal_cap=config.journal_cap, journal_max_bytes=config.journal_max_bytes)
    app = Flask(__name__, static_folder=None)  # no static files: every route is in the route table
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False
    app.config["MAX_CONTENT_LENGTH"] = None  # the body limit is answered by `gate`, as JSON
    app.extensions["clevertap_config"] = config
    app.extensions["clevertap_store"] = store
    app.extensions["clevertap_errors"] = []
    limiter = faults.ConcurrencyLimiter({"upload": config.max_concurrent_uploads, "other": config.max_concurrent_other})
    fault_queue = faults.FaultQueue()
    app.extensions["clevertap_faults"] = fault_queue
    # How many workers injected delays may hold at once; the server sets it below its thread count so the admin
    # API always has a worker (None: no bound, in-process use).
    app.extensions["clevertap_delay_slots"] = None
    routes: dict[str, urls.Route] = {}
    store.record_extractors.update(urls.record_extractors())

    def record_error(exc: BaseException) -> None:
        app.extensions["clevertap_errors"].append(f"{request.method} {request.path}: {type(exc).__name__}: {exc}")

    def run(route: urls.Route, **kwargs: Any) -> Response:
        """An API route's view and its journal entry, in one transaction."""
        with store.transaction() as state:
            g.ct_txn = state
            state.begin_view()
            try:
                response = route.view(**kwargs)
                state.end_view()
            except ApiError as exc:
                state.abort_view()
                response = exc.response()
            except (RecursionError, OverflowError):
                # a body nested too deep, or numbers too large to compute with: not a request CleverTap could read
                state.abort_view()
                response = fail(MALFORMED, 400)
            except Exception as exc:
                state.abort_view()
                log.exception("mock error on %s %s", request.method, request.path)
                record_error(exc)
                response = fail(f"Internal mock error: {type(exc).__name__}", 500)
            _journal(state.journal, response)
        return response

    def _journal(write: Any, response: Response) -> None:
        entry = build_entry(request, response, keep_secrets=config.journal_passcodes, read_body=not g.get("ct_refused"))
        info = request.environ.get(INFO_KEY, {})
        info["journal_id"] = write(entry)
        g.ct_journaled = True

    for route in urls.ROUTES:
        routes[route.endpoint] = route
        view = functools.partial(run, route) if route.journaled else route.view
        app.add_url_rule(route.path, endpoint=route.endpoint, view_func=view, methods=list(route.methods))

    @app.before_request
    def gate():
        route = routes.get(request.url_rule.endpoint) if request.url_rule is not None else None
        g.ct_route = route
        request.environ[INFO_KEY] = {
            "route": route.path if route else None,
            "kind": route.kind if route else None,
            "family": route.family if route else None,
            "account": request.headers.get("X-CleverTap-Account-Id", "").strip() or None,
        }
        length = request.content_length
        if length is not None and length > config.max_body_bytes:
            g.ct_refused = True
            return fail(f"Request body too large: {length} bytes, the limit is {config.max_body_bytes}", 413)
        if route is not None and route.kind == urls.DOC:
            return None  # documents (OpenAPI, the journal viewer's page) hold no data: open, like the page's login
        if request.path.startswith(ADMIN_PREFIX):
            return _admin_refusal(config)
        if route is None or route.kind != urls.API:
            return None
        account = request.environ[INFO_KEY]["account"]
        if config.enforce_concurrency and route.family and account:
            if not limiter.enter(account, route.family):
                g.ct_refused = True  # refused before reading the body: a 429 costs a small journal entry only
                return fail(faults.TOO_MANY, 429)
            g.ct_slot = (account, route.family)
        fault = fault_queue.take(request.path)
        if fault is not None:
            faults.hold(fault.delay, app.extensions["clevertap_delay_slots"])
            if fault.status is not None:
                if route.view in segment_views.VIEWS:
                    response = segment_views.fault_answer(fault.status, fault.error)
                else:
                    response = fail(fault.text(config.auth_error), fault.status)
                if fault.retry_after is not None:
                    response.headers["Retry-After"] = str(fault.retry_after)
                return response
        return None

    @app.teardown_request
    def release(exc):
        slot = g.pop("ct_slot", None)
        if slot is not None:
            limiter.leave(*slot)

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError) -> Response:
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        if request.path.startswith(ADMIN_PREFIX) and exc.code == 404:
            return ct_json(
                {
                    "status": "fail",
                    "error": f"Unknown admin path {request.method} {request.path}",
                    "code": 404,
                    "endpoints": urls.admin_endpoints(),
                },
                404,
            )
        if exc.code == 500:  # an error raised after the view (e.g. in an after_request hook)
            record_error(getattr(exc, "original_exception", None) or exc)
        response = fail(exc.name, exc.code or 500)
        valid_methods = getattr(exc, "valid_methods", None)
        if exc.code == 405 and valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        if isinstance(exc, RecursionError):
            return fail(MALFORMED, 400)
        log.exception("mock error on %s %s", request.method, request.path)
        record_error(exc)
        return fail(f"Internal mock error: {type(exc).__name__}", 500)

    @app.after_request
    def journal_other(response: Response) -> Response:
        info = request.environ.get(INFO_KEY)
        if info is not None:
            info["status"] = response.status_code
        if g.get("ct_journaled") or request.path.startswith(_UNJOURNALED_PREFIXES):
            return response
        try:
            _journal(store.journal_append, response)
        except Exception as exc:  # the answer stands; the failure is reported to the plugin, never a traceback
            log.exception("journal write failed on %s %s", request.method, request.path)
            record_error(exc)
        return response

    app.wsgi_app = RegionMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return app


def delay_slots(threads: int, reserved: int = 2) -> threading.BoundedSemaphore:
    """Workers injected delays may hold on a server with `threads` workers, keeping `reserved` for the rest."""
    return threading.BoundedSemaphore(max(1, threads - reserved))
