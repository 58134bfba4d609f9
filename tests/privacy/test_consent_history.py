"""Consent history: every answer to the privacy notice is kept with its time and shown
in the export; /privacy says exactly what is stored about the person now."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app import PERSONAL_DATA
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.privacy.service import PrivacyService
from bot.program.service import ProgramService
from tests.builders import participant, program_file

pytestmark = pytest.mark.asyncio

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
ALEX = 710001
PROGRAM = program_file(participant("alex", "Europe/London", start=date(2026, 12, 7), weeks=4))


async def _service(db: Database, clock: SimulatedClock) -> PrivacyService:
    programs = ProgramService(db, 1)
    await programs.import_text(PROGRAM, NOW)
    await members.upsert(db, ALEX, "alex", NOW, participant_key="alex")
    return PrivacyService(db=db, clock=clock, providers=PERSONAL_DATA, programs=programs)


async def _check_in_and_rsvp(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO checkins (participant, day, answers, first_answered_at, updated_at) "
            "VALUES ('alex', '2026-12-07', '{\"mood\": 6}', ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )


async def test_every_consent_change_is_kept_with_its_time_and_exported(db: Database) -> None:
    clock = SimulatedClock(NOW)
    service = await _service(db, clock)
    await service.choose(ALEX, agreed=True)
    clock.advance(timedelta(days=1))
    await service.choose(ALEX, agreed=False)
    clock.advance(timedelta(days=1))
    await service.choose(ALEX, agreed=True)
    files = dict(await service.export_files(await service.subject_for_user(ALEX)))
    history = json.loads(files["companion-data.json"])["data"]["consent history"]
    assert [(h["choice"], h["decided_at"][:10]) for h in history] == [
        ("agreed", "2026-12-07"),
        ("declined", "2026-12-08"),
        ("agreed", "2026-12-09"),
    ]
    rows = list(csv.DictReader(io.StringIO(files["consent-history.csv"].decode())))
    assert [r["choice"] for r in rows] == ["agreed", "declined", "agreed"]


async def test_privacy_after_not_now_says_what_is_still_stored(db: Database) -> None:
    clock = SimulatedClock(NOW)
    service = await _service(db, clock)
    await service.choose(ALEX, agreed=True)
    await _check_in_and_rsvp(db)
    clock.advance(timedelta(days=1))
    await service.choose(ALEX, agreed=False)
    text = await service.choices_text(ALEX)
    assert "Nothing beyond your enrolment is stored" not in text
    assert "*Not now*" in text
    assert "• check-ins: 1" in text
    assert "I agree <t:" in text and "Not now <t:" in text  # both answers, with times
    assert "/mydata delete" in text
    # After erasing, the same command says nothing is stored.
    await service.erase(await service.subject_for_user(ALEX), reason="self")
    assert "**Stored about you now:** nothing." in await service.choices_text(ALEX)


async def test_privacy_before_any_answer_lists_only_what_the_bot_keeps(db: Database) -> None:
    service = await _service(db, SimulatedClock(NOW))
    text = await service.choices_text(ALEX)
    assert "you have not answered yet" in text
    assert "• member: 1" in text and "check-ins" not in text
