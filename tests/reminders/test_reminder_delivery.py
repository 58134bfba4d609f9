"""Reminder delivery against the sandbox: exactly once across a restart in the middle
of a fan-out, and closed DMs recorded and reported once, with no retry storm."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.program.domain.schedule import Facilitator, Participant, Program, Track, WeeklySession
from bot.sandbox.driver import Sandbox
from bot.sandbox.faults import FaultPlan
from bot.sandbox.ratelimit import RateLimitPolicy

pytestmark = pytest.mark.e2e

# Monday 2026-12-07 09:00 in New York; the session is at 18:00 New York (23:00 UTC).
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
SESSION_START = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
REMINDER_DUE = SESSION_START - timedelta(hours=1)
# Discord's limits, with windows 20 times shorter so the suite does not wait them out.
FAST_LIMITS = RateLimitPolicy(scale=0.05)


def one_session_program(names: list[str]) -> Program:
    session = WeeklySession(
        key="evening.process-group",
        title="Process group",
        kind="group",
        days=(0, 2, 3),
        start=time(18, 0),
        minutes=180,
    )
    participants = tuple(
        Participant(
            name=name,
            track="Evening",
            timezone="America/Chicago",
            start=date(2026, 12, 7),
            weeks=4,
            reminders=(timedelta(hours=1),),
        )
        for name in names
    )
    return Program(
        name="Evening IOP",
        timezone="America/New_York",
        tracks=(Track("Evening", (session,)),),
        participants=participants,
        facilitators=(Facilitator("rivera"),),
    )


async def enrol(sandbox: Sandbox, names: list[str]) -> None:
    for name in names:
        sandbox.add_member(name, "participant", "America/Chicago")
    sandbox.add_member("rivera", "facilitator")
    await sandbox.settle()
    await sandbox.bot.programs.import_program(one_session_program(names), sandbox.clock.now())
    await sandbox.settle()


def reminders_per_member(sandbox: Sandbox) -> Counter[str]:
    return Counter(
        event.where.removeprefix("dm:")
        for event in sandbox.events
        if event.kind == "message" and event.where.startswith("dm:") and "Reminder:" in event.text
    )


@pytest.mark.asyncio
async def test_restart_in_the_middle_of_a_fan_out_loses_nothing(tmp_path: Path) -> None:
    names = [f"member{n:02d}" for n in range(40)]
    # Latency on every request keeps the fan-out in flight long enough to cut it short.
    sandbox = await Sandbox.start(
        database_path=tmp_path / "db.sqlite3",
        clock=SimulatedClock(START),
        ratelimits=FAST_LIMITS,
        faults=FaultPlan(latency=0.01),
    )
    try:
        await enrol(sandbox, names)
        sandbox.clock.set(REMINDER_DUE)
        sandbox.bot.scheduler.wakeup()
        for _ in range(2000):
            if sum(reminders_per_member(sandbox).values()) >= 10:
                break
            await asyncio.sleep(0.005)
        delivered_before = sum(reminders_per_member(sandbox).values())
        assert 0 < delivered_before < len(names), "the restart must cut the fan-out short"

        await sandbox.restart_bot()
        await sandbox.advance(timedelta(minutes=5))

        counts = reminders_per_member(sandbox)
        assert set(counts) == set(names), f"missing: {set(names) - set(counts)}"
        duplicated = [name for name, count in counts.items() if count > 1]
        # A send that was in flight when the bot stopped may go once more, never more.
        assert all(counts[name] == 2 for name in duplicated)
        assert len(duplicated) <= 8
    finally:
        await sandbox.stop()


@pytest.mark.asyncio
async def test_a_second_pass_over_the_same_instant_sends_nothing_twice(tmp_path: Path) -> None:
    names = ["alex", "sam", "jordan"]
    sandbox = await Sandbox.start(
        database_path=tmp_path / "db.sqlite3", clock=SimulatedClock(START)
    )
    try:
        await enrol(sandbox, names)
        await sandbox.advance_to(REMINDER_DUE)
        assert reminders_per_member(sandbox) == Counter({name: 1 for name in names})
        # The job fires again (a replan, a restart): the delivery records hold.
        await sandbox.bot.reminders.fire(REMINDER_DUE)
        await sandbox.restart_bot()
        await sandbox.advance(timedelta(minutes=30))
        assert reminders_per_member(sandbox) == Counter({name: 1 for name in names})
    finally:
        await sandbox.stop()


@pytest.mark.asyncio
async def test_closed_dms_are_recorded_and_reported_once(tmp_path: Path) -> None:
    sandbox = await Sandbox.start(
        database_path=tmp_path / "db.sqlite3",
        clock=SimulatedClock(START),
        ratelimits=FAST_LIMITS,
        faults=FaultPlan(closed_dms={"alex"}),
        capture=True,
    )
    try:
        await enrol(sandbox, ["alex", "sam"])
        await sandbox.advance_to(REMINDER_DUE)
        # Wednesday's session too: alex's DMs are still closed.
        await sandbox.advance(timedelta(days=2))

        counts = reminders_per_member(sandbox)
        assert counts["sam"] == 2 and counts["alex"] == 0
        alerts = [
            e
            for e in sandbox.events
            if e.where == "#facilitators" and "I can't DM" in e.text and "alex" in e.text
        ]
        assert len(alerts) == 1
        assert sandbox.server.captures is not None
        refused = [
            exchange
            for exchange in sandbox.server.captures
            if exchange.method == "POST" and exchange.status == 403
        ]
        # Two days with two reminders and daily check-in prompts for alex, but at most
        # one refused DM a day (the welcome, then one retry a day), not one per message.
        assert 1 <= len(refused) <= 3, [e.request_body[:150] for e in refused]

        await sandbox.slash("alex", "/schedule", channel="general")
        assert any(
            e.where == "#general" and e.visible_to == "alex" and "I can't DM you" in e.text
            for e in sandbox.events
        )
    finally:
        await sandbox.stop()


@pytest.mark.asyncio
async def test_dm_commands_are_synced_globally_only_when_they_change(tmp_path: Path) -> None:
    sandbox = await Sandbox.start(
        database_path=tmp_path / "db.sqlite3", clock=SimulatedClock(START), capture=True
    )
    try:
        await sandbox.restart_bot()
        assert sandbox.server.captures is not None
        global_puts = [
            e
            for e in sandbox.server.captures
            if e.method == "PUT" and e.template == "/applications/{application_id}/commands"
        ]
        guild_puts = [
            e
            for e in sandbox.server.captures
            if e.method == "PUT" and "/guilds/{guild_id}/commands" in e.template
        ]
        # Two starts: the server's commands each time, the global ones once.
        assert len(guild_puts) == 2
        assert len(global_puts) == 1
    finally:
        await sandbox.stop()
