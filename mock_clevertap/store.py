"""SQLite persistence of the journal and of the mock's state (profiles, events, device tokens).

One connection guarded by one lock: profile merges are read-modify-write across several rows, and SQLite
serialises writers anyway, so a single writer path is both simpler and no slower than a connection per thread.
A file database runs in WAL mode so a restart with the same file keeps everything; `:memory:` keeps nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

import orjson

from .model import platform_of_object_id
from .segment import messages as segment_messages

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    region TEXT, host TEXT, query TEXT, headers TEXT, body TEXT, raw_body TEXT, status INTEGER NOT NULL,
    response TEXT, size INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS journal_path ON journal (path);
CREATE TABLE IF NOT EXISTS journal_records (
    entry_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT, evtName TEXT, identity TEXT, objectId TEXT
);
CREATE INDEX IF NOT EXISTS journal_records_entry ON journal_records (entry_id);
-- Filters compare with `=`, which never matches NULL, so the filter indexes leave NULLs out (partial indexes the
-- planner uses for `col = ?`): an upload of events without objectId writes no objectId index entries. Files from
-- an older mock drop their full indexes for these.
DROP INDEX IF EXISTS journal_records_evt;
DROP INDEX IF EXISTS journal_records_identity;
DROP INDEX IF EXISTS journal_records_object;
CREATE INDEX IF NOT EXISTS journal_records_evt_nn ON journal_records (evtName) WHERE evtName IS NOT NULL;
CREATE INDEX IF NOT EXISTS journal_records_identity_nn ON journal_records (identity) WHERE identity IS NOT NULL;
CREATE INDEX IF NOT EXISTS journal_records_object_nn ON journal_records (objectId) WHERE objectId IS NOT NULL;
CREATE TABLE IF NOT EXISTS profiles (
    guid TEXT PRIMARY KEY, account TEXT NOT NULL, data TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS profile_keys (
    account TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, guid TEXT NOT NULL,
    UNIQUE (account, kind, value)
);
CREATE INDEX IF NOT EXISTS profile_keys_guid ON profile_keys (guid);
-- Events are appended and never rewritten: `guid` is the profile that took the event when it arrived. A merge
-- does not move them; `profile_aliases` maps a merged-away guid to the profile that absorbed it, and
-- `event_summary` (per profile and event name: count, first and last ts; brought up to date by the first profile
-- read after an upload, `summary_upto` in meta marking how far) is what profile reads need. So an upload
-- writes events in rowid order only, with no per-profile index to update (such an index took a page write per
-- user and batch, most of an upload's cost); reading one profile's events row by row is a scan, which only a
-- profile delete does.
-- Event ids come from the `event_id` counter in meta, so they are never reused even after deletes, without
-- AUTOINCREMENT's bookkeeping on every row (files from an older mock keep their AUTOINCREMENT table).
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, account TEXT NOT NULL, guid TEXT NOT NULL, evtName TEXT NOT NULL,
    ts INTEGER NOT NULL, record TEXT NOT NULL
);
DROP INDEX IF EXISTS events_guid;
CREATE TABLE IF NOT EXISTS profile_aliases (alias TEXT PRIMARY KEY, guid TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS profile_aliases_guid ON profile_aliases (guid);
CREATE TABLE IF NOT EXISTS tokens (
    account TEXT NOT NULL, object_id TEXT NOT NULL, type TEXT NOT NULL, token TEXT NOT NULL, keys TEXT,
    guid TEXT NOT NULL, PRIMARY KEY (account, object_id, type, token)
);
CREATE INDEX IF NOT EXISTS tokens_guid ON tokens (guid);
"""

_CACHE_LIMIT = 20_000
_MISSING = object()
JOURNAL_RECORD_FILTERS = ("type", "evtName", "identity", "objectId")
_STATE_TABLES = (
    "profiles",
    "profile_keys",
    "events",
    "event_summary",
    "profile_aliases",
    "tokens",
    segment_messages.TABLE,
)
# Created apart from SCHEMA so that opening a file from an older mock can tell it is new and fill it from `events`.
_EVENT_SUMMARY = """
CREATE TABLE event_summary (
    guid TEXT NOT NULL, evtName TEXT NOT NULL, count INTEGER NOT NULL, first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL, first_id INTEGER NOT NULL, PRIMARY KEY (guid, evtName)
) WITHOUT ROWID
"""
# An event row's current profile: the row's guid, or the profile that absorbed it.
EVENT_GUID = "coalesce((SELECT a.guid FROM profile_aliases a WHERE a.alias = events.guid), events.guid)"
_SUMMARY_MERGE = (
    " ON CONFLICT (guid, evtName) DO UPDATE SET count = count + excluded.count,"
    " first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts),"
    " first_id = min(first_id, excluded.first_id)"
)
# Events above the `summary_upto` mark, folded into the summary under their current profile.
_SUMMARY_CATCH_UP = (
    f"INSERT INTO event_summary (guid, evtName, count, first_ts, last_ts, first_id)"
    f" SELECT {EVENT_GUID}, evtName, count(*), min(ts), max(ts), min(id) FROM events WHERE id > ? GROUP BY 1, 2"
    + _SUMMARY_MERGE
)
_JOURNAL_COLUMNS = "id, time, method, path, region, host, query, headers, body, raw_body, status, response"


# One encoder reused: json.dumps with options builds a new encoder on every call, a cost per stored event.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dumps(value: Any) -> str | None:
    """Compact JSON text for SQLite. orjson writes it about twenty times faster than the json module (a cost per
    stored event); what orjson refuses (a lone surrogate, an integer beyond 64 bits) goes through the json
    module, writing a lone surrogate as its \\u escape since SQLite needs UTF-8 text."""
    if value is None:
        return None
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        pass
    text = _ENCODE(value)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(value, separators=(",", ":"))
    return text


def sql_text(value: Any) -> Any:
    """A text value SQLite can store. A JSON string may carry a lone surrogate (`\\ud83c`, e.g. a JavaScript
    string split into UTF-16 units), which UTF-8 cannot encode; such text is stored, and looked up, with the
    surrogate written as a backslash escape, so identifiers stay distinct and stable."""
    if type(value) is not str or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def _loads(text: str | None) -> Any:
    """Stored JSON back as a value. Only parsed text is stored as JSON, but a reader must never fail on what a
    client once sent (the journal stays readable whatever it holds): text that does not load reads as None."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _create_private(path: str) -> None:
    """Create the database file readable by its owner only (0600): the journal holds request bodies and, when
    asked to keep them, passcodes. SQLite gives its -wal and -shm files the same permissions."""
    if path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StateTxn:
    """The `model.State` of one request, inside one SQLite transaction.

    Profiles touched in the transaction are cached as dicts and written back once at commit, and events are
    inserted in one batch, so a 1000-record upload for a handful of users costs a handful of profile writes.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        # Look-up caches shared by the store's transactions (one connection, one writer: they stay exact while
        # transactions commit; any rollback or reset clears them).
        self._profiles: dict[str, dict[str, Any]] = store.profile_cache
        self._dirty: set[str] = set()
        self._new: set[str] = set()
        self._keys: dict[tuple[str, str, str], str | None] = store.key_cache
        self._events: list[tuple] = []
        self._event_id: int | None = None  # the last event id given out in this transaction
        self.now_iso = utc_now_iso()

    # -- look-ups ---------------------------------------------------------------------------------------------
    def guid_for(self, account: str, kind: str, value: str) -> str | None:
        key = (
            account if account.isascii() else sql_text(account),
            kind,
            value if value.isascii() else sql_text(value),
        )
        guid = self._keys.get(key, _MISSING)
        if guid is not _MISSING:
            return guid  # type: ignore[return-value]
        row = self.db.execute("SELECT guid FROM profile_keys WHERE account=? AND kind=? AND value=?", key).fetchone()
        if row is None and kind == "objectId":
            # The guid is the profile's CleverTap ID (delete-user-profile-api: guid = objectId), so the guid the mock
            # made for a profile uploaded without objectId reaches it wherever an objectId does.
            row = self.db.execute("SELECT guid FROM profiles WHERE guid=? AND account=?", (key[2], key[0])).fetchone()
        guid = row[0] if row else None
        self._keys[key] = guid
        return guid

    def get_profile(self, guid: str) -> dict[str, Any]:
        profile = self._profiles.get(guid)
        if profile is None:
            row = self.db.execute("SELECT data FROM profiles WHERE guid=?", (guid,)).fetchone()
            profile = json.loads(row[0]) if row else {"profileData": {}}
            self._profiles[guid] = profile
        return profile

    def token_platform(self, account: str, object_id: str) -> str | None:
        row = self.db.execute(
            "SELECT type FROM tokens WHERE account=? AND object_id=? LIMIT 1", (account, object_id)
        ).fetchone()
        return platform_of_object_id(object_id, [row[0]]) if row else None

    # -- changes ----------------------------------------------------------------------------------------------
    def new_profile(self, account: str) -> str:
        guid = f"mock-{self.store.next_counter('guid'):08d}"
        self._profiles[guid] = {"account": account, "identity": None, "profileData": {}, "seq": 0}
        self._new.add(guid)
        self._dirty.add(guid)
        return guid

    def put_profile(self, guid: str, data: dict[str, Any]) -> None:
        self._profiles[guid] = data
        self._dirty.add(guid)

    def link(self, account: str, kind: str, value: str, guid: str) -> None:
        account, value = sql_text(account), sql_text(value)
        if self._keys.get((account, kind, value)) == guid:
            return  # already linked (a profile upload repeating its Email): nothing to write
        self.db.execute(
            "INSERT OR REPLACE INTO profile_keys (account, kind, value, guid) VALUES (?, ?, ?, ?)",
            (account, kind, value, guid),
        )
        self._keys[(account, kind, value)] = guid

    def absorb(self, into: str, src: str) -> None:
        self._flush_events()
        self.db.execute("UPDATE profile_keys SET guid=? WHERE guid=?", (into, src))
        self.db.execute("UPDATE tokens SET guid=? WHERE guid=?", (into, src))
        self.db.execute("DELETE FROM profiles WHERE guid=?", (src,))
        # `src`'s events stay where they are: `src`, and every guid it had absorbed, now name `into`.
        self.db.execute("UPDATE profile_aliases SET guid=? WHERE guid=?", (into, src))
        self.db.execute("INSERT OR REPLACE INTO profile_aliases (alias, guid) VALUES (?, ?)", (src, into))
        self.db.execute(
            "INSERT INTO event_summary (guid, evtName, count, first_ts, last_ts, first_id)"
            " SELECT ?, evtName, count, first_ts, last_ts, first_id FROM event_summary WHERE guid=?" + _SUMMARY_MERGE,
            (into, src),
        )
        self.db.execute("DELETE FROM event_summary WHERE guid=?", (src,))
        for key, guid in self._keys.items():
            if guid == src:
                self._keys[key] = into
        self._profiles.pop(src, None)
        self._dirty.discard(src)
        self._new.discard(src)

    def add_event(self, account: str, guid: str, name: str, ts: int, record: dict[str, Any]) -> None:
        event_id = (self.store._meta("event_id") if self._event_id is None else self._event_id) + 1
        self._event_id = event_id
        self._events.append(
            (
                event_id,
                account if account.isascii() else sql_text(account),
                guid,
                name if name.isascii() else sql_text(name),
                ts,
                _dumps(record),
            )
        )

    def add_token(self, account: str, guid: str, object_id: str, token: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO tokens (account, object_id, type, token, keys, guid) VALUES (?, ?, ?, ?, ?, ?)",
            (account, object_id, token["type"], sql_text(token["id"]), _dumps(token.get("keys")), guid),
        )

    def delete_profile(self, guid: str) -> None:
        self._flush_events()
        aliases = [guid] + [
            row[0] for row in self.db.execute("SELECT alias FROM profile_aliases WHERE guid=?", (guid,))
        ]
        # A scan of the events table (it has no per-profile index, see SCHEMA): deletes are rare, uploads are not.
        for start in range(0, len(aliases), 500):
            chunk = aliases[start : start + 500]
            self.db.execute(f"DELETE FROM events WHERE guid IN ({', '.join('?' * len(chunk))})", chunk)
        for table in ("profile_keys", "event_summary", "tokens", "profiles", "profile_aliases"):
            self.db.execute(f"DELETE FROM {table} WHERE guid=?", (guid,))
        for key in [k for k, v in self._keys.items() if v == guid]:
            del self._keys[key]
        self._profiles.pop(guid, None)
        self._dirty.discard(guid)
        self._new.discard(guid)

    def keys_of(self, guid: str) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.db.execute("SELECT kind, value FROM profile_keys WHERE guid=?", (guid,))]

    def tokens_of(self, guid: str) -> list[tuple[str, dict[str, Any]]]:
        rows = self.db.execute("SELECT object_id, type, token, keys FROM tokens WHERE guid=? ORDER BY rowid", (guid,))
        out: list[tuple[str, dict[str, Any]]] = []
        for object_id, token_type, token_id, keys in rows.fetchall():
            token: dict[str, Any] = {"type": token_type, "id": token_id}
            if keys is not None:
                token["keys"] = _loads(keys)
            out.append((object_id, token))
        return out

    def unlink(self, account: str, kind: str, value: str) -> str | None:
        account, value = sql_text(account), sql_text(value)
        guid = self.guid_for(account, kind, value)
        if guid is not None:
            self.db.execute("DELETE FROM profile_keys WHERE account=? AND kind=? AND value=?", (account, kind, value))
            self._keys[(account, kind, value)] = None
        return guid

    # -- the request's view, inside the request's transaction --------------------------------------------------
    def begin_view(self) -> None:
        self.db.execute("SAVEPOINT view")

    def end_view(self) -> None:
        self.flush()
        self.db.execute("RELEASE view")

    def abort_view(self) -> None:
        """Undo what the view changed (it raised); the journal entry of its answer is still written."""
        self.db.execute("ROLLBACK TO view")
        self.db.execute("RELEASE view")
        self._profiles.clear()
        self._dirty.clear()
        self._new.clear()
        self._keys.clear()
        self._events = []
        self._event_id = None

    def journal(self, entry: dict[str, Any]) -> int:
        """Add a journal entry in this transaction, so it commits (or not) with the state it explains."""
        return self.store._journal_insert(entry)

    def _flush_events(self) -> None:
        if self._events:
            self.db.executemany(
                "INSERT INTO events (id, account, guid, evtName, ts, record) VALUES (?, ?, ?, ?, ?, ?)", self._events
            )
            self._events = []
            self.store._set_meta("event_id", self._event_id or 0)

    def flush(self) -> None:
        self._flush_events()
        inserts, updates = [], []
        for guid in self._dirty:
            data = self._profiles[guid]
            if guid in self._new:
                inserts.append((guid, data.get("account", ""), _dumps(data), self.now_iso, self.now_iso))
            else:
                updates.append((_dumps(data), self.now_iso, guid))
        if inserts:
            self.db.executemany(
                "INSERT INTO profiles (guid, account, data, created, updated) VALUES (?, ?, ?, ?, ?)", inserts
            )
        if updates:
            self.db.executemany("UPDATE profiles SET data=?, updated=? WHERE guid=?", updates)
        self._dirty.clear()
        self._new.clear()


class Store:
    def __init__(
        self, path: str = ":memory:", journal_cap: int = 100_000, journal_max_bytes: int = 256 * 1024 * 1024
    ) -> None:
        self.path = path
        self.journal_cap = journal_cap
        self.journal_max_bytes = journal_max_bytes
        self.lock = threading.RLock()
        # Journal path -> extractor of its per-record filter rows (the route table's `records`, set by the app).
        self.record_extractors: dict[str, Callable[[Any], list[tuple]]] = {}
        self.key_cache: dict[tuple[str, str, str], str | None] = {}
        self.profile_cache: dict[str, dict[str, Any]] = {}
        _create_private(path)
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # Checkpoint the WAL every ~40 MB instead of SQLite's 4 MB: a checkpoint (the only fsync under
            # synchronous=NORMAL) then runs once per ~100 upload batches rather than every ten, and pages rewritten
            # in between (indexes, profiles) are copied back once. Durability is unchanged: commits are in the WAL.
            self.db.execute("PRAGMA wal_autocheckpoint=10000")
        # A 16 MiB page cache (SQLite's default is 2 MiB) keeps the hot index pages in memory; it is a bound, not
        # an allocation, so memory stays flat however long the mock runs.
        self.db.execute("PRAGMA cache_size=-16384")
        self.db.executescript(SCHEMA + segment_messages.SCHEMA)
        if self.db.execute("SELECT 1 FROM meta WHERE key = 'event_id'").fetchone() is None:
            # New, or a file from a mock that numbered events with AUTOINCREMENT: continue after its highest id.
            sequence = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
            newest = self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
            self._set_meta("event_id", max(newest, sequence[0] if sequence else 0))
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name='event_summary'").fetchone() is None:
            with self._immediate():  # new, or a file from a mock that indexed events by profile instead
                self.db.execute(_EVENT_SUMMARY)
                self.db.execute(
                    "INSERT INTO event_summary SELECT guid, evtName, count(*), min(ts), max(ts), min(id) FROM events"
                    " GROUP BY guid, evtName"
                )
                self.db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) SELECT 'summary_upto', coalesce(max(id), 0) FROM events"
                )
                # Such a file also indexed every journal entry's records as it was written.
                self.db.execute(
                    "INSERT OR IGNORE INTO meta (key, value)"
                    " SELECT 'journal_indexed', coalesce(max(id), 0) FROM journal"
                )
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(journal)")}
        if "size" not in columns:  # a database file from an older version of the mock
            self.db.execute("ALTER TABLE journal ADD COLUMN size INTEGER NOT NULL DEFAULT 0")
        self._journal_count, self._journal_bytes = self.db.execute(
            "SELECT count(*), coalesce(sum(size), 0) FROM journal"
        ).fetchone()

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # -- counters ---------------------------------------------------------------------------------------------
    def _meta(self, key: str) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else 0

    def _set_meta(self, key: str, value: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def next_counter(self, key: str) -> int:
        value = self._meta(key) + 1
        self._set_meta(key, value)
        return value

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a failed statement (an oversized body, say) must not
        leave the connection inside a transaction, or every later request fails with "cannot start a transaction
        within a transaction" (found by `clevertap-harness fuzz`)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- state ------------------------------------------------------------------------------------------------
    def invalidate_caches(self) -> None:
        """Forget cached look-ups; call after changing state tables with SQL outside a `StateTxn`."""
        self.key_cache.clear()
        self.profile_cache.clear()

    @contextmanager
    def transaction(self) -> Iterator[StateTxn]:
        with self.lock:
            if len(self.key_cache) > _CACHE_LIMIT or len(self.profile_cache) > _CACHE_LIMIT:
                self.invalidate_caches()  # bounded memory however many users a long run sees
            self.db.execute("BEGIN IMMEDIATE")
            txn = StateTxn(self)
            try:
                yield txn
                txn.flush()
            except BaseException:
                self.invalidate_caches()
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def read(self) -> StateTxn:
        """A read-only view for look-ups outside a transaction (callers hold `lock`)."""
        return StateTxn(self)

    def reset(self, journal: bool = True, state: bool = True) -> None:
        with self.lock, self._immediate():
            self.invalidate_caches()
            if journal:
                self._clear_journal()
            if state:
                for table in _STATE_TABLES:
                    self.db.execute(f"DELETE FROM {table}")
                self.db.execute("DELETE FROM meta WHERE key IN ('guid', 'seq')")

    # -- journal ----------------------------------------------------------------------------------------------
    def journal_append(self, entry: dict[str, Any]) -> int:
        """Add one journal entry in a transaction of its own (requests that change no state: refusals, unknown
        paths)."""
        with self.lock, self._immediate():
            return self._journal_insert(entry)

    def _journal_insert(self, entry: dict[str, Any]) -> int:
        """Insert inside the caller's transaction; drops the oldest entries past the entry cap or the byte cap.

        The entry's per-record filter rows (`journal_records`) are not written here but by the first filtered read
        after it (`_index_journal`): a 1000-record batch for many users would otherwise write an index page per user
        on every upload, for filters most runs never use."""
        body = entry.get("body_text")
        if body is None:
            body = _dumps(entry.get("body"))
        raw_body, response = entry.get("raw_body"), _dumps(entry.get("response"))
        headers = _dumps(entry.get("headers"))
        size = sum(len(t) for t in (body, raw_body, response, headers) if t is not None)
        cur = self.db.execute(
            "INSERT INTO journal (time, method, path, region, host, query, headers, body, raw_body, status,"
            " response, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry["time"],
                entry["method"],
                sql_text(entry["path"]),
                entry.get("region"),
                sql_text(entry.get("host")),
                _dumps(entry.get("query")),
                headers,
                body,
                raw_body,
                entry["status"],
                response,
                size,
            ),
        )
        entry_id = cur.lastrowid
        assert entry_id is not None
        self._journal_count += 1
        self._journal_bytes += size
        if self._journal_count > self.journal_cap or self._journal_bytes > self.journal_max_bytes:
            self._evict(entry_id)
        return entry_id

    def _evict(self, newest: int) -> None:
        """Drop the oldest entries until both caps hold again (the newest entry is always kept)."""
        drop, freed = max(0, self._journal_count - self.journal_cap), 0
        over_bytes = self._journal_bytes - self.journal_max_bytes
        cutoff = None
        rows = self.db.execute("SELECT id, size FROM journal WHERE id < ? ORDER BY id", (newest,))
        dropped = 0
        for entry_id, size in rows:
            if dropped >= drop and freed >= over_bytes:
                break
            cutoff, dropped, freed = entry_id, dropped + 1, freed + size
        rows.close()
        if cutoff is None:
            return
        self.db.execute("DELETE FROM journal WHERE id <= ?", (cutoff,))
        self.db.execute("DELETE FROM journal_records WHERE entry_id <= ?", (cutoff,))
        self._journal_count -= dropped
        self._journal_bytes -= freed
        self._set_meta("dropped", self._meta("dropped") + dropped)

    def _clear_journal(self) -> int:
        deleted = self._journal_count
        self.db.execute("DELETE FROM journal")
        self.db.execute("DELETE FROM journal_records")
        self._set_meta("dropped", 0)
        self._journal_count = 0
        self._journal_bytes = 0
        return deleted

    def journal_clear(self) -> int:
        with self.lock, self._immediate():
            deleted = self._clear_journal()
        return deleted

    def journal_stats(self) -> dict[str, int]:
        with self.lock:
            return {
                "count": self._journal_count,
                "dropped": self._meta("dropped"),
                "cap": self.journal_cap,
                "bytes": self._journal_bytes,
                "max_bytes": self.journal_max_bytes,
            }

    def _index_journal(self) -> None:
        """Write the filter rows of every entry journaled since the last filtered read, in one transaction (callers
        hold `lock`). The rows derive from the stored body alone, so a crash at any point loses nothing: the
        entries not yet indexed are simply indexed by the next read."""
        paths = list(self.record_extractors)
        if not paths:
            return  # a store opened without the app knows no extractors: it leaves the entries for one that does
        done = self._meta("journal_indexed")
        newest = self.db.execute("SELECT coalesce(max(id), 0) FROM journal").fetchone()[0]
        if newest <= done:
            return
        with self._immediate():
            entries = self.db.execute(
                f"SELECT id, path, body FROM journal WHERE id > ? AND path IN ({', '.join('?' * len(paths))})",
                (done, *paths),
            )
            for entry_id, path, body in entries.fetchall():
                rows = self.record_extractors[path](_loads(body))
                if rows:
                    self.db.executemany(
                        "INSERT INTO journal_records (entry_id, position, type, evtName, identity, objectId)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        [(entry_id, *r) for r in rows],
                    )
            self._set_meta("journal_indexed", newest)

    def journal_query(
        self,
        *,
        path: str | None = None,
        method: str | None = None,
        region: str | None = None,
        status: int | None = None,
        record_filters: Mapping[str, str | None] | None = None,
        since: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[dict[str, Any]]:
        where, params = [], []
        for column, value in (("path", path), ("method", method), ("region", region), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("id > ?")
            params.append(since)
        filters = {k: v for k, v in (record_filters or {}).items() if v is not None}
        if filters:
            sub = " AND ".join(f"{k} = ?" for k in filters)
            where.append(f"id IN (SELECT entry_id FROM journal_records WHERE {sub})")
            params.extend(filters.values())
        sql = f"SELECT {_JOURNAL_COLUMNS} FROM journal"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.lock:
            if filters:
                self._index_journal()
            rows = self.db.execute(sql, params).fetchall()
        if newest_first:
            rows.reverse()
        return [
            {
                "id": r[0],
                "time": r[1],
                "method": r[2],
                "path": r[3],
                "region": r[4],
                "host": r[5],
                "query": _loads(r[6]),
                "headers": _loads(r[7]),
                "body": _loads(r[8]),
                "raw_body": r[9],
                "status": r[10],
                "response": _loads(r[11]),
            }
            for r in rows
        ]

    # -- state dumps ------------------------------------------------------------------------------------------
    def _catch_up_summary(self) -> None:
        """Fold the events stored since the last profile read into `event_summary` (callers hold `lock`). Uploads
        only append events; the summary is brought up to date, in one grouped statement, when it is read, inside
        the caller's transaction if there is one (a request's view), else in one of its own."""
        upto, newest = self._meta("summary_upto"), self._meta("event_id")
        if newest <= upto:
            return
        with nullcontext() if self.db.in_transaction else self._immediate():
            self.db.execute(_SUMMARY_CATCH_UP, (upto,))
            self._set_meta("summary_upto", newest)

    def profile_view(self, guid: str) -> dict[str, Any] | None:
        """A profile as `GET /1/profile.json` answers it (record fields of docs/clevertap-api.md#reading-profiles)."""
        with self.lock:
            self._catch_up_summary()
            row = self.db.execute("SELECT account, data FROM profiles WHERE guid=?", (guid,)).fetchone()
            if row is None:
                return None
            account, data = row[0], json.loads(row[1])
            keys = self.db.execute(
                "SELECT kind, value FROM profile_keys WHERE guid=? ORDER BY rowid", (guid,)
            ).fetchall()
            events = self.db.execute(
                "SELECT evtName, count, first_ts, last_ts FROM event_summary WHERE guid=? ORDER BY first_id", (guid,)
            ).fetchall()
            tokens = self.db.execute(
                "SELECT object_id, type, token FROM tokens WHERE guid=? ORDER BY rowid", (guid,)
            ).fetchall()
        profile_data = data.get("profileData", {})
        object_ids = [v for k, v in keys if k == "objectId"]
        identities = [v for k, v in keys if k == "identity"]
        platform_info = []
        for object_id in object_ids:
            own = [t for t in tokens if t[0] == object_id]
            # Device facts the server API never receives (the SDKs report them) are null; `ls` is the last record
            # time seen for the device.
            info = {
                "platform": platform_of_object_id(object_id, [t[1] for t in own]),
                "objectId": object_id,
                "ls": data.get("ls", {}).get(object_id),
                "os_version": None,
                "app_version": None,
                "make": None,
                "model": None,
            }
            if own:
                info["push_token"] = own[-1][2]
                info["push_token_type"] = own[-1][1]
            platform_info.append(info)
        record: dict[str, Any] = {"guid": guid, "account": account}
        identity = data.get("identity") or (identities[-1] if identities else None)
        if identity is not None:
            record["identity"] = identity
        record["identities"] = identities
        for top, key in (("email", "Email"), ("name", "Name"), ("phone", "Phone")):
            if key in profile_data:
                record[top] = profile_data[key]
        record["profileData"] = profile_data
        record["events"] = {
            name: {"count": n, "first_seen": first, "last_seen": last} for name, n, first, last in events
        }
        record["platformInfo"] = platform_info
        if tokens:
            record["push_token"] = tokens[-1][2]
        return record

    def find_guid(self, account: str, kind: str, value: str) -> str | None:
        with self.lock:
            return self.read().guid_for(account, kind, value)

    def profiles(self, account: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            sql, params = "SELECT guid FROM profiles", tuple[str, ...]()
            if account is not None:
                sql, params = sql + " WHERE account=?", (account,)
            guids = [r[0] for r in self.db.execute(sql + " ORDER BY rowid", params)]
            return [view for view in (self.profile_view(g) for g in guids) if view is not None]

    def events(self, account: str | None = None, **filters: str | None) -> list[dict[str, Any]]:
        sql = f"SELECT id, account, {EVENT_GUID}, evtName, ts, record FROM events"
        where, params = [], []
        for column, value in (("account", account), ("evtName", filters.get("evtName"))):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.lock:
            rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return [
            {"id": r[0], "account": r[1], "guid": r[2], "evtName": r[3], "ts": r[4], "record": json.loads(r[5])}
            for r in rows
        ]

    def tokens(self, account: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT account, object_id, type, token, keys, guid FROM tokens", tuple[str, ...]()
        if account is not None:
            sql, params = sql + " WHERE account=?", (account,)
        with self.lock:
            rows = self.db.execute(sql + " ORDER BY rowid", params).fetchall()
        return [
            {"account": r[0], "objectId": r[1], "type": r[2], "id": r[3], "keys": _loads(r[4]), "guid": r[5]}
            for r in rows
        ]
