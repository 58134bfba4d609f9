"""Crisis first in the pacer: a person in crisis is answered, and facilitators alerted,
ahead of a reminder fan-out and of ordinary answers already waiting for their turn."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bench.fanout import CRISIS_TEXT, LEAD, SESSION, START, enrol_quietly
from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox
from tests.conftest import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

REMINDERS = 60
ORDINARY = 25


async def test_a_crisis_reply_and_alert_overtake_a_fan_out_and_waiting_answers(
    tmp_path: Path,
) -> None:
    sandbox = await Sandbox.start(
        database_path=tmp_path / "lane.sqlite3", clock=SimulatedClock(START)
    )
    try:
        names = [f"p{n:03d}" for n in range(REMINDERS)]
        await enrol_quietly(sandbox, names)
        bot: Any = sandbox.bot
        # 25 requests a second: the fan-out and the answers queue for a few seconds.
        bot.pacer.limit, bot.pacer.window = 25, 1.0
        events = sandbox.events
        sandbox.clock.set(SESSION - LEAD)
        bot.scheduler.wakeup()
        await eventually(lambda: sum("Reminder:" in e.text for e in events) >= 5)
        for name in names[:ORDINARY]:
            sandbox.actions.dm(name, "hello")  # each answered in the NORMAL lane
        await asyncio.sleep(0.2)  # their answers are waiting in the pacer now
        who = names[-1]
        asked = len(events)
        sandbox.actions.dm(who, CRISIS_TEXT)
        await sandbox.settle()

        def first(match: Any) -> int:
            return next(i for i, e in enumerate(events) if i > asked and match(e))

        reply = first(lambda e: e.where == f"dm:{who}" and e.actor != who
                      and "Reminder:" not in e.text)
        alert = first(lambda e: e.where == "#facilitators" and "Crisis alert" in e.text)
        hello = {f"dm:{name}" for name in names[:ORDINARY]}
        answers = [i for i, e in enumerate(events) if e.where in hello and e.kind == "message"
                   and e.text != "hello" and "Reminder:" not in e.text]
        reminders = [i for i, e in enumerate(events) if "Reminder:" in e.text]
        assert len(answers) >= ORDINARY and len(reminders) == REMINDERS
        # The ordinary answers were all waiting in the pacer before the crisis message
        # came: in their own lane, the reply would come after every one of them. Ahead
        # of them, it overtakes those still waiting once the bot has read the message.
        assert sum(i > reply for i in answers) >= 5, (reply, answers)
        assert sum(i > alert for i in answers) >= 5, (alert, answers)
        assert reply < reminders[-1] - 20 and alert < reminders[-1] - 20
    finally:
        await sandbox.stop()
