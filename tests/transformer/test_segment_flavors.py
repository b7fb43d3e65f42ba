"""Behaviour of the Segment flavours beyond the goldens: robustness, purity, the result shape."""

from __future__ import annotations

import copy

import pytest

from transformer import transform

CLOUD = {"accountId": "A", "passcode": "P", "region": ""}
MOBILE = {"accountId": "A", "accountToken": "T"}
ACTIONS = {"clevertapAccountId": "A", "clevertapPasscode": "P", "clevertapEndpoint": "https://sk1.api.clevertap.com"}
TARGETS = [
    ("segment", "cloud", None, CLOUD),
    ("segment", "device", "web", {"accountId": "A"}),
    ("segment", "device", "android", MOBILE),
    ("segment", "device", "ios", MOBILE),
    ("segment-actions", "cloud", None, ACTIONS),
]
ODD_EVENTS = [
    None,
    1,
    "identify",
    [],
    {},
    {"type": None},
    {"type": 5},
    {"type": "track"},
    {"type": "track", "event": 5},
    {"type": "identify", "userId": "u", "traits": "x"},
    {"type": "identify", "userId": "u", "traits": [1]},
    {"type": "track", "event": "Order Completed", "userId": "u", "properties": None},
    {"type": "track", "event": "Order Completed", "userId": "u", "properties": {"products": [None, 1, "x"]}},
    {"type": "track", "event": "Order Completed", "userId": "u", "properties": {"total": "abc", "products": {"a": 1}}},
    {"type": "screen", "userId": "u", "name": None},
    {"type": "alias"},
    {"type": "identify", "userId": 0, "anonymousId": False},
    {"type": "identify", "userId": "u", "timestamp": "not a date", "traits": {"birthday": "1990-13-45"}},
    {"type": "identify", "userId": "u", "context": {"device": {"token": 5}, "os": None}},
    {"type": "IDENTIFY", "userId": "u"},
]


@pytest.mark.parametrize("flavor,mode,platform,settings", TARGETS)
def test_odd_events_never_raise_or_500(flavor, mode, platform, settings):
    results = transform(ODD_EVENTS, settings, flavor, mode, platform)
    assert len(results) == len(ODD_EVENTS)
    for event, result in zip(ODD_EVENTS, results, strict=False):
        kinds = set(result) - {"skipped", "warnings"}
        assert len(kinds) == 1 and kinds <= {"requests", "calls", "error"}, result
        if "skipped" in result:  # an event nothing takes: no request, a reason (contracts/GOLDEN_FORMAT.md)
            assert result.get("requests", result.get("calls")) == [] and result["skipped"], result
        if "error" in result:
            assert result["error"]["status"] != 500, (event, result)
            assert result["error"]["message"]


@pytest.mark.parametrize("flavor,mode,platform,settings", TARGETS)
def test_input_is_not_mutated(flavor, mode, platform, settings):
    events = [
        {
            "type": "identify",
            "userId": "u",
            "anonymousId": "a",
            "traits": {"name": "N", "birthday": "1990-01-01", "x": {"y": 1}},
            "context": {"device": {"token": "t"}, "os": {"name": "iOS"}},
        },
        {
            "type": "track",
            "event": "Order Completed",
            "userId": "u",
            "properties": {"order_id": "o", "total": 1, "products": [{"product_id": "p", "price": 1}]},
        },
    ]
    before = copy.deepcopy(events)
    settings_before = copy.deepcopy(settings)
    transform(events, settings, flavor, mode, platform)
    assert events == before and settings == settings_before


def test_cloud_records_are_json_ready_and_deterministic():
    event = {
        "type": "track",
        "event": "E",
        "userId": "u",
        "timestamp": "2026-03-01T10:00:00+05:30",
        "properties": {"A B": 1},
    }
    first = transform([event], CLOUD, "segment")
    assert first == transform([event], CLOUD, "segment")
    record = first[0]["requests"][0]["body"]["d"][0]
    assert record["ts"] == 1772339400  # 04:30 UTC
    assert record["evtData"] == {"a_b": 1}


def test_unknown_casing_strategy_is_a_settings_error():
    [result] = transform([{"type": "track", "event": "E", "userId": "u"}], {**CLOUD, "keyCasing": "kebab"}, "segment")
    assert result["error"]["status"] == 400 and "kebab" in result["error"]["message"]


@pytest.mark.parametrize(
    ("subscribe", "taken"),
    [
        ('type = "identify" or (event = "x")', [True, False, False]),
        ("properties.total > 100", [False, True, False]),
        ('contains(event, "Order")', [False, True, True]),
        ('!match(event, "Order*")', [False, False, True]),
        ("properties.total != null", [False, True, True]),
        ("type = 'track'", [False, False, False]),  # single quotes stay part of the text
        ('type = "track" and (event = "A" or event = "Order Completed")', [False, True, False]),
    ],
)
def test_actions_subscriptions_read_fql_as_segment_does(subscribe, taken):
    """Comparisons, functions, null, parentheses: as destination-subscriptions reads them (peer run, --pairs)."""
    settings = {**ACTIONS, "subscriptions": [{"partnerAction": "userDelete", "subscribe": subscribe, "mapping": {}}]}
    events = [
        {"type": "identify", "userId": "u"},
        {"type": "track", "event": "Order Completed", "userId": "u", "properties": {"total": 150}},
        {"type": "track", "event": "X Order", "userId": "u", "properties": {"total": 0}},
    ]
    results = transform(events, settings, "segment-actions")
    assert [r.get("skipped") is None for r in results] == taken


def test_actions_or_and_not_equal_subscriptions():
    settings = {
        **ACTIONS,
        "subscriptions": [
            {
                "partnerAction": "userDelete",
                "subscribe": 'type = "track" and event != "Keep" or type = "alias"',
                "mapping": {"identity": {"@path": "$.userId"}},
            }
        ],
    }
    results = transform(
        [
            {"type": "track", "event": "Gone", "userId": "u1"},
            {"type": "track", "event": "Keep", "userId": "u2"},
            {"type": "alias", "userId": "u3"},
        ],
        settings,
        "segment-actions",
    )
    # destination-subscriptions reads `a and b or c` as ONE group whose operator is the last conjunction (`or`
    # here), not as `(a and b) or c`: the "Keep" track matches through `type = "track"` (peer run, --pairs mode)
    assert results[0]["requests"][0]["body"] == {"identity": "u1"}
    assert results[1]["requests"][0]["body"] == {"identity": "u2"}
    assert results[2]["requests"][0]["body"] == {"identity": "u3"}


@pytest.mark.parametrize(
    ("subscribe", "skipped"),
    [
        ("", "Failed to validate subscription"),
        (None, "Failed to validate subscription"),
        ("  ", "Invalid subscription : Cannot read properties of undefined (reading 'type')"),
        ('anonymousId = "a"', "Invalid subscription : Cannot read properties of undefined (reading 'type')"),
    ],
)
def test_actions_subscriptions_actions_core_cannot_read(subscribe, skipped):
    """actions-core sends nothing and says why (peer run, segment_actions_runner.js --pairs): no condition text, or
    text with no condition it knows (only type, event, name, userId, properties.*, traits.*, context.* are)."""
    settings = {**ACTIONS, "subscriptions": [{"partnerAction": "userDelete", "subscribe": subscribe, "mapping": {}}]}
    assert transform([{"type": "track", "userId": "u"}], settings, "segment-actions") == [
        {"requests": [], "skipped": skipped}
    ]
