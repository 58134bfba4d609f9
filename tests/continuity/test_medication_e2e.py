"""Medication reminders end to end with the real bot in the sandbox: the drug's name is
seen in the owner's DMs and nowhere else, not in any channel, other DM or log line,
while facilitators see adherence and (with consent) missed doses in their digest."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.ratelimit import RateLimitPolicy

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "medication_reminders.toml").read_text("utf-8")
START = datetime(2027, 3, 12, 12, 0, tzinfo=UTC)  # 06:00 in Chicago
NAME = "Quetiavex"  # a made-up medication, easy to search for


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
        await running.settle()
        yield running
    finally:
        await running.stop()


def texts(sandbox: Sandbox, where: str, since: int = 0) -> list[str]:
    return [
        e.text for e in sandbox.events[since:]
        if e.where == where and e.kind in ("message", "edit")
    ]


async def test_the_name_is_only_in_the_owners_dms_and_adherence_reaches_facilitators(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="cogs")
    caplog.set_level(logging.INFO)
    await sandbox.click("alex", "I agree")  # the privacy notice (issue 9)
    await sandbox.slash("alex", f"/medication add time:08:00, 20:00 name:{NAME} 25 mg")
    await sandbox.slash("alex", "/medication share choice:on")
    await sandbox.slash("alex", "/medication list", channel="general")
    await sandbox.advance(timedelta(hours=2))  # 08:00 in Chicago
    await sandbox.click("alex", "Taken")
    await sandbox.advance(timedelta(hours=12))  # 20:00
    await sandbox.click("alex", "Snooze 30 min")
    await sandbox.advance(timedelta(minutes=30))
    await sandbox.click("alex", "Skip today")
    # Three more days without an answer, then the morning digest and the reports.
    await sandbox.advance_to(datetime(2027, 3, 16, 12, 5, tzinfo=UTC))
    await sandbox.slash("rivera", "/meds adherence member:alex", channel="facilitators")
    await sandbox.slash("alex", "/progress")
    await sandbox.slash("alex", f"/medication add time:09:00 name:{NAME}", channel="general")

    own = "\n".join(texts(sandbox, "dm:alex"))
    assert own.count(f"Time to take **{NAME} 25 mg**") >= 7
    assert "Marked as taken" in own and "Snoozed" in own and "skipped for today" in own
    assert "Medication: medication taken 1 of" in own  # /progress
    facilitators = "\n".join(texts(sandbox, "#facilitators"))
    assert "Missed medication (shared with consent)" in facilitators
    assert "alex: 7 of 8 doses not taken in 7 days" in facilitators
    assert "@alex: medication taken 1 of 8 times" in facilitators

    elsewhere = [e for e in sandbox.events if e.where != "dm:alex" and NAME in e.text]
    # The only place a member typed it outside the DM was refused, and not echoed back.
    assert [e.kind for e in elsewhere] == []
    general = "\n".join(texts(sandbox, "#general"))
    assert "give the medication's name in a DM" in general
    leaked = [r for r in caplog.records if NAME in r.getMessage() or NAME in (r.exc_text or "")]
    assert leaked == []
    # The log follows the reminders by a pseudonym, never the participant's name.
    assert any(r.getMessage().startswith("medication reminder med:p-") for r in caplog.records)
    assert not [r for r in caplog.records
                if r.name.startswith("bot.") and "med:alex:" in r.getMessage()]
