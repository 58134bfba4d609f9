"""Change notices: what each change did to whose sessions, in words that match it, and
the notice service that tells each person once and tells exactly them when it is undone.

The demo program (data/demo_program.toml): Process group Mon/Wed/Thu 18:00 New York and
Life skills Tue 18:30 (Evening track); alex (Chicago, reminded 2h before) also has
Individual counseling Tue 17:00; sam and jordan (reminders off) are Evening too; casey
starts Monday 14 December, paused until 4 January; riley is on the Weekend track.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.delivery import RETRY_JOB_PREFIX
from bot.kernel.messenger import DmClosed
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.changes import (
    ChangeKind,
    Effect,
    ParticipantNotice,
    ScheduleChange,
    notices_for,
)
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import OccurrenceChange, Program
from bot.program.notices import ChangeNotices, delivery_key
from bot.program.service import ProgramService
from bot.reminders.messages import change_notice_content

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
NOW = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # Monday 7 December, 19:00 New York
WINDOW = timedelta(days=21)
WED = date(2026, 12, 9)
WED_GROUP = "evening.process-group:2026-12-09"
IDS = {"alex": 101, "sam": 102, "jordan": 103, "casey": 104, "riley": 105}


def demo() -> Program:
    return parse_program(DEMO.read_text())


def paused(program: Program, key: str, until: date | None) -> Program:
    people = tuple(
        dataclasses.replace(p, paused_until=until) if p.key == key else p
        for p in program.participants
    )
    return dataclasses.replace(program, participants=people)


def by_person(notices: list[ParticipantNotice]) -> dict[str, list[tuple[Effect, str]]]:
    return {n.participant: [(a.effect, a.key) for a in n.affected] for n in notices}


# ---- what a change did ------------------------------------------------------------------


def test_a_pause_is_a_pause_for_that_participant_only_in_date_order() -> None:
    before = paused(demo(), "alex", None)
    after = paused(before, "alex", date(2026, 12, 10))
    change = ScheduleChange(ChangeKind.PAUSE, "alex", day=date(2026, 12, 10), participant="alex")
    [notice] = notices_for(change, before, after, NOW, WINDOW)
    assert notice.participant == "alex"
    assert [(a.effect, a.key) for a in notice.affected] == [
        (Effect.PAUSED, "alex.individual-counseling:2026-12-08"),
        (Effect.PAUSED, "evening.life-skills:2026-12-08"),
        (Effect.PAUSED, WED_GROUP),
    ]
    starts = [a.occurrence.start for a in notice.affected]
    assert starts == sorted(starts)

    resume = ScheduleChange(ChangeKind.RESUME, "alex", participant="alex")
    [back] = notices_for(resume, after, before, NOW, WINDOW)
    assert {a.effect for a in back.affected} == {Effect.RESUMED}
    assert back.occurrence_keys == notice.occurrence_keys


def test_a_closure_closes_that_day_for_everyone_in_session_and_reopening_brings_it_back() -> None:
    before = demo()
    after = dataclasses.replace(before, closed=(*before.closed, WED))
    change = ScheduleChange(ChangeKind.CLOSURE, WED.isoformat(), "Staff training", day=WED)
    found = by_person(notices_for(change, before, after, NOW, WINDOW))
    # casey starts on the 14th, riley is on the weekend track: neither is affected.
    assert found == {
        "alex": [(Effect.CLOSED, WED_GROUP)],
        "sam": [(Effect.CLOSED, WED_GROUP)],
        "jordan": [(Effect.CLOSED, WED_GROUP)],
    }
    reopen = ScheduleChange(ChangeKind.REOPEN, WED.isoformat(), day=WED)
    assert by_person(notices_for(reopen, after, before, NOW, WINDOW)) == {
        key: [(Effect.BACK, WED_GROUP)] for key in found
    }


def test_cancel_carries_its_reason_and_a_move_is_found_where_it_went() -> None:
    before = demo()
    cancel = OccurrenceChange("evening.process-group", WED, None, "Facilitator unwell")
    after = dataclasses.replace(before, changes=(*before.changes, cancel))
    change = ScheduleChange(ChangeKind.CANCEL, WED_GROUP, "Facilitator unwell")
    [first, *_] = notices_for(change, before, after, NOW, WINDOW)
    assert first.affected[0].effect is Effect.CANCELLED
    assert first.affected[0].reason == "Facilitator unwell"

    # Moved five weeks on: outside any window of the day it left, still a move.
    far = datetime(2027, 1, 13, 12, 0)
    move = OccurrenceChange("evening.process-group", WED, far, "Room booked")
    moved = dataclasses.replace(before, changes=(*before.changes, move))
    change = ScheduleChange(ChangeKind.MOVE, WED_GROUP, "Room booked")
    found = notices_for(change, before, moved, NOW, WINDOW)
    [alex] = [n for n in found if n.participant == "alex"]
    [affected] = alex.affected
    assert affected.effect is Effect.MOVED
    assert affected.after is not None and affected.after.local_start.date() == far.date()


def test_an_import_names_each_effect_and_welcomes_rather_than_tells_newcomers() -> None:
    before = demo()
    newcomer = dataclasses.replace(before.participants[0], name="morgan")
    closure_day = date(2026, 12, 10)
    after = dataclasses.replace(
        before,
        closed=(*before.closed, closure_day),
        participants=(*before.participants, newcomer),
        changes=(
            *before.changes,
            OccurrenceChange("evening.life-skills", date(2026, 12, 15), None, "Holiday party"),
        ),
    )
    found = by_person(notices_for(ScheduleChange(ChangeKind.IMPORT), before, after, NOW, WINDOW))
    assert "morgan" not in found
    assert found["alex"] == [
        (Effect.CLOSED, "evening.process-group:2026-12-10"),
        (Effect.CANCELLED, "evening.life-skills:2026-12-15"),
    ]


def test_nothing_that_already_started_is_news() -> None:
    before = demo()
    monday = date(2026, 12, 7)  # 18:00 New York started an hour before NOW
    after = dataclasses.replace(before, closed=(*before.closed, monday))
    change = ScheduleChange(ChangeKind.CLOSURE, monday.isoformat(), day=monday)
    assert notices_for(change, before, after, NOW, WINDOW) == []


# ---- the words --------------------------------------------------------------------------


def notice_text(change: ScheduleChange, before: Program, after: Program, who: str) -> str:
    [notice] = [n for n in notices_for(change, before, after, NOW, WINDOW) if n.participant == who]
    return change_notice_content(notice, reminded=True)


def test_a_pause_notice_says_pause_and_lists_sessions_in_date_order() -> None:
    before = paused(demo(), "alex", None)
    after = paused(before, "alex", date(2026, 12, 10))
    change = ScheduleChange(ChangeKind.PAUSE, "alex", day=date(2026, 12, 10), participant="alex")
    text = notice_text(change, before, after, "alex")
    assert text.startswith("You paused reminders until **Thursday 10 December 2026**")
    assert "your sessions still take place" in text
    assert "ancel" not in text
    stamps = [int(s) for s in re.findall(r"<t:(\d+):F>", text)]
    assert stamps == sorted(stamps) and len(stamps) == 3


def test_a_move_notice_shows_from_to_and_reason_and_nothing_about_cancellations() -> None:
    before = demo()
    move = OccurrenceChange("evening.process-group", WED, datetime(2026, 12, 10, 12), "Room booked")
    after = dataclasses.replace(before, changes=(*before.changes, move))
    text = notice_text(
        ScheduleChange(ChangeKind.MOVE, WED_GROUP, "Room booked"), before, after, "sam"
    )
    assert text.startswith("Moved: **Process group** from <t:1796857200:F> to <t:1796922000:F>")
    assert "Reason: Room booked" in text
    assert "cancel" not in text.lower()


def test_an_import_notice_labels_each_line() -> None:
    before = demo()
    after = dataclasses.replace(
        before,
        closed=(*before.closed, date(2026, 12, 10)),
        changes=(
            *before.changes,
            OccurrenceChange("evening.life-skills", date(2026, 12, 15), None, "Holiday party"),
        ),
    )
    text = notice_text(ScheduleChange(ChangeKind.IMPORT), before, after, "sam")
    assert text.startswith("Your program's schedule changed:")
    assert "- **Closed that day:** **Process group**" in text
    assert "- **Cancelled:** **Life skills**" in text and "(Holiday party)" in text


# ---- the service: once per person, undo tells exactly those told ------------------------


class RecordingMessenger:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.closed: set[int] = set()
        self.down: set[int] = set()  # sends to these fail as if Discord went away

    async def send(self, user_id: int, **content: Any) -> Any:
        if user_id in self.closed:
            raise DmClosed(user_id, first_time=True)
        if user_id in self.down:
            raise ConnectionResetError("Discord went away")
        self.sent.append((user_id, content["content"]))
        return type("Message", (), {"id": len(self.sent)})()

    def to(self, name: str) -> list[str]:
        return [text for user, text in self.sent if user == IDS[name]]


@pytest_asyncio.fixture
async def world(db: Database) -> tuple[ProgramService, RecordingMessenger]:
    return await make_world(db)


async def make_world(db: Database) -> tuple[ProgramService, RecordingMessenger]:
    programs = ProgramService(db, guild_id=1)
    await programs.import_program(demo(), NOW)
    for name, user_id in IDS.items():
        await members.upsert(db, user_id, name, NOW, participant_key=name)
    messenger = RecordingMessenger()
    await notices_service(db, programs, messenger, SimulatedClock(NOW)).start()
    return programs, messenger


def notices_service(
    db: Database, programs: ProgramService, messenger: RecordingMessenger, clock: SimulatedClock
) -> ChangeNotices:
    # The scheduler is never started: a test runs the one job it cares about by hand.
    return ChangeNotices(
        db, clock, programs, messenger,
        lambda notice, _, reminded: change_notice_content(notice, reminded),
        scheduler=ClockedScheduler(clock),
    )  # fmt: skip


@pytest.mark.asyncio
async def test_reopening_tells_exactly_those_told_of_the_closure(
    world: tuple[ProgramService, RecordingMessenger],
) -> None:
    programs, messenger = world
    await programs.set_notices("sam", False)
    messenger.closed.add(IDS["alex"])  # alex's DMs are closed: he was never told
    told = await programs.add_closure(WED, "Staff training", NOW, by=9)
    assert told == 1  # jordan, reminders off, is told; sam opted out; alex unreachable
    assert messenger.to("jordan") and "Reason: Staff training" in messenger.to("jordan")[0]
    assert messenger.to("sam") == [] and messenger.to("alex") == []

    await programs.set_notices("sam", True)
    messenger.closed.clear()
    messenger.sent.clear()
    assert await programs.remove_closure(WED, by=9) == 1
    assert [who for who in IDS if messenger.to(who)] == ["jordan"]
    assert messenger.to("jordan")[0].startswith(
        "Back on: the program is open on **Wednesday 9 December 2026**"
    )

    # Closing it again is a new change: everyone reachable hears, sam included.
    messenger.sent.clear()
    assert await programs.add_closure(WED, "", NOW, by=9) == 3


@pytest.mark.asyncio
async def test_undoing_a_cancellation_tells_those_told_and_a_second_undo_tells_nobody(
    world: tuple[ProgramService, RecordingMessenger],
) -> None:
    programs, messenger = world
    cancel = OccurrenceChange("evening.process-group", WED, None, "Snow")
    assert await programs.change_occurrence(cancel, NOW) == 3
    assert all("Cancelled: **Process group**" in messenger.to(n)[0] for n in ("alex", "sam"))
    messenger.sent.clear()
    assert await programs.restore_occurrence("evening.process-group", WED, NOW) == 3
    assert all(messenger.to(n)[0].startswith("Back on: **Process group**") for n in ("alex", "sam"))
    assert await programs.restore_occurrence("evening.process-group", WED, NOW) is None


@pytest.mark.asyncio
async def test_a_closure_from_before_anyone_was_recorded_tells_everyone_it_affects(
    db: Database,
) -> None:
    # A closure stored without a change record (as by an older version of the bot).
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO closures (day, reason, added_by, added_at) VALUES (?, '', NULL, ?)",
            (WED.isoformat(), NOW.isoformat()),
        )
    programs, messenger = await make_world(db)
    assert await programs.remove_closure(WED) == 3
    assert {who for who in IDS if messenger.to(who)} == {"alex", "sam", "jordan"}


@pytest.mark.asyncio
async def test_settings_that_move_no_session_send_nothing(
    world: tuple[ProgramService, RecordingMessenger],
) -> None:
    programs, messenger = world
    await programs.set_timezone("alex", "Europe/Berlin")
    await programs.set_reminders("alex", ())
    assert await programs.set_paused_until("riley", None) == 0  # was not paused
    assert messenger.sent == []


def test_a_paused_participant_still_hears_of_changes_to_sessions_that_take_place() -> None:
    # casey starts Monday 14 December, paused until 4 January: her sessions still happen.
    before = demo()
    day = date(2026, 12, 16)
    after = dataclasses.replace(before, closed=(*before.closed, day))
    change = ScheduleChange(ChangeKind.CLOSURE, day.isoformat(), day=day)
    found = by_person(notices_for(change, before, after, NOW, WINDOW))
    assert found["casey"] == [(Effect.CLOSED, "evening.process-group:2026-12-16")]


def test_shortening_a_pause_says_when_it_now_ends() -> None:
    before = paused(demo(), "alex", date(2026, 12, 17))
    after = paused(before, "alex", date(2026, 12, 10))
    change = ScheduleChange(ChangeKind.PAUSE, "alex", day=date(2026, 12, 10), participant="alex")
    text = notice_text(change, before, after, "alex")
    assert text.startswith("Your pause now ends on **Thursday 10 December 2026**")
    assert "<t:1796943600:F>" in text  # Thursday's group, reminded again


def test_an_import_that_pauses_someone_says_so_beside_the_other_changes() -> None:
    before = demo()
    after = paused(
        dataclasses.replace(before, closed=(*before.closed, date(2026, 12, 10))),
        "sam",
        date(2026, 12, 10),
    )
    found = by_person(notices_for(ScheduleChange(ChangeKind.IMPORT), before, after, NOW, WINDOW))
    assert found["sam"] == [
        (Effect.PAUSED, "evening.life-skills:2026-12-08"),
        (Effect.PAUSED, WED_GROUP),
        (Effect.CLOSED, "evening.process-group:2026-12-10"),
    ]
    assert found["alex"] == [(Effect.CLOSED, "evening.process-group:2026-12-10")]


@pytest.mark.asyncio
async def test_notices_cut_short_are_finished_after_a_restart_and_sent_once(
    db: Database,
) -> None:
    programs, messenger = await make_world(db)
    messenger.down = {IDS["sam"], IDS["jordan"]}  # the connection drops midway
    cancel = OccurrenceChange("evening.process-group", WED, None, "Snow")
    assert await programs.change_occurrence(cancel, NOW) == 1
    assert [who for who in IDS if messenger.to(who)] == ["alex"]

    # After a restart: a new service on the same database finishes the job, once.
    later = RecordingMessenger()
    restarted = notices_service(db, ProgramService(db, guild_id=1), later, SimulatedClock(NOW))
    assert await restarted.resume() == 2
    assert sorted(who for who in IDS if later.to(who)) == ["jordan", "sam"]
    assert "Reason: Snow" in later.to("sam")[0]
    assert await restarted.resume() == 0
    # All three were told, so all three hear when it is undone.
    messenger.down.clear()
    assert await programs.restore_occurrence("evening.process-group", WED, NOW) == 3


def test_undoing_a_move_says_the_session_is_back_at_its_usual_time() -> None:
    move = OccurrenceChange("evening.process-group", WED, datetime(2026, 12, 10, 12), "")
    moved = dataclasses.replace(demo(), changes=(*demo().changes, move))
    text = notice_text(ScheduleChange(ChangeKind.RESTORE, WED_GROUP), moved, demo(), "sam")
    assert text.startswith(
        "Moved back to its usual time: **Process group** from <t:1796922000:F> to "
        "<t:1796857200:F>"
    )


@pytest.mark.asyncio
async def test_a_notice_that_failed_for_a_passing_reason_is_retried_once_without_a_restart(
    db: Database,
) -> None:
    programs = ProgramService(db, guild_id=1)
    await programs.import_program(demo(), NOW)
    for name, user_id in IDS.items():
        await members.upsert(db, user_id, name, NOW, participant_key=name)
    messenger = RecordingMessenger()
    clock = SimulatedClock(NOW)
    notices = notices_service(db, programs, messenger, clock)
    await notices.start()
    messenger.down = {IDS["sam"]}  # Discord does not answer for sam's notice
    cancel = OccurrenceChange("evening.process-group", WED, None, "Snow")
    assert await programs.change_occurrence(cancel, NOW) == 2
    scheduler = notices.scheduler
    assert scheduler is not None
    retry = scheduler.get_job(RETRY_JOB_PREFIX + delivery_key(1, "sam"))
    assert retry is not None and retry.trigger.run_date > NOW  # planned, not sent in a loop

    messenger.down.clear()
    clock.advance(timedelta(minutes=1))
    await notices.desk.retry(delivery_key(1, "sam"))
    assert len(messenger.to("sam")) == 1 and "Reason: Snow" in messenger.to("sam")[0]
    await notices.desk.retry(delivery_key(1, "sam"))  # a second run of the job
    assert await notices.resume() == 0  # nor after a restart
    assert len(messenger.to("sam")) == 1
    # Told, so sam hears when it is undone.
    messenger.sent.clear()
    assert await programs.restore_occurrence("evening.process-group", WED, NOW) == 3
    assert messenger.to("sam")
