"""CleverTap download-API records -> Segment messages (pure functions; docs/clevertap-to-segment.md "Mapping").

An event record (Get Events API) becomes a `track` with CleverTap's event name and property keys unchanged; a
profile record (Get User Profiles API) becomes an `identify` whose traits are the profile's attributes, keys
unchanged. Both take `userId`/`anonymousId` from the configured identity sources. A record with neither id
cannot be sent (Segment rejects it), so it is skipped with a reason instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .settings import ExportSettings

# identity source -> where a download record keeps it, first hit wins. The `profile` object of an event record
# and a profile record share these keys; `profileData` holds the upload-side names.
ID_PATHS: dict[str, tuple[tuple[str | int, ...], ...]] = {
    "identity": (("identity",), ("profileData", "Identity"), ("profileData", "identity")),
    "email": (("email",), ("profileData", "Email")),
    "phone": (("phone",), ("profileData", "Phone")),
    "objectId": (("objectId",), ("platformInfo", 0, "objectId"), ("guid",)),
}
# profile field -> context.traits key (Segment's reserved trait names) on a track
CONTEXT_TRAITS = (("email", "email"), ("name", "name"), ("phone", "phone"))
# context.device key -> where the record keeps it (`app=true` puts make/model in the profile; the file-export
# schema has a deviceInfo object)
DEVICE_PATHS: dict[str, tuple[tuple[str | int, ...], ...]] = {
    "manufacturer": (("deviceInfo", "make"), ("profile", "make")),
    "model": (("deviceInfo", "model"), ("profile", "model")),
    "token": (("profile", "push_token"),),
}
# event record key -> alternatives (Get Events API name first, then the file-export schema's)
EVENT_PROPS_KEYS = ("event_props", "eventProps")


@dataclass(frozen=True)
class Outcome:
    """One record's result: a message, or the reason it was not sent."""

    message: dict[str, Any] | None = None
    skipped: str | None = None


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(data, list) or len(data) <= step:
                return None
            data = data[step]
        elif isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def _first(data: Any, paths: tuple[tuple[str | int, ...], ...]) -> Any:
    for path in paths:
        value = _get(data, path)
        if value not in (None, "", [], {}):
            return value
    return None


def _id_text(value: Any) -> str | None:
    """An id as Segment takes it (a string); numbers as their decimal text, anything else is no id."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (str, int, float)):
        text = str(value).strip()
        return text or None
    return None


def identities(profile: Any, settings: ExportSettings) -> dict[str, str]:
    """`userId` from the first configured source that has a value, `anonymousId` from the CleverTap ID."""
    ids: dict[str, str] = {}
    for source in settings.user_id_order:
        user_id = _id_text(_first(profile, ID_PATHS[source]))
        if user_id is not None:
            ids["userId"] = user_id
            break
    if settings.anonymous_id != "none":
        anonymous_id = _id_text(_first(profile, ID_PATHS[settings.anonymous_id]))
        if anonymous_id is not None:
            ids["anonymousId"] = anonymous_id
    return ids


def parse_ts(ts: Any) -> datetime | None:
    """CleverTap's `ts`: `yyyyMMddHHmmss` as the Get Events API gives it, or epoch seconds (or milliseconds)
    as uploads carry it; read as UTC. Anything else is no timestamp."""
    if isinstance(ts, bool):
        return None
    if isinstance(ts, str) and ts.strip().isdigit():
        ts = int(ts.strip())
    if isinstance(ts, float) and ts.is_integer():
        ts = int(ts)
    if not isinstance(ts, int) or ts <= 0:
        return None
    try:
        if ts >= 10**13:
            if ts >= 10**14:
                return None
            date, time_of_day = divmod(ts, 10**6)
            year, month_day = divmod(date, 10**4)
            hour, minute_second = divmod(time_of_day, 10**4)
            return datetime(year, *divmod(month_day, 100), hour, *divmod(minute_second, 100), tzinfo=UTC)
        if ts >= 10**11:
            return datetime.fromtimestamp(ts / 1000, UTC)
        return datetime.fromtimestamp(ts, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def canonical(value: Any) -> str:
    """One stable text for a JSON value (keys sorted), the input of a messageId."""
    return _CANONICAL.encode(value)


def message_id(settings: ExportSettings, *parts: Any) -> str:
    """A deterministic messageId: the same record in the same export gives the same id on every run, so Segment
    de-duplicates a re-sent batch. Derived from account, export id and the record's own content."""
    text = canonical([settings.account, settings.export_id, *parts])
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"ct-{digest[:40]}"


def _context(settings: ExportSettings, traits: dict[str, Any] | None, device: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if settings.integration_context:
        context["integration"] = {"name": settings.integration_name, "version": settings.integration_version}
    if traits:
        context["traits"] = traits
    if device:
        context["device"] = device
    return context


def _device(record: dict[str, Any]) -> dict[str, Any]:
    device = {}
    for key, paths in DEVICE_PATHS.items():
        value = _first(record, paths)
        if value is not None:
            device[key] = value
    return device


def track_message(event_name: str, record: Any, settings: ExportSettings) -> Outcome:
    """One Get Events record -> a `track` of `event_name`, properties unchanged."""
    if not isinstance(record, dict):
        return Outcome(skipped="not_a_record")
    profile: dict[str, Any] = record["profile"] if isinstance(record.get("profile"), dict) else {}
    ids = identities(profile, settings)
    if not ids:
        return Outcome(skipped="no_user_anon_id")
    props = _first(record, tuple((k,) for k in EVENT_PROPS_KEYS))
    properties = dict(props) if isinstance(props, dict) else {}
    moment = parse_ts(record.get("ts"))
    traits = None
    if settings.context_traits:
        traits = {key: profile[field] for field, key in CONTEXT_TRAITS if profile.get(field) not in (None, "")}
    message: dict[str, Any] = {"type": "track", "event": event_name, **ids, "properties": properties}
    message["context"] = _context(settings, traits, _device(record))
    if moment is not None:
        message["timestamp"] = iso(moment)
    message["messageId"] = message_id(settings, "track", event_name, record.get("ts"), ids, properties)
    return Outcome(message)


def identify_message(record: Any, settings: ExportSettings, as_of: datetime) -> Outcome:
    """One Get User Profiles record -> an `identify` with the profile's attributes as traits, keys unchanged.

    A profile has no event time: the message is stamped with the export run (`as_of`); its messageId leaves the
    time out, so an unchanged profile sent again is de-duplicated and a changed one is not."""
    if not isinstance(record, dict):
        return Outcome(skipped="not_a_record")
    ids = identities(record, settings)
    if not ids:
        return Outcome(skipped="no_user_anon_id")
    data = record.get("profileData")
    traits = dict(data) if isinstance(data, dict) else {}
    message: dict[str, Any] = {"type": "identify", **ids, "traits": traits}
    message["context"] = _context(settings, None, _device({"profile": record}))
    message["timestamp"] = iso(as_of)
    message["messageId"] = message_id(settings, "identify", ids, traits)
    return Outcome(message)


def map_records(records: list[tuple[str | None, Any]], settings: ExportSettings, as_of: datetime) -> list[Outcome]:
    """Records as `(event name, record)` pairs (the name is None for profiles), in order, to outcomes."""
    if settings.kind == "profiles":
        return [identify_message(record, settings, as_of) for _, record in records]
    return [track_message(name or "", record, settings) for name, record in records]
