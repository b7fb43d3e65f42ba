"""Converting between RudderStack's transformer request/response format and this project's (transform results).

rudder-transformer answers `POST /v0/destinations/clevertap` (processor) with a list of
`{output: {version, type, method, endpoint, headers, params, body: {JSON, JSON_ARRAY, XML, FORM}, files, userId},
metadata, statusCode}` or `{statusCode, error, statTags, metadata}`, and `POST /routerTransform` with
`{output: [{batchedRequest, metadata: [...], batched, statusCode, destination} | {metadata, statusCode, error,
statTags, destination}]}`. This module turns those into the result shapes (`{"requests": [...]}` / `{"error": ...}`
per event, `{"batches": [...], "errors": [...]}` for `--batch`), and builds the requests to send to a running
rudder-transformer from this project's events and settings. It is used by the reference-case test and by any
parity check against a live peer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

DEST_TYPE = "clevertap"
PROCESSOR_PATH = "/v0/destinations/clevertap"
ROUTER_PATH = "/routerTransform"


# --- this project → RudderStack -----------------------------------------------------------------------------------


def processor_request(events: Iterable[Any], settings: dict[str, Any], first_job_id: int = 1) -> list[dict[str, Any]]:
    """Body for `POST /v0/destinations/clevertap`: one item per event, jobIds counting from `first_job_id`."""
    return [
        {"message": event, "metadata": {"jobId": first_job_id + i}, "destination": {"Config": settings}}
        for i, event in enumerate(events)
    ]


def router_request(events: Iterable[Any], settings: dict[str, Any], first_job_id: int = 1) -> dict[str, Any]:
    """Body for `POST /routerTransform`: every event for one destination with these settings."""
    return {"input": processor_request(events, settings, first_job_id), "destType": DEST_TYPE}


# --- RudderStack → this project -----------------------------------------------------------------------------------


def _url(output: dict[str, Any]) -> str:
    url = output.get("endpoint", "")
    params = output.get("params") or {}
    if params:
        url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
    return url


def _request(output: dict[str, Any]) -> dict[str, Any]:
    body = output.get("body") or {}
    if body.get("JSON"):
        payload: Any = body["JSON"]
    elif body.get("JSON_ARRAY"):
        payload = body["JSON_ARRAY"]
    elif body.get("FORM"):
        payload = body["FORM"]
    else:
        payload = body.get("JSON", {})
    return {
        "method": output.get("method", "POST"),
        "url": _url(output),
        "headers": dict(output.get("headers") or {}),
        "body": payload,
    }


def _error(item: dict[str, Any]) -> dict[str, Any]:
    message = item.get("error")
    if not isinstance(message, str):
        message = json.dumps(message)
    return {"error": {"status": item.get("statusCode", 500), "message": message}}


def processor_result(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The processor outputs of ONE input event → one transform result entry."""
    for item in items:
        if item.get("statusCode", 200) != 200 or "error" in item:
            return _error(item)
    return {"requests": [_request(item["output"]) for item in items]}


def router_result(output: list[dict[str, Any]], input_items: list[dict[str, Any]]) -> dict[str, Any]:
    """A router response → `{"batches": [...], "errors": [{"index": i, "error": ...}]}`.

    Error entries are placed by matching their metadata to the input items' metadata; an entry carrying the
    metadata of several events (the whole request failed) becomes one error per event.
    """
    metas = [json.dumps(it.get("metadata"), sort_keys=True) for it in input_items]
    batches: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for entry in output:
        if "batchedRequest" in entry and entry.get("statusCode", 200) == 200:
            req = entry["batchedRequest"]
            for r in req if isinstance(req, list) else [req]:
                batches.append(_request(r))
            continue
        # one entry per failed event; a failure of the whole request carries every event's metadata
        for meta in entry.get("metadata") or [None]:
            key = json.dumps(meta, sort_keys=True)
            index = metas.index(key) if key in metas else None
            errors.append({"index": index, **_error(entry)})
    return {"batches": batches, "errors": errors}
