"""CleverTap's profile model: how records find, create and merge profiles
(docs/clevertap-api.md#identity-and-merge-rules).

Independent of Flask and of SQLite: every function works on a `State` (implemented by `store.StateTxn`) so the
merge rules can be read, and tested, on their own.

The documents settle only part of this; the rest is the mock's deterministic model (same section) [INF]:
1. Records find their profile by objectId, then identity, then FBID, then GPID; an unknown identifier creates a
   profile (documented for events and profiles alike).
2. Every identifier a record carries is attached to that profile. If one already belongs to another profile the
   two are merged (CleverTap merges profiles that share an identity): events are united, and on conflicting
   profile keys the more recently updated profile wins, then the record itself applies on top.
3. `profileData.identity` / `profileData.Identity` attaches a further identity (how SDKs set Identity and how
   RudderStack's alias re-keys a profile). Earlier identities keep resolving to the profile, so a late event for
   an old id is not lost.
4. Email and Phone are indexed for look-up (`profile.json?email=`, disassociate) but do not merge profiles: which
   of them count as identities is an account setting, and Identity-only is CleverTap's default.
"""

from __future__ import annotations

from typing import Any, Protocol

from .rules import token_platform

# Record field -> key kind in the index, in look-up order.
LOOKUP_FIELDS = (("objectId", "objectId"), ("identity", "identity"), ("FBID", "FBID"), ("GPID", "GPID"))
IDENTITY_KEYS = ("identity", "Identity")


class State(Protocol):
    def guid_for(self, account: str, kind: str, value: str) -> str | None: ...
    def new_profile(self, account: str) -> str: ...
    def get_profile(self, guid: str) -> dict[str, Any]: ...
    def put_profile(self, guid: str, data: dict[str, Any]) -> None: ...
    def link(self, account: str, kind: str, value: str, guid: str) -> None: ...
    def absorb(self, into: str, src: str) -> None: ...
    def add_event(self, account: str, guid: str, name: str, ts: int, record: dict[str, Any]) -> None: ...
    def add_token(self, account: str, guid: str, object_id: str, token: dict[str, Any]) -> None: ...


class DemergeState(State, Protocol):
    def keys_of(self, guid: str) -> list[tuple[str, str]]: ...
    def tokens_of(self, guid: str) -> list[tuple[str, dict[str, Any]]]: ...
    def delete_profile(self, guid: str) -> None: ...
    def unlink(self, account: str, kind: str, value: str) -> str | None: ...


def _text(value: Any) -> str | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def record_identifiers(record: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for field, kind in LOOKUP_FIELDS:
        value = record.get(field)
        if value is None:
            continue
        if value.__class__ is not str:
            value = _text(value)
        if value:
            out.append((kind, value))
    return out


def record_ts(record: dict[str, Any], now: int) -> int:
    ts = record.get("ts")
    if ts is None:
        return now
    return int(ts)


def merge(state: State, into: str, src: str) -> None:
    """Fold profile `src` into `into`: newer profileData wins key by key; keys, events and tokens move over."""
    if into == src:
        return
    a, b = state.get_profile(into), state.get_profile(src)
    older, newer = (a, b) if a.get("seq", 0) <= b.get("seq", 0) else (b, a)
    merged = dict(older.get("profileData", {}))
    merged.update(newer.get("profileData", {}))
    a["profileData"] = merged
    a["identity"] = newer.get("identity") or older.get("identity")
    a["seq"] = max(a.get("seq", 0), b.get("seq", 0))
    state.absorb(into, src)
    state.put_profile(into, a)


def attach(state: State, account: str, guid: str, kind: str, value: str) -> str:
    """Attach an identifier to a profile, merging with the profile that already owns it. Returns the guid."""
    owner = state.guid_for(account, kind, value)
    if owner is None:
        state.link(account, kind, value, guid)
    elif owner != guid:
        merge(state, guid, owner)
    return guid


def resolve(state: State, account: str, record: dict[str, Any]) -> str:
    """The profile a record belongs to, created when none of its identifiers is known."""
    identity = record.get("identity")
    if identity.__class__ is str and identity and "objectId" not in record and "FBID" not in record:
        if "GPID" not in record:  # the usual record, identity only: its profile, when known, is one look-up away
            owner = state.guid_for(account, "identity", identity)
            if owner is not None:
                return owner
    ids = record_identifiers(record)
    if len(ids) == 1:  # the common case (one identity or one objectId) of a known profile: nothing to attach
        owner = state.guid_for(account, *ids[0])
        if owner is not None:
            return owner
    owners = [state.guid_for(account, kind, value) for kind, value in ids]
    guid = next((owner for owner in owners if owner is not None), None)
    if guid is None:
        guid = state.new_profile(account)
    for (kind, value), owner in zip(ids, owners, strict=True):
        if owner != guid:  # unknown (link it) or another profile's (merge; an earlier merge may have moved it)
            attach(state, account, guid, kind, value)
    return guid


def apply_profile_data(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """Apply a profileData upload: plain values set, and CleverTap's operators act on the stored value."""
    result = dict(current)
    for key, value in update.items():
        if key in IDENTITY_KEYS:
            continue
        if isinstance(value, dict) and len(value) == 1:
            op, operand = next(iter(value.items()))
            if op == "$delete":
                result.pop(key, None)
                continue
            if op in ("$incr", "$decr"):
                base = result.get(key)
                base = base if isinstance(base, (int, float)) and not isinstance(base, bool) else 0
                result[key] = base + operand if op == "$incr" else base - operand
                continue
            if op in ("$add", "$remove", "$set"):
                items = operand if isinstance(operand, list) else [operand]
                existing = result.get(key)
                existing = list(existing) if isinstance(existing, list) else ([] if existing is None else [existing])
                if op == "$set":
                    result[key] = list(items)
                elif op == "$add":
                    result[key] = existing + [v for v in items if v not in existing]
                else:
                    result[key] = [v for v in existing if v not in items]
                continue
        result[key] = value
    return result


def ingest_profile(state: State, account: str, record: dict[str, Any], now: int, seq: int) -> str:
    guid = resolve(state, account, record)
    data = record["profileData"]
    for key in IDENTITY_KEYS:
        extra = _text(data.get(key))
        if extra is not None:
            guid = attach(state, account, guid, "identity", extra)
    profile = state.get_profile(guid)
    profile["profileData"] = apply_profile_data(profile.get("profileData", {}), data)
    new_identity = _text(data.get("identity")) or _text(data.get("Identity")) or _text(record.get("identity"))
    if new_identity is not None:
        profile["identity"] = new_identity
    profile["seq"] = seq
    _seen(profile, record, record_ts(record, now))
    state.put_profile(guid, profile)
    for field, kind in (("Email", "email"), ("Phone", "phone")):
        value = _text(profile["profileData"].get(field))
        if value is not None:
            state.link(account, kind, value, guid)
    return guid


def _seen(profile: dict[str, Any], record: dict[str, Any], ts: int) -> bool:
    """Note when a device (objectId) was last seen: `platformInfo[].ls`, which clients sort devices on."""
    object_id = _text(record.get("objectId"))
    if object_id is None:
        return False
    last_seen = profile.setdefault("ls", {})
    if last_seen.get(object_id, 0) >= ts:
        return False
    last_seen[object_id] = ts
    return True


def ingest_event(state: State, account: str, record: dict[str, Any], now: int, seq: int) -> str:
    guid = resolve(state, account, record)
    profile = state.get_profile(guid)
    ts = record.get("ts")
    ts = now if ts is None else int(ts)
    changed = "objectId" in record and _seen(profile, record, ts)
    if profile.get("identity") is None:
        identity = _text(record.get("identity"))
        if identity is not None:
            profile["identity"] = identity
            changed = True
    if changed:
        state.put_profile(guid, profile)
    state.add_event(account, guid, record["evtName"], ts, record)
    return guid


def ingest_token(state: State, account: str, record: dict[str, Any], now: int, seq: int) -> str:
    guid = resolve(state, account, {"objectId": record["objectId"]})
    state.add_token(account, guid, record["objectId"], record["tokenData"])
    return guid


def demerge(state: DemergeState, account: str, identity: str) -> None:
    """Demerge an identity (demerge-user-profile-api; the docs' events page: afterwards each device gets a fresh
    profile and the identities are dropped, and the profile's event data may be lost). The mock models the
    documented outcome: the profile holding the identity goes away with its data, events and every identity, and
    each device (objectId) it had starts over on an empty profile of its own, keeping its push tokens."""
    guid = state.guid_for(account, "identity", identity)
    if guid is None:
        return
    devices = [value for kind, value in state.keys_of(guid) if kind == "objectId"]
    tokens = state.tokens_of(guid)
    state.delete_profile(guid)
    for object_id in devices:
        fresh = state.new_profile(account)
        state.link(account, "objectId", object_id, fresh)
        for token_object_id, token in tokens:
            if token_object_id == object_id:
                state.add_token(account, fresh, object_id, token)


def disassociate_phone(state: DemergeState, account: str, phone: str) -> bool:
    """Detach a phone number used as identity (disassociate-api): it no longer finds the profile, and the profile's
    `identity` no longer names it (another identity of the profile takes its place, if any)."""
    guid = state.unlink(account, "identity", phone)
    state.unlink(account, "phone", phone)
    if guid is None:
        return False
    profile = state.get_profile(guid)
    if profile.get("identity") == phone:
        remaining = [value for kind, value in state.keys_of(guid) if kind == "identity"]
        profile["identity"] = remaining[-1] if remaining else None
        state.put_profile(guid, profile)
    return True


def platform_of_object_id(object_id: str, token_types: list[str]) -> str:
    """Device platform of a CleverTap ID: from its push tokens if any, else from the id's documented prefixes
    (`__` Android, `-` iOS; anything else, such as a UUID, is taken as Web)."""
    for token_type in token_types:
        platform = token_platform(token_type)
        if platform:
            return platform
    if object_id.startswith("__"):
        return "Android"
    if object_id.startswith("-"):
        return "iOS"
    return "Web"
