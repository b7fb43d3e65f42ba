"""A failing assertion of the pytest plugin reads like a test failure, not like the plugin's source: the helper
frames are hidden (`__tracebackhide__`) and the message names the differing fields of the closest records."""

from __future__ import annotations

pytest_plugins = ["pytester"]

USER_TEST = """
import requests

AUTH = {"X-CleverTap-Account-Id": "a", "X-CleverTap-Passcode": "p"}

def test_checkout(clevertap_mock):
    requests.post(clevertap_mock.url + "/1/upload", timeout=10, headers=AUTH,
                  json={"d": [{"type": "event", "identity": "u2", "evtName": "Charged", "evtData": {"Amount": 25}}]})
    clevertap_mock.assert_event_uploaded("Charged", identity="u1", props={"Amount": 30})
"""


def test_failure_shows_the_differing_fields_and_none_of_the_plugin_source(pytester):
    pytester.makepyfile(test_user=USER_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert 'identity: expected "u1", recorded "u2"' in out
    assert "evtData.Amount: expected 30, recorded 25" in out
    assert 'clevertap_mock.assert_event_uploaded("Charged", identity="u1", props={"Amount": 30})' in out
    # none of the helper's own code is printed
    for plugin_line in ("records = self.uploaded()", "def _assert_record", "raise AssertionError", "client.py:"):
        assert plugin_line not in out, plugin_line
    section = out[out.index("test_checkout") : out.index("short test summary")]
    assert len(section.splitlines()) < 30, section
