"""CleverTap's cursor downloads over the mock's store (mock_clevertap/downloads.py), without HTTP."""

from __future__ import annotations

import pytest

from mock_clevertap import downloads, model
from mock_clevertap.store import Store

DAY = 1764288000  # 2025-11-28T00:00:00Z


@pytest.fixture
def store():
    st = Store(":memory:")
    with st.transaction() as txn:
        for i in range(7):
            record = {"type": "event", "identity": f"u{i % 3}", "evtName": "Viewed", "evtData": {"n": i}}
            model.ingest_event(txn, "ACC", record, DAY + i, i + 1)
        model.ingest_event(txn, "ACC", {"identity": "u9", "evtName": "Other", "evtData": {}}, DAY, 99)
        model.ingest_event(txn, "B", {"identity": "u1", "evtName": "Viewed", "evtData": {}}, DAY, 100)
    yield st
    st.close()


def _cursor(store, kind="events", batch=3, **query):
    q = downloads.parse_query({"event_name": "Viewed", "from": 20251128, "to": 20251128, **query})
    return downloads.Cursor(kind, "ACC", q, batch, 0, downloads.newest_event_id(store))


def _all(store, cursor):
    page = downloads.event_page if cursor.kind == "events" else downloads.profile_page
    records, pages = [], 0
    while cursor is not None:
        got, cursor = page(store, downloads.Cursor.decode(cursor.encode(), "ACC", cursor.kind))
        records += got
        pages += 1
    return records, pages


def test_events_page_through_every_match_once_in_order(store):
    records, pages = _all(store, _cursor(store))
    assert [r["event_props"]["n"] for r in records] == list(range(7))
    assert pages == 3
    assert records[0]["ts"] == 20251128000000
    assert records[0]["profile"]["identity"] == "u0"


def test_a_download_does_not_see_events_added_after_it_was_created(store):
    cursor = _cursor(store, batch=100)
    with store.transaction() as txn:
        model.ingest_event(txn, "ACC", {"identity": "u1", "evtName": "Viewed", "evtData": {"n": 50}}, DAY, 200)
    records, _ = _all(store, cursor)
    assert len(records) == 7


def test_profiles_are_each_user_once(store):
    records, _ = _all(store, _cursor(store, kind="profiles", batch=2))
    assert [r["identity"] for r in records] == ["u0", "u1", "u2"]
    assert "account" not in records[0]


def test_filters_dates_and_counts(store):
    assert downloads.count(store, "events", "ACC", _cursor(store).query) == 7
    assert downloads.count(store, "profiles", "ACC", _cursor(store).query) == 3
    q = downloads.parse_query(
        {
            "event_name": "Viewed",
            "from": 20251128,
            "to": 20251128,
            "event_properties": [{"name": "n", "operator": "equals", "value": 4}],
        }
    )
    assert downloads.count(store, "events", "ACC", q) == 1
    later = downloads.parse_query({"event_name": "Viewed", "from": 20251129, "to": 20251130})
    assert downloads.count(store, "events", "ACC", later) == 0


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"from": 20250101, "to": 20250102}, "event_name"),
        ({"event_name": "E", "from": 2025, "to": 20250102}, "'from'"),
        ({"event_name": "E", "from": 20250103, "to": 20250102}, "before"),
        ({"event_name": "E", "from": 20250101}, "'to'"),
        (
            {
                "event_name": "E",
                "from": 20250101,
                "to": 20250102,
                "event_properties": [{"name": "a", "operator": "regex"}],
            },
            "operator",
        ),
        ([1], "JSON object"),
    ],
)
def test_bad_queries_say_what_is_wrong(body, error):
    with pytest.raises(downloads.QueryError, match=error):
        downloads.parse_query(body)


def test_cursor_of_another_account_or_garbage_is_refused(store):
    token = _cursor(store).encode()
    assert "=" not in token and "+" not in token and "/" not in token
    for account, kind, tok in (("B", "events", token), ("ACC", "profiles", token), ("ACC", "events", "@@@")):
        with pytest.raises(downloads.QueryError, match="Invalid cursor"):
            downloads.Cursor.decode(tok, account, kind)
    with pytest.raises(downloads.QueryError):
        downloads.parse_batch_size("5001")
