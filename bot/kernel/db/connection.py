"""The bot's SQLite database: WAL, foreign keys, a busy timeout, owner-only files, and
erased rows overwritten on disk (``secure_delete``).

Two connections, both in autocommit mode (``isolation_level=None``):

- the **writer**: every write goes through ``Database.transaction()``, which serialises
  writers with an asyncio lock; many coroutines share it, and two interleaved ``BEGIN``s
  on one connection would fail (or worse, merge two unrelated changes into one commit);
- the **reader** (``query_only``): ``fetchone``/``fetchall``/``fetchval`` run there, so a
  read never sees another coroutine's transaction half done. In WAL mode each read
  statement sees the last committed state; a read on the writer, between someone
  else's ``BEGIN`` and ``ROLLBACK``, would see rows that never existed.

The coroutine that holds the write transaction reads on the writer (its own writes
included), so a helper that reads inside a transaction keeps seeing what it wrote.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

# aiosqlite logs every statement *with its parameters* at DEBUG: check-in answers, notes
# and RSVP reasons would reach the log whenever LOG_LEVEL=DEBUG. Health data never goes
# to the log, so the SQL driver's logger never goes below INFO, however logging is set up.
_sql_log = logging.getLogger("aiosqlite")
_sql_log.setLevel(max(logging.INFO, _sql_log.level))

BUSY_TIMEOUT_MS = 5_000


def create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable and writable by the owner only.

    SQLite gives its -wal and -shm files the permissions of the database file, so
    making the main file 0600 before SQLite touches it covers all three.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
    # Deleted content is overwritten with zeros, not just unlinked from the b-tree: an
    # erased note or crisis excerpt must not stay readable in free pages of the file.
    # (Some SQLite builds turn this on by default; the ones most machines ship do not.)
    await conn.execute("PRAGMA secure_delete=ON")
    return conn


class Database:
    def __init__(
        self, conn: aiosqlite.Connection, path: Path, reader: aiosqlite.Connection | None = None
    ) -> None:
        self.conn = conn  # the writer
        self.reader = reader or conn
        self.path = path
        self._write_lock: Any = None  # created lazily inside the running loop
        # Names this run (one open connection, one bot): a delivery claim records it, so
        # a claim left by a killed run can be told apart (bot.kernel.db.deliveries).
        self.run_id = uuid.uuid4().hex[:12]
        self._writing: asyncio.Task[Any] | None = None  # the task inside transaction()

    @classmethod
    async def open(cls, path: Path) -> Database:
        if str(path) == ":memory:":
            # One private database per connection: a second one would see nothing.
            conn = await _connect(path)
            return cls(conn, path)
        create_private_file(path)
        conn = await _connect(path)
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        try:
            reader = await _connect(path)
            await reader.execute("PRAGMA query_only=ON")
        except BaseException:
            await conn.close()
            raise
        log.debug("opened database %s", path)
        return cls(conn, path, reader)

    async def close(self) -> None:
        if self.reader is not self.conn:
            await self.reader.close()
        await self.conn.close()

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it (``TRUNCATE``).

        After an erasure this leaves no copy of the erased pages' old content in the
        WAL, where a reader of the raw file could still find it. It waits for the write
        lock, so no transaction is half in the WAL while it runs.
        """
        async with self._lock():
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _lock(self) -> Any:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back if the block raises."""
        async with self._lock():
            await self.conn.execute("BEGIN IMMEDIATE")
            self._writing = asyncio.current_task()
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")
            finally:
                self._writing = None

    async def write(self, sql: str, params: Iterable[Any] = ()) -> int:
        """One write statement, atomic on its own; returns the rows it changed.

        In autocommit mode SQLite makes a single statement its own transaction, so this
        is ``transaction()`` with one statement in one trip to the database thread
        instead of three (``BEGIN``, the statement, ``COMMIT``). It holds the write lock
        all the same, so it never lands inside another coroutine's transaction; inside
        the caller's own transaction it is simply part of it."""
        if self._writing is not None and self._writing is asyncio.current_task():
            cursor = await self.conn.execute(sql, tuple(params))
            return cursor.rowcount
        async with self._lock():
            cursor = await self.conn.execute(sql, tuple(params))
            return cursor.rowcount

    def _reading(self) -> aiosqlite.Connection:
        """The writer for the task inside a transaction (it sees its own writes), the
        reader for everyone else (they see only what is committed)."""
        if self._writing is not None and self._writing is asyncio.current_task():
            return self.conn
        return self.reader

    # Each call below is one trip to the connection's thread (aiosqlite's
    # ``execute_fetchall``), not three (execute, fetch, close the cursor): on a busy
    # machine every trip costs a thread switch, and enrolling a program of thousands
    # makes tens of thousands of reads. ``fetchone`` is meant for queries by key (one
    # row); it reads the result whole and returns its first row.

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = await self._reading().execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self._reading().execute_fetchall(sql, tuple(params)))

    async def fetchval(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]
