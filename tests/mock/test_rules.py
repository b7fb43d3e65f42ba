"""Per-record validation: each documented code with CleverTap's exact text where one was observed."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mock_clevertap.config import MockConfig
from mock_clevertap.rules import RULES, RecordContext, plain_event, validate_record

CTX = RecordContext(MockConfig())


def event(**fields):
    return {"type": "event", "identity": "u1", "evtName": "Product Viewed", "evtData": {"price": 9.5}, **fields}


def profile(**data):
    return {"type": "profile", "identity": "u1", "profileData": data}


def code_and_text(record, position=1, ctx=CTX):
    rejection = validate_record(record, position, ctx)
    return None if rejection is None else (rejection.code, rejection.error)


@pytest.mark.parametrize(
    "record",
    [
        event(),
        event(ts=1468308340),
        event(ts="1468308340"),
        event(identity=13),
        event(evtName="Charged", evtData={"Amount": 300, "Items": [{"Category": "books", "Quantity": 1}]}),
        event(evtData={"When": "$D_1468322268"}),
        {"type": "event", "objectId": "__g7c2f8f3e3b1a4a7e9", "evtName": "E", "evtData": {}},
        {"type": "event", "objectId": "a8ffcbc9-a747-4ee3-a791-c5e58ad03097", "evtName": "E", "evtData": {}},
        {"type": "event", "FBID": "34322423", "evtName": "E", "evtData": {}},
        profile(
            Name="Jack Montana",
            Email="jack@gmail.com",
            Phone="+14155551234",
            Gender="M",
            Employed="Y",
            Education="Graduate",
            Married="Y",
            Age=28,
            **{"MSG-sms": False, "Customer Type": "Platinum"},
        ),
        profile(DOB="$D_1487576752", Tags={"$add": ["a"]}, Score={"$incr": 2}, Name={"$delete": 1}),
        {"type": "token", "objectId": "__abc", "tokenData": {"id": "t0k3n", "type": "fcm"}},
        {
            "type": "token",
            "objectId": "w3b",
            "tokenData": {"id": "https://push", "type": "chrome", "keys": {"p256dh": "k", "auth": "a"}},
        },
    ],
)
def test_valid_records_pass(record):
    assert code_and_text(record) is None


def test_523_missing_identity_exact_text():
    assert code_and_text(event(identity=""), 2) == (
        523,
        "'identity' or 'fbId' or 'gpId' or 'objectId' is necessary under 120 chars to identify the user. "
        "Skipped record number : 2",
    )


def test_523_identity_of_120_chars_is_too_long():
    assert code_and_text(event(identity="x" * 119)) is None
    assert code_and_text(event(identity="x" * 120))[0] == 523


def test_525_ts_zero_exact_text():
    assert code_and_text(event(ts=0), 1) == (
        525,
        "Timestamp should be present in the Unix Epoch format. Skipped record number : 1",
    )


@pytest.mark.parametrize("ts", [0, -5, 1468308340123, "2026-03-01T10:00:00.000Z", 1.5, True, "abc"])
def test_525_non_epoch_seconds(ts):
    assert code_and_text(event(ts=ts))[0] == 525


def test_509_event_name_mandatory_exact_text():
    record = {"evtData": {"name": 1234, "revenue": 4.99}, "type": "event", "identity": "user123"}
    assert code_and_text(record, 2) == (
        509,
        "Event Name is incorrect. ErrorCode: 509 - Event name is mandatory. Skipped record number : 2",
    )


def test_513_restricted_system_event_exact_text():
    assert code_and_text(event(evtName="Web Page Viewed")) == (
        513,
        "Event Name is incorrect. ErrorCode: 513 - Trying to raise a restricted system event. "
        "Skipped record number : 1",
    )
    assert code_and_text(event(evtName="notification viewed"))[0] == 513  # case-insensitive


def test_charged_is_not_restricted():
    assert code_and_text(event(evtName="Charged", evtData={"Amount": 1})) is None


def test_528_discarded_event_is_configurable():
    ctx = RecordContext(MockConfig(discarded_events=frozenset({"Old Event"})))
    code, text = code_and_text(event(evtName="old event"), 3, ctx)
    assert code == 528 and text.startswith("Event Name is incorrect. ErrorCode: 528 - Trying")


def test_524_neither_event_nor_profile():
    assert code_and_text({"type": "purchase", "identity": "u"})[0] == 524
    assert code_and_text("not a record")[0] == 524


def test_526_invalid_object_id():
    assert code_and_text({"type": "event", "objectId": "has space", "evtName": "E", "evtData": {}})[0] == 526
    assert code_and_text({"type": "event", "objectId": "x" * 65, "evtName": "E", "evtData": {}})[0] == 526


@pytest.mark.parametrize(
    "evt_data",
    [None, "text", {"nested": {"a": 1}}, {"list": [1, 2]}, {"k" * 121: 1}, {"v": "x" * 513}],
)
def test_512_event_structure(evt_data):
    record = event()
    if evt_data is None:
        del record["evtData"]
    else:
        record["evtData"] = evt_data
    assert code_and_text(record)[0] == 512


def test_512_charged_items_must_be_flat_objects():
    assert code_and_text(event(evtName="Charged", evtData={"Items": "x"}))[0] == 512
    assert code_and_text(event(evtName="Charged", evtData={"Items": [{"a": {"b": 1}}]}))[0] == 512
    # Items is only special on Charged
    assert code_and_text(event(evtData={"Items": [{"a": 1}]}))[0] == 512


def test_nested_event_props_allowed_by_setting():
    ctx = RecordContext(MockConfig(allow_nested_event_props=True))
    assert code_and_text(event(evtData={"nested": {"a": 1}}), ctx=ctx) is None


def test_522_property_count_and_charged_items_limit():
    assert code_and_text(event(evtData={f"p{i}": i for i in range(256)})) is None
    assert code_and_text(event(evtData={f"p{i}": i for i in range(257)}))[0] == 522
    items = {"Items": [{"n": i} for i in range(51)]}
    assert code_and_text(event(evtName="Charged", evtData=items)) is None  # server limit undocumented: off
    ctx = RecordContext(MockConfig(charged_items_limit=50))
    assert code_and_text(event(evtName="Charged", evtData=items), ctx=ctx) == (
        522,
        "Charged event contained more than 50 items. Skipped record number : 1",
    )


@pytest.mark.parametrize(
    "data, code, text",
    [
        ({"Email": "not-an-email"}, 515, "Profile data is incorrect. Email is not valid.Skipped record number : 1"),
        ({"Phone": "223"}, 516, "Profile data is incorrect. Phone number is not valid.Skipped record number : 1"),
        ({"Phone": "+44+441234"}, 516, None),
        ({"Gender": "GG"}, 514, "Profile data is incorrect. Gender needs to be M/F.Skipped record number : 1"),
        ({"Employed": "223"}, 517, "Profile data is incorrect. Employed needs to be Y/N.Skipped record number : 1"),
        (
            {"Education": "223"},
            518,
            "Profile data is incorrect. Education needs to be School/College/Graduate..Skipped record number : 1",
        ),
        ({"Married": "223"}, 519, "Profile data is incorrect. Married needs to be Y/N.Skipped record number : 1"),
        ({"Age": "aa"}, 520, "Profile data is incorrect. Age is invalid.Skipped record number : 1"),
    ],
)
def test_profile_field_codes_exact_texts(data, code, text):
    got = code_and_text(profile(**data))
    assert got[0] == code
    if text is not None:
        assert got[1] == text


def test_profile_checks_report_first_failure_in_documented_order():
    # email (515) is checked before gender (514): one error per record
    assert code_and_text(profile(Gender="X", Email="bad"))[0] == 515


def test_gender_o_u_only_with_setting():
    assert code_and_text(profile(Gender="O"))[0] == 514
    ctx = RecordContext(MockConfig(accept_gender_o_u=True))
    assert code_and_text(profile(Gender="O"), ctx=ctx) is None


def test_profile_structure_and_limits():
    assert code_and_text({"type": "profile", "identity": "u"})[0] == 512
    assert code_and_text(profile(Nested={"a": 1}))[0] == 512
    assert code_and_text(profile(Tags=list(range(101))))[0] == 512
    assert code_and_text(profile(**{f"c{i}": i for i in range(257)}))[0] == 512


def test_subscription_group_objects_are_accepted():
    # Found by `clevertap-harness fuzz`: RudderStack keeps category-unsubscribe/-resubscribe as objects (PR #3048),
    # and CleverTap documents these keys (web user profiles page); other nested objects stay a 512.
    assert code_and_text(profile(**{"category-unsubscribe": {"email": ["Newsletters", "Promotions"]}})) is None
    assert code_and_text(profile(**{"category-resubscribe": {"email": "Newsletters", "sms": []}})) is None
    assert code_and_text(profile(**{"category-unsubscribe": {"email": [{"a": 1}]}}))[0] == 512
    assert code_and_text(profile(**{"category-unsubscribe": {"email": [1]}}))[0] == 512


def test_ts_is_checked_before_profile_fields():
    assert code_and_text({**profile(Phone="223"), "ts": 0})[0] == 525


@pytest.mark.parametrize(
    "record, code",
    [
        ({"type": "token", "identity": "u1", "tokenData": {"id": "t", "type": "fcm"}}, 530),
        ({"type": "token", "objectId": "o1", "tokenData": "t"}, 531),
        ({"type": "token", "objectId": "o1", "tokenData": {"type": "fcm"}}, 532),
        ({"type": "token", "objectId": "o1", "tokenData": {"id": "t"}}, 533),
        ({"type": "token", "objectId": "o1", "tokenData": {"id": "t", "type": "pigeon"}}, 531),
        ({"type": "token", "objectId": "o1", "tokenData": {"id": "t", "type": "chrome", "keys": {"auth": "a"}}}, 535),
    ],
)
def test_token_codes(record, code):
    assert code_and_text(record)[0] == code


def test_534_token_type_against_recorded_platform():
    ctx = RecordContext(MockConfig(), token_platform=lambda object_id: "Android")
    record = {"type": "token", "objectId": "o1", "tokenData": {"id": "t", "type": "apns"}}
    assert code_and_text(record, ctx=ctx)[0] == 534
    record["tokenData"]["type"] = "fcm"
    assert code_and_text(record, ctx=ctx) is None


def test_every_inferred_rule_explains_its_choice():
    for rule in RULES:
        if rule.inferred:
            assert "inferred" in rule.doc.lower(), rule


def test_profile_keys_are_limited_in_bytes_event_keys_in_characters():
    """upload-user-profiles-api: profile keys ≤ 120 bytes (61 × "é" is 122 bytes)."""
    assert code_and_text(profile(**{"é" * 61: "x"}))[0] == 512
    assert validate_record(profile(**{"é" * 60: "x"}), 1, CTX) is None
    assert validate_record(event(evtData={"é" * 61: "x"}), 1, CTX) is None


@pytest.mark.parametrize("value", ["$D_", "$D_abc", "$D_2020-01-01", "$D_1487576752x"])
def test_malformed_dates_are_rejected(value):
    assert code_and_text(profile(DOB=value))[0] == 512
    assert code_and_text(event(evtData={"when": value}))[0] == 512


def test_well_formed_dates_pass():
    assert validate_record(profile(DOB="$D_1487576752"), 1, CTX) is None
    assert validate_record(event(evtData={"when": "$D_-86400"}), 1, CTX) is None


def test_delete_operator_only_on_name_and_gender():
    assert validate_record(profile(Name={"$delete": 1}, Gender={"$delete": 1}), 1, CTX) is None
    code, text = code_and_text(profile(Plan={"$delete": 1}))
    assert code == 512 and "$delete applies to Name and Gender only" in text


def _table_verdict(record, ctx):
    """The rule table alone (no shortcut): the code of the first failing rule, or None."""
    for rule in RULES:
        if "event" in rule.types and rule.check(record, ctx) is not None:
            return rule.code
    return None


_IDS = st.one_of(st.none(), st.just(""), st.text(max_size=3), st.just("u" * 119), st.just("u" * 120), st.integers())
_OBJECT_IDS = st.one_of(
    st.none(),
    st.just(""),
    st.just("__g7c2f8f3e3b1a4"),
    st.just("a b"),
    st.just("x" * 64),
    st.just("x" * 65),
    st.integers(),
)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=4),
    st.just("$D_123"),
    st.just("$D_x"),
    st.just("é" * 129),
    st.just("a" * 129),
    st.just("a" * 513),
    st.lists(st.integers(), max_size=1),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
_FIELD_VALUES = {
    "identity": _IDS,
    "objectId": _OBJECT_IDS,
    "FBID": _IDS,
    "GPID": _IDS,
    "ts": st.one_of(st.none(), st.integers(-1, 2 * 10**10), st.just(True), st.just(1.5e9), st.just("1468308340")),
    "evtName": st.one_of(
        st.sampled_from(["E", " ", "", "Charged", "Charged", "App Launched", "Gone", "gone"]),
        st.integers(),
        st.just({}),
        st.just([]),
    ),
    "evtData": st.one_of(st.lists(st.integers(), max_size=1), st.none()),
}
_KEYS = st.sampled_from(["a", "b", "Items", "Items", "k" * 121])


@st.composite
def _records(draw):
    """A usual event with up to two fields changed or removed, and up to two evtData entries changed: records on
    both sides of each rule's edge."""
    record = {"type": "event", "identity": "u1", "evtName": "E", "evtData": {"a": 1, "b": "x"}, "ts": 1468308340}
    for name in draw(st.lists(st.sampled_from(sorted(_FIELD_VALUES)), max_size=2)):
        if draw(st.booleans()):
            record[name] = draw(_FIELD_VALUES[name])
        else:
            record.pop(name, None)
    if isinstance(record.get("evtData"), dict):
        for _ in range(draw(st.integers(0, 2))):
            record["evtData"][draw(_KEYS)] = draw(_VALUES)
    return record


_RECORDS = _records()
_CONFIGS = st.builds(
    MockConfig,
    identifier_max_chars=st.sampled_from([120, 10]),
    key_max_chars=st.sampled_from([120, 1]),
    max_event_props=st.sampled_from([256, 1]),
    discarded_events=st.sampled_from([frozenset(), frozenset({"GONE"})]),
    allow_nested_event_props=st.booleans(),
)


@given(_RECORDS, _CONFIGS)
@example(event(evtName="Charged", evtData={"Items": "x"}), MockConfig())  # Charged Items must be a list
@settings(max_examples=1500, deadline=None)
def test_the_plain_event_shortcut_only_passes_what_the_rule_table_passes(record, config):
    ctx = RecordContext(config)
    if plain_event(record, ctx):
        assert _table_verdict(record, ctx) is None
    assert validate_record(record, 1, RecordContext(config)) == validate_record(record, 1, ctx)  # the name memo


def test_the_shortcut_takes_the_usual_events():
    ctx = RecordContext(MockConfig())
    assert plain_event(event(), ctx)
    assert plain_event(event(ts=1468308340, objectId="__g7c2f8f3e3b1a4"), ctx)
    assert plain_event({"type": "event", "objectId": "__g7c", "evtName": "E", "evtData": {"s": "x", "n": None}}, ctx)
