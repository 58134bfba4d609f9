"""Family links on a real temporary database: consent first, only family sessions, either
side ends it, and the link is in both people's export and erasure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.continuity.family import FamilyError, FamilyService
from bot.continuity.personal_data import FAMILY_LINKS
from bot.continuity.storage import family as family_db
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.personal_data import Subject
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.occurrences import Occurrence
from bot.program.domain.schedule import Participant
from bot.program.service import ProgramService
from tests.replay import replay_jobs_until

pytestmark = pytest.mark.asyncio

PROGRAM = (Path(__file__).parents[1] / "scripts" / "family_sessions.toml").read_text("utf-8")
START = datetime.fromisoformat("2026-12-07T14:00:00+00:00")
ALEX, CASEY, RIVERA = 101, 301, 900


@dataclass
class Recorder:
    clock: SimulatedClock
    sent: list[tuple[int, str]] = field(default_factory=list)
    roles: list[tuple[int, bool]] = field(default_factory=list)

    async def send(self, user_id: int, **content: Any) -> Any:
        self.sent.append((user_id, content.get("content", "")))
        return SimpleNamespace(id=len(self.sent))

    async def set_role(self, user_id: int, present: bool) -> None:
        self.roles.append((user_id, present))

    def to(self, user_id: int) -> list[str]:
        return [text for uid, text in self.sent if uid == user_id]


async def render(occurrence: Occurrence, participant: Participant, lead: timedelta) -> dict:
    return {"content": f"{occurrence.title} {occurrence.kind} {occurrence.start:%m-%d}"}


@asynccontextmanager
async def family_env(tmp_path: Path) -> AsyncIterator[tuple[FamilyService, Recorder, Any]]:
    db = await Database.open(tmp_path / "family.db")
    await migrate(db)
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    scheduler.start(paused=True)
    programs = ProgramService(db, guild_id=1)
    out = Recorder(clock)
    service = FamilyService(
        Planning(db, clock, scheduler, programs),
        messenger=out,  # type: ignore[arg-type]
        render_reminder=render, consent_view=lambda link_id: None, set_role=out.set_role,
    )
    await programs.import_text(PROGRAM, clock.now())
    await members.upsert(db, ALEX, "alex", clock.now(), participant_key="alex")

    async def run_until(until: datetime) -> None:
        await replay_jobs_until(scheduler, clock, until)

    await service.start()
    try:
        yield service, out, SimpleNamespace(db=db, programs=programs, run_until=run_until)
    finally:
        scheduler.shutdown(wait=False)
        await db.close()


async def test_a_declined_link_sends_nothing_and_consent_is_the_participants(
    tmp_path: Path,
) -> None:
    async with family_env(tmp_path) as (service, out, env):
        alex = await env.programs.participant("alex")
        link = await service.request(alex, CASEY, "casey", RIVERA)
        assert "Do you agree?" in out.to(ALEX)[0]
        impostor = Participant("sam", None, "UTC", alex.start, 4)
        with pytest.raises(FamilyError, match="not yours"):
            await service.decide(impostor, link.id, True)
        await service.decide(alex, link.id, False)
        with pytest.raises(FamilyError, match="already answered"):
            await service.decide(alex, link.id, True)
        await env.run_until(START + timedelta(days=14))
        assert out.to(CASEY) == [] and out.roles == []
        stored = await family_db.get(env.db, link.id)
        assert stored is not None and stored.status == "declined" and stored.consent_at is None


async def test_only_family_sessions_until_the_participant_ends_it(tmp_path: Path) -> None:
    async with family_env(tmp_path) as (service, out, env):
        alex = await env.programs.participant("alex")
        link = await service.request(alex, CASEY, "casey", RIVERA)
        with pytest.raises(FamilyError, match="already linked"):
            await service.request(alex, CASEY, "casey", RIVERA)
        await service.decide(alex, link.id, True)
        stored = await family_db.get(env.db, link.id)
        assert stored is not None and stored.consent_at == START
        await env.run_until(START + timedelta(days=8))
        reminders = out.to(CASEY)[1:]  # after the welcome
        assert reminders == ["Family session family 12-10", "Family session family 12-10"]
        await service.end(link, ALEX)
        assert out.roles == [(CASEY, True), (CASEY, False)]
        assert "has ended" in out.to(CASEY)[-1]
        await env.run_until(START + timedelta(days=21))
        assert len(out.to(CASEY)) == 4


async def test_the_link_is_in_both_exports_and_goes_with_either_erasure(tmp_path: Path) -> None:
    async with family_env(tmp_path) as (service, _out, env):
        alex = await env.programs.participant("alex")
        link = await service.request(alex, CASEY, "casey", RIVERA)
        await service.decide(alex, link.id, True)
        source = FAMILY_LINKS
        for subject in (Subject(ALEX, "alex"), Subject(CASEY, None)):
            [row] = await source.export(env.db, subject)
            assert row["id"] == link.id
        assert await source.export(env.db, Subject(555, "sam")) == []
        async with env.db.transaction() as conn:
            assert await source.erase(conn, Subject(CASEY, None)) == 1
        assert await family_db.get(env.db, link.id) is None
