"""Personal data, in the shape every capability answers privacy with (issue 9, issue 19).

Each capability lists the kinds of personal data it stores in its own
``personal_data.py``: a kind names its tables and knows how to export and erase one
person's rows. The privacy service walks the providers it is handed, so export
(/mydata export), erasure (/mydata delete, facilitator erasure, retention) and the tests
that compare an export with the database cover whatever any capability stores.

A kind's ``erase`` runs inside the caller's transaction (one transaction for the whole
erasure), so it must not open its own. Rows are matched by the participant key and by
the Discord id as text: some capabilities key rows by the program's participant key,
others (coping before enrolment, crisis regions, moderation) by the Discord id.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.kernel.db import deliveries
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
Holds = Callable[[Database, datetime], Awaitable[set[str]]]
Counter = Callable[[Database, Subject], Awaitable[int]]
JobPrefixes = Callable[[Database, Subject], Awaitable[list[str]]]


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data."""

    name: str  # "check-ins": the key in the export and in the erasure summary
    export: Exporter  # rows, JSON-able
    erase: Eraser  # inside the caller's transaction; returns rows deleted
    description: str = ""  # one line for PRIVACY.md and the export's index
    tables: tuple[str, ...] = ()  # the tables it reads, for the completeness test
    # Only its owner may have it: left out of a facilitator's export of the record (the
    # safety plan, which facilitators read only when it is shared, and audited).
    owner_only: bool = False


async def _no_holds(_db: Database, _ended_before: datetime) -> set[str]:
    return set()


async def _none_open(_db: Database, _subject: Subject) -> int:
    return 0


async def _no_jobs(_db: Database, _subject: Subject) -> list[str]:
    return []


@dataclass(frozen=True)
class Provider:
    """A capability's answer to privacy (the ``PersonalDataProvider`` port): its kinds
    of personal data in erasure order, and, where it has them, the participants whose
    data it must keep past the usual retention, the follow-ups that must be settled
    before a person erases their own data, and the scheduled jobs that carry them."""

    kinds: tuple[PersonalData, ...]
    holds: Holds = _no_holds
    open_followups_of: Counter = _none_open
    jobs_of: JobPrefixes = _no_jobs

    async def retention_holds(self, db: Database, ended_before: datetime) -> set[str]:
        return await self.holds(db, ended_before)

    async def open_followups(self, db: Database, subject: Subject) -> int:
        return await self.open_followups_of(db, subject)

    async def job_prefixes(self, db: Database, subject: Subject) -> list[str]:
        return await self.jobs_of(db, subject)


# ---- kinds that are one table naming a person in one column ---------------------------------


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
    """A kind for a table whose rows name a person in one column.

    ``by`` says what the column holds: ``"key"`` (participant key or Discord id as text)
    or ``"user"`` (the Discord id as an integer). Table and column names are fixed
    strings from the owning capability's module, never input, so building the SQL from
    them is safe.
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


# ---- the kernel's own tables: delivery records and members -----------------------------------


async def _export_deliveries(db: Database, subject: Subject) -> list[dict[str, Any]]:
    return await deliveries.naming(db, subject.keys, subject.user_ids)


async def _erase_deliveries(conn: aiosqlite.Connection, subject: Subject) -> int:
    return await deliveries.erase_naming(conn, subject.keys, subject.user_ids)


# Erased after every capability's data: deliveries reference members, and other tables
# may name members too, so the member row goes last.
KERNEL_DATA = Provider(
    kinds=(
        PersonalData(
            "deliveries",
            _export_deliveries,
            _erase_deliveries,
            "Records of messages the bot sent you (so each is sent once).",
            ("deliveries",),
        ),
        table_source(
            "member",
            "members",
            "user_id",
            by="user",
            description="Your Discord id, name, DM channel and program key.",
        ),
    )
)
