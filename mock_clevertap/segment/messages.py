"""The table of messages the Segment endpoint received, accepted or not (SQLite, the mock's own database).

Writes happen inside the request's transaction (the caller passes its connection), so a message is stored
together with the journal entry of the request that carried it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS segment_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, write_key TEXT, region TEXT NOT NULL, type TEXT, event TEXT,
    user_id TEXT, anonymous_id TEXT, message_id TEXT, rejected TEXT, message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS segment_messages_id ON segment_messages (write_key, message_id);
"""
TABLE = "segment_messages"
# query parameter -> column
FILTERS = {
    "type": "type",
    "event": "event",
    "userId": "user_id",
    "anonymousId": "anonymous_id",
    "writeKey": "write_key",
    "messageId": "message_id",
    "region": "region",
}


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: store it escaped, as the rest of the mock does
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")
    return text


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, separators=(",", ":"))
    return text


def id_text(value: Any) -> str | None:
    """A messageId as stored and compared: its text; a JSON object or list is no id."""
    return _text(value)


def seen(db: sqlite3.Connection, write_key: str | None, message_id: Any) -> bool:
    """True when an accepted message with this messageId already came with this write key."""
    if _text(message_id) is None:
        return False
    row = db.execute(
        f"SELECT 1 FROM {TABLE} WHERE write_key IS ? AND message_id = ? AND rejected IS NULL LIMIT 1",
        (write_key, _text(message_id)),
    ).fetchone()
    return row is not None


def add(db: sqlite3.Connection, message: dict[str, Any]) -> None:
    """Store one message as the admin API shows it (its own fields plus writeKey, region, receivedAt, rejected)."""
    fields = message if isinstance(message, dict) else {}
    db.execute(
        f"INSERT INTO {TABLE} (write_key, region, type, event, user_id, anonymous_id, message_id, rejected, message)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _text(fields.get("writeKey")),
            fields.get("region") or "us",
            _text(fields.get("type")),
            _text(fields.get("event")),
            _text(fields.get("userId")),
            _text(fields.get("anonymousId")),
            _text(fields.get("messageId")),
            fields.get("rejected"),
            _dumps(message),
        ),
    )


def query(
    db: sqlite3.Connection, filters: dict[str, str], rejected: bool | None, limit: int | None, newest: bool = False
) -> list[Any]:
    """Matching messages oldest first; with `newest`, `limit` keeps the newest ones (still listed oldest first)."""
    where: list[str] = []
    params: list[Any] = []
    for name, value in filters.items():
        where.append(f"{FILTERS[name]} = ?")
        params.append(value)
    if rejected is not None:
        where.append("rejected IS NOT NULL" if rejected else "rejected IS NULL")
    sql = f"SELECT message FROM {TABLE}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC" if newest else " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = [json.loads(row[0]) for row in db.execute(sql, params)]
    return rows[::-1] if newest else rows


def clear(db: sqlite3.Connection) -> None:
    db.execute(f"DELETE FROM {TABLE}")
