"""`python -m bot program ...`: load, export and preview program files offline.

Every refusal is one line (or one line per problem in the file) and exit status 1;
nothing is written unless the whole file is valid and the database can be used.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import MigrationError, migrate
from bot.program.domain.occurrences import program_occurrences
from bot.program.domain.program_file import ProgramFileError, parse_program
from bot.program.service import Check, ProgramService

T = TypeVar("T")


def _read(path: str, err: TextIO) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        print(f"error: cannot read {path}: it is not a UTF-8 text file", file=err)
        return None
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {path}: {exc}", file=err)
        return None


def _problems(text: str, path: str, err: TextIO, checks: Sequence[Check] = ()) -> bool:
    """Print every problem of the file, the capabilities' own checks included (an
    instrument the measures capability does not know); True when there were any."""
    try:
        program = parse_program(text)
        problems = [problem for check in checks for problem in check(program)]
        if problems:
            raise ProgramFileError(problems)
    except ProgramFileError as exc:
        for problem in exc.problems:
            print(f"{path}: {problem}", file=err)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was loaded.", file=err)
        return True
    return False


async def _with_service(database: Path, guild_id: int) -> tuple[Database, ProgramService]:
    db = await Database.open(database)
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db, ProgramService(db, guild_id)


def _run(
    database: Path, go: Callable[[], Coroutine[Any, Any, T]], err: TextIO
) -> tuple[bool, T | None]:
    """Run ``go``; a database that cannot be opened or migrated is one line."""
    try:
        return True, asyncio.run(go())
    except (OSError, sqlite3.Error, MigrationError) as exc:
        print(f"error: cannot use the database {database}: {exc}", file=err)
        return False, None


def load(
    path: str, database: Path, guild_id: int, out: TextIO, err: TextIO,
    checks: Sequence[Check] = (),
) -> int:
    text = _read(path, err)
    if text is None or _problems(text, path, err, checks):
        return 1

    async def go() -> str:
        db, service = await _with_service(database, guild_id)
        try:
            program = await service.import_text(text, datetime.now(UTC))
        finally:
            await db.close()
        return (
            f"loaded {program.name}: {len(program.tracks)} track(s), "
            f"{len(program.participants)} participant(s) into {database} "
            "(a running bot picks it up when it restarts; /program import applies at once)"
        )

    ok, said = _run(database, go, err)
    if not ok:
        return 1
    print(said, file=out)
    return 0


def export(database: Path, guild_id: int, out: TextIO, err: TextIO) -> int:
    async def go() -> str | None:
        db, service = await _with_service(database, guild_id)
        try:
            return await service.export_text()
        finally:
            await db.close()

    ok, text = _run(database, go, err)
    if not ok:
        return 1
    if text is None:
        print(f"error: no program is loaded in {database} for server {guild_id}", file=err)
        return 1
    out.write(text)
    return 0


def preview(
    path: str, days: int, out: TextIO, err: TextIO, now: datetime | None = None,
    checks: Sequence[Check] = (),
) -> int:
    """Check a file and list every participant's sessions in the coming days."""
    text = _read(path, err)
    if text is None or _problems(text, path, err, checks):
        return 1
    program = parse_program(text)
    start = now or datetime.now(UTC)
    try:
        end = start + timedelta(days=days)
    except OverflowError:
        print(f"error: {days} days from {start:%Y-%m-%d} is past the calendar's end", file=err)
        return 1
    found = program_occurrences(program, start, end)
    print(f"{program.name} ({program.timezone}): no problems; next {days} days:", file=out)
    for occurrence in found:
        who = program.participant(occurrence.participant)
        name = who.display if who else occurrence.participant
        local = occurrence.local_start
        print(
            f"  {local:%a %Y-%m-%d %H:%M} {program.timezone}  {occurrence.title} "
            f"({occurrence.minutes} min)  {name}",
            file=out,
        )
    if not found:
        print("  (no sessions)", file=out)
    return 0
