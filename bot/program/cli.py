"""`python -m bot program ...`: load, export and preview program files offline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.program.domain.occurrences import program_occurrences
from bot.program.domain.program_file import ProgramFileError, parse_program
from bot.program.service import ProgramService


def _read(path: str, err: TextIO) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=err)
        return None


def _problems(text: str, path: str, err: TextIO) -> bool:
    try:
        parse_program(text)
    except ProgramFileError as exc:
        for problem in exc.problems:
            print(f"{path}: {problem}", file=err)
        print(f"{len(exc.problems)} problem(s); nothing was loaded.", file=err)
        return True
    return False


async def _with_service(database: Path, guild_id: int) -> tuple[Database, ProgramService]:
    db = await Database.open(database)
    await migrate(db)
    return db, ProgramService(db, guild_id)


def load(path: str, database: Path, guild_id: int, out: TextIO, err: TextIO) -> int:
    text = _read(path, err)
    if text is None or _problems(text, path, err):
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

    print(asyncio.run(go()), file=out)
    return 0


def export(database: Path, guild_id: int, out: TextIO, err: TextIO) -> int:
    async def go() -> str | None:
        db, service = await _with_service(database, guild_id)
        try:
            return await service.export_text()
        finally:
            await db.close()

    text = asyncio.run(go())
    if text is None:
        print(f"error: no program is loaded in {database}", file=err)
        return 1
    out.write(text)
    return 0


def preview(path: str, days: int, out: TextIO, err: TextIO, now: datetime | None = None) -> int:
    """Check a file and list every participant's sessions in the coming days."""
    text = _read(path, err)
    if text is None or _problems(text, path, err):
        return 1
    program = parse_program(text)
    start = now or datetime.now(UTC)
    found = program_occurrences(program, start, start + timedelta(days=days))
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
