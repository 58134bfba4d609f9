"""Nothing owed is dropped in silence: one failed send never costs another day or another
person, a send that failed for a reason that may pass is retried while it is still
useful, and nothing that posts runs before the server is loaded. Each test is one of the
findings of issue 21, against the real bot in the sandbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries, members
from bot.kernel.delivery import problems_report
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from tests.builders import participant, program_file

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday 08:00 in Chicago
FIRST_PROMPT = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # Monday 20:00 in Chicago
MESSAGES = "/channels/{channel_id}/messages"
CHICAGO = "America/Chicago"


def texts(sandbox: Sandbox, where: str) -> list[str]:
    return [e.text for e in sandbox.events if e.where == where and e.kind == "message"]


def prompts(sandbox: Sandbox, who: str) -> list[str]:
    return [t for t in texts(sandbox, f"dm:{who}") if "Daily check-in for" in t]


async def start(tmp_path: Path, *names: str, **program: object) -> Sandbox:
    sandbox = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START)
    )
    text = program_file(
        *(participant(n, CHICAGO, start=date(2026, 12, 7), weeks=4) for n in names),
        **program,  # type: ignore[arg-type]
    )
    try:
        await load_program(sandbox, parse_program(text), sandbox.clock.now())
        for name in names:
            await sandbox.click(name, "I agree")  # privacy: prompts go to those who agreed
    except BaseException:
        await sandbox.stop()
        raise
    return sandbox


async def test_a_refused_checkin_prompt_costs_no_other_day(tmp_path: Path) -> None:
    # Found: after a 403 the job rescheduled itself under its own running id, APScheduler
    # dropped it, and the next 3 of 3 days were lost.
    sandbox = await start(tmp_path, "alex", checkin_time="20:00")
    try:
        await sandbox.advance_to(FIRST_PROMPT - timedelta(minutes=1))
        sandbox.server.faults.fail_next(403, method="POST", route=MESSAGES)
        await sandbox.advance_to(FIRST_PROMPT + timedelta(days=3, minutes=1))
        got = prompts(sandbox, "alex")
        assert [t for t in got if "Monday 7 December" in t] == []
        for day in ("Tuesday 8 December", "Wednesday 9 December", "Thursday 10 December"):
            assert sum(day in t for t in got) == 1, f"no prompt for {day}: {got}"
    finally:
        await sandbox.stop()


async def test_a_prompt_that_failed_for_a_passing_reason_is_sent_later_that_day(
    tmp_path: Path,
) -> None:
    sandbox = await start(tmp_path, "alex", checkin_time="20:00")
    try:
        await sandbox.advance_to(FIRST_PROMPT - timedelta(minutes=1))
        sandbox.server.faults.fail_next(503, count=2, method="POST", route=MESSAGES)
        await sandbox.advance_to(FIRST_PROMPT + timedelta(minutes=1))
        assert prompts(sandbox, "alex") == []  # failed twice: waiting for its retry
        await sandbox.advance_to(FIRST_PROMPT + timedelta(minutes=10))
        assert sum("Monday 7 December" in t for t in prompts(sandbox, "alex")) == 1
        await sandbox.advance_to(FIRST_PROMPT + timedelta(days=1, minutes=1))
        assert sum("Tuesday 8 December" in t for t in prompts(sandbox, "alex")) == 1
    finally:
        await sandbox.stop()


async def test_a_reminder_that_failed_with_a_server_error_is_retried_before_its_session(
    tmp_path: Path,
) -> None:
    # Found: its delivery record stayed "sending" for good and it never went out.
    sandbox = await start(tmp_path, "alex", "sam", reminders=["1h"])
    try:
        due = datetime(2026, 12, 7, 22, 0, tzinfo=UTC)  # 1 h before 18:00 New York
        await sandbox.advance_to(due - timedelta(minutes=1))
        sandbox.server.faults.fail_next(503, count=3, method="POST", route=MESSAGES)
        await sandbox.advance_to(due + timedelta(minutes=20))
        for who in ("alex", "sam"):
            got = [t for t in texts(sandbox, f"dm:{who}") if "Reminder:" in t]
            assert len(got) == 1, f"{who}: {got}"
    finally:
        await sandbox.stop()


async def test_a_reminder_that_cannot_go_before_its_session_is_given_up_with_a_reason(
    tmp_path: Path,
) -> None:
    sandbox = await start(tmp_path, "alex", reminders=["1h"])
    try:
        session = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
        await sandbox.advance_to(session - timedelta(hours=1, minutes=1))
        sandbox.server.faults.fail_next(503, count=50, method="POST", route=MESSAGES)
        await sandbox.advance_to(session + timedelta(minutes=5))
        bot = sandbox.bot
        report = "\n".join(await problems_report(bot.db, bot.clock.now()))  # type: ignore[attr-defined]
        assert "Session reminder to <@" in report and "not delivered" in report
        assert "server error" in report and "stopped being useful" in report
    finally:
        await sandbox.stop()


async def test_work_overdue_at_start_waits_for_the_server_and_is_not_lost(
    tmp_path: Path,
) -> None:
    # Found: overdue jobs fired before the channels were loaded ("no channel"), and the
    # daily skill and the check-in digest were lost after downtime.
    sandbox = await start(tmp_path, "alex")
    try:
        await sandbox.advance(timedelta(minutes=1))  # Monday's skill is posted
        await sandbox._stop_bot()
        before = len(sandbox.events)
        # Down over 08:00 (digest) and 09:00 (daily skill) in New York on Tuesday.
        sandbox.clock.set(datetime(2026, 12, 8, 14, 30, tzinfo=UTC))
        await sandbox._start_bot()
        await sandbox.advance(timedelta(minutes=1))
        after = sandbox.events[before:]
        daily = [e for e in after if e.where == "#daily-check-in" and "Skill of the" in e.text]
        assert len(daily) == 1
        digests = [e for e in after if e.where == "#facilitators" and "Check-in digest" in e.text]
        assert len(digests) == 1
    finally:
        await sandbox.stop()


async def test_one_refused_welcome_never_stops_the_others(tmp_path: Path) -> None:
    # Found: with the third welcome refused, 49 of 50 were left unlinked.
    names = [f"member{n:02d}" for n in range(6)]
    early = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # 06:00 New York: no digest yet
    sandbox = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(early)
    )
    try:
        text = program_file(
            *(participant(n, CHICAGO, start=date(2026, 12, 7), weeks=4) for n in names),
            reminders=["1h"],
        )
        for name in names:
            sandbox.add_member(name, "participant", CHICAGO)
        sandbox.add_member("rivera", "facilitator")
        await sandbox.settle()
        sandbox.server.faults.fail_next(403, method="POST", route=MESSAGES)
        bot = sandbox.bot
        await bot.programs.import_program(parse_program(text), sandbox.clock.now())  # type: ignore[attr-defined]
        await sandbox.settle()
        db = bot.db  # type: ignore[attr-defined]
        for name in names:
            assert await members.by_participant(db, name) is not None, f"{name} not linked"
        welcomed = [
            n for n in names if any(t.startswith("Welcome to") for t in texts(sandbox, f"dm:{n}"))
        ]
        assert len(welcomed) == len(names) - 1
        report = "\n".join(await problems_report(db, sandbox.clock.now()))
        assert "Welcome message to <@" in report and "no permission" in report
        # Every one of them gets their reminder, the one not welcomed too.
        await sandbox.advance_to(datetime(2026, 12, 7, 22, 1, tzinfo=UTC))
        for name in names:
            assert any("Reminder:" in t for t in texts(sandbox, f"dm:{name}")), name
    finally:
        await sandbox.stop()


async def test_a_job_that_plans_itself_again_is_not_dropped(tmp_path: Path) -> None:
    sandbox = await start(tmp_path, "alex")
    try:
        bot = sandbox.bot
        scheduler = bot.scheduler  # type: ignore[attr-defined]
        runs: list[datetime] = []

        async def job() -> None:
            runs.append(sandbox.clock.now())
            if len(runs) < 3:
                scheduler.schedule_at("probe", sandbox.clock.now(), job)

        scheduler.schedule_at("probe", sandbox.clock.now(), job)
        await sandbox.advance(timedelta(seconds=1))
        assert len(runs) == 3
        assert await deliveries.waiting(bot.db) == []  # type: ignore[attr-defined]
    finally:
        await sandbox.stop()
