"""`python -m bot db ...`: migrate, back up and check the database from the command line."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.kernel.db.connection import Database, create_private_file
from bot.kernel.db.migrate import MigrationError, latest_version, migrate, schema_version


class DbToolError(Exception):
    """A one-line explanation for the CLI."""


def run_migrate(path: Path) -> str:
    async def go() -> str:
        db = await Database.open(path)
        try:
            applied = await migrate(db)
            version = await schema_version(db)
        finally:
            await db.close()
        if applied:
            return f"{path}: migrated to schema version {version} (applied {len(applied)})"
        return f"{path}: already at schema version {version}"

    try:
        return asyncio.run(go())
    except MigrationError as exc:
        raise DbToolError(str(exc)) from exc


def _open_existing(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise DbToolError(f"no database at {path} (set DATABASE_PATH or run 'db migrate')")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def run_backup(source: Path, target: Path) -> str:
    """Copy with SQLite's online backup API: consistent even while the bot writes."""
    if target.exists():
        raise DbToolError(f"{target} already exists; choose a new file name")
    src = _open_existing(source)
    try:
        create_private_file(target)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise DbToolError(f"backup failed: {exc}") from exc
    finally:
        src.close()
    return f"backed up {source} to {target}"


def run_check(path: Path) -> tuple[bool, str]:
    conn = _open_existing(path)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return False, f"{path}: not a readable SQLite database ({exc})"
    finally:
        conn.close()
    known = latest_version()
    integrity = "integrity ok" if problems == ["ok"] else "integrity FAILED: " + "; ".join(problems)
    if version == known:
        schema = f"schema version {version} (current)"
    elif version < known:
        schema = f"schema version {version} (behind: run 'db migrate' to reach {known})"
    else:
        schema = f"schema version {version} (newer than this code, which knows {known})"
    return problems == ["ok"] and version == known, f"{path}: {integrity}, {schema}"
