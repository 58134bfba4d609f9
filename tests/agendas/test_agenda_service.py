"""The agenda service against a real database: drafts, scheduling at the lead time,
posting exactly once across restarts, edits, cancellations and templates.

Discord is replaced by a recording publisher; the sandbox tests cover the real one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.agendas.domain import (
    AgendaContent,
    AgendaError,
    AgendaState,
    GroupOccurrence,
    Stopped,
)
from bot.agendas.service import AgendaService, Posted, delivery_key
from bot.agendas.storage import AgendaRow
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import OccurrenceChange
from bot.program.service import ProgramService
from bot.program.storage import programs as program_db

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
WEDNESDAY = "evening.process-group:2026-12-09"  # 18:00 New York = 23:00 UTC
WEDNESDAY_START = datetime(2026, 12, 9, 23, 0, tzinfo=UTC)
THURSDAY = "evening.process-group:2026-12-10"
CONTENT = AgendaContent(
    "Handling cravings at holidays", ("Check-in round", "Urge surfing practice"), "Read p. 12"
)


@dataclass
class Recorder:
    """Stands in for Discord: what was posted, edited, pinned and threaded."""

    posts: dict[int, tuple[str, AgendaContent]] = field(default_factory=dict)
    edits: list[tuple[int, AgendaContent, Stopped | None]] = field(default_factory=list)
    pinned: set[int] = field(default_factory=set)
    threads: dict[int, str] = field(default_factory=dict)

    async def publish(self, found: GroupOccurrence, content: AgendaContent) -> Posted:
        message_id = 500 + len(self.posts)
        self.posts[message_id] = (found.key, content)
        return Posted(channel_id=7, message_id=message_id)

    async def update(
        self,
        row: AgendaRow,
        found: GroupOccurrence,
        content: AgendaContent,
        stopped: Stopped | None,
    ) -> None:
        assert row.message_id is not None
        self.edits.append((row.message_id, content, stopped))

    async def pin(self, channel_id: int, message_id: int, pinned: bool) -> None:
        (self.pinned.add if pinned else self.pinned.discard)(message_id)

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int:
        self.threads[message_id] = name
        return message_id


@dataclass
class World:
    db: Database
    clock: SimulatedClock
    programs: ProgramService
    discord: Recorder
    scheduler: ClockedScheduler
    service: AgendaService

    async def restart(self) -> AgendaService:
        """A new service (and scheduler) on the same database, as after a restart."""
        self.scheduler.shutdown(wait=False)
        self.scheduler = ClockedScheduler(self.clock)
        self.scheduler.start(paused=True)
        self.programs = ProgramService(self.db, guild_id=1)
        self.service = make_service(self)
        await self.service.start()
        return self.service

    async def run_due_syncs(self) -> None:
        """Run the Discord follow-ups the service queued (the scheduler here is paused)."""
        for job in self.scheduler.get_jobs():
            if job.id.startswith("agenda:sync:") and job.trigger.run_date <= self.clock.now():
                job.remove()
                await job.func(*job.args)

    def due(self, agenda_id: int) -> datetime | None:
        job = self.scheduler.get_job(delivery_key(agenda_id))
        return None if job is None else job.trigger.run_date


def make_service(world: World) -> AgendaService:
    return AgendaService(
        Planning(world.db, world.clock, world.scheduler, world.programs),
        publisher=world.discord,
        guild_id=1,
    )


@pytest_asyncio.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    db = await Database.open(tmp_path / "agendas.sqlite3")
    await migrate(db)
    clock = SimulatedClock(NOW)
    programs = ProgramService(db, guild_id=1)
    await programs.import_program(parse_program(DEMO.read_text()), NOW)
    scheduler = ClockedScheduler(clock)
    scheduler.start(paused=True)  # jobs are inspected here and fired by hand
    world = World(db, clock, programs, Recorder(), scheduler, None)  # type: ignore[arg-type]
    world.service = make_service(world)
    await world.service.start()
    yield world
    world.scheduler.shutdown(wait=False)
    await db.close()


@pytest.mark.asyncio
async def test_a_scheduled_agenda_posts_once_at_two_hours_before(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    assert row.state is AgendaState.DRAFT
    row = await world.service.schedule(row.id, by=1)
    assert row.state is AgendaState.SCHEDULED
    assert world.due(row.id) == WEDNESDAY_START - timedelta(hours=2)
    assert world.discord.posts == {}

    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    await world.service.fire(row.id)
    await world.service.fire(row.id)  # a job that runs twice
    assert list(world.discord.posts.values()) == [(WEDNESDAY, CONTENT)]
    posted = await world.service.get(row.id)
    assert posted.state is AgendaState.POSTED
    assert posted.message_id in world.discord.pinned
    assert world.discord.threads[posted.message_id].startswith("Questions: Process group")
    assert await deliveries.is_settled(world.db, delivery_key(row.id))


@pytest.mark.asyncio
async def test_a_restart_between_scheduling_and_posting_posts_once(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    world.clock.set(datetime(2026, 12, 8, 12, 0, tzinfo=UTC))
    service = await world.restart()
    assert world.due(row.id) == WEDNESDAY_START - timedelta(hours=2)
    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    await service.fire(row.id)
    # Restarted again after posting: nothing is rescheduled, nothing posted twice.
    service = await world.restart()
    assert world.due(row.id) is None
    await service.fire(row.id)
    assert len(world.discord.posts) == 1


@pytest.mark.asyncio
async def test_down_past_the_posting_time_posts_at_start_up_if_the_session_is_ahead(
    world: World,
) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    world.clock.set(WEDNESDAY_START - timedelta(minutes=30))
    await world.restart()
    assert world.due(row.id) == world.clock.now()
    world.clock.set(WEDNESDAY_START + timedelta(minutes=5))  # ... and past the start: skipped
    await world.service.fire(row.id)
    assert world.discord.posts == {}


@pytest.mark.asyncio
async def test_edits_before_posting_change_the_post_and_after_posting_edit_it(
    world: World,
) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    better = AgendaContent("Cravings and the holidays", ("Check-in round", "Urge surfing"))
    again = await world.service.save(WEDNESDAY, better, by=1)
    assert again.id == row.id and again.state is AgendaState.SCHEDULED
    assert world.discord.edits == []

    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    await world.service.fire(row.id)
    assert [content for _, content in world.discord.posts.values()] == [better]

    final = AgendaContent("Cravings and the holidays", ("Check-in round", "Urge surfing", "Plan"))
    await world.service.save(WEDNESDAY, final, by=1)
    message_id = (await world.service.get(row.id)).message_id
    assert world.discord.edits == [(message_id, final, None)]
    assert len(world.discord.posts) == 1
    assert "Plan" in (await world.service.posted_summary(WEDNESDAY) or "")


@pytest.mark.asyncio
async def test_reminders_carry_the_agenda_only_from_its_posting_time(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    assert await world.service.posted_summary(WEDNESDAY) is None
    await world.service.schedule(row.id, by=1)
    world.clock.set(WEDNESDAY_START - timedelta(hours=2, minutes=1))
    assert await world.service.posted_summary(WEDNESDAY) is None
    # A reminder due at the posting minute carries it even if its job runs first.
    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    text = await world.service.posted_summary(WEDNESDAY)
    assert text == "**Handling cravings at holidays**\n• Check-in round\n• Urge surfing practice"
    assert await world.service.posted_summary(THURSDAY) is None


@pytest.mark.asyncio
async def test_posting_a_new_agenda_unpins_the_older_one_of_the_track(world: World) -> None:
    first = await world.service.save(WEDNESDAY, CONTENT, by=1)
    first = await world.service.post_now(first.id, by=1)
    second = await world.service.save(THURSDAY, CONTENT, by=1)
    second = await world.service.post_now(second.id, by=1)
    assert world.discord.pinned == {second.message_id}
    assert not (await world.service.get(first.id)).pinned


@pytest.mark.asyncio
async def test_a_cancelled_session_cancels_its_agenda(world: World) -> None:
    scheduled = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(scheduled.id, by=1)
    posted = await world.service.save(THURSDAY, CONTENT, by=1)
    posted = await world.service.post_now(posted.id, by=1)

    for day in (date(2026, 12, 9), date(2026, 12, 10)):
        change = OccurrenceChange("evening.process-group", day, None, "Staff training")
        await world.programs.change_occurrence(change, NOW)
    await world.run_due_syncs()

    assert (await world.service.get(scheduled.id)).state is AgendaState.CANCELLED
    assert world.due(scheduled.id) is None
    assert (await world.service.get(posted.id)).state is AgendaState.CANCELLED
    assert world.discord.edits == [(posted.message_id, CONTENT, Stopped.SESSION)]
    assert world.discord.pinned == set()
    assert await world.service.posted_summary(THURSDAY) is None

    # Both cancellations undone: each agenda is back as it was, the post edited back.
    world.discord.edits.clear()
    for day in (date(2026, 12, 9), date(2026, 12, 10)):
        await world.programs.restore_occurrence("evening.process-group", day, NOW)
    await world.run_due_syncs()
    assert (await world.service.get(scheduled.id)).state is AgendaState.SCHEDULED
    assert world.due(scheduled.id) == WEDNESDAY_START - timedelta(hours=2)
    assert (await world.service.get(posted.id)).state is AgendaState.POSTED
    assert world.discord.edits == [(posted.message_id, CONTENT, None)]
    assert world.discord.pinned == {posted.message_id}
    assert await world.service.posted_summary(THURSDAY) is not None


@pytest.mark.asyncio
async def test_a_withdrawn_agenda_is_replaced_in_its_own_post(world: World) -> None:
    first = await world.service.save(WEDNESDAY, CONTENT, by=1)
    first = await world.service.post_now(first.id, by=1)
    withdrawn = await world.service.withdraw(first.id, by=1)
    assert withdrawn is not None and withdrawn.withdrawn
    assert world.discord.edits == [(first.message_id, CONTENT, Stopped.WITHDRAWN)]
    assert world.discord.pinned == set()
    assert await world.service.posted_summary(WEDNESDAY) is None
    # The session itself is untouched.
    assert (await world.service.occurrence(WEDNESDAY)).key == WEDNESDAY

    better = AgendaContent("Sleep and recovery", ("Sleep diary",))
    second = await world.service.save(WEDNESDAY, better, by=1)
    second = await world.service.schedule(second.id, by=1)
    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    await world.service.fire(second.id)
    second = await world.service.get(second.id)
    # No second post: the withdrawn one now shows the new agenda, pinned, with its thread.
    assert list(world.discord.posts) == [first.message_id]
    assert world.discord.edits[-1] == (first.message_id, better, None)
    assert second.state is AgendaState.POSTED and second.message_id == first.message_id
    assert second.thread_id == first.thread_id and world.discord.pinned == {first.message_id}
    assert not (await world.service.get(first.id)).posted
    await world.service.fire(second.id)  # a job that fires twice edits nothing more
    assert len(world.discord.edits) == 2


@pytest.mark.asyncio
async def test_a_moved_session_moves_the_posting_time(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    change = OccurrenceChange(
        "evening.process-group", date(2026, 12, 9), datetime(2026, 12, 9, 12, 0), "Daytime"
    )
    await world.programs.change_occurrence(change, NOW)
    # 12:00 New York is 17:00 UTC; two hours before is 15:00 UTC.
    assert world.due(row.id) == datetime(2026, 12, 9, 15, 0, tzinfo=UTC)


@pytest.mark.asyncio
async def test_the_lead_time_is_a_program_setting(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    await world.service.set_lead(timedelta(hours=5))
    assert world.due(row.id) == WEDNESDAY_START - timedelta(hours=5)
    await world.restart()
    assert await world.service.lead() == timedelta(hours=5)
    assert world.due(row.id) == WEDNESDAY_START - timedelta(hours=5)


@pytest.mark.asyncio
async def test_scheduling_after_the_posting_time_posts_at_once(world: World) -> None:
    world.clock.set(WEDNESDAY_START - timedelta(hours=1))
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    row = await world.service.schedule(row.id, by=1)
    assert row.state is AgendaState.POSTED
    assert len(world.discord.posts) == 1


@pytest.mark.asyncio
async def test_withdraw_discards_a_draft_and_withdraws_a_scheduled_agenda(world: World) -> None:
    draft = await world.service.save(WEDNESDAY, CONTENT, by=1)
    assert await world.service.withdraw(draft.id, by=1) is None
    assert await world.service.live(WEDNESDAY) is None

    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    cancelled = await world.service.withdraw(row.id, by=1)
    assert cancelled is not None and cancelled.withdrawn
    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    await world.service.fire(row.id)
    assert world.discord.posts == {}
    with pytest.raises(AgendaError, match="withdrawn"):
        await world.service.post_now(row.id, by=1)
    # A new agenda for the same session is a new one, with its own delivery record.
    fresh = await world.service.save(WEDNESDAY, CONTENT, by=1)
    assert fresh.id != row.id
    await world.service.post_now(fresh.id, by=1)
    assert len(world.discord.posts) == 1
    listed = {(r.id, r.state) for r in await world.service.listing()}
    assert listed == {(row.id, AgendaState.CANCELLED), (fresh.id, AgendaState.POSTED)}


@pytest.mark.asyncio
async def test_only_upcoming_group_sessions_can_have_agendas(world: World) -> None:
    upcoming = await world.service.upcoming(days=7)
    keys = {found.key for found in upcoming}
    assert WEDNESDAY in keys and "evening.life-skills:2026-12-08" in keys
    # Personal appointments (alex's counseling, casey's family session) never appear.
    assert all(found.occurrence.personal is False for found in upcoming)
    assert not any("individual" in key or "family" in key for key in keys)
    with pytest.raises(AgendaError, match="already started"):
        world.clock.set(WEDNESDAY_START + timedelta(minutes=1))
        await world.service.save(WEDNESDAY, CONTENT, by=1)
    with pytest.raises(AgendaError, match="not a group session"):
        await world.service.save("evening.process-group:2026-12-31", CONTENT, by=1)


@pytest.mark.asyncio
async def test_templates_shipped_and_saved(world: World) -> None:
    names = [t.name for t in await world.service.templates.all()]
    shipped = ["Relapse prevention", "DBT skills group", "Family session", "Process group"]
    assert names[:4] == shipped
    assert await world.service.templates.save("Grief group", CONTENT, by=1) is True
    assert await world.service.templates.save("grief group", CONTENT, by=1) is False
    found = await world.service.templates.find("grief-group")
    assert found.content == CONTENT and not found.shipped
    assert (await world.service.templates.find("DBT skills group")).content.title.startswith("DBT")
    with pytest.raises(AgendaError, match="shipped template"):
        await world.service.templates.save("Process group", CONTENT, by=1)
    with pytest.raises(AgendaError, match="no agenda template"):
        await world.service.templates.find("yoga")


@pytest.mark.asyncio
async def test_a_failed_post_is_tried_again_and_then_posts_once(world: World) -> None:
    row = await world.service.save(WEDNESDAY, CONTENT, by=1)
    await world.service.schedule(row.id, by=1)
    working = world.discord.publish

    async def broken(found: GroupOccurrence, content: AgendaContent) -> Posted:
        raise RuntimeError("503 from Discord")

    world.discord.publish = broken  # type: ignore[method-assign]
    world.clock.set(WEDNESDAY_START - timedelta(hours=2))
    with pytest.raises(RuntimeError):
        await world.service.fire(row.id)
    assert world.due(row.id) == WEDNESDAY_START - timedelta(hours=1, minutes=50)
    world.discord.publish = working  # type: ignore[method-assign]
    world.clock.set(WEDNESDAY_START - timedelta(hours=1, minutes=50))
    await world.service.fire(row.id)
    assert len(world.discord.posts) == 1
    assert (await world.service.get(row.id)).state is AgendaState.POSTED


@pytest.mark.asyncio
async def test_a_session_cancelled_while_the_bot_was_down_is_shown_cancelled_after_start(
    world: World,
) -> None:
    row = await world.service.save(THURSDAY, CONTENT, by=1)
    row = await world.service.post_now(row.id, by=1)
    # Changed behind the bot's back (as the program CLI can, writing the database).
    await program_db.save_change(
        world.db,
        program_db.ChangeRow("evening.process-group", date(2026, 12, 10), None, "Snow"),
        None,
        NOW,
    )
    await world.restart()
    assert world.discord.edits == []  # nothing touches Discord during start-up itself
    await world.run_due_syncs()
    assert world.discord.edits == [(row.message_id, CONTENT, Stopped.SESSION)]
    assert world.discord.pinned == set()
