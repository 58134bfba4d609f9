"""The alumni track on a real temporary database: graduation turns daily check-ins and
session reminders off, the milestones arrive at local time across DST (months later),
a struggling answer reaches facilitators, leaving stops everything, and the data is in
export and erasure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.checkins.prompts import DailyCheckinSettingsStore
from bot.checkins.storage import checkins as checkin_db
from bot.continuity.alumni import AlumniError, AlumniService
from bot.continuity.personal_data import ALUMNI_CHECKINS, ALUMNI_TRACK
from bot.continuity.storage import alumni as alumni_db
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.personal_data import Subject
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.program.service import ProgramService
from tests.replay import replay_jobs_until

pytestmark = pytest.mark.asyncio

PROGRAM = (Path(__file__).parents[1] / "scripts" / "alumni_track.toml").read_text("utf-8")
CHICAGO = ZoneInfo("America/Chicago")
START = datetime.fromisoformat("2027-02-07T18:00:00+00:00")


@dataclass
class Recorder:
    clock: SimulatedClock
    sent: list[tuple[int, datetime, str]] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    async def send(self, user_id: int, **content: Any) -> Any:
        self.sent.append((user_id, self.clock.now(), content.get("content", "")))
        return SimpleNamespace(id=len(self.sent))

    async def give_role(self, user_id: int) -> None:
        self.roles.append(user_id)

    async def alert(self, text: str) -> None:
        self.alerts.append(text)


@dataclass
class Env:
    db: Database
    clock: SimulatedClock
    scheduler: ClockedScheduler
    programs: ProgramService
    out: Recorder
    service: AlumniService

    async def run_until(self, until: datetime) -> None:
        await replay_jobs_until(self.scheduler, self.clock, until)

    def to(self, user_id: int, text: str) -> list[datetime]:
        return [at for uid, at, body in self.out.sent if uid == user_id and text in body]


@asynccontextmanager
async def alumni_env(tmp_path: Path) -> AsyncIterator[Env]:
    db = await Database.open(tmp_path / "alumni.db")
    await migrate(db)
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    scheduler.start(paused=True)
    programs = ProgramService(db, guild_id=1)
    out = Recorder(clock)
    service = AlumniService(
        Planning(db, clock, scheduler, programs),
        messenger=out,  # type: ignore[arg-type]
        checkins=DailyCheckinSettingsStore(db),
        weekly_view=lambda day: None, give_role=out.give_role, alert=out.alert,
    )
    await programs.import_text(PROGRAM, clock.now())
    for name, user_id in {"alex": 101, "sam": 102}.items():
        await members.upsert(db, user_id, name, clock.now(), participant_key=name)
    await service.start()
    try:
        yield Env(db, clock, scheduler, programs, out, service)
    finally:
        scheduler.shutdown(wait=False)
        await db.close()


async def test_graduation_turns_off_daily_checkins_and_session_reminders(tmp_path: Path) -> None:
    async with alumni_env(tmp_path) as env:
        sam = await env.programs.participant("sam")
        assert sam is not None
        done = await env.service.graduate(sam, by=900)
        assert done.note_sent and env.out.roles == [102]
        assert not (await checkin_db.get_settings(env.db, "sam")).enabled
        program = await env.programs.current()
        assert program is not None
        after = program.participant("sam")
        assert after is not None and program.leads_for(after) == ()
        with pytest.raises(AlumniError, match="already on the alumni track"):
            await env.service.graduate(after, by=900)


async def test_milestones_arrive_at_ten_local_months_later_across_dst(tmp_path: Path) -> None:
    async with alumni_env(tmp_path) as env:
        await env.run_until(datetime(2027, 12, 20, tzinfo=CHICAGO))
        assert len(env.to(101, "completed the program")) == 1  # the program ended 8 Feb
        local = {
            label: [at.astimezone(CHICAGO) for at in env.to(101, f"**{label}**")]
            for label in ("30 days", "60 days", "90 days", "6 months", "12 months")
        }
        assert local["30 days"] == []  # passed while alex was still in the program
        assert local["60 days"] == [datetime(2027, 2, 12, 10, 0, tzinfo=CHICAGO)]
        assert local["90 days"] == [datetime(2027, 3, 14, 10, 0, tzinfo=CHICAGO)]  # DST day
        assert local["6 months"] == [datetime(2027, 6, 14, 10, 0, tzinfo=CHICAGO)]
        assert local["12 months"] == [datetime(2027, 12, 14, 10, 0, tzinfo=CHICAGO)]
        weekly = [at.astimezone(CHICAGO) for at in env.to(101, "Alumni check-in")]
        assert weekly[0] == datetime(2027, 2, 15, 20, 0, tzinfo=CHICAGO)
        assert all(at.time() == time(20, 0) and at.weekday() == 0 for at in weekly)
        assert len(weekly) == len(set(weekly)) == 44


async def test_a_struggling_alum_is_flagged_and_leaving_stops_everything(tmp_path: Path) -> None:
    async with alumni_env(tmp_path) as env:
        await env.run_until(datetime(2027, 2, 16, tzinfo=CHICAGO))
        alex = await env.programs.participant("alex")
        assert alex is not None
        reply = await env.service.record_weekly(alex, date(2027, 2, 15), "struggling")
        assert "facilitators know" in reply
        assert env.out.alerts == [
            "**alex** (alumni) said they are struggling in this week's check-in. Could "
            "someone from the program reach out?"
        ]
        with pytest.raises(AlumniError, match="already answered"):
            await env.service.record_weekly(alex, date(2027, 2, 15), "good")
        await env.service.leave(alex)
        before = len(env.out.sent)
        await env.run_until(datetime(2027, 7, 1, tzinfo=CHICAGO))
        assert [body for uid, _, body in env.out.sent[before:] if uid == 101] == []
        alum = await alumni_db.get(env.db, "alex")
        assert alum is not None and alum.ended_at is not None  # retention counts from here
        left = alum.ended_at
        # sam (graduated when their program ended in March) is still on the track.
        assert await alumni_db.retention_holds(env.db, left - timedelta(days=1)) == {"alex", "sam"}
        assert await alumni_db.retention_holds(env.db, left + timedelta(days=1)) == {"sam"}


async def test_alumni_data_is_exported_and_erased(tmp_path: Path) -> None:
    async with alumni_env(tmp_path) as env:
        await env.run_until(datetime(2027, 2, 16, tzinfo=CHICAGO))
        alex = await env.programs.participant("alex")
        assert alex is not None
        await env.service.record_weekly(alex, date(2027, 2, 15), "good")
        sam = await env.programs.participant("sam")
        assert sam is not None
        await env.service.graduate(sam, by=900)
        subject = Subject(101, "alex")
        alumni_data = (ALUMNI_TRACK, ALUMNI_CHECKINS)
        exported = {s.name: await s.export(env.db, subject) for s in alumni_data}
        assert exported["alumni track"][0]["graduated_on"] == "2027-02-08"
        assert exported["alumni check-ins"][0]["feeling"] == "good"
        async with env.db.transaction() as conn:
            for source in alumni_data:
                await source.erase(conn, subject)
        assert await alumni_db.get(env.db, "alex") is None
        assert await alumni_db.checkins(env.db, "alex") == []
        assert await alumni_db.get(env.db, "sam") is not None  # someone else's row stays
