"""The merge model (docs/clevertap-api.md#identity-and-merge-rules) on the SQLite store, without HTTP."""

from __future__ import annotations

from mock_clevertap import model
from mock_clevertap.store import Store


def upload(store, *records, account="A", now=1_700_000_000):
    with store.transaction() as txn:
        base = store.next_counter("seq") * 1_000_000
        for i, record in enumerate(records, start=1):
            if record["type"] == "profile":
                model.ingest_profile(txn, account, record, now, base + i)
            elif record["type"] == "event":
                model.ingest_event(txn, account, record, now, base + i)
            else:
                model.ingest_token(txn, account, record, now, base + i)


def view(store, kind, value, account="A"):
    guid = store.find_guid(account, kind, value)
    return None if guid is None else store.profile_view(guid)


def test_unknown_identity_creates_profile_and_events_attach():
    store = Store()
    upload(store, {"type": "event", "identity": "u1", "evtName": "Viewed", "evtData": {}, "ts": 1_600_000_000})
    upload(store, {"type": "event", "identity": "u1", "evtName": "Viewed", "evtData": {}, "ts": 1_600_000_100})
    record = view(store, "identity", "u1")
    assert record["events"] == {"Viewed": {"count": 2, "first_seen": 1_600_000_000, "last_seen": 1_600_000_100}}
    assert record["profileData"] == {}


def test_event_without_ts_is_stamped_with_server_time():
    store = Store()
    upload(store, {"type": "event", "identity": "u1", "evtName": "E", "evtData": {}}, now=1_650_000_000)
    assert view(store, "identity", "u1")["events"]["E"]["first_seen"] == 1_650_000_000


def test_object_id_profile_with_identity_merges_into_one():
    """RudderStack's ObjectId mapping: anonymous activity on objectId, then identify with profileData.identity."""
    store = Store()
    upload(store, {"type": "event", "objectId": "anon-1", "evtName": "Browse", "evtData": {}, "ts": 1_600_000_000})
    upload(store, {"type": "profile", "identity": "u1", "profileData": {"Name": "Old", "Plan": "free"}})
    upload(store, {"type": "profile", "objectId": "anon-1", "profileData": {"identity": "u1", "Name": "New"}})
    assert len(store.profiles()) == 1
    record = view(store, "objectId", "anon-1")
    assert record == view(store, "identity", "u1")
    assert record["identity"] == "u1"
    assert record["profileData"] == {"Name": "New", "Plan": "free"}
    assert "identity" not in record["profileData"]
    assert record["events"]["Browse"]["count"] == 1


def test_alias_rekeys_profile_and_old_identity_still_resolves():
    store = Store()
    upload(store, {"type": "profile", "identity": "old-id", "profileData": {"City": "Pune"}})
    upload(store, {"type": "profile", "identity": "old-id", "profileData": {"identity": "new-id"}})
    record = view(store, "identity", "new-id")
    assert record["identity"] == "new-id"
    assert record["profileData"] == {"City": "Pune"}
    assert view(store, "identity", "old-id")["guid"] == record["guid"]


def test_profile_operators():
    store = Store()
    upload(store, {"type": "profile", "identity": "u", "profileData": {"Tags": ["a", "b"], "Score": 5, "Name": "N"}})
    upload(
        store,
        {
            "type": "profile",
            "identity": "u",
            "profileData": {"Tags": {"$add": ["c", "a"]}, "Score": {"$incr": 3}, "Name": {"$delete": 1}},
        },
    )
    upload(
        store, {"type": "profile", "identity": "u", "profileData": {"Tags": {"$remove": ["b"]}, "Score": {"$decr": 1}}}
    )
    assert view(store, "identity", "u")["profileData"] == {"Tags": ["a", "c"], "Score": 7}


def test_tokens_attach_by_object_id_and_give_platform():
    store = Store()
    upload(store, {"type": "profile", "objectId": "dev-1", "identity": "u", "profileData": {}})
    upload(store, {"type": "token", "objectId": "dev-1", "tokenData": {"id": "tok-1", "type": "apns"}})
    record = view(store, "identity", "u")
    assert record["platformInfo"] == [
        {
            "platform": "iOS",
            "objectId": "dev-1",
            "ls": 1_700_000_000,  # the profile record's time (the upload helper's `now`)
            "os_version": None,
            "app_version": None,
            "make": None,
            "model": None,
            "push_token": "tok-1",
            "push_token_type": "apns",
        }
    ]
    assert store.tokens() == [
        {"account": "A", "objectId": "dev-1", "type": "apns", "id": "tok-1", "keys": None, "guid": record["guid"]}
    ]


def test_platform_from_object_id_prefix():
    assert model.platform_of_object_id("__g123", []) == "Android"
    assert model.platform_of_object_id("-g123", []) == "iOS"
    assert model.platform_of_object_id("a8ffcbc9-a747-4ee3-a791-c5e58ad03097", []) == "Web"
    assert model.platform_of_object_id("__g123", ["apns"]) == "iOS"


def test_accounts_are_separate_projects():
    store = Store()
    upload(store, {"type": "profile", "identity": "u", "profileData": {"Name": "A"}}, account="A")
    upload(store, {"type": "profile", "identity": "u", "profileData": {"Name": "B"}}, account="B")
    assert view(store, "identity", "u", "A")["profileData"] == {"Name": "A"}
    assert view(store, "identity", "u", "B")["profileData"] == {"Name": "B"}


def test_failed_transaction_keeps_nothing():
    store = Store()
    try:
        with store.transaction() as txn:
            model.ingest_profile(txn, "A", {"type": "profile", "identity": "u", "profileData": {}}, 0, 1)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.profiles() == []


def test_journal_cap_drops_oldest_and_counts():
    store = Store(journal_cap=3)
    for i in range(5):
        store.journal_append({"time": "t", "method": "POST", "path": f"/p{i}", "status": 200})
    entries = store.journal_query()
    assert [e["path"] for e in entries] == ["/p2", "/p3", "/p4"]
    assert store.journal_stats()["dropped"] == 2


def test_the_guid_of_a_profile_without_object_id_reaches_it_everywhere():
    """The guid is the CleverTap ID: profile.json?objectId=<guid>, delete {"guid": ...} and uploads with
    objectId=<guid> all find the profile the mock created for an identity."""
    from mock_clevertap import create_app
    from mock_clevertap.config import MockConfig

    store = Store()
    client = create_app(MockConfig(), store=store).test_client()
    auth = {"X-CleverTap-Account-Id": "A", "X-CleverTap-Passcode": "p"}
    client.post(
        "/1/upload", json={"d": [{"type": "profile", "identity": "u", "profileData": {"Name": "N"}}]}, headers=auth
    )
    [profile] = store.profiles()
    guid = profile["guid"]
    found = client.get("/1/profile.json", query_string={"objectId": guid}, headers=auth).get_json()
    assert found["status"] == "success" and found["record"]["identity"] == "u"
    event = {"type": "event", "objectId": guid, "evtName": "E", "evtData": {}}
    assert client.post("/1/upload", json={"d": [event]}, headers=auth).get_json()["status"] == "success"
    assert [e["guid"] for e in store.events()] == [guid] and len(store.profiles()) == 1
    assert client.post("/1/delete/profiles.json", json={"guid": guid}, headers=auth).get_json()["status"] == "success"
    assert store.profiles() == []
    other = {"X-CleverTap-Account-Id": "B", "X-CleverTap-Passcode": "p"}
    client.post("/1/upload", json={"d": [{"type": "profile", "identity": "u", "profileData": {}}]}, headers=auth)
    [again] = store.profiles()
    assert (
        client.get("/1/profile.json", query_string={"objectId": again["guid"]}, headers=other).get_json()["status"]
        == "fail"
    )  # another account's guid is not reachable


def test_demerge_gives_each_device_a_fresh_profile_and_drops_identity_data_and_events():
    """demerge-user-profile-api + the docs' events page: devices get fresh profiles, identities are dropped, the
    profile's event data may be lost."""
    store = Store()
    upload(
        store,
        {"type": "profile", "objectId": "__gAndroid1", "profileData": {"identity": "u1", "Plan": "gold"}},
        {"type": "profile", "objectId": "-iPhone1", "identity": "u1", "profileData": {"Name": "N"}},
        {"type": "event", "identity": "u1", "evtName": "Viewed", "evtData": {}, "ts": 1_600_000_000},
        {"type": "token", "objectId": "__gAndroid1", "tokenData": {"id": "fcm-1", "type": "fcm"}},
    )
    assert len(store.profiles()) == 1
    with store.transaction() as txn:
        model.demerge(txn, "A", "u1")
    assert view(store, "identity", "u1") is None
    android, iphone = view(store, "objectId", "__gAndroid1"), view(store, "objectId", "-iPhone1")
    assert android["guid"] != iphone["guid"]
    for device in (android, iphone):
        assert "identity" not in device and device["identities"] == []
        assert device["profileData"] == {} and device["events"] == {}
    assert android["push_token"] == "fcm-1" and "push_token" not in iphone
    assert store.events() == []


def test_disassociate_leaves_no_stale_identity():
    store = Store()
    upload(store, {"type": "profile", "identity": "+14155550100", "profileData": {"Phone": "+14155550100"}})
    with store.transaction() as txn:
        assert model.disassociate_phone(txn, "A", "+14155550100")
    [profile] = store.profiles()
    assert "identity" not in profile and profile["identities"] == []
    assert view(store, "identity", "+14155550100") is None and view(store, "phone", "+14155550100") is None
