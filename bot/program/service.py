"""The program as the bot sees it: the imported file plus everything changed since.

The effective program is rebuilt from the database (the source of truth) and cached
until something changes; every change notifies the listeners (the reminder service
replans at once, so a change takes effect immediately).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.kernel.db.connection import Database
from bot.program.domain.program_checks import Problem
from bot.program.domain.program_file import ProgramFileError, export_program, parse_program
from bot.program.domain.schedule import OccurrenceChange, Participant, Program
from bot.program.storage import programs as program_db

log = logging.getLogger(__name__)

Listener = Callable[[Program | None, Program | None], Awaitable[None]]
# A check a capability adds on what the program file names from its own data (the
# measures capability: instrument ids of data/instruments.toml).
Check = Callable[[Program], list[Problem]]


class ProgramService:
    def __init__(self, db: Database, guild_id: int) -> None:
        self.db = db
        self.guild_id = guild_id
        self._cached: Program | None = None
        self._loaded = False
        self._listeners: list[Listener] = []
        self._checks: list[Check] = []

    def on_change(self, listener: Listener) -> None:
        """``listener(before, after)`` runs after every change to the program."""
        self._listeners.append(listener)

    def add_check(self, check: Check) -> None:
        """``check(program)`` runs on every import; any problem refuses the file whole."""
        self._checks.append(check)

    def check(self, program: Program) -> list[Problem]:
        return [problem for check in self._checks for problem in check(program)]

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

    async def _changed(self) -> None:
        before = self._cached if self._loaded else await self._build()
        self._loaded = False
        after = await self.current()
        for listener in self._listeners:
            try:
                await listener(before, after)
            except Exception:
                # One broken listener must not stop the others (reminders above all).
                log.exception("program change listener %r failed", listener)

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
        """Store an already validated program (the CLI and the sandbox's --program),
        after the capabilities' own checks (``ProgramFileError`` when one fails)."""
        problems = self.check(program)
        if problems:
            raise ProgramFileError(problems)
        await program_db.save_document(self.db, self.guild_id, export_program(program), now, by)
        await self._changed()
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

    async def set_paused_until(self, key: str, until: date | None) -> None:
        await program_db.set_paused_until(self.db, key, until)
        await self._changed()

    async def change_occurrence(
        self, change: OccurrenceChange, now: datetime, by: int | None = None
    ) -> None:
        row = program_db.ChangeRow(change.session_key, change.day, change.moved_to, change.reason)
        await program_db.save_change(self.db, row, by, now)
        await self._changed()

    async def add_closure(self, day: date, reason: str, now: datetime, by: int | None) -> bool:
        added = await program_db.add_closure(self.db, day, reason, by, now)
        if added:
            await self._changed()
        return added

    async def remove_closure(self, day: date) -> bool:
        removed = await program_db.remove_closure(self.db, day)
        if removed:
            await self._changed()
        return removed
