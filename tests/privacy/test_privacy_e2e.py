"""Consent, data rights and accountability end to end: the real bot in the sandbox."""

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
from tests.privacy.privacy_data import Person, rows_naming

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "checkin_prompt.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
ALEX_EVENING = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # 20:00 in Chicago: the prompt
ADMIN = "program-admin"  # the sandbox server's owner


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    clock = SimulatedClock(START)
    running = await Sandbox.start(database_path=tmp_path / "companion.sqlite3", clock=clock)
    try:
        await load_program(running, parse_program(PROGRAM), clock.now())
        await running.settle()
        yield running
    finally:
        await running.stop()


def companion(sandbox: Sandbox) -> Any:
    """The running CompanionBot (the driver types it as a plain commands.Bot)."""
    return sandbox.bot


def seen(sandbox: Sandbox, where: str, since: int = 0) -> str:
    return "\n".join(
        e.text for e in sandbox.events[since:] if e.where == where and e.kind in ("message", "edit")
    )


async def count(sandbox: Sandbox, table: str) -> int:
    return int(await companion(sandbox).db.fetchval(f"SELECT COUNT(*) FROM {table}"))


async def first_answer(sandbox: Sandbox, who: str) -> None:
    await sandbox.select(who, "6", "How is your mood right now?")


async def test_nothing_is_stored_before_consent_and_the_refusal_offers_to_agree(
    sandbox: Sandbox,
) -> None:
    assert "Your privacy with Companion" in seen(sandbox, "dm:alex")
    # Not decided yet: the prompt comes, and answering it is refused kindly.
    await sandbox.advance_to(ALEX_EVENING)
    mark = len(sandbox.events)
    await first_answer(sandbox, "alex")
    assert "Before I save your check-in" in seen(sandbox, "dm:alex", mark)
    assert await count(sandbox, "checkins") == 0
    # The refusal carries the button: agreeing there makes the same answer stick.
    await sandbox.click("alex", "I agree")
    await first_answer(sandbox, "alex")
    assert await count(sandbox, "checkins") == 1


async def test_not_now_means_no_check_in_prompts(sandbox: Sandbox) -> None:
    await sandbox.click("alex", "Not now")
    mark = len(sandbox.events)
    await sandbox.advance_to(ALEX_EVENING)
    assert "Daily check-in" not in seen(sandbox, "dm:alex", mark)
    assert await count(sandbox, "checkins") == 0


async def test_a_crisis_note_before_consent_is_still_escalated_but_not_stored(
    sandbox: Sandbox,
) -> None:
    await sandbox.advance_to(ALEX_EVENING)
    await sandbox.click("alex", "Next questions")
    await sandbox.click("alex", "Add a note")
    await sandbox.submit("alex", {"note": "I want to kill myself tonight"})
    assert "Before I save your check-in" in seen(sandbox, "dm:alex")
    assert seen(sandbox, "#facilitators"), "the crisis alert must reach the facilitators"
    assert await count(sandbox, "checkins") == 0


async def test_export_arrives_as_files_in_a_dm(sandbox: Sandbox) -> None:
    await sandbox.click("alex", "I agree")
    await sandbox.advance_to(ALEX_EVENING)
    await first_answer(sandbox, "alex")
    await sandbox.slash("alex", "/mydata export")
    state = sandbox.server.state
    alex_dm = state.dm_channel(sandbox.member_id("alex")).id
    sent = [m for m in state.messages.values() if m.channel_id == alex_dm and m.attachments]
    names = {a["filename"] for m in sent for a in m.attachments}
    assert {"companion-data.json", "check-ins.csv", "member.csv"} <= names
    assert "everything Companion keeps about you" in seen(sandbox, "dm:alex")


async def test_erasure_needs_confirmation_then_leaves_no_row_and_no_job(sandbox: Sandbox) -> None:
    await sandbox.click("alex", "I agree")
    await sandbox.advance_to(ALEX_EVENING)
    await first_answer(sandbox, "alex")
    alex = Person("alex", sandbox.member_id("alex"), "no-secret-here")
    await sandbox.slash("alex", "/mydata delete")
    await sandbox.click("alex", "Keep it")
    assert await rows_naming(companion(sandbox).db, alex) != {}
    await sandbox.slash("alex", "/mydata delete")
    await sandbox.click("alex", "Delete everything")
    assert "check-ins (1)" in seen(sandbox, "dm:alex")
    assert await rows_naming(companion(sandbox).db, alex) == {}
    keys = ("alex", str(alex.user_id))
    jobs = [job.id for job in companion(sandbox).scheduler.get_jobs()]
    assert not [j for j in jobs if any(k in j.split(":") for k in keys)], jobs
    # Two days on: no reminder, no prompt, nothing.
    mark = len(sandbox.events)
    await sandbox.advance(timedelta(days=2))
    assert seen(sandbox, "dm:alex", mark) == ""
    assert "Daily check-in" in seen(sandbox, "dm:sam", mark)


async def test_facilitators_exports_and_erasures_are_audited_for_admins(sandbox: Sandbox) -> None:
    await sandbox.slash("rivera", "/record export participant:alex", "facilitators")
    assert "written to the audit log" in seen(sandbox, "#facilitators")
    await sandbox.slash("rivera", "/record delete participant:sam", "facilitators")
    await sandbox.click("rivera", "Delete everything")
    assert "Erasure #1 done" in seen(sandbox, "#facilitators")
    mark = len(sandbox.events)
    await sandbox.slash("rivera", "/audit", "facilitators")
    assert "Only the server's administrators" in seen(sandbox, "#facilitators", mark)
    await sandbox.slash(ADMIN, "/audit", "facilitators")
    log = seen(sandbox, "#facilitators", mark)
    assert "@rivera export.participant" in log
    assert "@rivera erase.participant erasure:1" in log
