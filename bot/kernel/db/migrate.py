"""Numbered SQL migrations, applied in order, each in its own transaction.

Files live in ``bot/kernel/db/migrations/`` as ``NNNN_description.sql``. The schema version is
SQLite's ``PRAGMA user_version``, which is stored in the database header and changes
inside the migration's transaction, so a failed migration leaves both the schema and
the version as they were.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.kernel.db.connection import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    pass


class DatabaseTooNew(MigrationError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"the database is at schema version {found}, but this version of Companion "
            f"only knows up to {known}: run a newer Companion, or restore a backup made "
            "by this version"
        )
        self.found = found
        self.known = known


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """Split the file into complete statements (triggers with BEGIN...END stay whole)."""
        statements: list[str] = []
        buffer = ""
        for line in self.sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                if buffer.strip():
                    statements.append(buffer.strip())
                buffer = ""
        if buffer.strip() and not _only_comments(buffer):
            raise MigrationError(f"{self.name}: the last statement is not complete")
        return statements


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_words.sql")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text("utf-8")))
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"{migration.name}: expected migration number {expected:04d} (no gaps, no repeats)"
            )
    return migrations


async def schema_version(db: Database) -> int:
    return int(await db.fetchval("PRAGMA user_version"))


async def migrate(db: Database, migrations: list[Migration] | None = None) -> list[int]:
    """Apply every pending migration; return the versions applied."""
    migrations = load_migrations() if migrations is None else migrations
    known = migrations[-1].version if migrations else 0
    current = await schema_version(db)
    if current > known:
        raise DatabaseTooNew(current, known)
    applied: list[int] = []
    for migration in migrations:
        if migration.version <= current:
            continue
        try:
            async with db.transaction() as conn:
                for statement in migration.statements():
                    await conn.execute(statement)
                # PRAGMA takes no parameters; the version is an int we parsed ourselves.
                await conn.execute(f"PRAGMA user_version = {migration.version:d}")
        except sqlite3.Error as exc:
            raise MigrationError(f"{migration.name} failed and was rolled back: {exc}") from exc
        log.info("applied migration %s", migration.name)
        applied.append(migration.version)
    return applied


def latest_version(migrations: list[Migration] | None = None) -> int:
    migrations = load_migrations() if migrations is None else migrations
    return migrations[-1].version if migrations else 0
