"""The bot's one SQLite connection: WAL, foreign keys, a busy timeout, owner-only files.

The connection runs in autocommit mode (``isolation_level=None``) and every write goes
through ``Database.transaction()``, which serialises writers with an asyncio lock: the
bot shares one connection between many coroutines, and two interleaved ``BEGIN``s on
one connection would fail (or worse, merge two unrelated changes into one commit).
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


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock: Any = None  # created lazily inside the running loop
        # Names this run (one open connection, one bot): a delivery claim records it, so
        # a claim left by a killed run can be told apart (bot.kernel.db.deliveries).
        self.run_id = uuid.uuid4().hex[:12]

    @classmethod
    async def open(cls, path: Path) -> Database:
        if str(path) != ":memory:":
            create_private_file(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
        await conn.execute("PRAGMA synchronous=NORMAL")
        log.debug("opened database %s", path)
        return cls(conn, path)

    async def close(self) -> None:
        await self.conn.close()

    def _lock(self) -> Any:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back if the block raises."""
        async with self._lock():
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetchval(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]
