"""CleverTap's cursor downloads over the mock's state (Get Events, Get User Profiles by event, counts).

The cursor is the query itself, encoded: kind, account, the query, the page size, where the last page ended and
the newest event id when the query was made, so every page of one download sees the same events even while
uploads continue, and a cursor survives a restart of a file-backed mock. It is URL-safe base64 without
padding, so a client may append it to a URL as it is (CleverTap's Node library does).
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .store import EVENT_GUID, Store, sql_text

MAX_BATCH_SIZE = 5000
DEFAULT_BATCH_SIZE = 5000  # project choice: the documents give a maximum but no default
APP_FIELDS = ("make", "model", "os_version", "app_version")  # `app=true`: device fields in the profile object


class QueryError(ValueError):
    """A query or cursor the API cannot run: answered 400 in CleverTap's fail envelope."""


def _operator(name: str) -> Callable[[Any, Any], bool]:
    def equals(actual: Any, wanted: Any) -> bool:
        return actual == wanted or (actual is not None and str(actual) == str(wanted))

    def contains(actual: Any, wanted: Any) -> bool:
        return actual is not None and str(wanted).lower() in str(actual).lower()

    operators = {"equals": equals, "contains": contains}
    if name not in operators:
        raise QueryError(f"event_properties operator must be one of {', '.join(operators)}, not {name!r}")
    return operators[name]


@dataclass(frozen=True)
class Query:
    event_name: str
    from_date: int
    to_date: int
    event_properties: tuple[tuple[str, str, Any], ...] = ()

    def ts_range(self) -> tuple[int, int]:
        """The date range as epoch seconds, UTC, both days whole."""
        start = _day(self.from_date, "from")
        end = _day(self.to_date, "to") + timedelta(days=1)
        if end <= start:
            raise QueryError("'to' must not be before 'from'")
        return int(start.timestamp()), int(end.timestamp()) - 1

    def matches(self, props: Any) -> bool:
        props = props if isinstance(props, dict) else {}
        return all(_operator(op)(props.get(name), value) for name, op, value in self.event_properties)


def _day(value: int, name: str) -> datetime:
    try:
        return datetime.strptime(str(value), "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        raise QueryError(f"'{name}' must be a date as an integer YYYYMMDD, not {value!r}") from None


def _date_int(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise QueryError(f"'{name}' is required: a date as an integer YYYYMMDD")
    _day(value, name)
    return value


def parse_query(body: Any) -> Query:
    """The documented query: `event_name`, `from` and `to` (YYYYMMDD integers), optional `event_properties`
    filters `[{"name", "operator", "value"}]` (`equals` and `contains` are modelled)."""
    if not isinstance(body, dict):
        raise QueryError("The query must be a JSON object with event_name, from and to")
    name = body.get("event_name")
    if not isinstance(name, str) or not name.strip():
        raise QueryError("'event_name' is required")
    filters = body.get("event_properties", [])
    if not isinstance(filters, list):
        raise QueryError("'event_properties' must be a list of {name, operator, value}")
    parsed = []
    for item in filters:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise QueryError("'event_properties' must be a list of {name, operator, value}")
        operator = item.get("operator", "equals")
        _operator(str(operator))
        parsed.append((item["name"], str(operator), item.get("value")))
    query = Query(name, _date_int(body, "from"), _date_int(body, "to"), tuple(parsed))
    query.ts_range()
    return query


def parse_batch_size(value: str | None) -> int:
    if value in (None, ""):
        return DEFAULT_BATCH_SIZE
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_BATCH_SIZE:
        raise QueryError(f"batch_size must be a whole number from 1 to {MAX_BATCH_SIZE}")
    return int(value)


def parse_flag(value: str | None, default: bool) -> bool:
    if value in (None, ""):
        return default
    if value.lower() not in ("true", "false"):
        raise QueryError("app, events and profile must be true or false")
    return value.lower() == "true"


@dataclass(frozen=True)
class Cursor:
    kind: str  # events | profiles
    account: str
    query: Query
    batch_size: int
    position: int  # events: the last event id returned; profiles: profiles returned so far
    upto: int  # the newest event id when the download was created
    app: bool = False
    events: bool = True
    profile: bool = True

    def encode(self) -> str:
        data = asdict(self)
        data["query"]["event_properties"] = [list(f) for f in self.query.event_properties]
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str, account: str, kind: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            data = json.loads(raw.decode("utf-8", "surrogatepass"))
            query = data.pop("query")
            query["event_properties"] = tuple(tuple(f) for f in query.get("event_properties", ()))
            cursor = cls(query=Query(**query), **data)
        except (binascii.Error, ValueError, TypeError, KeyError, AttributeError):
            raise QueryError("Invalid cursor") from None
        if cursor.account != account or cursor.kind != kind:
            raise QueryError("Invalid cursor")
        return cursor


def newest_event_id(store: Store) -> int:
    with store.lock:
        return store.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]


def _matching(db: sqlite3.Connection, cursor: Cursor, after: int, chunk: int = 1000) -> Iterator[tuple[Any, ...]]:
    """Matching event rows `(id, guid, ts, record)` with id above `after`, oldest first, read in chunks."""
    lo, hi = cursor.query.ts_range()
    while True:
        rows = db.execute(
            f"SELECT id, {EVENT_GUID}, ts, record FROM events WHERE account = ? AND evtName = ? AND ts BETWEEN ? AND ?"
            " AND id > ? AND id <= ? ORDER BY id LIMIT ?",
            (sql_text(cursor.account), sql_text(cursor.query.event_name), lo, hi, after, cursor.upto, chunk),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            record = json.loads(row[3])
            if cursor.query.matches(record.get("evtData")):
                yield row[0], row[1], row[2], record
        after = rows[-1][0]


def yyyymmddhhmmss(ts: int) -> int:
    """CleverTap's download format for `ts` (yyyyMMddHHmmss as a number), in UTC."""
    return int(datetime.fromtimestamp(ts, UTC).strftime("%Y%m%d%H%M%S"))


def _event_profile(view: dict[str, Any] | None, record: dict[str, Any], cursor: Cursor) -> dict[str, Any]:
    view = view or {}
    platforms = view.get("platformInfo") or []
    own = next((p for p in platforms if p.get("objectId") == record.get("objectId")), None)
    info = own or (platforms[0] if platforms else {})
    profile: dict[str, Any] = {}
    object_id = record.get("objectId") or info.get("objectId") or view.get("guid")
    if object_id is not None:
        profile["objectId"] = object_id
    if info.get("platform"):
        profile["platform"] = info["platform"]
    for key in ("identity", "email", "name", "phone"):
        if view.get(key) is not None:
            profile[key] = view[key]
    if info.get("push_token"):
        profile["push_token"] = info["push_token"]
    if cursor.profile:
        profile["profileData"] = view.get("profileData", {})
    device = record.get("deviceInfo")
    if cursor.app and isinstance(device, dict):
        profile.update({key: device[key] for key in APP_FIELDS if key in device})
    return profile


def event_page(store: Store, cursor: Cursor) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of Get Events records and the cursor of the next page (None on the last page)."""
    with store.lock:
        rows = []
        for row in _matching(store.db, cursor, cursor.position):
            rows.append(row)
            if len(rows) > cursor.batch_size:
                break
        more = len(rows) > cursor.batch_size
        rows = rows[: cursor.batch_size]
        views: dict[str, dict[str, Any] | None] = {}
        records = []
        for _, guid, ts, record in rows:
            if guid not in views:
                views[guid] = store.profile_view(guid)
            event = {"profile": _event_profile(views[guid], record, cursor), "ts": yyyymmddhhmmss(ts)}
            event["event_props"] = record.get("evtData") if isinstance(record.get("evtData"), dict) else {}
            records.append(event)
    following = _replace(cursor, position=rows[-1][0]) if more else None
    return records, following


def _replace(cursor: Cursor, **changes: Any) -> Cursor:
    return Cursor(**{**cursor.__dict__, **changes})


def _profile_guids(store: Store, cursor: Cursor) -> list[str]:
    seen: dict[str, None] = {}
    for _, guid, _, _ in _matching(store.db, cursor, 0):
        seen.setdefault(guid, None)
    return list(seen)


def profile_page(store: Store, cursor: Cursor) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of Get User Profiles records (profiles that did the event in the range, each once)."""
    with store.lock:
        guids = _profile_guids(store, cursor)
        page = guids[cursor.position : cursor.position + cursor.batch_size]
        records = []
        for guid in page:
            view = store.profile_view(guid)
            if view is None:
                continue
            view.pop("account", None)
            if not cursor.events:
                view.pop("events", None)
            if not cursor.profile:
                view.pop("profileData", None)
            records.append(view)
    end = cursor.position + len(page)
    return records, (_replace(cursor, position=end) if end < len(guids) else None)


def count(store: Store, kind: str, account: str, query: Query) -> int:
    """Get Event Count (events) or Get Profile Count (distinct profiles) of a query."""
    cursor = Cursor(kind, account, query, 1, 0, newest_event_id(store))
    with store.lock:
        if kind == "events":
            return sum(1 for _ in _matching(store.db, cursor, 0))
        return len(_profile_guids(store, cursor))
