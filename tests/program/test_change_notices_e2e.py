"""A program file re-imported with several changes at once, through the real bot in the
sandbox: each affected participant gets exactly one notice naming each change (reminders
off or not), a re-import that changes nothing sends nothing, and a newcomer in the file
is welcomed rather than told of changes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from bot.program.domain.schedule import (
    Facilitator,
    OccurrenceChange,
    Participant,
    Program,
    Track,
    WeeklySession,
)
from bot.sandbox.driver import Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

GROUP = WeeklySession("evening.process-group", "Process group", "group", (0, 2), time(18), 180)
SKILLS = WeeklySession("evening.life-skills", "Life skills", "life-skills", (1,), time(18, 30), 90)


def person(name: str, reminders: tuple[timedelta, ...] | None = None) -> Participant:
    return Participant(
        name, "Evening", "America/Chicago", date(2026, 12, 7), 4, reminders=reminders
    )


def program(*people: Participant, **changes: object) -> Program:
    base = Program(
        name="Evening IOP",
        timezone="America/New_York",
        tracks=(Track("Evening", (GROUP, SKILLS)),),
        participants=people,
        facilitators=(Facilitator("rivera"),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def dms(sandbox: Sandbox, text: str) -> Counter[str]:
    return Counter(
        event.where.removeprefix("dm:")
        for event in sandbox.events
        if event.kind == "message" and event.where.startswith("dm:") and text in event.text
    )


async def test_a_reimport_tells_each_person_once_what_changed(sandbox: Sandbox) -> None:
    for name in ("alex", "jordan", "morgan"):
        sandbox.add_member(name, "participant", "America/Chicago")
    sandbox.add_member("rivera", "facilitator")
    await sandbox.settle()
    alex, jordan = person("alex"), person("jordan", reminders=())
    now = sandbox.clock.now()  # Monday 7 December, 09:00 New York
    await sandbox.bot.programs.import_program(program(alex, jordan), now)
    await sandbox.settle()

    changed = program(
        alex,
        jordan,
        person("morgan"),
        closed=(date(2026, 12, 9),),
        changes=(
            OccurrenceChange("evening.life-skills", date(2026, 12, 8), None, "Room flooded"),
            OccurrenceChange(
                "evening.process-group", date(2026, 12, 14), datetime(2026, 12, 15, 12), ""
            ),
        ),
    )
    await sandbox.bot.programs.import_program(changed, now)
    await sandbox.settle()

    notices = dms(sandbox, "Your program's schedule changed:")
    assert notices == Counter({"alex": 1, "jordan": 1})  # jordan has reminders off
    [text] = [
        e.text for e in sandbox.events
        if e.where == "dm:alex" and "Your program's schedule changed:" in e.text
    ]  # fmt: skip
    assert "**Cancelled:** **Life skills**" in text and "(Room flooded)" in text
    assert "**Closed that day:** **Process group**" in text
    assert "**Moved:** **Process group** from" in text
    # In date order: Tuesday's cancellation, Wednesday's closure, then the move.
    assert text.index("Life skills") < text.index("Closed that day") < text.index("Moved")
    assert dms(sandbox, "Welcome to **Evening IOP**")["morgan"] == 1
    assert dms(sandbox, "schedule changed")["morgan"] == 0

    # The same file again changes nothing and says nothing.
    await sandbox.bot.programs.import_program(changed, now)
    await sandbox.settle()
    assert dms(sandbox, "Your program's schedule changed:") == notices
