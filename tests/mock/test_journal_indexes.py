"""The journal's per-record filters stay index look-ups (their indexes leave NULLs out, so the planner must still
pick them for `col = ?`), and a database file from an older mock trades its full indexes for these."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mock_clevertap.store import Store


@pytest.mark.parametrize(
    ("column", "index"),
    [
        ("evtName", "journal_records_evt_nn"),
        ("identity", "journal_records_identity_nn"),
        ("objectId", "journal_records_object_nn"),
    ],
)
def test_record_filter_uses_its_index(column: str, index: str) -> None:
    store = Store()
    sql = f"SELECT id FROM journal WHERE id IN (SELECT entry_id FROM journal_records WHERE {column} = ?)"
    plan = " ".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql, ("x",)))
    assert f"USING INDEX {index}" in plan, plan


def test_older_file_drops_its_full_indexes(tmp_path: Path) -> None:
    path = str(tmp_path / "old.sqlite3")
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE journal_records (entry_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT,"
        " evtName TEXT, identity TEXT, objectId TEXT);"
        "CREATE INDEX journal_records_identity ON journal_records (identity);"
        "INSERT INTO journal_records VALUES (1, 1, 'event', 'E', 'u1', NULL);"
    )
    conn.close()
    store = Store(path)
    names = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "journal_records_identity" not in names
    assert "journal_records_identity_nn" in names
    assert store.db.execute("SELECT entry_id FROM journal_records WHERE identity = 'u1'").fetchall() == [(1,)]
