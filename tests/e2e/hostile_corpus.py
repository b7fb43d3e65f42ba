"""A seeded corpus of hostile requests for the served mock: what careless or malicious clients send.

`corpus(seed, n)` always yields the same `n` requests for a seed. The campaign test (`test_hostile_corpus.py`) and
`bench/mock_campaign.py` send them over real HTTP and hold the mock to: no 5xx (other than faults the corpus itself
queued, which the runner clears at once), no unexpected server error, a journal that stays readable.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

AUTH = {"X-CleverTap-Account-Id": "HOSTILE-1", "X-CleverTap-Passcode": "pass", "Content-Type": "application/json"}
API_PATHS = (
    "/1/upload",
    "/1/profile.json",
    "/1/delete/profiles.json",
    "/1/demerge/profiles.json",
    "/1/disassociate",
    "/1/subscribe",
)
ADMIN_PATHS = (
    "/_mock/health",
    "/_mock/requests",
    "/_mock/profiles",
    "/_mock/events",
    "/_mock/tokens",
    "/_mock/faults",
    "/_mock/reset",
    "/_mock/nope",
    "/_mock/",
)
REGIONS = ("", "/in1", "/eu1", "/us1", "/sk1", "/zz9")
WEIRD_STRINGS = (
    "",
    " ",
    "\u0000",
    "\ud83c",
    "\udfff\ud800",
    "é" * 61,
    "x" * 130,
    "\u202e",
    "'; DROP TABLE journal;--",
    "$D_",
    "$D_abc",
    "../../_mock/reset",
    "%00",
    "\n\r",
    "🙂" * 40,
)
NUMBERS = ("0", "-1", "1e400", "-1e400", "1e-400", "-0", "9223372036854775808", "1" * 400, "0.1e1", "1E+2")
INTS_TEXT = ("9223372036854775808", "99999999999999999999999", "-1", "abc", "1e3", "+1", " 1", "١", "0x10", "")


@dataclass
class HostileRequest:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


def _event(rng: random.Random) -> dict:
    return {"type": "event", "identity": f"h{rng.randrange(50)}", "evtName": "Viewed", "evtData": {"n": 1}}


def _nest(depth: int, rng: random.Random) -> str:
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    return opener * depth + "1" + closer * depth


def _encodings(rng: random.Random) -> HostileRequest:
    text = json.dumps({"d": [_event(rng)]})
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "latin-1", "cp1252"))
    body = (text.replace("Viewed", "Vïewed") if encoding in ("latin-1", "cp1252") else text).encode(encoding)
    if rng.random() < 0.3:
        body = body[: rng.randrange(1, len(body))]  # cut mid-character
    return HostileRequest("encoding", "POST", rng.choice(API_PATHS[:1] + API_PATHS[2:]), body, AUTH)


def _invalid_utf8(rng: random.Random) -> HostileRequest:
    junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    return HostileRequest(
        "bytes", "POST", rng.choice(API_PATHS), rng.choice((b"\xff\xfe" + junk, junk, b"\x00" * 50)), AUTH
    )


def _deep(rng: random.Random) -> HostileRequest:
    depth = rng.choice((rng.randrange(500, 1100), rng.randrange(1100, 60_000)))
    inner = _nest(depth, rng)
    path = rng.choice((*API_PATHS, "/_mock/faults"))
    body = rng.choice(
        (
            inner,
            '{"d": ' + inner + "}",
            '{"d": [{"type": "event", "identity": "u", "evtName": "E", "evtData": {"x": ' + inner + "}}]}",
            '{"identity": ' + inner + "}",
        )
    )
    return HostileRequest("deep", "POST", path, body.encode(), AUTH)


def _numbers(rng: random.Random) -> HostileRequest:
    number = rng.choice(NUMBERS + ("NaN", "Infinity", "-Infinity"))
    template = rng.choice(
        (
            '{"d": [{"type": "event", "identity": "u", "ts": %s, "evtName": "E", "evtData": {}}]}',
            '{"d": [{"type": "event", "identity": %s, "evtName": "E", "evtData": {"v": %s}}]}',
            '{"d": [{"type": "profile", "identity": "u", "profileData": {"Age": %s, "n": {"$incr": %s}}}]}',
            '{"status": %s, "count": %s, "delay": %s}',
        )
    )
    path = "/_mock/faults" if template.startswith('{"status"') else "/1/upload"
    return HostileRequest("numbers", "POST", path, (template.replace("%s", number)).encode(), AUTH)


def _shapes(rng: random.Random) -> HostileRequest:
    weird = rng.choice(WEIRD_STRINGS)
    value = rng.choice(([], {}, None, 1, True, weird, [weird], {"$add": weird}, [[[]]], {"a": {"b": [1]}}))
    record = _event(rng)
    record[
        rng.choice(
            ("type", "identity", "objectId", "evtName", "evtData", "ts", "FBID", "GPID", "profileData", "tokenData")
        )
    ] = value
    body = rng.choice(
        (
            {"d": [record]},
            {"d": value},
            value,
            {"d": [record] * rng.choice((1, 999, 1001))},
            {"identity": value},
            {"guid": value, "identity": value},
            {"identities": value},
            {"d": [{"type": "token", "objectId": weird, "tokenData": value}]},
            {"d": [{"type": "profile", "identity": "u", "profileData": {weird: value}}]},
        )
    )
    return HostileRequest("shape", "POST", rng.choice(API_PATHS[:1] + API_PATHS[2:]), json.dumps(body).encode(), AUTH)


def _sizes(rng: random.Random) -> HostileRequest:
    big = rng.choice(
        (
            {"d": [{**_event(rng), "evtData": {f"k{i}": i for i in range(rng.choice((257, 1000, 5000)))}}]},
            {"d": [{**_event(rng), "identity": "x" * 100_000}]},
            {"d": [{"type": "profile", "identity": "u", "profileData": {"Tags": ["t"] * 500, "s": "é" * 5000}}]},
            {"identities": ["i"] * 5000},
        )
    )
    return HostileRequest("size", "POST", rng.choice(API_PATHS[:1] + API_PATHS[2:]), json.dumps(big).encode(), AUTH)


def _queries(rng: random.Random) -> HostileRequest:
    name = rng.choice(
        (
            "limit",
            "since",
            "status",
            "order",
            "only",
            "path",
            "type",
            "evtName",
            "identity",
            "objectId",
            "method",
            "region",
            "account",
            "dryRun",
            "email",
        )
    )
    value = rng.choice(INTS_TEXT + WEIRD_STRINGS[:4] + ("desc", "asc", "journal", "state", "1"))
    path = rng.choice(
        ("/_mock/requests", "/_mock/requests", "/_mock/events", "/_mock/profiles", "/1/profile.json", "/1/upload")
    )
    method = "POST" if path == "/1/upload" else "GET"
    body = json.dumps({"d": [_event(rng)]}).encode() if method == "POST" else None
    return HostileRequest("query", method, path, body, AUTH, {name: value.replace("\ud83c", "?")})


def _methods_and_paths(rng: random.Random) -> HostileRequest:
    method = rng.choice(("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "POST"))
    path = rng.choice(REGIONS) + rng.choice(
        (
            *API_PATHS,
            *ADMIN_PATHS[:-3],
            "/favicon.ico",
            "//1//upload",
            "/1/upload/",
            "/1/%75pload",
            "/_mock/../_mock/health",
            "/" + "a" * 5000,
        )
    )
    if path.startswith(("/_mock/reset", "/_mock/requests")) and method in ("POST", "DELETE"):
        method = "GET"  # the corpus does not wipe the journal it is checked against
    return HostileRequest("method", method, path, b"{}" if method in ("POST", "PUT", "PATCH") else None, AUTH)


def _headers(rng: random.Random) -> HostileRequest:
    headers = dict(
        rng.choice(
            (
                {},
                {"X-CleverTap-Account-Id": "A"},
                {"X-CleverTap-Passcode": "p"},
                {**AUTH, "Content-Type": "text/plain"},
                {**AUTH, "Content-Type": "application/x-www-form-urlencoded"},
                {**AUTH, "X-CleverTap-Account-Id": "a" + " " * 100 + "b"},
                {**AUTH, "X-CleverTap-Passcode": "p" * 8000},
                {**AUTH, "Content-Encoding": "gzip"},
                {**AUTH, "Origin": "http://evil.example"},
            )
        )
    )
    return HostileRequest(
        "header", "POST", rng.choice(API_PATHS[:1] + API_PATHS[2:]), json.dumps({"d": [_event(rng)]}).encode(), headers
    )


def _faults(rng: random.Random) -> HostileRequest:
    body = {
        "status": rng.choice((None, 400, 429, 503, 200, 999, "500", True, -1)),
        "count": rng.choice((1, 0, -5, 10**30, "2", None)),
        "delay": rng.choice((0, 0.002, -1, 1e308, "1", None)),
        "path": rng.choice((None, "/in1/1/upload", "relative", 5, "/" + "p" * 1000, "/1/profile.json")),
    }
    return HostileRequest("fault", "POST", "/_mock/faults", json.dumps(body).encode(), {})


MAKERS: tuple[Callable[[random.Random], HostileRequest], ...] = (
    _encodings,
    _invalid_utf8,
    _deep,
    _numbers,
    _shapes,
    _sizes,
    _queries,
    _methods_and_paths,
    _headers,
    _faults,
)


def corpus(seed: int, n: int) -> Iterator[HostileRequest]:
    rng = random.Random(seed)
    for i in range(n):
        yield MAKERS[i % len(MAKERS)](rng)


@dataclass
class CampaignResult:
    sent: int = 0
    server_errors: list[str] = field(default_factory=list)  # 5xx answers the corpus did not ask for
    statuses: dict[int, int] = field(default_factory=dict)


def run_corpus(base_url: str, seed: int, n: int, timeout: float = 60.0) -> CampaignResult:
    """Send the corpus; after each fault the corpus queued, clear the queue so only asked-for faults answer 5xx."""
    import requests

    result = CampaignResult()
    with requests.Session() as session:
        for request in corpus(seed, n):
            response = session.request(
                request.method,
                base_url + request.path,
                data=request.body,
                headers=request.headers,
                params=request.params,
                timeout=timeout,
            )
            result.sent += 1
            result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                result.server_errors.append(f"{request.kind} {request.method} {request.path}: {response.text[:200]}")
            if request.kind == "fault" and response.status_code == 200:
                session.delete(base_url + "/_mock/faults", timeout=timeout)
    return result
