import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import (
    DatabaseTooNew,
    Migration,
    MigrationError,
    latest_version,
    load_migrations,
    migrate,
    schema_version,
)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.mark.asyncio
async def test_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    db = await Database.open(path)
    try:
        applied = await migrate(db)
        assert applied == list(range(1, latest_version() + 1))
        assert await schema_version(db) == latest_version()
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.fetchval("PRAGMA busy_timeout") >= 1000
    finally:
        await db.close()
    assert {"members", "deliveries"} <= _tables(path)


@pytest.mark.asyncio
async def test_current_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = await Database.open(path)
    try:
        await migrate(db)
        assert await migrate(db) == []
        assert await schema_version(db) == latest_version()
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_database_newer_than_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    db = await Database.open(path)
    try:
        with pytest.raises(DatabaseTooNew, match="only knows up to"):
            await migrate(db)
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_failing_migration_rolls_back_schema_and_version(tmp_path: Path) -> None:
    good = Migration(1, "0001_good.sql", "CREATE TABLE a (x INTEGER);")
    bad = Migration(
        2,
        "0002_bad.sql",
        "CREATE TABLE b (y INTEGER);\nINSERT INTO missing_table VALUES (1);\n",
    )
    db = await Database.open(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(MigrationError, match=r"0002_bad\.sql failed and was rolled back"):
            await migrate(db, [good, bad])
        assert await schema_version(db) == 1
        tables = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
        assert "a" in tables
        assert "b" not in tables
    finally:
        await db.close()


def test_migration_files_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_one.sql").write_text("CREATE TABLE one (x);")
    (tmp_path / "0003_three.sql").write_text("CREATE TABLE three (x);")
    with pytest.raises(MigrationError, match="expected migration number 0002"):
        load_migrations(tmp_path)


def test_statements_keep_triggers_whole() -> None:
    migration = Migration(
        1,
        "0001_t.sql",
        "CREATE TABLE t (x);\n-- a comment\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET x = 1;\nEND;\n",
    )
    assert len(migration.statements()) == 2


@pytest.mark.asyncio
async def test_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private.sqlite3"
    db = await Database.open(path)
    await migrate(db)
    await db.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.asyncio
async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "tx.sqlite3")
    try:
        await migrate(db)
        with pytest.raises(RuntimeError):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO members (user_id, display_name, created_at) VALUES (?, ?, ?)",
                    (1, "alex", "2026-12-07T00:00:00+00:00"),
                )
                raise RuntimeError("boom")
        assert await db.fetchval("SELECT count(*) FROM members") == 0
    finally:
        await db.close()
