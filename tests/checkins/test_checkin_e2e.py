"""Check-ins end to end: the real bot in the sandbox, from the prompt at local time to a
share in the day's thread, a peer's reply, and what facilitators and peers may see."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.checkins.storage import shares as share_db
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import audit as checkin_audit
from bot.program.domain.program_file import parse_program
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "checkin_prompt.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
ALEX_EVENING = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # 20:00 in Chicago


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    clock = SimulatedClock(START)
    running = await Sandbox.start(database_path=tmp_path / "companion.sqlite3", clock=clock)
    try:
        await load_program(running, parse_program(PROGRAM), clock.now())
        running.add_member("riley", "peer", "America/New_York")
        await running.settle()
        # Privacy (issue 9): check-ins are kept only after the participant agrees.
        for who in ("alex", "sam", "jordan"):
            await running.click(who, "I agree")
        yield running
    finally:
        await running.stop()


def seen(sandbox: Sandbox, where: str, since: int = 0) -> list[str]:
    return [
        e.text for e in sandbox.events[since:]
        if e.where == where and e.kind in ("message", "edit")
    ]


async def answer_checkin(sandbox: Sandbox, who: str, mood: str, craving: str) -> None:
    await sandbox.select(who, mood, "How is your mood right now?")
    await sandbox.select(who, craving, "How strong is your craving right now?")
    await sandbox.select(who, "Good", "How did you sleep last night?")
    await sandbox.select(who, "Yes", "Did you take your medication as prescribed?")
    await sandbox.click(who, "Next questions")
    await sandbox.select(who, "No", "Have you used since your last check-in?")


async def test_a_shared_checkin_reaches_the_days_thread_and_a_peer_reply_counts(
    sandbox: Sandbox,
) -> None:
    await sandbox.advance_to(ALEX_EVENING)
    assert any("Daily check-in for Monday 7 December" in t for t in seen(sandbox, "dm:alex"))
    await answer_checkin(sandbox, "alex", "7", "9")
    await sandbox.click("alex", "Add a note")
    await sandbox.submit("alex", {"note": "Group was good tonight"})
    await sandbox.click("alex", "Done")
    await sandbox.click("alex", "Share mood and note")
    thread = "#daily-check-in/check-ins-2026-12-07"
    posted = seen(sandbox, thread)
    assert len(posted) == 1
    assert "Mood today: **7/10**" in posted[0] and "Group was good tonight" in posted[0]
    assert "9" not in posted[0] and "craving" not in posted[0].lower()
    assert any("Check-ins for Monday 7 December" in t for t in seen(sandbox, "#daily-check-in"))

    await sandbox.post("sam", "check-ins-2026-12-07", "Proud of you for going, alex")
    shares = await share_db.unreplied(sandbox.bot.db)  # type: ignore[attr-defined]
    assert shares == []


async def test_a_peer_cannot_open_a_participants_checkins(sandbox: Sandbox) -> None:
    await sandbox.advance_to(ALEX_EVENING)
    await answer_checkin(sandbox, "alex", "6", "3")
    await sandbox.click("alex", "Done")
    # Discord offers facilitator commands to nobody else; a server that shows every command
    # to everyone (Server Settings > Integrations) still gets the bot's own refusal.
    allow_role(sandbox.server.state, sandbox.actions.guild, "@everyone")
    mark = len(sandbox.events)
    for who in ("sam", "riley"):
        await sandbox.slash(who, "/report participant member:alex", channel="general")
        await sandbox.slash(who, "/report checkins", channel="general")
    refused = seen(sandbox, "#general", mark)
    assert len(refused) == 4 and all("Only facilitators" in t for t in refused)
    audit = await checkin_audit.entries_about(sandbox.bot.db, "alex")  # type: ignore[attr-defined]
    assert audit == []


async def test_someone_not_enrolled_is_told_so_and_nothing_is_stored(sandbox: Sandbox) -> None:
    await sandbox.slash("riley", "/checkin")
    assert any("not enrolled" in t for t in seen(sandbox, "dm:riley"))
    rows = await sandbox.bot.db.fetchval("SELECT count(*) FROM checkins")  # type: ignore[attr-defined]
    assert rows == 0
