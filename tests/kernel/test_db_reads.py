"""Reads see only committed data: a read between another coroutine's BEGIN and ROLLBACK
must not see the rows that are rolled back (they never existed)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.kernel.db.connection import Database


async def _fresh(tmp_path: Path) -> Database:
    db = await Database.open(tmp_path / "reads.sqlite3")
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    return db


@pytest.mark.asyncio
async def test_a_read_during_another_transaction_sees_only_committed_rows(
    tmp_path: Path,
) -> None:
    db = await _fresh(tmp_path)
    written = asyncio.Event()
    release = asyncio.Event()

    async def writer_that_fails() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO notes (body) VALUES ('half written')")
            written.set()
            await release.wait()
            raise RuntimeError("the rest of the change failed")

    task = asyncio.create_task(writer_that_fails())
    try:
        await written.wait()
        seen_during = await db.fetchval("SELECT count(*) FROM notes")
        rows_during = await db.fetchall("SELECT body FROM notes")
        release.set()
        with pytest.raises(RuntimeError):
            await task
        assert seen_during == 0, "a read saw a row that was later rolled back"
        assert rows_during == []
        assert await db.fetchval("SELECT count(*) FROM notes") == 0
    finally:
        release.set()
        await db.close()


@pytest.mark.asyncio
async def test_committed_rows_are_seen_at_once_and_a_transaction_sees_its_own(
    tmp_path: Path,
) -> None:
    db = await _fresh(tmp_path)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO notes (body) VALUES ('first')")
            # The coroutine inside the transaction reads what it wrote, through the
            # same helpers everyone uses.
            assert await db.fetchval("SELECT count(*) FROM notes") == 1
        assert await db.fetchval("SELECT body FROM notes") == "first"
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_the_reader_cannot_write(tmp_path: Path) -> None:
    db = await _fresh(tmp_path)
    try:
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            await db.fetchall("INSERT INTO notes (body) VALUES ('sneaked in') RETURNING id")
        assert await db.fetchval("SELECT count(*) FROM notes") == 0
    finally:
        await db.close()


@pytest.mark.asyncio
async def test_secure_delete_is_on_for_every_connection(tmp_path: Path) -> None:
    db = await _fresh(tmp_path)
    try:
        assert await db.fetchval("PRAGMA secure_delete") == 1
        async with db.transaction() as conn:
            async with conn.execute("PRAGMA secure_delete") as cursor:
                row = await cursor.fetchone()
        assert row is not None and row[0] == 1
    finally:
        await db.close()
