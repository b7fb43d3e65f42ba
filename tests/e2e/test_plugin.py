"""The pytest plugin's fixtures and assertion helpers, used as a user's test would use them."""

from __future__ import annotations

import pytest
import requests

from .conftest import AUTH

pytest_plugins = ["pytester"]


def _upload(url, *records):
    return requests.post(url + "/1/upload", json={"d": list(records)}, headers=AUTH, timeout=10).json()


def test_fixture_gives_a_reset_running_mock(clevertap_mock):
    assert clevertap_mock.health()["status"] == "ok"
    assert clevertap_mock.requests() == []  # reset before the test
    _upload(clevertap_mock.url, {"type": "event", "identity": "u1", "evtName": "Signed Up", "evtData": {}})


def test_state_from_previous_test_is_gone(clevertap_mock):
    assert clevertap_mock.requests() == [] and clevertap_mock.events() == []


def test_assert_event_uploaded_passes_and_counts(clevertap_mock):
    _upload(
        clevertap_mock.url,
        {"type": "event", "identity": "u1", "evtName": "Order Completed", "evtData": {"total": 10, "c": "x"}},
        {"type": "event", "identity": "u1", "evtName": "Order Completed", "evtData": {"total": 12}},
    )
    matches = clevertap_mock.assert_event_uploaded("Order Completed", identity="u1", count=2)
    assert [m.position for m in matches] == [1, 2]
    clevertap_mock.assert_event_uploaded("Order Completed", identity="u1", props={"total": 10}, count=1)


def test_assert_event_uploaded_failure_shows_closest_records(clevertap_mock):
    _upload(
        clevertap_mock.url,
        {"type": "event", "identity": "u1", "evtName": "Order Complete", "evtData": {}},
        {"type": "event", "identity": "u2", "evtName": "Order Completed", "evtData": {}},
        {"type": "profile", "identity": "zzz", "profileData": {}},
    )
    with pytest.raises(AssertionError) as info:
        clevertap_mock.assert_event_uploaded("Order Completed", identity="u1")
    message = str(info.value)
    assert "found 0 among 3 uploaded record(s)" in message
    lines = message.splitlines()
    assert lines[1] == "Closest recorded records:"
    records = [line for line in lines[2:] if line.startswith("  request #")]
    # the two near misses come first, the unrelated profile last
    assert any('"evtName": "Order Complete"' in line for line in records[:2])
    assert any('"identity": "u2"' in line for line in records[:2])
    assert '"identity": "zzz"' in records[2]
    # each near miss says which field differs, with the expected and recorded values
    assert '      identity: expected "u1", recorded "u2"' in lines
    assert '      evtName: expected "Order Completed", recorded "Order Complete"' in lines


def test_assert_event_uploaded_reports_rejections(clevertap_mock):
    _upload(clevertap_mock.url, {"type": "event", "identity": "u1", "evtName": "Web Page Viewed", "evtData": {}})
    with pytest.raises(AssertionError, match="rejected 513: Event Name is incorrect"):
        clevertap_mock.assert_event_uploaded("Web Page Viewed", identity="u1")
    clevertap_mock.assert_event_uploaded("Web Page Viewed", identity="u1", accepted=False)
    with pytest.raises(AssertionError, match="1 rejected record"):
        clevertap_mock.assert_no_rejections()


def test_assert_profile_uploaded(clevertap_mock):
    _upload(clevertap_mock.url, {"type": "profile", "identity": "u1", "profileData": {"Name": "A", "Plan": "x"}})
    clevertap_mock.assert_profile_uploaded(identity="u1", profile_data={"Name": "A"})
    with pytest.raises(AssertionError, match='profileData: {"Name": "A", "Plan": "x"}'):
        clevertap_mock.assert_profile_uploaded(identity="u1", profile_data={"Name": "B"})
    clevertap_mock.assert_no_rejections()


def test_empty_journal_message(clevertap_mock):
    with pytest.raises(AssertionError, match="no /1/upload requests"):
        clevertap_mock.assert_event_uploaded("Anything")


@pytest.mark.slow
def test_plugin_is_registered_for_users(pytester):
    """A user's project gets the fixtures from the installed entry point, with no conftest of its own."""
    pytester.makepyfile(
        """
        import requests

        def test_user(clevertap_mock):
            requests.post(clevertap_mock.url + "/1/upload", timeout=10,
                          headers={"X-CleverTap-Account-Id": "a", "X-CleverTap-Passcode": "p"},
                          json={"d": [{"type": "event", "identity": "me", "evtName": "Hi", "evtData": {}}]})
            clevertap_mock.assert_event_uploaded("Hi", identity="me")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
