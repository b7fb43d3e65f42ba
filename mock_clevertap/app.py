"""Flask application factory for the CleverTap mock.

Every answer is JSON in CleverTap's shapes: Flask's HTML error pages are replaced, and an unexpected exception
becomes a JSON 500 (and is kept for the pytest plugin to raise in the test) rather than a traceback.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, g, request
from werkzeug.exceptions import HTTPException

from . import admin, faults
from .api import delete, profiles, subscriptions, upload
from .config import MockConfig
from .journal import build_entry
from .regions import RegionMiddleware
from .responses import ApiError, ct_json, fail
from .store import Store

OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")
_NOT_JOURNALED = ("/_mock", "/openapi.json")
log = logging.getLogger("mock_clevertap")


@functools.lru_cache(maxsize=1)
def load_openapi() -> dict[str, Any]:
    """The OpenAPI document, read on first use so that starting the mock does not pay for parsing it."""
    with OPENAPI_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def create_app(config: MockConfig | None = None, store: Store | None = None, db: str = ":memory:") -> Flask:
    """Build the mock. Pass a `store` to share state (the served mock and its tests), or a `db` path."""
    config = config or MockConfig.from_env()
    store = store or Store(db, journal_cap=config.journal_cap)
    app = Flask(__name__, static_folder=None)  # no static files: every route is an API route
    app.json.sort_keys = False
    app.extensions["clevertap_config"] = config
    app.extensions["clevertap_store"] = store
    app.extensions["clevertap_errors"] = []
    for blueprint in (upload.bp, profiles.bp, delete.bp, subscriptions.bp, admin.bp):
        app.register_blueprint(blueprint)

    limiter = faults.ConcurrencyLimiter({"upload": config.max_concurrent_uploads, "other": config.max_concurrent_other})
    fault_queue = faults.FaultQueue()
    app.extensions["clevertap_faults"] = fault_queue

    @app.before_request
    def gate():
        """The concurrency limit, then injected faults: a slow answer holds its slot, as it does at CleverTap."""
        path = request.path
        if path.startswith(_NOT_JOURNALED):
            return None
        family = faults.FAMILY_BY_PATH.get(path)
        account = request.headers.get("X-CleverTap-Account-Id", "").strip()
        if config.enforce_concurrency and family and account:
            if not limiter.enter(account, family):
                return fail(faults.TOO_MANY, 429)
            g.ct_slot = (account, family)
        fault = fault_queue.take(path)
        if fault is not None:
            faults.sleep(fault.delay)
            if fault.status is not None:
                return fail(fault.text(config.auth_error), fault.status)
        return None

    @app.teardown_request
    def release(exc):
        slot = g.pop("ct_slot", None)
        if slot is not None:
            limiter.leave(*slot)

    @app.get("/openapi.json")
    def openapi_document():
        return ct_json(load_openapi())

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return exc.response()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/_mock") and exc.code == 404:
            return admin.not_found()
        if exc.code == 500:  # an error raised after the view (e.g. in an after_request hook)
            original = getattr(exc, "original_exception", None) or exc
            app.extensions["clevertap_errors"].append(
                f"{request.method} {request.path}: {type(original).__name__}: {original}"
            )
        response = fail(exc.name, exc.code or 500)
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("mock error on %s %s", request.method, request.path)
        app.extensions["clevertap_errors"].append(f"{request.method} {request.path}: {type(exc).__name__}: {exc}")
        return fail(f"Internal mock error: {type(exc).__name__}", 500)

    @app.after_request
    def journal(response):
        if not request.path.startswith(_NOT_JOURNALED):
            entry, rows = build_entry(request, response)
            store.journal_append(entry, rows)
        return response

    app.wsgi_app = RegionMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return app
