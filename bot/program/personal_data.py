"""The program's answer to privacy (bot/kernel/personal_data.py): a person's entry in the
program file, their own settings, their RSVPs and the attendance marked for them, their
pauses and the change notices they were sent."""

from __future__ import annotations

import dataclasses
from typing import Any

import aiosqlite

from bot.kernel.db.connection import Database
from bot.kernel.personal_data import PersonalData, Provider, Subject, table_source
from bot.kernel.plain import clock_time
from bot.program.domain.program_file import export_program, parse_program
from bot.program.domain.schedule import Participant, WeeklySession
from bot.program.storage import programs as program_db

PROGRAM_ENTRY = "program entry"  # the kind whose erasure changes the program itself


def _participant_entry(participant: Participant) -> dict[str, Any]:
    return {
        "name": participant.name,
        "discord_id": participant.discord_id,
        "track": participant.track,
        "timezone": participant.timezone,
        "start": participant.start.isoformat(),
        "weeks": participant.weeks,
        "reminders_seconds": None
        if participant.reminders is None
        else [int(r.total_seconds()) for r in participant.reminders],
        "paused_until": None
        if participant.paused_until is None
        else participant.paused_until.isoformat(),
        "appointments": [_appointment(a) for a in participant.appointments],
    }


def _appointment(session: WeeklySession) -> dict[str, Any]:
    """A personal appointment as plain fields (never the record's repr)."""
    return {
        "title": session.title,
        "kind": session.kind,
        "days": ", ".join(day.capitalize() for day in session.day_names),
        "start": clock_time(session.start),
        "minutes": session.minutes,
        "location": session.location,
    }


async def _export_program_entry(db: Database, subject: Subject) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for document in await program_db.all_documents(db):
        program = parse_program(document)
        out.extend(_participant_entry(p) for p in program.participants if p.key in subject.keys)
    return out


async def _erase_program_entry(conn: aiosqlite.Connection, subject: Subject) -> int:
    """Remove the person's entry from every stored program document (the canonical export
    of the imported file), so no reminder, prompt or job can be planned for them again.
    The privacy service tells ProgramService afterwards so its listeners replan."""
    removed = 0
    for guild_id, document in await program_db.documents_in(conn):
        program = parse_program(document)
        kept = tuple(p for p in program.participants if p.key not in subject.keys)
        if len(kept) == len(program.participants):
            continue
        removed += len(program.participants) - len(kept)
        text = export_program(dataclasses.replace(program, participants=kept))
        await program_db.replace_document_in(conn, guild_id, text)
    return removed


PROGRAM_DATA = Provider(
    kinds=(
        PersonalData(
            PROGRAM_ENTRY,
            _export_program_entry,
            _erase_program_entry,
            "Your line in the program file: track, start date, weeks, time zone.",
            ("program_documents",),
        ),
        table_source(
            "program settings",
            "participant_settings",
            "participant",
            description="Your /timezone, /reminders and /pause choices.",
            decode_json=("reminders",),
        ),
        table_source(
            "rsvps", "rsvps", "participant", description="Your answers to 'are you coming?'."
        ),
        table_source(
            "attendance",
            "attendance",
            "participant",
            description="Attendance facilitators marked for you.",
        ),
        table_source(
            "pauses",
            "schedule_changes",
            "subject",
            description="When you paused and resumed your reminders (/pause).",
        ),
        table_source(
            "change notices",
            "schedule_change_notices",
            "participant",
            description="The notices I sent you about changes to your sessions, and which "
            "sessions each one listed.",
            decode_json=("occurrences",),
        ),
    )
)
