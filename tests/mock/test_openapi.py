"""The mock's OpenAPI document, and schemathesis runs of every operation against it, in-process.

CleverTap answers HTTP 200 for a batch request (`/1/upload`, `/1/disassociate`, `/1/subscribe`) as soon as the
request itself is well formed, and reports rejected records in the body (`status` `partial`/`fail`, one
`unprocessed` entry per record; recorded 2018-2024, docs/clevertap-api.md#the-response-envelope). Schemathesis' built-in
`negative_data_rejection` wants a 4xx for any schema-invalid input, so for those operations it is replaced by
`clevertap_batch_answer` below, which holds the mock to CleverTap's rule instead: a request whose envelope is
wrong (no non-empty `d` list, too many records) must get a 400, and a 200 must account for every record sent.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from mock_clevertap import create_app
from mock_clevertap.config import MockConfig
from mock_clevertap.store import Store

ACCOUNT, PASSCODE = "TEST-ACC-0001", "test-passcode"
AUTH = {"X-CleverTap-Account-Id": ACCOUNT, "X-CleverTap-Passcode": PASSCODE}
BATCH_PATHS = ("/1/upload", "/1/disassociate", "/1/subscribe")
# Seeded before every case so the document's examples (identity user-1, ...) find a profile.
SEED = {
    "d": [
        {
            "type": "profile",
            "identity": "user-1",
            "objectId": "__g1f2e3d4c5b6a7980",
            "profileData": {"Name": "User One", "Email": "user1@example.com", "Phone": "+14155551234", "tier": "gold"},
        },
        {
            "type": "event",
            "identity": "user-1",
            "ts": 1700000000,
            "evtName": "Product viewed",
            "evtData": {"Price": 59.99},
        },
        {"type": "token", "objectId": "__g1f2e3d4c5b6a7980", "tokenData": {"id": "fcm-token-1", "type": "fcm"}},
    ]
}

CONFIG = MockConfig(accounts={ACCOUNT: frozenset({PASSCODE})})
STORE = Store(":memory:", journal_cap=CONFIG.journal_cap)
APP = create_app(CONFIG, store=STORE)

SCHEMATHESIS_CONFIG = schemathesis.Config.from_dict(
    {
        # Fixed seed + deterministic generation: the same cases on every run, so CI is stable.
        "seed": 20240901,
        "generation": {"deterministic": True, "max-examples": 30, "database": "none"},
        # Valid credentials for every case; `ignored_auth` still re-sends without them and with invalid ones and
        # expects the 401 (the configured account makes "invalid" really invalid).
        "auth": {"openapi": {"AccountId": {"api_key": ACCOUNT}, "Passcode": {"api_key": PASSCODE}}},
        "operations": [
            {
                # CleverTap's 200-with-`status: fail` answers: see the module docstring and clevertap_batch_answer.
                "include-path": list(BATCH_PATHS),
                "checks": {"negative_data_rejection": {"enabled": False}},
            },
            {
                # Segment answers 200 for messages it drops (their reasons are kept for GET /_mock/segment/messages),
                # so schema-invalid messages are not rejected with a 4xx (docs/clevertap-to-segment.md).
                "include-path-regex": "/v1/",
                "checks": {"negative_data_rejection": {"enabled": False}},
            },
            {
                # Download queries need real dates and cursors issued by the mock: schema-valid values that are
                # not (a date 0, a random cursor) get a 400 naming the problem.
                "include-path-regex": "^/1/(events|profiles|counts/)",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400", "401"]}},
            },
            {
                "include-path": ["/_mock/events"],
                "checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400"]}},
            },
            {
                # "Exactly one of identity/email/objectId" cannot be said with OpenAPI query parameters, so
                # valid-looking queries with none or several of them get the documented 400.
                "include-path": "/1/profile.json",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400", "401", "404"]}},
            },
        ],
    }
)

schema = schemathesis.openapi.from_wsgi("/openapi.json", APP, config=SCHEMATHESIS_CONFIG)

_SKIPPED = re.compile(r"Skipped record number : (\d+)$")


def clevertap_batch_answer(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> None:
    """CleverTap's batch rule for /1/upload, /1/disassociate, /1/subscribe
    (docs/clevertap-api.md#the-response-envelope, #whole-request-failures).

    A well-formed request (an object with a non-empty `d` list within the limit) gets HTTP 200 even when records
    are rejected; then `processed + len(unprocessed) == len(d)`, `status` follows the counts, and each unprocessed
    entry echoes the record at the position its text names. Anything else must not get a 200.
    """
    path = case.operation.path
    if path not in BATCH_PATHS or response.request.method != case.operation.method.upper():
        return  # the coverage phase also sends other methods (405 / OPTIONS), judged by built-in checks
    body = case.body if isinstance(case.body, dict) else None
    records = body.get("d") if body is not None else None
    limit = CONFIG.max_records if path == "/1/upload" else CONFIG.max_disassociate_records
    well_formed = isinstance(records, list) and 0 < len(records) <= limit
    if response.status_code != 200:
        if response.status_code == 400 and well_formed and path == "/1/upload":
            tokens = sum(1 for r in records if isinstance(r, dict) and r.get("type") == "token")
            assert tokens > CONFIG.max_token_records, f"400 for a well-formed batch: {response.text}"
        return
    assert well_formed, f"HTTP 200 for a request CleverTap rejects as a whole (400 Malformed request): {case.body!r}"
    answer = response.json()
    processed, unprocessed = answer["processed"], answer["unprocessed"]
    assert processed + len(unprocessed) == len(records), f"records unaccounted for: {answer}"
    expected = "success" if not unprocessed else ("partial" if processed else "fail")
    assert answer["status"] == expected, f"status {answer['status']!r} for {processed} processed: {answer}"
    positions = []
    for entry in unprocessed:
        match = _SKIPPED.search(entry["error"])
        assert match, f"error without 'Skipped record number : N': {entry['error']!r}"
        position = int(match.group(1))
        assert 1 <= position <= len(records) and records[position - 1] == entry["record"], entry
        positions.append(position)
    assert positions == sorted(set(positions)), f"unprocessed not in input order: {positions}"


def _seed() -> None:
    STORE.reset()
    APP.extensions["clevertap_errors"].clear()
    APP.extensions["clevertap_faults"].clear()
    answer = APP.test_client().post("/1/upload", json=SEED, headers=AUTH).get_json()
    assert answer == {"status": "success", "processed": 3, "unprocessed": []}, answer


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_matches_the_document(case: schemathesis.Case) -> None:
    _seed()
    case.call_and_validate(additional_checks=[clevertap_batch_answer])
    assert APP.extensions["clevertap_errors"] == []


# --- the document itself ------------------------------------------------------------------------------------


def test_openapi_json_is_served_and_loads() -> None:
    response = APP.test_client().get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json;charset=utf-8"
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    # schemathesis parsed and resolved it (module level); every operation resolves its references.
    for result in schema.get_all_operations():
        result.ok()


def _media_examples(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for status, response in operation["responses"].items():
                if "$ref" in response:
                    response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                for media in response.get("content", {}).values():
                    examples = [media["example"]] if "example" in media else []
                    examples += [example["value"] for example in media.get("examples", {}).values()]
                    for example in examples:
                        yield f"{method.upper()} {path} {status}", media["schema"], example


def test_response_examples_match_their_schemas() -> None:
    import jsonschema_rs  # schemathesis' own validator

    document = APP.test_client().get("/openapi.json").get_json()
    checked = 0
    for label, body_schema, example in _media_examples(document):
        validator = jsonschema_rs.validator_for({**body_schema, "components": document["components"]})
        assert validator.is_valid(example), (label, example)
        checked += 1
    assert checked >= 5


def _flask_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":  # Flask's built-in static route: the mock has no static folder
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((path, method.lower()))
    return routes


def test_document_lists_every_route() -> None:
    document = APP.test_client().get("/openapi.json").get_json()
    documented = {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    routes = _flask_routes(APP)
    assert routes - documented == set(), "routes without documentation"
    assert documented - routes == set(), "documented operations the app does not serve"


def test_clevertap_operations_require_both_credentials() -> None:
    document = APP.test_client().get("/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            # Segment's Tracking API takes a write key (any non-empty one by default), not CleverTap credentials.
            segment = "segment" in operation.get("tags", [])
            expected = [] if path.startswith("/_mock") or path in ("/openapi.json", "/") or segment else None
            security = operation.get("security", document["security"])
            if expected is not None:
                assert security == expected, (method, path)
            else:
                assert security == [{"AccountId": [], "Passcode": []}], (method, path)
                assert "401" in operation["responses"], (method, path)


# --- answers no operation can be generated for -------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/1/no-such-endpoint", 404),
        ("GET", "/in1/1/no-such-endpoint", 404),
        ("GET", "/_mock/no-such-endpoint", 404),
        ("PUT", "/1/upload", 405),
        ("GET", "/in1/1/upload", 405),
        ("POST", "/_mock/health", 405),
        ("PATCH", "/_mock/requests", 405),
    ],
)
def test_unknown_paths_and_methods_answer_the_documented_envelope(method: str, path: str, status: int) -> None:
    import jsonschema_rs  # schemathesis' own validator

    response = APP.test_client().open(path, method=method, headers=AUTH)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json;charset=utf-8"
    document = APP.test_client().get("/openapi.json").get_json()
    name = "NotFound" if status == 404 else "MethodNotAllowed"
    body_schema = document["components"]["responses"][name]["content"]["application/json;charset=utf-8"]["schema"]
    validator = jsonschema_rs.validator_for({**body_schema, "components": document["components"]})
    validator.validate(response.get_json())
    assert response.get_json()["code"] == status
    if status == 405:
        assert response.headers.get("Allow"), "405 without Allow (RFC 9110)"


def test_region_prefixed_paths_answer_as_documented() -> None:
    operation = schema["/1/upload"]["POST"]
    case = operation.Case(
        body={"d": [{"type": "event", "identity": "user-9", "evtName": "Viewed", "evtData": {}}]}, headers=AUTH
    )
    _seed()
    response = case.call(base_url="http://localhost/in1")
    case.validate_response(response)
    assert response.json()["status"] == "success"
    # status=200: validate_response's auth probes (sent without credentials) are journaled too, as 401s.
    journal = APP.test_client().get("/_mock/requests?identity=user-9&status=200").get_json()["requests"]
    assert [(e["path"], e["region"]) for e in journal] == [("/1/upload", "in1")], journal


def test_utf8_body_with_byte_order_mark_is_accepted_and_journaled() -> None:
    """RFC 8259 §8.1 lets a parser ignore a UTF-8 byte order mark; the journal keeps the JSON text after it."""
    _seed()
    client = APP.test_client()
    body = {"d": [{"type": "event", "identity": "user-8", "evtName": "Viewed", "evtData": {}}]}
    headers = {**AUTH, "Content-Type": "application/json"}
    response = client.post("/1/upload", data=b"\xef\xbb\xbf" + json.dumps(body).encode(), headers=headers)
    assert response.status_code == 200, response.data
    journal = client.get("/_mock/requests?identity=user-8")
    assert [entry["body"] for entry in journal.get_json()["requests"]] == [body]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_json_bodies_in_other_encodings_are_malformed_and_keep_the_journal_readable(encoding) -> None:
    """CleverTap takes UTF-8 JSON; json.loads guesses UTF-16/32 from bytes, and a BOM-less UTF-16 body (valid
    UTF-8 full of NULs) was once stored as text that made every later GET /_mock/requests a 500."""
    _seed()
    client = APP.test_client()
    body = {"d": [{"type": "event", "identity": "user-8", "evtName": "Viewed", "evtData": {}}]}
    headers = {**AUTH, "Content-Type": "application/json"}
    response = client.post("/1/upload", data=json.dumps(body).encode(encoding), headers=headers)
    assert response.status_code == 400 and response.get_json()["error"] == "Malformed request"
    journal = client.get("/_mock/requests?path=/1/upload")
    assert journal.status_code == 200, journal.data
    entries = journal.get_json()["requests"]
    assert entries[-1]["status"] == 400 and entries[-1]["body"] is None
    assert isinstance(entries[-1]["raw_body"], str)
    assert APP.extensions["clevertap_errors"] == []


def test_subscribe_judges_records_with_non_string_type_or_status() -> None:
    """Found by schemathesis: an object or list as `type`/`status` was looked up in a dict (500)."""
    _seed()
    records = [
        {"type": {}, "value": "+14155551234", "status": "Unsubscribe"},
        {"type": "phone", "value": "+14155551234", "status": ["Unsubscribe"]},
    ]
    case = schema["/1/subscribe"]["POST"].Case(body={"d": records}, headers=AUTH)
    response = case.call()
    case.validate_response(response, additional_checks=[clevertap_batch_answer])
    assert response.json()["status"] == "fail" and [e["code"] for e in response.json()["unprocessed"]] == [400, 400]


def test_profile_not_found_as_http_404_matches_the_document() -> None:
    app = create_app(CONFIG.with_(profile_not_found_status=404), store=Store(":memory:"))
    local = schemathesis.openapi.from_wsgi("/openapi.json", app, config=SCHEMATHESIS_CONFIG)
    case = local["/1/profile.json"]["GET"].Case(query={"identity": "nobody"}, headers=AUTH)
    response = case.call()
    assert response.status_code == 404
    case.validate_response(response)
