"""The registry of personal data: every table that names a person, with how to export it
and how to erase it. Export (/mydata export), erasure (/mydata delete, facilitator
erasure, retention) and the tests that compare an export with the database all walk this
list, so a feature that stores something about a person registers it here and is then
covered by every data right at once.

A source's ``erase`` runs inside the caller's transaction (one transaction for the
whole erasure), so it must not open its own. Rows are matched by the participant key
and by the Discord id as text: some features key rows by the program's participant key,
others (coping before enrolment, crisis regions, moderation) by the Discord id.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.kernel.db.connection import Database


@dataclass(frozen=True)
class Subject:
    """Who the data is about. ``user_id`` is None for a program entry that never joined
    the server (retention still erases what the program stored under their key)."""

    user_id: int | None
    participant_key: str | None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every text key a row may carry for this person (participant key, Discord id)."""
        found: list[str] = []
        if self.participant_key:
            found.append(self.participant_key)
        if self.user_id is not None and str(self.user_id) not in found:
            found.append(str(self.user_id))
        return tuple(found)

    @property
    def user_ids(self) -> tuple[int, ...]:
        return () if self.user_id is None else (self.user_id,)

    @property
    def label(self) -> str:
        """How the audit log and reports name the subject (never a display name)."""
        return self.participant_key or str(self.user_id)


Exporter = Callable[[Database, Subject], Awaitable[list[dict[str, Any]]]]
Eraser = Callable[[aiosqlite.Connection, Subject], Awaitable[int]]


@dataclass(frozen=True)
class PersonalData:
    name: str  # "check-ins": the key in the export and in the erasure summary
    export: Exporter  # rows, JSON-able
    erase: Eraser  # inside the caller's transaction; returns rows deleted
    description: str = ""  # one line for PRIVACY.md and the export's index
    tables: tuple[str, ...] = ()  # the tables it reads, for the completeness test


_SOURCES: dict[str, PersonalData] = {}


def register(source: PersonalData) -> None:
    """Add or replace a source; idempotent by name (a module imported twice is fine)."""
    _SOURCES[source.name] = source


# Erased after every other source: other tables may reference members (and deliveries
# reference members too), so the member row goes last whatever registered when.
_LAST = ("deliveries", "member")


def sources() -> list[PersonalData]:
    """Every source, in erasure order."""
    _ensure_builtin()
    first = [s for name, s in _SOURCES.items() if name not in _LAST]
    return first + [_SOURCES[name] for name in _LAST if name in _SOURCES]


# ---- helpers for table-shaped sources ------------------------------------------------------


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" for _ in values)


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_source(
    name: str,
    table: str,
    column: str,
    *,
    by: str = "key",
    description: str = "",
    decode_json: tuple[str, ...] = (),
    order: str = "rowid",
) -> PersonalData:
    """A source for a table whose rows name a person in one column.

    ``by`` says what the column holds: ``"key"`` (participant key or Discord id as text)
    or ``"user"`` (the Discord id as an integer). Column names are fixed strings from
    this module, never input, so building the SQL from them is safe.
    """

    def values(subject: Subject) -> tuple[Any, ...]:
        return subject.keys if by == "key" else subject.user_ids

    async def export(db: Database, subject: Subject) -> list[dict[str, Any]]:
        wanted = values(subject)
        if not wanted:
            return []
        rows = await db.fetchall(
            f"SELECT * FROM {table} WHERE {column} IN ({_marks(wanted)}) ORDER BY {order}",
            wanted,
        )
        out: list[dict[str, Any]] = []
        for row in rows:
            item = {k: _jsonable(row[k]) for k in row.keys()}
            for field_name in decode_json:
                if isinstance(item.get(field_name), str):
                    item[field_name] = json.loads(item[field_name])
            out.append(item)
        return out

    async def erase(conn: aiosqlite.Connection, subject: Subject) -> int:
        wanted = values(subject)
        if not wanted:
            return 0
        cursor = await conn.execute(
            f"DELETE FROM {table} WHERE {column} IN ({_marks(wanted)})", wanted
        )
        return max(int(cursor.rowcount), 0)

    return PersonalData(name, export, erase, description, (table,))


# ---- the sources that existed before this module ------------------------------------------


async def _export_deliveries(db: Database, subject: Subject) -> list[dict[str, Any]]:
    rows = await db.fetchall("SELECT * FROM deliveries ORDER BY due_at, key")
    return [
        {k: row[k] for k in row.keys()}
        for row in rows
        if _delivery_names(row["key"], row["user_id"], subject)
    ]


def _delivery_names(key: str, user_id: int | None, subject: Subject) -> bool:
    """A delivery names the person when it was addressed to them, or when its stable key
    carries their participant key (``welcome:<key>``, ``checkin:<key>:<day>``,
    ``reminder:<key>:...``): the same segments the services build their keys from."""
    if user_id is not None and user_id in subject.user_ids:
        return True
    segments = key.split(":")
    return len(segments) > 1 and segments[1] in subject.keys


async def _erase_deliveries(conn: aiosqlite.Connection, subject: Subject) -> int:
    async with conn.execute("SELECT key, user_id FROM deliveries") as cursor:
        keys = [k for k, uid in await cursor.fetchall() if _delivery_names(k, uid, subject)]
    for key in keys:
        await conn.execute("DELETE FROM deliveries WHERE key = ?", (key,))
    return len(keys)


def _participant_entry(participant: Any) -> dict[str, Any]:
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
        "appointments": [repr(a) for a in participant.appointments],
    }


async def _export_program_entry(db: Database, subject: Subject) -> list[dict[str, Any]]:
    from bot.program.domain.program_file import parse_program

    out: list[dict[str, Any]] = []
    for (document,) in await db.fetchall("SELECT document FROM program_documents"):
        program = parse_program(document)
        out.extend(_participant_entry(p) for p in program.participants if p.key in subject.keys)
    return out


async def _erase_program_entry(conn: aiosqlite.Connection, subject: Subject) -> int:
    """Remove the person's entry from every stored program document (the canonical export
    of the imported file), so no reminder, prompt or job can be planned for them again.
    The caller tells ProgramService afterwards so its listeners replan."""
    from bot.program.domain.program_file import export_program, parse_program

    removed = 0
    async with conn.execute("SELECT guild_id, document FROM program_documents") as cursor:
        documents = list(await cursor.fetchall())
    for guild_id, document in documents:
        program = parse_program(document)
        kept = tuple(p for p in program.participants if p.key not in subject.keys)
        if len(kept) == len(program.participants):
            continue
        removed += len(program.participants) - len(kept)
        text = export_program(dataclasses.replace(program, participants=kept))
        await conn.execute(
            "UPDATE program_documents SET document = ? WHERE guild_id = ?", (text, guild_id)
        )
    return removed


def _builtin_sources() -> list[PersonalData]:
    key, user = "key", "user"
    return [
        PersonalData(
            "program entry",
            _export_program_entry,
            _erase_program_entry,
            "Your line in the program file: track, start date, weeks, time zone.",
            ("program_documents",),
        ),
        table_source(
            "program settings",
            "participant_settings",
            "participant",
            by=key,
            description="Your /timezone, /reminders and /pause choices.",
            decode_json=("reminders",),
        ),
        table_source(
            "rsvps",
            "rsvps",
            "participant",
            by=key,
            description="Your answers to 'are you coming?'.",
        ),
        table_source(
            "attendance",
            "attendance",
            "participant",
            by=key,
            description="Attendance facilitators marked for you.",
        ),
        table_source(
            "check-ins",
            "checkins",
            "participant",
            by=key,
            description="Your daily check-in answers.",
            decode_json=("answers",),
        ),
        table_source(
            "check-in settings",
            "checkin_settings",
            "participant",
            by=key,
            description="Your check-in time and screen day.",
        ),
        table_source(
            "screening answers",
            "screening_items",
            "participant",
            by=key,
            description="Your answers to the weekly screen, item by item.",
        ),
        table_source(
            "screenings", "screenings", "participant", by=key, description="Weekly screen scores."
        ),
        table_source(
            "check-in flags",
            "checkin_flags",
            "participant",
            by=key,
            description="What the check-in showed facilitators (thresholds, requests).",
        ),
        table_source(
            "check-in shares",
            "checkin_shares",
            "participant",
            by=key,
            description="Which check-ins you shared with the group, and where.",
        ),
        table_source(
            "coping feedback",
            "coping_feedback",
            "participant",
            by=key,
            description="Skills you marked 'This helped' or 'Not for me'.",
        ),
        table_source(
            "coping shown",
            "coping_shown",
            "participant",
            by=key,
            description="Which coping skills you were shown, and when.",
        ),
        table_source(
            "crisis alerts",
            "crisis_alerts",
            "user_id",
            by=user,
            description="Crisis alerts about you: a link and a short excerpt.",
        ),
        table_source(
            "crisis region",
            "crisis_regions",
            "user_id",
            by=user,
            description="The crisis-line region you chose.",
        ),
        # Warnings point at actions, so they go first.
        table_source(
            "moderation warnings",
            "mod_warnings",
            "user_id",
            by=user,
            description="Warnings the peer-channel moderator gave you.",
        ),
        table_source(
            "moderation actions",
            "mod_actions",
            "user_id",
            by=user,
            description="What the moderator did with your messages, and why.",
        ),
        table_source(
            "audit log about you",
            "audit_log",
            "subject",
            by=key,
            description="Who among the facilitators viewed your data, and when.",
        ),
        table_source(
            "consent",
            "consents",
            "user_id",
            by=user,
            description="Your answer to the privacy notice, and when.",
        ),
        PersonalData(
            "deliveries",
            _export_deliveries,
            _erase_deliveries,
            "Records of messages the bot sent you (so each is sent once).",
            ("deliveries",),
        ),
        # Last: deliveries reference members.
        table_source(
            "member",
            "members",
            "user_id",
            by=user,
            description="Your Discord id, name, DM channel and program key.",
        ),
    ]


_builtin_done = False


def _ensure_builtin() -> None:
    """Register the built-in sources first (in erasure order), keeping any source a
    feature module registered before the first call."""
    global _builtin_done
    if _builtin_done:
        return
    _builtin_done = True
    late = dict(_SOURCES)
    _SOURCES.clear()
    for source in _builtin_sources():
        _SOURCES[source.name] = source
    _SOURCES.update(late)  # a feature's own source of the same name wins
