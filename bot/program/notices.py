"""Change notices: one DM per participant per change to their sessions, in true words.

Subscribed to the program's schedule changes (``ProgramService.on_schedule_change``).
For each change it works out who was affected and how (``bot/program/domain/changes``),
records the change, sends each person one notice listing their sessions in date order
(rendered by the reminders capability, handed in by ``bot/app.py``), and records who
was told. Undoing a change (a closure removed, a cancellation undone) tells exactly
those who were told of it, about the sessions they were told of; a change made before
anyone was recorded as told (an older database, or the program file) tells everyone it
affects.

Change notices are not reminders: a participant with reminders off still gets them,
unless they turned notices off (``/reminders notices:off``). Each send goes through the
delivery desk (``bot/kernel/delivery.py``) under the delivery record
``notice:<change id>:<participant>``, so a retry never sends twice and a send that
failed for a reason that may pass (a 503, a timeout) is tried again until the last
session it tells of has passed; every notice a change calls for is written down before
the first is sent, so a restart in the middle of telling a group tells the rest once the
bot is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.delivery import DeliveryDesk
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.changes import (
    UNDOES,
    ParticipantNotice,
    ScheduleChange,
    notices_for,
    restricted,
)
from bot.program.domain.schedule import Participant, Program
from bot.program.service import ProgramService
from bot.program.storage import changes as change_db
from bot.program.storage import programs as program_db
from bot.program.storage.changes import OwedNotice

log = logging.getLogger(__name__)

NOTICE_WINDOW = timedelta(days=21)
DELIVERY_KIND = "notice"

# (the notice, its participant, whether they get reminders) -> the notice's text
RenderNotice = Callable[[ParticipantNotice, Participant, bool], str]
RESUME_JOB = "notices:resume"


class DirectMessages(Protocol):
    """How a notice is sent: the kernel's ``Messenger`` (raises ``DmClosed`` or
    ``NotInServer``; returns the message, whose id is recorded)."""

    async def send(self, user_id: int, **content: Any) -> Any: ...


def delivery_key(change_id: int, participant: str) -> str:
    return f"notice:{change_id}:{participant}"


def useful_until(occurrences: tuple[str, ...], now: datetime) -> datetime:
    """Until when a notice is worth sending: the end of the last day it tells of, in
    every time zone (a notice of a session that has passed tells nobody anything); a
    week for a notice that names no session."""
    days = [date.fromisoformat(key.rsplit(":", 1)[1]) for key in occurrences]
    if not days:
        return now + timedelta(days=7)
    return datetime.combine(max(days) + timedelta(days=2), time(), UTC)


class ChangeNotices:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        programs: ProgramService,
        messenger: DirectMessages,
        render: RenderNotice,
        *,
        scheduler: ClockedScheduler | None = None,
        desk: DeliveryDesk | None = None,
        window: timedelta = NOTICE_WINDOW,
    ) -> None:
        self.db = db
        self.clock = clock
        self.programs = programs
        self.messenger = messenger
        self.render = render
        self.scheduler = scheduler
        self.desk = desk or DeliveryDesk(db, clock, scheduler)
        self.window = window

    async def start(self) -> None:
        """Subscribe to schedule changes; finish telling a group a restart cut short (from
        a job: at start-up Discord is not reachable yet, and a job runs once it is)."""
        self.programs.on_schedule_change(self.changed)
        self.desk.on_retry(DELIVERY_KIND, self.resend)
        if self.scheduler is not None and await change_db.owed(self.db):
            self.scheduler.schedule_at(RESUME_JOB, self.clock.now(), self.resume)

    async def resume(self) -> int:
        """Send every notice written down as owed and not yet settled; how many arrived."""
        told = 0
        for notice in await change_db.owed(self.db):
            told += await self._send(notice)
        return told

    async def changed(self, before: Program, after: Program, change: ScheduleChange) -> int:
        """Tell everyone ``change`` affected; returns how many were told."""
        now = self.clock.now()
        found = notices_for(change, before, after, now, self.window)
        change_id = await change_db.record(self.db, change, now)
        undone = UNDOES.get(change.kind)
        if undone is not None:
            found = await self._only_those_told(found, undone.value, change, change_id)
        if not found:
            return 0
        opted_out = await program_db.notices_off(self.db)
        owed: list[OwedNotice] = []
        for notice in found:
            participant = after.participant(notice.participant)
            if participant is None or notice.participant in opted_out:
                continue
            row = await members.by_participant(self.db, participant.key)
            user_id = row.user_id if row is not None else participant.discord_id
            if user_id is None:
                log.info("notice for %s not sent: not linked to a member", participant.display)
                continue
            text = self.render(notice, participant, bool(after.leads_for(participant)))
            owed.append(
                OwedNotice(change_id, participant.key, user_id, notice.occurrence_keys, text)
            )
        # Written down before the first is sent: a restart midway finishes the rest.
        await change_db.owe(self.db, owed, now)
        told = 0
        for item in owed:
            told += await self._send(item)
        log.info("%s change %d: %d of %d affected told", change.kind, change_id, told, len(found))
        return told

    async def _only_those_told(
        self, found: list[ParticipantNotice], undone: str, change: ScheduleChange, change_id: int
    ) -> list[ParticipantNotice]:
        previous = await change_db.latest_not_undone(self.db, undone, change.subject)
        if previous is None:
            return found  # nobody was recorded as told: everyone it affects hears
        await change_db.mark_undone(self.db, previous, change_id)
        told = await change_db.told_of(self.db, previous)
        kept: list[ParticipantNotice] = []
        for notice in found:
            record = told.get(notice.participant)
            limited = restricted(notice, record.occurrences) if record else None
            if limited is not None:
                kept.append(limited)
        return kept

    async def resend(self, key: str) -> None:
        """A notice's retry (the delivery desk): send it if it is still owed."""
        _, change_id, participant = key.split(":", 2)
        notice = await change_db.owed_one(self.db, int(change_id), participant)
        if notice is not None:
            await self._send(notice)

    async def _send(self, notice: OwedNotice) -> int:
        """1 when the notice reached the participant now, else 0 (given up, or waiting
        for its retry; one person's failure stops no one else's)."""
        now = self.clock.now()
        key = delivery_key(notice.change_id, notice.participant)
        outcome = await self.desk.deliver(
            key, DELIVERY_KIND, notice.user_id, now,
            lambda: self.messenger.send(notice.user_id, content=notice.content),
            useful_until=useful_until(notice.occurrences, now),
        )  # fmt: skip
        status = outcome.status
        if status == "held":
            # Settled before (a restart between the send and the notice's own record):
            # the notice takes the delivery's end.
            status = await deliveries.status_of(self.db, key) or "held"
        if status in ("sent", "late"):
            await change_db.settle_notice(
                self.db, notice.change_id, notice.participant, "sent", outcome.message_id,
                self.clock.now(),
            )  # fmt: skip
            return 1 if outcome.delivered else 0
        if status in ("failed", "skipped"):
            await change_db.settle_notice(
                self.db, notice.change_id, notice.participant, "failed", None, self.clock.now()
            )
        return 0
