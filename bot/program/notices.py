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
unless they turned notices off (``/reminders notices:off``). Each send is guarded by a
delivery record (``notice:<change id>:<participant>``), so a retry never sends twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.messenger import DmClosed, NotInServer
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

log = logging.getLogger(__name__)

NOTICE_WINDOW = timedelta(days=21)
DELIVERY_KIND = "notice"

# (the notice, its participant, whether they get reminders) -> the message's contents
RenderNotice = Callable[[ParticipantNotice, Participant, bool], dict[str, Any]]


class DirectMessages(Protocol):
    """How a notice is sent: the kernel's ``Messenger`` (raises ``DmClosed`` or
    ``NotInServer``; returns the message, whose id is recorded)."""

    async def send(self, user_id: int, **content: Any) -> Any: ...


def delivery_key(change_id: int, participant: str) -> str:
    return f"notice:{change_id}:{participant}"


class ChangeNotices:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        programs: ProgramService,
        messenger: DirectMessages,
        render: RenderNotice,
        *,
        window: timedelta = NOTICE_WINDOW,
    ) -> None:
        self.db = db
        self.clock = clock
        self.programs = programs
        self.messenger = messenger
        self.render = render
        self.window = window

    def start(self) -> None:
        self.programs.on_schedule_change(self.changed)

    async def changed(self, before: Program, after: Program, change: ScheduleChange) -> int:
        """Tell everyone ``change`` affected; returns how many were told."""
        now = self.clock.now()
        owed = notices_for(change, before, after, now, self.window)
        change_id = await change_db.record(self.db, change, now)
        undone = UNDOES.get(change.kind)
        if undone is not None:
            owed = await self._only_those_told(owed, undone.value, change, change_id)
        if not owed:
            return 0
        opted_out = await program_db.notices_off(self.db)
        told = 0
        for notice in owed:
            participant = after.participant(notice.participant)
            if participant is None or notice.participant in opted_out:
                continue
            reminded = bool(after.leads_for(participant))
            if await self._send(change_id, notice, participant, reminded):
                told += 1
        log.info("%s change %d: %d of %d affected told", change.kind, change_id, told, len(owed))
        return told

    async def _only_those_told(
        self, owed: list[ParticipantNotice], undone: str, change: ScheduleChange, change_id: int
    ) -> list[ParticipantNotice]:
        previous = await change_db.latest_not_undone(self.db, undone, change.subject)
        if previous is None:
            return owed  # nobody was recorded as told: everyone it affects hears
        await change_db.mark_undone(self.db, previous, change_id)
        told = await change_db.told_of(self.db, previous)
        kept: list[ParticipantNotice] = []
        for notice in owed:
            record = told.get(notice.participant)
            limited = restricted(notice, record.occurrences) if record else None
            if limited is not None:
                kept.append(limited)
        return kept

    async def _send(
        self, change_id: int, notice: ParticipantNotice, participant: Participant, reminded: bool
    ) -> bool:
        now = self.clock.now()
        row = await members.by_participant(self.db, participant.key)
        user_id = row.user_id if row is not None else participant.discord_id
        if user_id is None:
            log.info("notice for %s not sent: not linked to a member", participant.display)
            return False
        key = delivery_key(change_id, participant.key)
        if not await deliveries.claim(self.db, key, DELIVERY_KIND, user_id, now, now):
            return False
        try:
            message = await self.messenger.send(
                user_id, **self.render(notice, participant, reminded)
            )
        except (DmClosed, NotInServer) as error:
            await deliveries.settle(self.db, key, "failed", now, detail=type(error).__name__)
            await change_db.record_notice(
                self.db, change_id, participant.key, notice.occurrence_keys, "failed", None, now
            )
            return False
        except Exception:
            # Left claimed, not recorded as told: one person's failure stops no one else's.
            log.exception("change notice %s could not be sent", key)
            return False
        sent_at = self.clock.now()
        await deliveries.settle(self.db, key, "sent", sent_at, message_id=message.id)
        await change_db.record_notice(
            self.db,
            change_id,
            participant.key,
            notice.occurrence_keys,
            "sent",
            message.id,
            sent_at,
        )
        return True
