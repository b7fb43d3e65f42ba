"""RudderStack flavour details beyond the goldens: code-level quirks, JavaScript errors, user deletion, CLI."""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stdout

import pytest

from transformer import transform, transform_batch
from transformer.flavors import rudderstack as rs

S = {"accountId": "A", "passcode": "P", "trackAnonymous": True}
OBJ = {**S, "enableObjectIdMapping": True}


def one(event, settings=S):
    return transform([event], settings, "rudderstack")[0]


def record(event, settings=S, i=0):
    result = one(event, settings)
    assert "requests" in result, result
    return result["requests"][i]["body"]["d"][0]


def test_result_shape() -> None:
    out = one({"type": "track", "event": "E", "userId": "u"})
    assert out == {
        "requests": [
            {
                "method": "POST",
                "url": "https://api.clevertap.com/1/upload",
                "headers": {
                    "X-CleverTap-Account-Id": "A",
                    "X-CleverTap-Passcode": "P",
                    "Content-Type": "application/json",
                },
                "body": {"d": [{"evtName": "E", "evtData": {}, "type": "event", "identity": "u"}]},
            }
        ]
    }


def test_inputs_are_not_modified() -> None:
    event = {
        "type": "identify",
        "userId": "u",
        "traits": {"a.b": 1, "a": {"c": 2}, "list": [1]},
        "context": {"traits": {"overrideFields": {"x": {"y": 1}}}},
    }
    before = json.dumps(event)
    one(event)
    one(event, OBJ)
    assert json.dumps(event) == before


def test_unknown_region_value_used_as_host() -> None:
    assert (
        one({"type": "track", "event": "E", "userId": "u"}, {**S, "region": "eu2"})["requests"][0]["url"]
        == "https://eu2.api.clevertap.com/1/upload"
    )


def test_charged_items_given_as_json_text_are_parsed() -> None:
    rec = record({"type": "track", "event": "Order Completed", "userId": "u", "properties": {"products": '[{"id":1}]'}})
    assert rec["evtData"] == {"Items": [{"id": 1}]}


@pytest.mark.parametrize("products", [{"a": 1}, [], ["a"], [1], 5, "7", True])
def test_charged_products_errors(products) -> None:
    out = one({"type": "track", "event": "Order Completed", "userId": "u", "properties": {"products": products}})
    assert out == {"error": {"status": 400, "message": "Products property value must be an array of objects"}}


def test_charged_products_null_first_item_passes() -> None:
    # JavaScript typeof null === "object"
    rec = record(
        {"type": "track", "event": "Order Completed", "userId": "u", "properties": {"products": [None, {"a": 1}]}}
    )
    assert rec["evtData"]["Items"] == [None, {"a": 1}]


def test_charged_products_unparseable_text_is_a_javascript_error() -> None:
    out = one({"type": "track", "event": "Order Completed", "userId": "u", "properties": {"products": "abc"}})
    assert out["error"]["status"] == 500 and "is not valid JSON" in out["error"]["message"]


def test_track_named_charged_keeps_items_array() -> None:
    rec = record({"type": "track", "event": "Charged", "userId": "u", "properties": {"Items": [{"a": 1}], "x": [1]}})
    assert rec["evtData"] == {"Items": [{"a": 1}], "x": "[1]"}


def test_order_completed_numeric_and_array_event() -> None:
    assert record({"type": "track", "event": 5, "userId": "u"})["evtName"] == 5
    assert record({"type": "track", "event": ["Order Completed"], "userId": "u"})["evtName"] == "Charged"


def test_event_ts_invalid_is_null_and_empty_string_kept_for_charged() -> None:
    assert record({"type": "track", "event": "E", "userId": "u", "properties": {"ts": "bad"}})["ts"] is None
    rec = record({"type": "track", "event": "Order Completed", "userId": "u", "properties": {"ts": ""}})
    assert rec["ts"] == ""


def test_properties_empty_string_is_missing_required() -> None:
    out = one({"type": "track", "event": "E", "userId": "u", "properties": ""})
    assert out == {"error": {"status": 400, "message": 'Missing required value from "properties"'}}


def test_page_name_false_and_zero_are_names() -> None:
    assert record({"type": "page", "userId": "u", "name": 0})["evtName"] == "Web Page Viewed: 0"
    assert record({"type": "page", "userId": "u", "name": False})["evtName"] == "Web Page Viewed: false"


def test_stringify_exempt_keys_also_apply_to_event_data() -> None:
    rec = record(
        {"type": "track", "event": "E", "userId": "u", "properties": {"category-unsubscribe": {"email": ["x"]}}}
    )
    assert rec["evtData"] == {"category-unsubscribe": {"email": ["x"]}}


def test_name_composition_uses_javascript_strings() -> None:
    assert record({"type": "identify", "userId": "u", "traits": {"firstName": 7, "lastName": True}})["profileData"] == {
        "Name": "7 true"
    }


def test_override_fields_are_not_stringified_and_nulls_removed() -> None:
    rec = record(
        {"type": "identify", "userId": "u", "traits": {"email": "e", "overrideFields": {"Email": None, "o": {"k": 1}}}}
    )
    assert rec["profileData"] == {"o": {"k": 1}}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": 5}, "message.type.toLowerCase is not a function"),
        (
            {"type": "identify", "anonymousId": "a", "context": {"os": {"name": 3}}},
            "deviceOS.toLowerCase is not a function",
        ),
    ],
)
def test_javascript_type_errors_are_500(event, message) -> None:
    assert one(event, OBJ) == {"error": {"status": 500, "message": message}}


def test_non_object_messages() -> None:
    assert one("text")["error"]["message"] == "Message Type is not present. Aborting message."
    # rudder-transformer c98d160cf answers a null message with the missing-type error (live verify run)
    assert one(None)["error"] == {"status": 400, "message": "Message Type is not present. Aborting message."}


def test_token_record_is_cleaned_recursively() -> None:
    event = {
        "type": "identify",
        "anonymousId": "a",
        "context": {"os": {"name": "iOS"}, "device": {"token": "t"}},
        "integrations": {"clevertap": {"chromeKeys": {"auth": None, "nested": {}}}},
    }
    out = one(event, OBJ)
    assert [r["body"]["d"][0] for r in out["requests"]] == [
        {"type": "profile", "profileData": {}, "objectId": "a"},
        {"type": "token", "tokenData": {"id": "t", "type": "apns"}, "objectId": "a"},
    ]


def test_batch_counts_token_records_towards_the_cap() -> None:
    ident = {"type": "identify", "anonymousId": "a", "context": {"os": {"name": "android"}, "device": {"token": "t"}}}
    track = {"type": "track", "event": "E", "anonymousId": "a"}
    out = transform_batch([track] * 998 + [ident, ident, track], OBJ, "rudderstack")
    assert [len(b["body"]["d"]) for b in out["batches"]] == [1000, 3]
    assert out["errors"] == []


def test_batch_empty() -> None:
    assert transform_batch([], S, "rudderstack") == {"batches": [], "errors": []}


def test_delete_users_batches_of_100() -> None:
    attrs = [{"userId": f"u{i}"} for i in range(250)] + [{"email": "x@example.com"}, {"userId": ""}]
    out = rs.delete_users(attrs, {"accountId": "A", "passcode": "P", "region": "in1"})
    assert [len(r["body"]["identity"]) for r in out["requests"]] == [100, 100, 50]
    assert out["requests"][0]["url"] == "https://in1.api.clevertap.com/1/delete/profiles.json"
    assert out["requests"][2]["body"]["identity"][-1] == "u249"


@pytest.mark.parametrize(
    ("attrs", "settings", "message"),
    [
        ([{"userId": "u"}], {"accountId": "A"}, "Project ID and Passcode is required for delete user"),
        ([{"userId": "u"}], {"passcode": "P"}, "Project ID and Passcode is required for delete user"),
        ({"userId": "u"}, {"accountId": "A", "passcode": "P"}, "userAttributes is not an array"),
    ],
)
def test_delete_users_errors(attrs, settings, message) -> None:
    with pytest.raises(rs.TransformError) as info:
        rs.delete_users(attrs, settings)
    assert info.value.message == message and info.value.status == 400


def test_cli_transform(tmp_path) -> None:
    from clevertap_harness.cli import main

    settings = tmp_path / "s.json"
    settings.write_text(json.dumps(S))
    events = tmp_path / "e.jsonl"
    events.write_text('{"type":"track","event":"E","userId":"u"}\n{"type":"group","userId":"u"}\n')
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["transform", "--flavor", "rudderstack", "--settings", str(settings), str(events)]) == 0
    out = json.loads(buf.getvalue())
    assert out[0]["requests"][0]["body"]["d"][0]["evtName"] == "E"
    assert out[1] == {"error": {"status": 400, "message": "Message type not supported"}}
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["transform", "--flavor", "rudderstack", "--batch", "--settings", str(settings), str(events)]) == 0
    out = json.loads(buf.getvalue())
    assert len(out["batches"]) == 1 and out["errors"][0]["index"] == 1


def test_no_nan_in_output() -> None:
    rec = record({"type": "identify", "userId": "u", "traits": {"ts": "bad"}})
    assert rec["ts"] is None and not any(isinstance(v, float) and math.isnan(v) for v in rec.values())
