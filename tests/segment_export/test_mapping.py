"""The export mapping: CleverTap download records -> Segment track/identify messages (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from segment_export import tracking_api
from segment_export.catalog import SYSTEM_EVENTS, events_for
from segment_export.mapping import identify_message, identities, parse_ts, track_message
from segment_export.settings import ExportSettings

AS_OF = datetime(2026, 11, 28, tzinfo=UTC)
EVENT = {
    "profile": {
        "objectId": "__g1",
        "platform": "Android",
        "identity": "u1",
        "email": "a@example.com",
        "name": "Ann",
        "push_token": "tok",
        "profileData": {"Plan": "gold"},
        "make": "Google",
        "model": "Pixel",
    },
    "ts": 20261127101500,
    "event_props": {"Campaign id": 123, "wzrk_pivot": "A", "CT Source": "Push"},
}


def test_track_keeps_names_and_property_keys():
    message = track_message("Notification Clicked", EVENT, ExportSettings(account="ACC")).message
    assert message is not None
    assert message["type"] == "track"
    assert message["event"] == "Notification Clicked"
    assert message["properties"] == {"Campaign id": 123, "wzrk_pivot": "A", "CT Source": "Push"}
    assert message["userId"] == "u1" and message["anonymousId"] == "__g1"
    assert message["timestamp"] == "2026-11-27T10:15:00.000Z"
    assert message["context"]["integration"] == {"name": "clevertap", "version": "1.0.0"}
    assert message["context"]["traits"] == {"email": "a@example.com", "name": "Ann"}
    assert message["context"]["device"] == {"manufacturer": "Google", "model": "Pixel", "token": "tok"}


def test_message_id_is_deterministic_and_depends_on_account_and_content():
    settings = ExportSettings(account="ACC")
    first = track_message("App Launched", EVENT, settings).message
    again = track_message("App Launched", dict(EVENT), settings).message
    other_account = track_message("App Launched", EVENT, ExportSettings(account="B")).message
    other_ts = track_message("App Launched", {**EVENT, "ts": 20261127101501}, settings).message
    assert first and again and other_account and other_ts
    assert first["messageId"] == again["messageId"]
    assert len({first["messageId"], other_account["messageId"], other_ts["messageId"]}) == 3
    assert len(first["messageId"]) < tracking_api.MAX_MESSAGE_ID_CHARS


@pytest.mark.parametrize(
    ("settings", "profile", "expected"),
    [
        (ExportSettings(), {"identity": "u1", "objectId": "o1"}, {"userId": "u1", "anonymousId": "o1"}),
        (ExportSettings(), {"objectId": "o1"}, {"anonymousId": "o1"}),
        (
            ExportSettings(user_id_fallback=("email",)),
            {"email": "e@x", "objectId": "o1"},
            {"userId": "e@x", "anonymousId": "o1"},
        ),
        (ExportSettings(user_id="email"), {"identity": "u1", "profileData": {"Email": "p@x"}}, {"userId": "p@x"}),
        (
            ExportSettings(user_id="phone", anonymous_id="none"),
            {"phone": "+1555", "objectId": "o"},
            {"userId": "+1555"},
        ),
        (
            ExportSettings(user_id="objectId"),
            {"platformInfo": [{"objectId": "o9"}]},
            {"userId": "o9", "anonymousId": "o9"},
        ),
        (ExportSettings(), {"identity": 42}, {"userId": "42"}),
        (ExportSettings(), {"identity": "  ", "objectId": ""}, {}),
    ],
)
def test_identity_sources_and_fallback(settings, profile, expected):
    assert identities(profile, settings) == expected


def test_record_without_any_id_is_skipped_with_reason():
    outcome = track_message("App Launched", {"profile": {"email": "a@x"}, "ts": 1}, ExportSettings())
    assert outcome.message is None and outcome.skipped == "no_user_anon_id"
    assert track_message("X", "not a record", ExportSettings()).skipped == "not_a_record"


@pytest.mark.parametrize(
    ("ts", "iso"),
    [
        (20151023140416, "2015-10-23T14:04:16"),
        ("20151023140416", "2015-10-23T14:04:16"),
        (1700000000, "2023-11-14T22:13:20"),
        (1700000000123, "2023-11-14T22:13:20.123000"),
    ],
)
def test_ts_formats(ts, iso):
    moment = parse_ts(ts)
    assert moment is not None and moment.replace(tzinfo=None).isoformat() == iso


@pytest.mark.parametrize("ts", [None, True, -5, "abc", 20151399999999, {"x": 1}])
def test_unreadable_ts_is_no_timestamp(ts):
    assert parse_ts(ts) is None
    message = track_message("E", {"profile": {"identity": "u"}, "ts": ts}, ExportSettings()).message
    assert message is not None and "timestamp" not in message


def test_identify_traits_are_profile_data_verbatim_and_id_ignores_run_time():
    record = {
        "identity": "u1",
        "platformInfo": [{"objectId": "o1"}],
        "profileData": {"Name": "A", "Customer Type": "x"},
    }
    settings = ExportSettings(kind="profiles", account="ACC")
    message = identify_message(record, settings, AS_OF).message
    later = identify_message(record, settings, datetime(2027, 1, 1, tzinfo=UTC)).message
    changed = identify_message({**record, "profileData": {"Name": "B"}}, settings, AS_OF).message
    assert message and later and changed
    assert message["traits"] == {"Name": "A", "Customer Type": "x"}
    assert message["userId"] == "u1" and message["anonymousId"] == "o1"
    assert message["timestamp"] == "2026-11-28T00:00:00.000Z"
    assert message["messageId"] == later["messageId"] != changed["messageId"]


def test_switches_turn_off_integration_and_context_traits():
    settings = ExportSettings(integration_context=False, context_traits=False)
    message = track_message("E", {"profile": {"identity": "u", "email": "e"}}, settings).message
    assert message is not None and message["context"] == {}


def test_settings_reject_unknown_names_and_values():
    with pytest.raises(ValueError, match="unknown export setting"):
        ExportSettings.from_mapping({"userid": "identity"})
    with pytest.raises(ValueError, match="user_id must be one of"):
        ExportSettings(user_id="name")
    with pytest.raises(ValueError, match="region"):
        ExportSettings(region="in1")


def test_event_choices_come_from_the_union_table():
    engagement = events_for("engagement")
    assert "Notification Clicked" in engagement and "App Launched" not in engagement
    assert "Webhook Delivered" not in events_for("all-system")
    assert "Session Concluded" not in events_for("segment-catalog")
    assert len({e.name for e in SYSTEM_EVENTS}) == len(SYSTEM_EVENTS)
    with pytest.raises(ValueError):
        events_for("everything")
