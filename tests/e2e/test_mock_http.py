"""The served mock over real HTTP: CleverTap's response shapes and codes, regions, auth, state, journal."""

from __future__ import annotations

import pytest
import requests

from mock_clevertap.config import MockConfig
from mock_clevertap.server import MockServer

from .conftest import AUTH

EVENT = {"type": "event", "identity": "u1", "evtName": "Product Viewed", "evtData": {"price": 10}}


def test_success_envelope_and_content_type(api):
    r = api("POST", "/1/upload", json={"d": [EVENT, {**EVENT, "identity": "u2"}]})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json;charset=utf-8"
    assert r.json() == {"status": "success", "processed": 2, "unprocessed": []}


def test_partial_envelope_matches_recorded_shape(api):
    """rudder-transformer's recorded business case: 3 records, the 2nd without evtName."""
    bad = {"evtData": {"name": 1234, "revenue": 4.99}, "type": "event", "identity": "user123"}
    r = api("POST", "/1/upload", json={"d": [EVENT, bad, EVENT]})
    assert r.status_code == 200
    assert r.json() == {
        "status": "partial",
        "processed": 2,
        "unprocessed": [
            {
                "status": "fail",
                "code": 509,
                "error": "Event Name is incorrect. ErrorCode: 509 - Event name is mandatory. Skipped record number : 2",
                "record": bad,
            }
        ],
    }


def test_fail_envelope_is_still_http_200(api):
    r = api("POST", "/1/upload", json={"d": [{**EVENT, "identity": ""}, {**EVENT, "ts": 0}]})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "fail" and body["processed"] == 0
    assert [u["code"] for u in body["unprocessed"]] == [523, 525]
    assert body["unprocessed"][1]["error"].endswith("Skipped record number : 2")


@pytest.mark.parametrize(
    "record, code",
    [
        ({"type": "thing", "identity": "u"}, 524),
        ({**EVENT, "identity": "x" * 130}, 523),
        ({**EVENT, "objectId": "bad id", "identity": None}, 526),
        ({**EVENT, "ts": "2026-03-01T10:00:00Z"}, 525),
        ({**EVENT, "evtName": "App Launched"}, 513),
        ({**EVENT, "evtData": {"a": {"b": 1}}}, 512),
        ({**EVENT, "evtData": {f"k{i}": i for i in range(300)}}, 522),
        ({"type": "profile", "identity": "u", "profileData": {"Email": "x"}}, 515),
        ({"type": "profile", "identity": "u", "profileData": {"Phone": "123"}}, 516),
        ({"type": "profile", "identity": "u", "profileData": {"Gender": "GG"}}, 514),
        ({"type": "profile", "identity": "u", "profileData": {"Employed": "maybe"}}, 517),
        ({"type": "profile", "identity": "u", "profileData": {"Education": "PhD"}}, 518),
        ({"type": "profile", "identity": "u", "profileData": {"Married": "?"}}, 519),
        ({"type": "profile", "identity": "u", "profileData": {"Age": "aa"}}, 520),
        ({"type": "token", "tokenData": {"id": "t", "type": "fcm"}}, 530),
        ({"type": "token", "objectId": "o", "tokenData": []}, 531),
        ({"type": "token", "objectId": "o", "tokenData": {"type": "fcm"}}, 532),
        ({"type": "token", "objectId": "o", "tokenData": {"id": "t"}}, 533),
        ({"type": "token", "objectId": "o", "tokenData": {"id": "t", "type": "chrome"}}, 535),
    ],
)
def test_each_record_code_over_http(api, record, code):
    body = api("POST", "/1/upload", json={"d": [record]}).json()
    assert body["status"] == "fail"
    assert body["unprocessed"][0]["code"] == code
    assert body["unprocessed"][0]["record"] == record


def test_534_token_for_device_of_other_platform(api):
    ok = api(
        "POST",
        "/1/upload",
        json={"d": [{"type": "token", "objectId": "__dev", "tokenData": {"id": "fcm-token", "type": "fcm"}}]},
    ).json()
    assert ok["status"] == "success"
    body = api(
        "POST",
        "/1/upload",
        json={"d": [{"type": "token", "objectId": "__dev", "tokenData": {"id": "apns-token", "type": "apns"}}]},
    ).json()
    assert body["unprocessed"][0]["code"] == 534


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"",
        b"[1, 2]",
        b'{"x": 1}',
        b'{"d": {}}',
        b'{"d": []}',
        b"\xff\xfe",
        b'{"d": [{"type": "event", "identity": "u", "evtName": "E", "evtData": {"x": NaN}}]}',
    ],
)
def test_malformed_body_is_400(api, payload):
    r = api("POST", "/1/upload", data=payload, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"status": "fail", "error": "Malformed request", "code": 400}


def test_record_limits(api):
    assert api("POST", "/1/upload", json={"d": [EVENT] * 1000}).json()["processed"] == 1000
    r = api("POST", "/1/upload", json={"d": [EVENT] * 1001})
    assert r.status_code == 400 and r.json()["code"] == 400
    token = {"type": "token", "objectId": "o1", "tokenData": {"id": "t", "type": "fcm"}}
    assert api("POST", "/1/upload", json={"d": [token] * 100}).json()["processed"] == 100
    assert api("POST", "/1/upload", json={"d": [token] * 101}).status_code == 400


def test_dry_run_validates_but_stores_nothing(api, mock):
    r = api("POST", "/1/upload", params={"dryRun": "1"}, json={"d": [EVENT, {**EVENT, "evtName": ""}]})
    assert r.json()["status"] == "partial"
    assert mock.profiles() == [] and mock.events() == []
    assert len(mock.requests()) == 1  # still journaled


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-CleverTap-Account-Id": "A"},
        {"X-CleverTap-Passcode": "P"},
        {"X-CleverTap-Account-Id": "", "X-CleverTap-Passcode": ""},
    ],
)
def test_missing_credentials_401(clevertap_mock, headers):
    r = requests.post(clevertap_mock.url + "/1/upload", json={"d": [EVENT]}, headers=headers, timeout=10)
    assert r.status_code == 401
    assert r.json() == {"status": "fail", "error": "Invalid Credentials", "code": 401}
    assert clevertap_mock.requests(status=401)[0]["body"] == {"d": [EVENT]}


def test_header_names_are_case_insensitive(clevertap_mock):
    r = requests.post(
        clevertap_mock.url + "/1/upload",
        json={"d": [EVENT]},
        timeout=10,
        headers={"X-Clevertap-Account-Id": "A", "x-clevertap-passcode": "P"},
    )
    assert r.status_code == 200


def test_configured_accounts_flag_and_env(monkeypatch):
    monkeypatch.setenv("CLEVERTAP_MOCK_ACCOUNTS", "ACC-1:pass-1,ACC-1:pass-2, ACC-2:pass-3")
    with MockServer(MockConfig.from_env()) as server:

        def status(account, passcode):
            return requests.post(
                server.url + "/1/upload",
                json={"d": [EVENT]},
                timeout=10,
                headers={"X-CleverTap-Account-Id": account, "X-CleverTap-Passcode": passcode},
            ).status_code

        assert status("ACC-1", "pass-1") == 200
        assert status("ACC-1", "pass-2") == 200  # several passcodes per account
        assert status("ACC-2", "pass-3") == 200
        assert status("ACC-1", "pass-3") == 401  # wrong passcode
        assert status("ACC-9", "pass-1") == 401  # unknown account


def test_region_from_path_prefix_and_host(api, mock):
    for region in ("eu1", "in1", "sg1", "us1", "aps3", "mec1", "sk1"):
        assert api("POST", f"/{region}/1/upload", json={"d": [EVENT]}).status_code == 200
    api("POST", "/1/upload", json={"d": [EVENT]}, headers={"Host": "us1.api.clevertap.com"})
    api("POST", "/1/upload", json={"d": [EVENT]}, headers={"Host": "api.clevertap.com"})
    entries = mock.requests()
    assert [e["region"] for e in entries] == ["eu1", "in1", "sg1", "us1", "aps3", "mec1", "sk1", "us1", None]
    assert {e["path"] for e in entries} == {"/1/upload"}
    assert len(mock.requests(region="in1")) == 1


def test_unknown_region_prefix_and_unknown_path_are_json_404(api):
    for path in ("/zz9/1/upload", "/1/nothing"):
        r = api("POST", path, json={"d": [EVENT]})
        assert r.status_code == 404
        assert r.json() == {"status": "fail", "error": "Not Found", "code": 404}


def test_wrong_method_is_json_405(api):
    r = api("GET", "/1/upload")
    assert r.status_code == 405 and r.json()["code"] == 405 and "POST" in r.headers["Allow"]


def test_profile_read_back_by_identity_email_object_id(api):
    api(
        "POST",
        "/1/upload",
        json={
            "d": [
                {
                    "type": "profile",
                    "identity": "u1",
                    "objectId": "__dev1",
                    "profileData": {
                        "Name": "Jack",
                        "Email": "jack@example.com",
                        "Phone": "+14155551234",
                        "Plan": "gold",
                    },
                },
                {
                    "type": "event",
                    "identity": "u1",
                    "evtName": "Charged",
                    "ts": 1700000000,
                    "evtData": {"Amount": 30, "Items": [{"Category": "books"}]},
                },
                {"type": "token", "objectId": "__dev1", "tokenData": {"id": "fcm-1", "type": "fcm"}},
            ]
        },
    )
    by_identity = api("GET", "/1/profile.json", params={"identity": "u1"}).json()
    assert by_identity["status"] == "success"
    record = by_identity["record"]
    assert record["identity"] == "u1"
    assert (record["email"], record["name"], record["phone"]) == ("jack@example.com", "Jack", "+14155551234")
    assert record["profileData"]["Plan"] == "gold"
    assert record["events"] == {"Charged": {"count": 1, "first_seen": 1700000000, "last_seen": 1700000000}}
    assert record["platformInfo"][0]["platform"] == "Android"
    assert record["platformInfo"][0]["push_token"] == "fcm-1"
    assert api("GET", "/1/profile.json", params={"email": "jack@example.com"}).json()["record"] == record
    assert api("GET", "/1/profile.json", params={"objectId": "__dev1"}).json()["record"] == record


def test_profile_not_found_and_bad_lookup(api):
    r = api("GET", "/1/profile.json", params={"identity": "nobody"})
    assert r.status_code == 200
    assert r.json() == {"status": "fail", "error": "Profile not found", "code": 404}
    for params in ({}, {"identity": "a", "email": "b@c.de"}):
        r = api("GET", "/1/profile.json", params=params)
        assert r.status_code == 400 and r.json()["status"] == "fail"


def test_profiles_are_per_account(api, clevertap_mock):
    api("POST", "/1/upload", json={"d": [{"type": "profile", "identity": "u", "profileData": {"Name": "X"}}]})
    other = requests.get(
        clevertap_mock.url + "/1/profile.json",
        params={"identity": "u"},
        timeout=10,
        headers={"X-CleverTap-Account-Id": "OTHER", "X-CleverTap-Passcode": "p"},
    )
    assert other.json()["status"] == "fail"


def test_delete_profiles(api, mock):
    api(
        "POST",
        "/1/upload",
        json={
            "d": [
                {"type": "profile", "identity": f"u{i}", "objectId": f"o{i}", "profileData": {"n": i}} for i in range(4)
            ]
        },
    )
    assert api("POST", "/1/delete/profiles.json", json={"identity": ["u0", "u1"]}).json() == {"status": "success"}
    assert api("POST", "/1/delete/profiles.json", json={"guid": "o2"}).json() == {"status": "success"}
    assert api("POST", "/1/delete/profiles.json", json={"identity": "never-seen"}).json() == {"status": "success"}
    assert [p["identity"] for p in mock.profiles()] == ["u3"]
    assert api("GET", "/1/profile.json", params={"identity": "u0"}).json()["status"] == "fail"
    assert len(mock.requests(identity="u1", path="/1/delete/profiles.json")) == 1


@pytest.mark.parametrize(
    "body, error",
    [
        ({"identity": ["a"], "guid": ["b"]}, "Only one of identity or guid is allowed"),
        ({}, "One of identity or guid is required"),
        ({"identity": [f"u{i}" for i in range(101)]}, "Max 100 are allowed"),
        ({"identity": [1, 2]}, None),
        ({"identity": []}, None),
    ],
)
def test_delete_errors(api, body, error):
    r = api("POST", "/1/delete/profiles.json", json=body)
    assert r.status_code == 400
    assert r.json()["status"] == "fail" and r.json()["code"] == 400
    if error:
        assert r.json()["error"] == error


def test_demerge_drops_identity(api):
    api("POST", "/1/upload", json={"d": [{"type": "profile", "identity": "u1", "profileData": {"a": 1}}]})
    assert api("POST", "/1/demerge/profiles.json", json={"identities": ["u1"]}).json() == {"status": "success"}
    assert api("GET", "/1/profile.json", params={"identity": "u1"}).json()["status"] == "fail"
    assert api("POST", "/1/demerge/profiles.json", json={"identities": ["x"] * 101}).status_code == 400


def test_disassociate_phone(api):
    api(
        "POST",
        "/1/upload",
        json={"d": [{"type": "profile", "identity": "+9119244142334", "profileData": {"Phone": "+9119244142334"}}]},
    )
    r = api(
        "POST",
        "/1/disassociate",
        json={"d": [{"type": "phone", "value": "+9119244142334"}, {"type": "email", "value": "a@b.co"}]},
    )
    body = r.json()
    assert body["status"] == "partial" and body["processed"] == 1
    assert body["unprocessed"][0]["error"].endswith("Skipped record number : 2")
    assert api("GET", "/1/profile.json", params={"identity": "+9119244142334"}).json()["status"] == "fail"


def test_subscribe_sets_channel_flag(api):
    api("POST", "/1/upload", json={"d": [{"type": "profile", "identity": "u", "profileData": {"Email": "a@b.co"}}]})
    body = api("POST", "/1/subscribe", json={"d": [{"type": "email", "value": "a@b.co", "status": "Unsubscribe"}]})
    assert body.json() == {"status": "success", "processed": 1, "unprocessed": []}
    profile = api("GET", "/1/profile.json", params={"identity": "u"}).json()["record"]
    assert profile["profileData"]["MSG-email"] is False


def test_journal_entry_shape(api, mock):
    api("POST", "/in1/1/upload", params={"dryRun": "0"}, json={"d": [EVENT]})
    [entry] = mock.requests()
    assert set(entry) >= {
        "id",
        "time",
        "method",
        "path",
        "region",
        "query",
        "headers",
        "body",
        "raw_body",
        "status",
        "response",
    }
    assert entry["method"] == "POST" and entry["path"] == "/1/upload" and entry["region"] == "in1"
    assert entry["query"] == {"dryRun": "0"}
    assert entry["headers"]["X-Clevertap-Account-Id"] == AUTH["X-CleverTap-Account-Id"]
    assert entry["body"] == {"d": [EVENT]} and entry["raw_body"] is None
    assert entry["status"] == 200 and entry["response"]["status"] == "success"
    assert entry["time"].endswith("Z")


def test_journal_keeps_raw_text_of_non_json(api, mock):
    api("POST", "/1/upload", data=b"{broken", headers={"Content-Type": "application/json"})
    [entry] = mock.requests()
    assert entry["body"] is None and entry["raw_body"] == "{broken" and entry["status"] == 400


def test_journal_filters(api, mock):
    api(
        "POST",
        "/1/upload",
        json={
            "d": [
                {"type": "event", "identity": "a", "evtName": "Viewed", "evtData": {}},
                {"type": "profile", "identity": "b", "profileData": {}},
            ]
        },
    )
    api("POST", "/1/upload", json={"d": [{"type": "event", "objectId": "obj-1", "evtName": "Bought", "evtData": {}}]})
    api("POST", "/1/delete/profiles.json", json={"identity": "a"})
    requests.post(mock.url + "/1/upload", json={"d": []}, timeout=10)  # 401
    ids = [e["id"] for e in mock.requests()]
    assert len(ids) == 4
    assert [e["id"] for e in mock.requests(path="/1/upload")] == [ids[0], ids[1], ids[3]]
    assert [e["id"] for e in mock.requests(type="profile")] == [ids[0]]
    assert [e["id"] for e in mock.requests(evtName="Bought")] == [ids[1]]
    assert [e["id"] for e in mock.requests(objectId="obj-1")] == [ids[1]]
    assert [e["id"] for e in mock.requests(identity="a")] == [ids[0], ids[2]]
    assert mock.requests(evtName="Viewed", identity="b") == []  # filters match the same record
    assert [e["id"] for e in mock.requests(status=401)] == [ids[3]]
    assert [e["id"] for e in mock.requests(limit=2)] == ids[:2]
    assert [e["id"] for e in mock.requests(limit=2, order="desc")] == [ids[3], ids[2]]
    assert [e["id"] for e in mock.requests(since=ids[1])] == ids[2:]
    bad = requests.get(mock.url + "/_mock/requests", params={"limit": "x"}, timeout=10)
    assert bad.status_code == 400


def test_reset_and_clear(api, mock):
    api("POST", "/1/upload", json={"d": [EVENT]})
    assert requests.delete(mock.url + "/_mock/requests", timeout=10).json() == {"status": "ok", "deleted": 1}
    assert mock.requests() == [] and len(mock.events()) == 1
    api("POST", "/1/upload", json={"d": [EVENT]})
    mock.reset(only="state")
    assert mock.events() == [] and len(mock.requests()) == 1
    mock.reset()
    assert mock.requests() == [] and mock.profiles() == [] and mock.tokens() == []


def test_admin_health_and_unknown_admin_path(mock):
    assert mock.health()["status"] == "ok"
    r = requests.get(mock.url + "/_mock/nothing", timeout=10)
    assert r.status_code == 404 and "GET /_mock/requests" in r.json()["endpoints"]


def test_admin_state_dump(api, mock):
    api(
        "POST",
        "/1/upload",
        json={
            "d": [
                {"type": "profile", "identity": "u", "objectId": "o", "profileData": {"Name": "N"}},
                {"type": "event", "identity": "u", "evtName": "E", "evtData": {"k": "v"}, "ts": 1700000000},
                {"type": "token", "objectId": "o", "tokenData": {"id": "t", "type": "fcm"}},
            ]
        },
    )
    [profile] = mock.profiles()
    [event] = mock.events()
    [token] = mock.tokens()
    assert profile["identity"] == "u" and profile["account"] == AUTH["X-CleverTap-Account-Id"]
    assert event["evtName"] == "E" and event["ts"] == 1700000000 and event["guid"] == profile["guid"]
    assert event["record"]["evtData"] == {"k": "v"}
    assert token == {
        "account": AUTH["X-CleverTap-Account-Id"],
        "objectId": "o",
        "type": "fcm",
        "id": "t",
        "keys": None,
        "guid": profile["guid"],
    }


def test_restart_with_same_file_keeps_journal_and_state(tmp_path):
    db = str(tmp_path / "mock.sqlite3")
    with MockServer(db=db) as server:
        requests.post(
            server.url + "/1/upload",
            headers=AUTH,
            timeout=10,
            json={"d": [{"type": "profile", "identity": "u", "profileData": {"Name": "Kept"}}]},
        )
    with MockServer(db=db) as server:
        journal = requests.get(server.url + "/_mock/requests", timeout=10).json()["requests"]
        assert len(journal) == 1 and journal[0]["body"]["d"][0]["profileData"] == {"Name": "Kept"}
        record = requests.get(
            server.url + "/1/profile.json", params={"identity": "u"}, headers=AUTH, timeout=10
        ).json()["record"]
        assert record["name"] == "Kept"
        # new profiles do not reuse ids after a restart
        requests.post(
            server.url + "/1/upload",
            headers=AUTH,
            timeout=10,
            json={"d": [{"type": "profile", "identity": "v", "profileData": {}}]},
        )
        guids = [p["guid"] for p in requests.get(server.url + "/_mock/profiles", timeout=10).json()["profiles"]]
        assert len(set(guids)) == 2
    with MockServer(db=":memory:") as server:
        assert requests.get(server.url + "/_mock/requests", timeout=10).json()["requests"] == []


def test_journal_cap_over_http():
    with MockServer(MockConfig(journal_cap=3)) as server:
        for _ in range(5):
            requests.post(server.url + "/1/upload", headers=AUTH, json={"d": [EVENT]}, timeout=10)
        body = requests.get(server.url + "/_mock/requests", timeout=10).json()
        assert len(body["requests"]) == 3 and body["dropped"] == 2
        assert [e["id"] for e in body["requests"]] == [3, 4, 5]


def test_lone_surrogates_are_stored_and_read_back(api, mock):
    """A JSON \\u escape may name half a UTF-16 pair (a JavaScript string split into code units): the record is
    valid JSON, so it is accepted, stored and journaled, and the same identity finds the same profile."""
    body = (
        b'{"d": [{"type": "event", "identity": "\\ud83c", "evtName": "\\udf89", "evtData": {"k": "\\ud83c"}},'
        b' {"type": "event", "identity": "\\ud83c", "evtName": "\\udf89", "evtData": {}},'
        b' {"type": "token", "objectId": "o1", "tokenData": {"id": "\\ud83c", "type": "fcm"}}]}'
    )
    r = api("POST", "/1/upload", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["processed"] == 3
    assert len(mock.profiles()) == 2
    events = mock.events()
    assert len(events) == 2 and events[0]["guid"] == events[1]["guid"]
    assert events[0]["record"]["evtData"] == {"k": "\ud83c"}
    assert mock.requests()[0]["body"]["d"][0]["identity"] == "\ud83c"
