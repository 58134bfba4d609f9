"""Medication reminders on a real temporary database: the time each dose is reminded at
(in the participant's zone, across a DST change), Taken / Skip today / Snooze, exactly
once after a replan, and what facilitators may see (adherence, never the name)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.continuity.medication import MedicationError, MedicationService
from bot.continuity.storage import medication as med_db
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.schedule import Participant
from bot.program.service import ProgramService
from tests.checkins.checkin_env import PROGRAM, USER_IDS
from tests.replay import replay_jobs_until

pytestmark = pytest.mark.asyncio

CHICAGO = ZoneInfo("America/Chicago")
START = datetime.fromisoformat("2027-03-12T12:00:00+00:00")  # Friday, 06:00 in Chicago


@dataclass
class RecordingMessenger:
    clock: SimulatedClock
    sent: list[tuple[int, datetime, dict[str, Any]]] = field(default_factory=list)

    async def send(self, user_id: int, **content: Any) -> Any:
        self.sent.append((user_id, self.clock.now(), content))
        return SimpleNamespace(id=5000 + len(self.sent))


def render(schedule: med_db.Schedule, day: date, snooze: int, participant: Participant) -> dict:
    name = schedule.label or "your medication"
    return {"content": f"{'again ' if snooze else ''}time for {name} ({day})"}


@dataclass
class Env:
    db: Database
    clock: SimulatedClock
    scheduler: ClockedScheduler
    programs: ProgramService
    messenger: RecordingMessenger
    service: MedicationService

    async def alex(self) -> Participant:
        found = await self.programs.participant("alex")
        assert found is not None
        return found

    async def run_until(self, until: datetime) -> None:
        await replay_jobs_until(self.scheduler, self.clock, until)

    def local_sends(self) -> list[datetime]:
        return [at.astimezone(CHICAGO) for _, at, _ in self.messenger.sent]


@asynccontextmanager
async def med_env(tmp_path: Path) -> AsyncIterator[Env]:
    db = await Database.open(tmp_path / "med.db")
    await migrate(db)
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    scheduler.start(paused=True)
    programs = ProgramService(db, guild_id=1)
    messenger = RecordingMessenger(clock)
    service = MedicationService(
        Planning(db, clock, scheduler, programs),
        messenger=messenger,  # type: ignore[arg-type]
        render=render,
    )
    await programs.import_text(PROGRAM, clock.now())
    for name, user_id in USER_IDS.items():
        await members.upsert(db, user_id, name, clock.now(), participant_key=name)
    await service.start()
    try:
        yield Env(db, clock, scheduler, programs, messenger, service)
    finally:
        scheduler.shutdown(wait=False)
        await db.close()


def at(day: str, hhmm: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), CHICAGO)


async def test_doses_are_reminded_at_local_time_through_a_dst_change(tmp_path: Path) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        await env.service.add_times(alex, (time(8, 0), time(2, 30)), "Sertraline", 101)
        await env.run_until(at("2027-03-16", "12:00"))
        sends = env.local_sends()
        eights = [s for s in sends if s.hour == 8]
        assert [s.date() for s in eights] == [date(2027, 3, d) for d in range(12, 17)]
        assert all(s.time() == time(8, 0) for s in eights)
        # 02:30 did not exist in Chicago on Sunday 14 March: the wall clock's 03:30.
        early = {s.date(): s.time() for s in sends if s.hour in (2, 3)}
        assert early[date(2027, 3, 14)] == time(3, 30)
        assert early[date(2027, 3, 15)] == time(2, 30)
        # One reminder per time per day, the drug named only in the owner's own DM.
        assert len(sends) == len(set((s.date(), s.hour) for s in sends))
        assert {uid for uid, _, _ in env.messenger.sent} == {101}


async def test_taken_and_skip_today_stop_the_days_reminder_and_count_in_adherence(
    tmp_path: Path,
) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        [schedule] = await env.service.add_times(alex, (time(8, 0),), None, 101)
        await env.run_until(at("2027-03-12", "09:00"))
        await env.service.answer(alex, schedule.id, date(2027, 3, 12), "taken")
        with pytest.raises(MedicationError, match="already marked taken"):
            await env.service.answer(alex, schedule.id, date(2027, 3, 12), "snooze")
        await env.run_until(at("2027-03-13", "09:00"))
        await env.service.answer(alex, schedule.id, date(2027, 3, 13), "skipped")
        await env.run_until(at("2027-03-15", "09:00"))  # 14 March: never answered
        found = await env.service.adherence(alex)
        assert (found.reminded, found.taken, found.skipped, found.missed) == (3, 1, 1, 2)
        assert "taken 1 of 3 times" in await env.service.progress_line(alex)


async def test_snooze_reminds_again_in_30_minutes_and_only_then(tmp_path: Path) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        [schedule] = await env.service.add_times(alex, (time(8, 0),), "Lithium", 101)
        await env.run_until(at("2027-03-12", "08:05"))
        answered = await env.service.answer(alex, schedule.id, date(2027, 3, 12), "snooze")
        assert answered.until is not None
        assert answered.until.astimezone(CHICAGO) == at("2027-03-12", "08:35")
        await env.run_until(at("2027-03-12", "08:34"))
        assert len(env.messenger.sent) == 1
        await env.run_until(at("2027-03-12", "08:35"))
        assert len(env.messenger.sent) == 2
        assert env.messenger.sent[1][2]["content"].startswith("again")
        # The snoozed reminder is owed once: a replan (a restart) does not send it again.
        await env.service.replan()
        await env.run_until(at("2027-03-12", "20:00"))
        assert len(env.messenger.sent) == 2
        keys = await deliveries.settled_keys(env.db, "medication")
        assert keys == {
            f"med:alex:{schedule.id}:2027-03-12", f"med:alex:{schedule.id}:2027-03-12:s1"
        }


async def test_a_replan_after_a_reminder_never_sends_it_twice(tmp_path: Path) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        await env.service.add_times(alex, (time(8, 0),), None, 101)
        await env.run_until(at("2027-03-12", "08:00"))
        await env.service.replan()
        await env.run_until(at("2027-03-12", "10:00"))
        assert len(env.messenger.sent) == 1
        job_ids = sorted(j.id for j in env.scheduler.get_jobs() if j.id.startswith("med:"))
        assert job_ids == [f"med:alex:{(await med_db.schedules_for(env.db, 'alex'))[0].id}"
                           ":2027-03-13"]


async def test_someone_else_cannot_answer_and_a_removed_time_stops(tmp_path: Path) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        sam = await env.programs.participant("sam")
        assert sam is not None
        [schedule] = await env.service.add_times(alex, (time(8, 0),), None, 101)
        with pytest.raises(MedicationError):
            await env.service.answer(sam, schedule.id, date(2027, 3, 12), "taken")
        await env.service.remove_time(alex, time(8, 0))
        await env.run_until(at("2027-03-14", "12:00"))
        assert env.messenger.sent == []
        with pytest.raises(MedicationError, match="no medication reminder at 09:00"):
            await env.service.remove_time(alex, time(9, 0))


async def test_missed_doses_reach_the_digest_only_with_consent_and_never_the_name(
    tmp_path: Path,
) -> None:
    async with med_env(tmp_path) as env:
        alex = await env.alex()
        await env.service.add_times(alex, (time(8, 0), time(20, 0)), "Naltrexone", 101)
        await env.run_until(at("2027-03-14", "12:00"))  # 12th, 13th: 4 doses, none answered
        assert await env.service.missed_for_digest() == []  # no consent yet
        await med_db.set_consent(env.db, "alex", True, env.clock.now())
        [row] = await env.service.missed_for_digest()
        assert (row.name, row.missed, row.reminded) == ("alex", 4, 4)
        assert "Naltrexone" not in repr(row)
        await env.service.set_threshold(5)
        assert await env.service.missed_for_digest() == []
        with pytest.raises(MedicationError):
            await env.service.set_threshold(0)
