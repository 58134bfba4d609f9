"""The effective program: the imported file plus participants' settings and one-off changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.program.domain.program_file import ProgramFileError, parse_program
from bot.program.domain.schedule import OccurrenceChange, Program
from bot.program.service import ProgramService
from bot.reminders.domain import Delivery
from bot.reminders.service import delivery_key, parse_delivery_key

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def service(tmp_path: Path) -> AsyncIterator[ProgramService]:
    db = await Database.open(tmp_path / "db.sqlite3")
    await migrate(db)
    yield ProgramService(db, guild_id=1)
    await db.close()


@pytest.mark.asyncio
async def test_no_program_until_one_is_imported(service: ProgramService) -> None:
    assert await service.current() is None
    assert await service.export_text() is None


@pytest.mark.asyncio
async def test_export_then_import_changes_nothing(service: ProgramService) -> None:
    first = await service.import_text(DEMO.read_text(), NOW)
    exported = await service.export_text()
    assert exported is not None
    second = await service.import_text(exported, NOW)
    assert first == second == parse_program(DEMO.read_text())


@pytest.mark.asyncio
async def test_a_broken_file_changes_nothing(service: ProgramService) -> None:
    await service.import_text(DEMO.read_text(), NOW)
    before = await service.current()
    broken = DEMO.read_text().replace('timezone = "America/Chicago"', 'timezone = "America/Chicgo"')
    with pytest.raises(ProgramFileError) as caught:
        await service.import_text(broken, NOW)
    assert any("America/Chicgo" in str(p) for p in caught.value.problems)
    assert await service.current() == before


@pytest.mark.asyncio
async def test_participant_settings_and_changes_apply_and_survive_reimport(
    service: ProgramService,
) -> None:
    await service.import_text(DEMO.read_text(), NOW)
    seen: list[tuple[Program | None, Program | None]] = []

    async def listener(before: Program | None, after: Program | None) -> None:
        seen.append((before, after))

    service.on_change(listener)
    await service.set_timezone("alex", "Europe/Berlin")
    await service.set_reminders("alex", (timedelta(minutes=30),))
    await service.set_paused_until("alex", date(2026, 12, 20))
    await service.add_closure(date(2026, 12, 9), "Staff training", NOW, by=7)
    await service.change_occurrence(
        OccurrenceChange(
            "evening.process-group", date(2026, 12, 10), datetime(2026, 12, 11, 18, 0)
        ),
        NOW,
    )
    program = await service.current()
    assert program is not None
    alex = program.participant("alex")
    assert alex is not None
    assert alex.timezone == "Europe/Berlin"
    assert alex.reminders == (timedelta(minutes=30),)
    assert alex.paused_until == date(2026, 12, 20)
    assert date(2026, 12, 9) in program.closed
    assert any(c.day == date(2026, 12, 10) and c.moved_to for c in program.changes)
    assert len(seen) == 5 and seen[-1][1] == program

    # Back to what the program file says for alex.
    await service.set_reminders("alex", None)
    program = await service.current()
    assert program is not None and program.participant("alex").reminders == (timedelta(hours=2),)  # type: ignore[union-attr]
    await service.set_reminders("alex", (timedelta(minutes=30),))
    program = await service.current()

    # Re-importing the export keeps everything (it is all in the export).
    exported = await service.export_text()
    assert exported is not None
    assert await service.import_text(exported, NOW) == program

    # Nobody to tell (no notice service here), but it was closed, then no longer.
    assert await service.remove_closure(date(2026, 12, 9)) == 0
    assert await service.remove_closure(date(2026, 12, 9)) is None


def test_delivery_keys_round_trip() -> None:
    for lead in (timedelta(hours=24), timedelta(minutes=90), timedelta(days=2)):
        record = Delivery("alex", "evening.process-group:2026-12-07", lead)
        assert parse_delivery_key(delivery_key(record)) == record
    moved = Delivery("123456789012345678", "a.b:2026-12-07@20261208T2300Z", timedelta(hours=1))
    assert parse_delivery_key(delivery_key(moved)) == moved
    assert parse_delivery_key("reminder:nonsense") is None
