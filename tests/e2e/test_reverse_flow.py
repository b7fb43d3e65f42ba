"""CleverTap -> Segment end to end over real HTTP (docs/clevertap-to-segment.md).

Events reach the mock through `/1/upload` (a transformer's requests) and through `POST /_mock/events` (system
events CleverTap raises itself); the export reads them back through the download APIs, sends them to the mock's
Segment endpoint, and the test reads what arrived from `GET /_mock/segment/messages`. Segment's own Python client
(`segment-analytics-python`) is a second real sender against the receiver.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import requests

from contracts.delivery import requests_of, send_to_mock
from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer
from segment_export import ExportSettings, export_segment
from segment_export.mapping import parse_ts
from transformer import transform

ACCOUNT, PASSCODE, WRITE_KEY = "TEST-ACC-0001", "test-passcode", "seg-write-key"
TODAY = datetime.now(UTC)
FROM_DATE = int((TODAY - timedelta(days=1)).strftime("%Y%m%d"))
TO_DATE = int((TODAY + timedelta(days=1)).strftime("%Y%m%d"))
NOW = int(TODAY.timestamp())
SEGMENT_SETTINGS = {"accountId": ACCOUNT, "passcode": PASSCODE, "region": "in1"}
EVENTS = ["Product Viewed", "Notification Sent", "Notification Clicked"]


@pytest.fixture
def mock():
    with MockServer() as server:
        yield server
        assert server.errors == []


def _messages(mock, **filters) -> list[dict]:
    answer = requests.get(f"{mock.url}/_mock/segment/messages", params=filters, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["messages"]


def _fill(mock) -> None:
    """Two users' custom events through a transformer's /1/upload requests, their engagement events seeded."""
    segment_events = [
        {
            "type": "track",
            "event": "Product Viewed",
            "userId": "u-1",
            "properties": {"sku": "A-1", "price": 9.5},
            "timestamp": (TODAY - timedelta(minutes=5)).isoformat(),
            "messageId": "fwd-1",
        },
        {
            "type": "track",
            "event": "Product Viewed",
            "userId": "u-2",
            "properties": {"sku": "B-2"},
            "timestamp": (TODAY - timedelta(minutes=4)).isoformat(),
            "messageId": "fwd-2",
        },
        {
            "type": "identify",
            "userId": "u-1",
            "traits": {"email": "one@example.com", "name": "One"},
            "messageId": "fwd-3",
        },
    ]
    session = requests.Session()
    for result in transform(segment_events, SEGMENT_SETTINGS, "segment"):
        for request in requests_of(result):
            assert send_to_mock(request, mock.url, session).status_code == 200
    # CleverTap refuses system events from clients (513), so they are seeded the way CleverTap raises them.
    refused = session.post(
        f"{mock.url}/1/upload",
        json={"d": [{"type": "event", "identity": "u-1", "evtName": "Notification Clicked", "evtData": {}}]},
        headers={"X-CleverTap-Account-Id": ACCOUNT, "X-CleverTap-Passcode": PASSCODE},
        timeout=10,
    ).json()
    assert refused["unprocessed"][0]["code"] == 513
    seeded = session.post(
        f"{mock.url}/_mock/events",
        json={
            "account": ACCOUNT,
            "d": [
                {
                    "evtName": "Notification Sent",
                    "identity": "u-1",
                    "ts": NOW - 120,
                    "evtData": {"Campaign id": 1732700000, "Campaign type": "Mobile Push"},
                },
                {
                    "evtName": "Notification Clicked",
                    "identity": "u-1",
                    "ts": NOW - 60,
                    "evtData": {"Campaign id": 1732700000, "wzrk_c2a": "Shop now"},
                },
                {
                    "evtName": "Notification Sent",
                    "objectId": "__anon-device-1",
                    "ts": NOW - 30,
                    "evtData": {"Campaign id": 1732700000},
                },
            ],
        },
        timeout=10,
    )
    assert seeded.json() == {"status": "ok", "seeded": 3}


def _export(mock, **overrides):
    options = dict(
        from_url=mock.url,
        account=ACCOUNT,
        passcode=PASSCODE,
        write_key=WRITE_KEY,
        to_url=f"{mock.url}/segment",
        events=EVENTS,
        from_date=FROM_DATE,
        to_date=TO_DATE,
        sleep=lambda _s: None,
    )
    options.update(overrides)
    return export_segment(**options)


def test_upload_download_export_receive_read_back(mock):
    _fill(mock)
    summary = _export(mock, settings=ExportSettings(account=ACCOUNT, export_id="e2e"))
    assert summary.ok, summary.line()
    assert (summary.records_read, summary.messages_sent, summary.batches, summary.rejected) == (5, 5, 1, 0)
    received = _messages(mock, rejected="false")
    assert [m["event"] for m in received] == [
        "Product Viewed",
        "Product Viewed",
        "Notification Sent",
        "Notification Sent",
        "Notification Clicked",
    ]
    by_event = {(m["event"], m.get("userId")): m for m in received}
    clicked = by_event[("Notification Clicked", "u-1")]
    assert clicked["properties"] == {"Campaign id": 1732700000, "wzrk_c2a": "Shop now"}
    assert clicked["context"]["traits"] == {"email": "one@example.com", "name": "One"}
    assert clicked["writeKey"] == WRITE_KEY and clicked["region"] == "us" and clicked["rejected"] is None
    assert by_event[("Product Viewed", "u-1")]["properties"] == {"sku": "A-1", "price": 9.5}
    anonymous = [m for m in received if "userId" not in m]
    assert [m["anonymousId"] for m in anonymous] == ["__anon-device-1"]
    # Segment's clock-skew correction: the export's clock is the mock's, so timestamp == originalTimestamp
    # within the time the request took.
    for message in received:
        original = parse_ts(int(datetime.fromisoformat(message["originalTimestamp"]).strftime("%Y%m%d%H%M%S")))
        corrected = datetime.fromisoformat(message["timestamp"])
        assert original is not None and abs((corrected - original).total_seconds()) < 5

    # Run again: the same messageIds, so Segment (here the mock) de-duplicates every message.
    again = _export(mock, settings=ExportSettings(account=ACCOUNT, export_id="e2e"))
    assert again.ok and again.messages_sent == 5
    assert len(_messages(mock, rejected="false")) == 5
    duplicates = _messages(mock, rejected="true")
    assert [m["rejected"] for m in duplicates] == ["duplicate_message_id"] * 5
    assert {m["messageId"] for m in duplicates} == {m["messageId"] for m in received}

    # The profiles export of the same users: one identify per user, traits with CleverTap's keys.
    profiles = _export(mock, settings=ExportSettings(kind="profiles", account=ACCOUNT), events=["Product Viewed"])
    assert profiles.ok and profiles.messages_sent == 2
    identifies = _messages(mock, type="identify")
    assert [m["userId"] for m in identifies] == ["u-1", "u-2"]
    assert identifies[0]["traits"]["Email"] == "one@example.com"

    requests.post(f"{mock.url}/_mock/reset", timeout=10)
    assert _messages(mock) == []


def test_export_survives_429_and_500_with_backoff_and_retry_header(mock):
    _fill(mock)
    for fault in (
        {"status": 429, "path": "/segment/v1/batch", "retry_after": 0},
        {"status": 500, "path": "/segment/v1/batch"},
        {"status": 503, "path": "/1/events.json"},  # the download side retries too
        {"status": 429, "path": "/1/events.json"},
    ):
        assert requests.post(f"{mock.url}/_mock/faults", json=fault, timeout=10).status_code == 200
    waits: list[float] = []
    summary = _export(mock, sleep=waits.append)
    assert summary.ok and summary.messages_sent == 5
    journal = requests.get(f"{mock.url}/_mock/requests", params={"path": "/segment/v1/batch"}, timeout=10).json()
    assert [e["status"] for e in journal["requests"]] == [429, 500, 200]
    assert [e["headers"].get("X-Retry-Count") for e in journal["requests"]] == [None, "1", "2"]
    # downloads: 0.5 s then 1 s; sends: Retry-After: 0 obeyed, then exponential backoff (attempt 2: 1 s)
    assert waits == [0.5, 1.0, 0.0, 1.0]
    downloads = requests.get(f"{mock.url}/_mock/requests", params={"path": "/1/events.json"}, timeout=10).json()
    assert [e["status"] for e in downloads["requests"]][:3] == [503, 429, 200]


def test_export_reports_refused_batches_and_bad_credentials():
    config = MockConfig(accounts={ACCOUNT: frozenset({PASSCODE})})
    with MockServer(config) as mock:
        _fill(mock)
        requests.post(f"{mock.url}/_mock/faults", json={"status": 400, "path": "/segment/v1/batch"}, timeout=10)
        summary = _export(mock)
        assert not summary.ok and summary.messages_sent == 0
        assert summary.refused[0]["status"] == 400 and summary.refused[0]["attempts"] == 1
        wrong = _export(mock, passcode="nope")
        assert not wrong.ok and "Invalid Credentials" in (wrong.error or "")


def _export_args(mock) -> list[str]:
    """`export-segment` arguments from the filled mock to its Segment endpoint, all but the passcode."""
    return [
        "--from",
        mock.url,
        "--account",
        ACCOUNT,
        "--write-key",
        WRITE_KEY,
        "--to",
        f"{mock.url}/segment",
        "--events",
        ",".join(EVENTS),
        "--from-date",
        str(FROM_DATE),
        "--to-date",
        str(TO_DATE),
    ]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clevertap_harness", "export-segment", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_prints_one_line_and_exits_by_outcome():
    config = MockConfig(accounts={ACCOUNT: frozenset({PASSCODE})})
    with MockServer(config) as mock:
        _fill(mock)
        common = _export_args(mock)
        ok = _cli(*common, "--passcode", PASSCODE)
        assert ok.returncode == 0, ok.stderr
        assert ok.stdout.splitlines() == [
            "export-segment: 5 records read, 5 messages sent in 1 request, 0 rejected "
            "(0 without id, 0 over the size limit, 0 refused)"
        ]
        anonymous_off = _cli(*common, "--passcode", PASSCODE, "--anonymous-id", "none", "--json")
        assert anonymous_off.returncode == 0
        assert '"skipped": [{"index": 3, "reason": "no_user_anon_id"}]' in anonymous_off.stdout
        failed = _cli(*common, "--passcode", "wrong")
        assert failed.returncode == 1
        assert len(failed.stderr.strip().splitlines()) == 1 and "Invalid Credentials" in failed.stderr
    usage = _cli(
        "--from",
        "x",
        "--account",
        "a",
        "--passcode",
        "p",
        "--write-key",
        "k",
        "--to",
        "y",
        "--from-date",
        "20261201",
        "--to-date",
        "20261101",
    )
    assert usage.returncode == 2 and usage.stderr.strip().splitlines() == [
        "clevertap-harness export-segment: --from-date 20261201 is after --to-date 20261101"
    ]


def test_segments_python_client_is_accepted(mock):
    from segment.analytics import Client

    errors: list = []
    for gzip in (False, True):
        # plain and synchronous, then gzipped through the client's own consumer thread
        client = Client(
            f"py-key-{gzip}",
            host=f"{mock.url}/segment",
            sync_mode=not gzip,
            gzip=gzip,
            on_error=lambda e, batch: errors.append(e),
            max_retries=0,
        )
        client.identify("u-1", {"email": "one@example.com"})
        client.track("u-1", "Order Completed", {"revenue": 12.5})
        client.page("u-1", "Docs", "Install", {"url": "https://example.com"})
        client.screen("u-1", "App", "Home")
        client.group("u-1", "g-1", {"name": "Acme"})
        client.alias("anon-1", "u-1")
        client.flush()
        if gzip:
            client.shutdown()
    assert errors == []
    # a 429 with Retry-After, in the shape the client parses: it waits, retries and delivers
    fault = {"status": 429, "path": "/segment/v1/batch", "retry_after": 0}
    assert requests.post(f"{mock.url}/_mock/faults", json=fault, timeout=10).status_code == 200
    # (sync mode raises at once; the client's own consumer thread is what retries)
    client = Client("py-key-retry", host=f"{mock.url}/segment", max_retries=2, on_error=lambda e, b: errors.append(e))
    client.track("u-1", "Retried")
    client.flush()
    client.shutdown()
    assert errors == [] and [m["event"] for m in _messages(mock, writeKey="py-key-retry")] == ["Retried"]
    journal = requests.get(f"{mock.url}/_mock/requests", params={"path": "/segment/v1/batch"}, timeout=10).json()
    refused = [e for e in journal["requests"] if e["status"] == 429]
    assert refused[0]["response"] == {"code": "too_many_requests", "message": "Too Many Requests"}
    for gzip in (False, True):
        received = _messages(mock, writeKey=f"py-key-{gzip}")
        assert [m["type"] for m in received] == ["identify", "track", "page", "screen", "group", "alias"]
        assert all(m["rejected"] is None and m["region"] == "us" for m in received)
        assert received[1]["properties"] == {"revenue": 12.5}
        assert received[0]["context"]["library"]["name"] == "analytics-python"
        assert all(m["originalTimestamp"] and m["receivedAt"] for m in received)


def test_receiver_rules_default_and_strict():
    def post(url, body, key=WRITE_KEY, **kw):
        return requests.post(url, json=body, auth=(key, "") if key else None, timeout=10, **kw)

    track = {"type": "track", "event": "E", "userId": "u"}
    with MockServer(MockConfig(segment_write_keys={"k-us": "us", "k-eu": "eu"})) as mock:
        base = f"{mock.url}/segment/v1/batch"
        assert post(
            base,
            {"batch": [track, {"type": "track", "userId": "u"}, {"event": "E", "userId": "u"}, {"type": "identify"}]},
            key="k-us",
        ).json() == {"success": True}
        assert post(base, {"batch": [track]}, key="k-eu").status_code == 200
        assert post(base, {"batch": [track]}, key="unknown").status_code == 200
        assert post(base, {"batch": [track] * 2501}, key="k-us").status_code == 200
        big = {**track, "properties": {"x": "y" * 33_000}}
        assert post(base, {"batch": [big]}, key="k-us").status_code == 200
        assert post(f"{mock.url}/segment/v1/track", big, key="k-us").json()["code"] == "message_too_large"
        assert post(base, {"batch": [big] * 16}, key="k-us").status_code == 400  # over 500KB
        # a number beyond a double would be echoed back as `Infinity` (not JSON): refused like bad JSON
        huge = requests.post(
            base, data=b'{"batch":[{"type":"track","event":"E","userId":"u","n":1e400}]}', auth=("k-us", ""), timeout=10
        )
        assert huge.status_code == 400
        bad = requests.post(base, data=b"{not json", auth=("k-us", ""), timeout=10)
        assert bad.status_code == 400 and bad.json() == {"code": "invalid_json", "message": "Invalid JSON"}
        # by Host: events.eu1.segmentapis.com is the EU endpoint, and a body writeKey is a key too
        eu = post(
            f"{mock.url}/v1/track",
            {**track, "writeKey": "k-eu"},
            key=None,
            headers={"Host": "events.eu1.segmentapis.com"},
        )
        assert eu.status_code == 200
        reasons = [m["rejected"] for m in _messages(mock)]
        assert reasons[:6] == [
            None,
            "missing_event",
            "missing_type",
            "no_user_anon_id",
            "region_mismatch",
            "bad_write_key",
        ]
        assert reasons[6:2507] == ["over_batch_count"] * 2501
        assert reasons[2507] == "message_too_large"
        assert _messages(mock, region="eu")[-1]["writeKey"] == "k-eu" and reasons[-1] is None
        assert len(reasons) == 2509  # the 400 answers stored nothing
        assert _messages(mock, order="desc", limit=1) == _messages(mock)[-1:]
        assert _messages(mock, limit=1) == _messages(mock)[:1]

    strict = MockConfig(segment_write_keys={"k-us": "us", "k-eu": "eu"}, segment_strict=True)
    with MockServer(strict) as mock:
        base = f"{mock.url}/segment/v1/batch"
        assert post(base, {"batch": [track]}, key="nope").status_code == 401
        answer = post(base, {"batch": [track, {"type": "track", "userId": "u"}]}, key="k-us")
        assert answer.status_code == 400
        assert answer.json() == {
            "code": "missing_event",
            "message": "Track message has no event",
            "rejected": [{"index": 1, "reason": "missing_event"}],
        }
        assert post(f"{mock.url}/segment/eu1/v1/batch", {"batch": [track]}, key="k-us").json()["code"] == (
            "region_mismatch"
        )
        assert post(f"{mock.url}/segment/eu1/v1/batch", {"batch": [track]}, key="k-eu").status_code == 200
        assert [m["rejected"] for m in _messages(mock)] == [
            "bad_write_key",
            "request_refused",
            "missing_event",
            "region_mismatch",
            None,
        ]


def test_download_api_both_ways_of_asking(mock):
    _fill(mock)
    headers = {"X-CleverTap-Account-Id": ACCOUNT, "X-CleverTap-Passcode": PASSCODE}
    query = {"event_name": "Notification Sent", "from": FROM_DATE, "to": TO_DATE}
    by_body = requests.post(f"{mock.url}/1/events.json?batch_size=1", json=query, headers=headers, timeout=10)
    by_param = requests.get(
        f"{mock.url}/in1/1/events.json",
        params={"batch_size": 1, "query": str(query).replace("'", '"')},
        headers=headers,
        timeout=10,
    )
    pages = []
    for created in (by_body, by_param):
        cursor, records = created.json()["cursor"], []
        while cursor:
            page = requests.get(f"{mock.url}/1/events.json?cursor={cursor}", headers=headers, timeout=10).json()
            records += page["records"]
            cursor = page.get("next_cursor")
        pages.append(records)
    assert pages[0] == pages[1] and len(pages[0]) == 2
    assert pages[0][0]["event_props"] == {"Campaign id": 1732700000, "Campaign type": "Mobile Push"}
    too_big = requests.post(f"{mock.url}/1/events.json?batch_size=5001", json=query, headers=headers, timeout=10)
    assert too_big.status_code == 400 and "5000" in too_big.json()["error"]
    other = {"X-CleverTap-Account-Id": "OTHER", "X-CleverTap-Passcode": "x"}
    stolen = requests.get(f"{mock.url}/1/events.json?cursor={by_body.json()['cursor']}", headers=other, timeout=10)
    assert stolen.status_code == 400 and stolen.json()["error"] == "Invalid cursor"
    count = requests.post(f"{mock.url}/1/counts/profiles.json", json=query, headers=headers, timeout=10).json()
    assert count == {"status": "success", "count": 2}


def test_cli_shows_progress_on_a_terminal_only(mock):
    import os
    import pty

    _fill(mock)
    args = [*_export_args(mock), "--passcode", PASSCODE]
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "clevertap_harness", "export-segment", *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=120,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    assert b"\rreading: 5 records" in shown and b"\rsending: 1/1 requests" in shown
    assert proc.stdout.startswith("export-segment: 5 records read")
    piped = _cli(*args)  # stderr not a terminal: no progress at all
    assert piped.returncode == 0 and piped.stderr == ""


def test_full_batches_fit_segments_byte_limit_on_the_wire(mock):
    """Batches are measured on the bytes actually sent: with non-ASCII text (2 bytes in UTF-8, 6 as a \\u escape)
    a batch filled to just under 500KB must still be under it when it arrives (found by bench/export_segment.py)."""
    d = [
        {
            "evtName": "Notification Viewed",
            "identity": f"u-{i}",
            "ts": NOW - i,
            "evtData": {"Campaign name": "é" * 700, "n": i},
        }
        for i in range(1500)
    ]
    assert requests.post(f"{mock.url}/_mock/events", json={"account": ACCOUNT, "d": d}, timeout=60).ok
    summary = _export(mock, events=["Notification Viewed"])
    assert summary.ok, summary.line()
    assert summary.messages_sent == 1500 and summary.batches >= 3
    journal = requests.get(f"{mock.url}/_mock/requests", params={"path": "/segment/v1/batch"}, timeout=30).json()
    assert {e["status"] for e in journal["requests"]} == {200}
    assert len(_messages(mock, rejected="false", limit=2000)) == 1500
