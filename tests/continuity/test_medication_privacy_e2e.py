"""Export and erasure cover the continuity-of-care data, with the real bot: medication
times and doses, content-warning topics, family links and the alumni track are in the
participant's export, and /mydata delete leaves no row and no job of theirs behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.ratelimit import RateLimitPolicy
from tests.privacy.privacy_data import Person, rows_naming

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "family_sessions.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 08:00 in Chicago


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    clock = SimulatedClock(START)
    # Discord's limits stay on, with windows 20 times shorter (as the scripts run).
    running = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=clock,
        ratelimits=RateLimitPolicy(scale=0.05),
    )
    try:
        await load_program(running, parse_program(PROGRAM), clock.now())
        running.add_member("casey", "peer", "America/New_York")
        await running.settle()
        yield running
    finally:
        await running.stop()


def seen(sandbox: Sandbox, where: str, since: int = 0) -> str:
    return "\n".join(
        e.text for e in sandbox.events[since:] if e.where == where and e.kind in ("message", "edit")
    )


async def test_export_and_erasure_cover_medication_warnings_family_and_alumni(
    sandbox: Sandbox,
) -> None:
    await sandbox.click("alex", "I agree")
    await sandbox.slash("alex", "/medication add time:09:00 name:Acamprosate")
    await sandbox.advance(timedelta(hours=1))
    await sandbox.click("alex", "Taken")
    await sandbox.slash("alex", "/content-warnings add topic:relapse")
    await sandbox.slash(
        "rivera", "/family-link add member:casey participant:alex", channel="facilitators"
    )
    await sandbox.click("alex", "Yes, link them")
    await sandbox.slash("rivera", "/graduate member:alex", channel="facilitators")

    # Graduation gave alex the Alumni role, the link gave casey the Family role.
    guild = next(iter(sandbox.server.state.guilds.values()))
    role_names = {r.id: r.name for r in guild.roles.values()}

    def roles(name: str) -> set[str]:
        return {role_names.get(r, "?") for r in guild.members[sandbox.member_id(name)].roles}

    assert "Alumni" in roles("alex") and "Family" in roles("casey")

    await sandbox.slash("alex", "/mydata export")
    state = sandbox.server.state
    alex_dm = state.dm_channel(sandbox.member_id("alex")).id
    names = {
        a["filename"] for m in state.messages.values() if m.channel_id == alex_dm
        for a in m.attachments
    }
    assert {
        "medication.csv", "content-warnings.csv", "family-links.csv", "alumni-track.csv"
    } <= names

    alex = Person("alex", sandbox.member_id("alex"), "Acamprosate")
    await sandbox.slash("alex", "/mydata delete")
    await sandbox.click("alex", "Delete everything")
    bot: Any = sandbox.bot
    assert await rows_naming(bot.db, alex) == {}
    jobs = [job.id for job in bot.scheduler.get_jobs()]
    assert not [j for j in jobs if "alex" in j.split(":")], jobs
    mark = len(sandbox.events)
    await sandbox.advance(timedelta(days=8))
    assert seen(sandbox, "dm:alex", mark) == ""
    assert "Family session" not in seen(sandbox, "dm:casey", mark)
