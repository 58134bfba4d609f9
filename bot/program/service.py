"""The program as the bot sees it: the imported file plus everything changed since.

The effective program is rebuilt from the database (the source of truth) and cached
until something changes; every change notifies the listeners (the reminder service
replans at once, so a change takes effect immediately). A change to participants'
sessions (a cancellation, a move, a closure, a pause, an import, and their undoing)
then goes to the *schedule* listeners with a :class:`ScheduleChange` saying what was
done: the change notices (``bot/program/notices.py``) tell the people it affects, and
the method returns how many were told.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.kernel.db.connection import Database
from bot.program.domain.changes import ChangeKind, ScheduleChange
from bot.program.domain.occurrences import occurrence_key
from bot.program.domain.program_file import export_program, parse_program
from bot.program.domain.schedule import OccurrenceChange, Participant, Program
from bot.program.storage import programs as program_db

log = logging.getLogger(__name__)

Listener = Callable[[Program | None, Program | None], Awaitable[None]]
# ``listener(before, after, change)`` returns how many participants it told.
ScheduleListener = Callable[[Program, Program, ScheduleChange], Awaitable[int]]


class ProgramService:
    def __init__(self, db: Database, guild_id: int) -> None:
        self.db = db
        self.guild_id = guild_id
        self._cached: Program | None = None
        self._loaded = False
        self._listeners: list[Listener] = []
        self._schedule_listeners: list[ScheduleListener] = []

    def on_change(self, listener: Listener) -> None:
        """``listener(before, after)`` runs after every change to the program."""
        self._listeners.append(listener)

    def on_schedule_change(self, listener: ScheduleListener) -> None:
        """``listener(before, after, change)`` runs after the ordinary listeners (so the
        jobs are already replanned) whenever a change may affect participants' sessions."""
        self._schedule_listeners.append(listener)

    async def current(self) -> Program | None:
        if not self._loaded:
            self._cached = await self._build()
            self._loaded = True
        return self._cached

    async def _build(self) -> Program | None:
        document = await program_db.get_document(self.db, self.guild_id)
        if document is None:
            return None
        program = parse_program(document)
        settings = await program_db.all_settings(self.db)
        participants = []
        for participant in program.participants:
            own = settings.get(participant.key)
            if own is not None:
                participant = dataclasses.replace(
                    participant,
                    timezone=own.timezone or participant.timezone,
                    reminders=participant.reminders if own.reminders is None else own.reminders,
                    paused_until=own.paused_until
                    if own.paused_until is not None
                    else participant.paused_until,
                )
            participants.append(participant)
        changes = {(c.session_key, c.day): c for c in program.changes}
        for row in await program_db.all_changes(self.db):
            changes[(row.session_key, row.day)] = OccurrenceChange(
                row.session_key, row.day, row.moved_to, row.reason
            )
        closed = set(program.closed) | set(await program_db.closures(self.db))
        return dataclasses.replace(
            program,
            participants=tuple(participants),
            changes=tuple(sorted(changes.values(), key=lambda c: (c.day, c.session_key))),
            closed=tuple(sorted(closed)),
        )

    async def _changed(self, change: ScheduleChange | None = None) -> int:
        """Rebuild, tell the listeners; with a ``change``, the schedule listeners too.
        Returns how many participants the schedule listeners told."""
        before = self._cached if self._loaded else await self._build()
        self._loaded = False
        after = await self.current()
        for listener in self._listeners:
            try:
                await listener(before, after)
            except Exception:
                # One broken listener must not stop the others (reminders above all).
                log.exception("program change listener %r failed", listener)
        told = 0
        if change is None or before is None or after is None:
            return told
        for schedule_listener in self._schedule_listeners:
            try:
                told += await schedule_listener(before, after, change)
            except Exception:
                log.exception("schedule change listener %r failed", schedule_listener)
        return told

    async def export_text(self) -> str | None:
        program = await self.current()
        return None if program is None else export_program(program)

    async def import_text(self, text: str, now: datetime, by: int | None = None) -> Program:
        """Validate the whole file (raises ``ProgramFileError``), then store it.

        The stored document is the canonical export of what was parsed, so an export
        followed by an import is a no-op.
        """
        return await self.import_program(parse_program(text), now, by)

    async def import_program(
        self, program: Program, now: datetime, by: int | None = None
    ) -> Program:
        """Store an already validated program (the CLI and the sandbox's --program)."""
        await program_db.save_document(self.db, self.guild_id, export_program(program), now, by)
        await self._changed(ScheduleChange(ChangeKind.IMPORT, by=by))
        current = await self.current()
        assert current is not None
        return current

    async def participant(self, key: str) -> Participant | None:
        program = await self.current()
        return None if program is None else program.participant(key)

    async def set_timezone(self, key: str, zone: str) -> None:
        await program_db.set_timezone(self.db, key, zone)
        await self._changed()

    async def set_reminders(self, key: str, leads: tuple[timedelta, ...] | None) -> None:
        await program_db.set_reminders(self.db, key, leads)
        await self._changed()

    async def set_notices(self, key: str, on: bool) -> None:
        """Whether the participant hears about changes to their sessions (no replan:
        nothing they are reminded of changes)."""
        await program_db.set_notices(self.db, key, on)

    async def notices_on(self, key: str) -> bool:
        return key not in await program_db.notices_off(self.db)

    async def set_paused_until(self, key: str, until: date | None, by: int | None = None) -> int:
        """Pause the participant's reminders until ``until`` (None: resume). Returns how
        many were told (the participant, or nobody when nothing changed for them)."""
        await program_db.set_paused_until(self.db, key, until)
        kind = ChangeKind.RESUME if until is None else ChangeKind.PAUSE
        return await self._changed(
            ScheduleChange(kind, subject=key, day=until, participant=key, by=by)
        )

    async def change_occurrence(
        self, change: OccurrenceChange, now: datetime, by: int | None = None
    ) -> int:
        """Cancel or move one occurrence; returns how many participants were told."""
        row = program_db.ChangeRow(change.session_key, change.day, change.moved_to, change.reason)
        await program_db.save_change(self.db, row, by, now)
        kind = ChangeKind.CANCEL if change.cancelled else ChangeKind.MOVE
        subject = occurrence_key(change.session_key, change.day)
        return await self._changed(ScheduleChange(kind, subject, change.reason, by=by))

    async def restore_occurrence(
        self, session_key: str, day: date, now: datetime, by: int | None = None
    ) -> int | None:
        """Undo a cancellation or move made in the bot (None: there was none). Those told
        of the cancellation hear it is back on; returns how many were told."""
        if not await program_db.delete_change(self.db, session_key, day):
            return None
        subject = occurrence_key(session_key, day)
        return await self._changed(ScheduleChange(ChangeKind.RESTORE, subject, by=by))

    async def add_closure(
        self, day: date, reason: str, now: datetime, by: int | None
    ) -> int | None:
        """Close the program on ``day``; None when it was closed already, else how many
        participants were told."""
        if not await program_db.add_closure(self.db, day, reason, by, now):
            return None
        change = ScheduleChange(ChangeKind.CLOSURE, day.isoformat(), reason, day=day, by=by)
        return await self._changed(change)

    async def remove_closure(self, day: date, by: int | None = None) -> int | None:
        """Reopen ``day``; None when it was not closed here, else how many of those told
        of the closure were told it is back on."""
        if not await program_db.remove_closure(self.db, day):
            return None
        return await self._changed(
            ScheduleChange(ChangeKind.REOPEN, day.isoformat(), day=day, by=by)
        )

    async def bot_changes(self) -> list[OccurrenceChange]:
        """The cancellations and moves made in the bot (not the program file's)."""
        return [
            OccurrenceChange(row.session_key, row.day, row.moved_to, row.reason)
            for row in await program_db.all_changes(self.db)
        ]

    async def closure_reasons(self) -> dict[date, str]:
        """The reasons given for the closures added in the bot (the file's have none)."""
        return await program_db.closures(self.db)
