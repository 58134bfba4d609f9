"""Group agendas: drafted by facilitators, posted once at a lead time before the session.

The database is the source of truth: the scheduler holds one job per scheduled agenda
(``agenda:post:<id>``), rebuilt from the agendas table at start-up and after every
program change. The post itself is guarded by a delivery record with the same key, so a
restart between scheduling and posting (or a job that fires twice) posts it once.

Discord is reached only through a :class:`Publisher` (the cog implements it), so this
module is tested against a real database with a recording publisher.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from bot.agendas import storage as agenda_db
from bot.agendas.domain import (
    DEFAULT_LEAD,
    AgendaContent,
    AgendaError,
    AgendaState,
    GroupOccurrence,
    Stopped,
    as_scheduled,
    find_group_occurrence,
    group_occurrences,
    post_instant,
    summary,
    thread_name,
)
from bot.agendas.storage import AgendaRow
from bot.agendas.templates import TEMPLATES_FILE, AgendaTemplates
from bot.kernel.db import deliveries
from bot.kernel.planner import Planning, ProgramPlanner
from bot.program.domain.schedule import Program

log = logging.getLogger(__name__)

JOB_PREFIX = "agenda:post:"
SYNC_PREFIX = "agenda:sync:"
DELIVERY_KIND = "agenda"
# Reconcile agendas whose session started up to this long ago (a move may bring one back).
LOOK_BACK = timedelta(days=1)
RETRY_AFTER = timedelta(minutes=10)


def delivery_key(agenda_id: int) -> str:
    return f"{JOB_PREFIX}{agenda_id}"


@dataclass(frozen=True)
class Posted:
    channel_id: int
    message_id: int


class Publisher(Protocol):
    """How agendas reach Discord (``cogs/agendas/_views.py``'s ``DiscordPublisher``, handed
    in by ``bot/app.py``); every method may raise on an HTTP error."""

    async def publish(self, found: GroupOccurrence, content: AgendaContent) -> Posted: ...

    async def update(
        self,
        row: AgendaRow,
        found: GroupOccurrence,
        content: AgendaContent,
        stopped: Stopped | None,
    ) -> None:
        """Edit the post ``row`` names to show ``content`` (or why it stopped)."""
        ...

    async def pin(self, channel_id: int, message_id: int, pinned: bool) -> None: ...

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int: ...


class AgendaService(ProgramPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        publisher: Publisher,
        guild_id: int,
        templates_file: Path = TEMPLATES_FILE,
    ) -> None:
        super().__init__(planning)
        self.publisher = publisher
        self.guild_id = guild_id
        self.templates = AgendaTemplates(planning.db, planning.clock, templates_file)

    def stop(self) -> None:
        self.scheduler.remove_jobs_with_prefix("agenda:")

    # ---- settings and lookups ------------------------------------------------------------

    async def lead(self) -> timedelta:
        return await agenda_db.lead(self.db, self.guild_id) or DEFAULT_LEAD

    async def set_lead(self, value: timedelta) -> None:
        await agenda_db.set_lead(self.db, self.guild_id, value)
        await self.replan()

    async def _program(self) -> Program:
        program = await self.programs.current()
        if program is None:
            raise AgendaError("No program is loaded yet: use `/program import` first.")
        return program

    async def upcoming(self, days: int = 21) -> list[GroupOccurrence]:
        program = await self.programs.current()
        if program is None:
            return []
        now = self.clock.now()
        return group_occurrences(program, now, now + timedelta(days=days))

    async def occurrence(self, key: str) -> GroupOccurrence:
        """An upcoming group occurrence, or an error that says why it cannot have one."""
        found = find_group_occurrence(await self._program(), key)
        if found is None:
            raise AgendaError(
                f'"{key}" is not a group session on the schedule (it may have been cancelled): '
                "pick one from the list as you type."
            )
        if found.occurrence.start <= self.clock.now():
            raise AgendaError(
                f"{found.occurrence.title} on {found.occurrence.local_start:%a %d %b %H:%M} has "
                "already started: agendas are for upcoming sessions."
            )
        return found

    async def live(self, key: str) -> AgendaRow | None:
        return await agenda_db.live_for(self.db, key)

    async def get(self, agenda_id: int) -> AgendaRow:
        row = await agenda_db.get(self.db, agenda_id)
        if row is None:
            raise AgendaError("That agenda no longer exists (it was discarded).")
        return row

    async def listing(self) -> list[AgendaRow]:
        """Agendas of sessions that have not started yet, in every state."""
        return await agenda_db.starting_after(self.db, self.clock.now())

    async def posted_summary(self, occurrence_key: str) -> str | None:
        """The agenda's title and items for a reminder, once it is posted.

        An agenda whose posting time has come counts as posted: a reminder due at the
        same minute must not miss it because its job happened to run first.
        """
        row = await agenda_db.live_for(self.db, occurrence_key)
        if row is None:
            return None
        if row.state is AgendaState.SCHEDULED:
            if self.clock.now() < post_instant(row.starts_at, await self.lead()):
                return None
        elif row.state is not AgendaState.POSTED:
            return None
        return summary(row.content)

    # ---- composing -----------------------------------------------------------------------

    async def save(self, key: str, content: AgendaContent, by: int | None) -> AgendaRow:
        """Create the occurrence's agenda as a draft, or change the live one.

        A posted agenda's message is edited at once, so what people read is current.
        """
        async with self._lock:
            found = await self.occurrence(key)
            now = self.clock.now()
            row = await agenda_db.live_for(self.db, key)
            if row is None:
                agenda_id = await agenda_db.create(
                    self.db, key, found.track, content, found.occurrence.start, by, now
                )
                return await self.get(agenda_id)
            await agenda_db.update_content(self.db, row.id, content, by, now)
            if row.state is AgendaState.POSTED:
                try:
                    await self.publisher.update(row, found, content, stopped=None)
                except Exception:
                    log.exception("could not edit posted agenda %d; trying again", row.id)
                    self._sync_soon(row.id)
            return await self.get(row.id)

    async def schedule(self, agenda_id: int, by: int | None) -> AgendaRow:
        """Post at the lead time before the session (at once if that time has passed)."""
        async with self._lock:
            row = await self._changeable(agenda_id)
            if row.state is AgendaState.POSTED:
                raise AgendaError("This agenda is already posted; edit it to change the post.")
            found = await self.occurrence(row.occurrence)
            now = self.clock.now()
            await agenda_db.set_state(self.db, row.id, AgendaState.SCHEDULED, by, now)
            due = post_instant(found.occurrence.start, await self.lead())
            if due <= now:
                await self._post(await self.get(row.id), found, due)
            else:
                self.scheduler.schedule_at(delivery_key(row.id), due, self.fire, row.id)
            return await self.get(row.id)

    async def post_now(self, agenda_id: int, by: int | None) -> AgendaRow:
        async with self._lock:
            row = await self._changeable(agenda_id)
            if row.state is AgendaState.POSTED:
                raise AgendaError("This agenda is already posted.")
            found = await self.occurrence(row.occurrence)
            now = self.clock.now()
            self._unschedule(row.id)
            await agenda_db.set_state(self.db, row.id, AgendaState.SCHEDULED, by, now)
            await self._post(await self.get(row.id), found, now)
            return await self.get(row.id)

    async def withdraw(self, agenda_id: int, by: int | None) -> AgendaRow | None:
        """Discard a draft (None), or withdraw a scheduled or posted agenda: the session
        still takes place; a posted agenda's post says the agenda was withdrawn (until a
        new agenda for the session replaces it)."""
        async with self._lock:
            row = await self._changeable(agenda_id)
            self._unschedule(row.id)
            if row.state is AgendaState.DRAFT:
                await agenda_db.delete(self.db, row.id)
                return None
            await agenda_db.stop(
                self.db, row.id, Stopped.WITHDRAWN, row.state, by, self.clock.now()
            )
            await self._sync(row.id)
            return await self.get(row.id)

    def _unschedule(self, agenda_id: int) -> None:
        # By exact id: a prefix would also catch agenda 10's job when removing agenda 1's.
        if self.scheduler.get_job(delivery_key(agenda_id)) is not None:
            self.scheduler.remove_job(delivery_key(agenda_id))

    async def _changeable(self, agenda_id: int) -> AgendaRow:
        row = await self.get(agenda_id)
        if row.withdrawn:
            raise AgendaError(
                "This agenda was withdrawn. Use `/agenda compose` to write a new one."
            )
        if row.state is AgendaState.CANCELLED:
            raise AgendaError(
                "This agenda's session is cancelled. If the session is restored, the agenda "
                "comes back with it."
            )
        return row

    # ---- posting -------------------------------------------------------------------------

    async def fire(self, agenda_id: int) -> None:
        """The scheduler job: post the agenda if it is still owed."""
        async with self._lock:
            row = await agenda_db.get(self.db, agenda_id)
            if row is None or row.state is not AgendaState.SCHEDULED:
                return
            program = await self.programs.current()
            found = find_group_occurrence(program, row.occurrence) if program else None
            if found is None:
                await self._session_off(row)
                return
            now = self.clock.now()
            due = post_instant(found.occurrence.start, await self.lead())
            if now >= found.occurrence.start:
                # Down past the session's start: an agenda now would only confuse.
                await deliveries.record_skipped(
                    self.db,
                    delivery_key(row.id),
                    DELIVERY_KIND,
                    None,
                    due,
                    now,
                    "session already started",
                )
                log.warning("agenda %d not posted: its session already started", row.id)
                return
            await self._post(row, found, due)

    async def _post(self, row: AgendaRow, found: GroupOccurrence, due: datetime) -> None:
        key = delivery_key(row.id)
        now = self.clock.now()
        if not await deliveries.claim(self.db, key, DELIVERY_KIND, None, due, now):
            log.info("agenda %d was already posted or skipped", row.id)
            return
        try:
            if await self._replace_withdrawn(row, found, now):
                posted = None
            else:
                posted = await self.publisher.publish(found, row.content)
        except Exception:
            # The claim stays open (nothing was posted, or at most once more): try again
            # shortly while the session is still ahead, rather than never.
            retry = now + RETRY_AFTER
            if retry < found.occurrence.start:
                self.scheduler.schedule_at(key, retry, self.fire, row.id)
            raise
        # The agenda row first: once it says posted, no job is rebuilt for it.
        if posted is not None:
            await agenda_db.mark_posted(self.db, row.id, posted.channel_id, posted.message_id, now)
        status = "late" if now - due > timedelta(minutes=5) else "sent"
        message_id = (await self.get(row.id)).message_id
        await deliveries.settle(self.db, key, status, now, message_id=message_id)
        log.info("agenda %d posted for %s", row.id, row.occurrence)
        await self._finish(row.id, found)

    async def _replace_withdrawn(
        self, row: AgendaRow, found: GroupOccurrence, now: datetime
    ) -> bool:
        """Show ``row`` in the post of the session's withdrawn agenda, if one is up: one
        post per session, keeping its pin and questions thread. False when there is none
        (or it is gone from Discord): then a new post is made."""
        old = await agenda_db.withdrawn_post_for(self.db, row.occurrence)
        if old is None:
            return False
        try:
            await self.publisher.update(old, found, row.content, stopped=None)
        except Exception:
            log.warning("the withdrawn agenda %d's post could not be reused; posting anew", old.id)
            return False
        await agenda_db.take_over_post(self.db, row.id, old.id, now)
        return True

    async def _finish(self, agenda_id: int, found: GroupOccurrence) -> None:
        """Pin it, unpin the track's older agendas, open its questions thread.

        Each step is independent and idempotent, so one that fails (a missing
        permission) does not stop the others, and start-up completes what is missing.
        """
        row = await self.get(agenda_id)
        if row.channel_id is None or row.message_id is None:
            return
        if not row.pinned:
            try:
                await self.publisher.pin(row.channel_id, row.message_id, True)
                await agenda_db.set_pinned(self.db, row.id, True)
            except Exception:
                log.exception("could not pin agenda %d", row.id)
        for older in await agenda_db.pinned_in_track(self.db, row.track, row.id):
            await self._unpin(older)
        if row.thread_id is None:
            try:
                thread_id = await self.publisher.open_thread(
                    row.channel_id, row.message_id, thread_name(found)
                )
                await agenda_db.set_thread(self.db, row.id, thread_id)
            except Exception:
                log.exception("could not open the questions thread of agenda %d", row.id)

    async def _unpin(self, row: AgendaRow) -> None:
        if row.channel_id is None or row.message_id is None:
            return
        try:
            await self.publisher.pin(row.channel_id, row.message_id, False)
        except Exception:
            log.exception("could not unpin agenda %d", row.id)
            return
        await agenda_db.set_pinned(self.db, row.id, False)

    async def _sync(self, agenda_id: int) -> None:
        """Bring a posted message in line with its row: its content and time; unpinned,
        saying the agenda was withdrawn or the session cancelled, once cancelled; pinned
        with a thread while posted."""
        row = await agenda_db.get(self.db, agenda_id)
        program = await self.programs.current()
        if row is None or row.message_id is None or program is None:
            return
        found = find_group_occurrence(program, row.occurrence) or as_scheduled(
            program, row.track, row.occurrence, row.starts_at
        )
        cancelled = row.state is AgendaState.CANCELLED
        stopped = (row.stopped_because or Stopped.SESSION) if cancelled else None
        if found is not None:
            try:
                await self.publisher.update(row, found, row.content, stopped=stopped)
            except Exception:
                log.exception("could not update the posted agenda %d", row.id)
        if cancelled and row.pinned:
            await self._unpin(row)
        elif row.state is AgendaState.POSTED and found is not None:
            await self._finish(row.id, found)

    async def _sync_job(self, agenda_id: int) -> None:
        async with self._lock:
            await self._sync(agenda_id)

    def _sync_soon(self, agenda_id: int) -> None:
        # Not inline: at start-up (inside the bot's setup) Discord is not reachable yet,
        # and a job runs once it is.
        job_id = SYNC_PREFIX + str(agenda_id)
        self.scheduler.schedule_at(job_id, self.clock.now(), self._sync_job, agenda_id)

    async def _session_off(self, row: AgendaRow) -> None:
        """The session no longer takes place: the agenda stops with it, remembering its
        state so that it comes back if the session does."""
        await agenda_db.stop(self.db, row.id, Stopped.SESSION, row.state, None, self.clock.now())
        self._unschedule(row.id)

    async def _session_back(self, row: AgendaRow) -> AgendaRow:
        """The session of an agenda stopped with it takes place again (a cancellation
        undone, a day reopened): the agenda returns to what it was."""
        state = row.state_before or AgendaState.DRAFT
        if state is AgendaState.POSTED and not row.posted:
            state = AgendaState.SCHEDULED  # its post was replaced meanwhile: post it again
        await agenda_db.set_state(self.db, row.id, state, None, self.clock.now())
        log.info("agenda %d is back (%s): its session takes place again", row.id, state)
        return await self.get(row.id)

    # ---- keeping jobs in step with the database ---------------------------------------------

    async def replan(self) -> None:
        """Reconcile every live agenda with the current program and rebuild its job.

        A cancelled occurrence cancels its agenda (a posted one is edited to say so and
        unpinned), and an occurrence that comes back brings it back; a moved one gets a
        new posting time, and a posted one shows the new time. Discord is touched only
        from jobs (see ``_sync_soon``).
        """
        async with self._lock:
            program = await self.programs.current()
            now = self.clock.now()
            lead = await self.lead()
            live = (AgendaState.DRAFT, AgendaState.SCHEDULED, AgendaState.POSTED)
            rows = [
                r
                for r in await agenda_db.starting_after(self.db, now - LOOK_BACK)
                if r.state in live or r.session_off
            ]
            self.scheduler.remove_jobs_with_prefix(JOB_PREFIX)
            for row in rows:
                found = find_group_occurrence(program, row.occurrence) if program else None
                if row.session_off:
                    if found is None or found.occurrence.start <= now:
                        continue
                    if await agenda_db.live_for(self.db, row.occurrence) is not None:
                        continue
                    row = await self._session_back(row)
                    if row.posted:
                        self._sync_soon(row.id)
                if found is None:
                    if row.starts_at > now:
                        await self._session_off(row)
                        if row.posted:
                            self._sync_soon(row.id)
                    continue
                start = found.occurrence.start
                moved = start != row.starts_at
                if moved:
                    await agenda_db.set_starts_at(self.db, row.id, start)
                if row.state is AgendaState.SCHEDULED and now < start:
                    due = max(post_instant(start, lead), now)
                    self.scheduler.schedule_at(delivery_key(row.id), due, self.fire, row.id)
                elif row.state is AgendaState.POSTED and (
                    moved or row.thread_id is None or not row.pinned
                ):
                    self._sync_soon(row.id)
