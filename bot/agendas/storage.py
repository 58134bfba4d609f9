"""Agenda queries: agendas per occurrence, facilitators' templates, the lead time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.agendas.domain import AgendaContent, AgendaState, AgendaTemplate, Stopped
from bot.kernel.db.connection import Database

_COLUMNS = (
    "id, occurrence, track, title, items, homework, state, starts_at, channel_id, "
    "message_id, thread_id, pinned, created_by, updated_at, posted_at, stopped_because, "
    "state_before"
)


@dataclass(frozen=True)
class AgendaRow:
    id: int
    occurrence: str
    track: str
    content: AgendaContent
    state: AgendaState
    starts_at: datetime
    channel_id: int | None
    message_id: int | None
    thread_id: int | None
    pinned: bool
    created_by: int | None
    updated_at: datetime
    posted_at: datetime | None
    stopped_because: Stopped | None = None  # set when state is cancelled
    state_before: AgendaState | None = None  # what a session's return brings it back to

    @property
    def posted(self) -> bool:
        return self.message_id is not None

    @property
    def withdrawn(self) -> bool:
        return self.state is AgendaState.CANCELLED and self.stopped_because is Stopped.WITHDRAWN

    @property
    def session_off(self) -> bool:
        """Cancelled because its session was (not withdrawn): it may come back."""
        return self.state is AgendaState.CANCELLED and self.stopped_because is Stopped.SESSION


def _row(row: Any) -> AgendaRow:
    return AgendaRow(
        id=row["id"],
        occurrence=row["occurrence"],
        track=row["track"],
        content=AgendaContent(row["title"], tuple(json.loads(row["items"])), row["homework"]),
        state=AgendaState(row["state"]),
        starts_at=datetime.fromisoformat(row["starts_at"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        pinned=bool(row["pinned"]),
        created_by=row["created_by"],
        updated_at=datetime.fromisoformat(row["updated_at"]),
        posted_at=None if row["posted_at"] is None else datetime.fromisoformat(row["posted_at"]),
        stopped_because=None if row["stopped_because"] is None else Stopped(row["stopped_because"]),
        state_before=None if row["state_before"] is None else AgendaState(row["state_before"]),
    )


async def get(db: Database, agenda_id: int) -> AgendaRow | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM agendas WHERE id = ?", (agenda_id,))
    return None if row is None else _row(row)


async def live_for(db: Database, occurrence: str) -> AgendaRow | None:
    """The occurrence's agenda that is not cancelled, if any."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM agendas WHERE occurrence = ? AND state != 'cancelled'",
        (occurrence,),
    )
    return None if row is None else _row(row)


async def create(
    db: Database,
    occurrence: str,
    track: str,
    content: AgendaContent,
    starts_at: datetime,
    by: int | None,
    now: datetime,
) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO agendas (occurrence, track, title, items, homework, state, starts_at, "
            "created_by, created_at, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
            (
                occurrence,
                track,
                content.title,
                json.dumps(list(content.items)),
                content.homework,
                starts_at.isoformat(),
                by,
                now.isoformat(),
                by,
                now.isoformat(),
            ),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


async def update_content(
    db: Database, agenda_id: int, content: AgendaContent, by: int | None, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET title = ?, items = ?, homework = ?, updated_by = ?, "
            "updated_at = ? WHERE id = ?",
            (
                content.title,
                json.dumps(list(content.items)),
                content.homework,
                by,
                now.isoformat(),
                agenda_id,
            ),
        )


async def set_state(
    db: Database, agenda_id: int, state: AgendaState, by: int | None, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET state = ?, stopped_because = NULL, state_before = NULL, "
            "updated_by = ?, updated_at = ? WHERE id = ?",
            (state.value, by, now.isoformat(), agenda_id),
        )


async def stop(
    db: Database,
    agenda_id: int,
    because: Stopped,
    state_before: AgendaState,
    by: int | None,
    now: datetime,
) -> None:
    """Cancel an agenda, saying why and what it was (so a returning session restores it)."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET state = 'cancelled', stopped_because = ?, state_before = ?, "
            "updated_by = ?, updated_at = ? WHERE id = ?",
            (because.value, state_before.value, by, now.isoformat(), agenda_id),
        )


async def withdrawn_post_for(db: Database, occurrence: str) -> AgendaRow | None:
    """The newest withdrawn agenda of ``occurrence`` whose post is still up."""
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM agendas WHERE occurrence = ? AND state = 'cancelled' "
        "AND stopped_because = 'withdrawn' AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (occurrence,),
    )
    return None if row is None else _row(row)


async def take_over_post(db: Database, agenda_id: int, old_id: int, now: datetime) -> None:
    """The agenda ``agenda_id`` is now what ``old_id``'s post shows (one post per session):
    the message, its pin and its thread move over, in one transaction."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "SELECT channel_id, message_id, thread_id, pinned FROM agendas WHERE id = ?",
            (old_id,),
        )
        found = await cursor.fetchone()
        assert found is not None
        await conn.execute(
            "UPDATE agendas SET channel_id = NULL, message_id = NULL, thread_id = NULL, "
            "pinned = 0 WHERE id = ?",
            (old_id,),
        )
        await conn.execute(
            "UPDATE agendas SET state = 'posted', channel_id = ?, message_id = ?, thread_id = ?, "
            "pinned = ?, posted_at = ?, updated_at = ? WHERE id = ?",
            (*found, now.isoformat(), now.isoformat(), agenda_id),
        )


async def set_starts_at(db: Database, agenda_id: int, starts_at: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET starts_at = ? WHERE id = ?", (starts_at.isoformat(), agenda_id)
        )


async def delete(db: Database, agenda_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM agendas WHERE id = ?", (agenda_id,))


async def mark_posted(
    db: Database, agenda_id: int, channel_id: int, message_id: int, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET state = 'posted', channel_id = ?, message_id = ?, posted_at = ?, "
            "updated_at = ? WHERE id = ?",
            (channel_id, message_id, now.isoformat(), now.isoformat(), agenda_id),
        )


async def set_pinned(db: Database, agenda_id: int, pinned: bool) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE agendas SET pinned = ? WHERE id = ?", (1 if pinned else 0, agenda_id)
        )


async def set_thread(db: Database, agenda_id: int, thread_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE agendas SET thread_id = ? WHERE id = ?", (thread_id, agenda_id))


async def in_states(db: Database, *states: AgendaState) -> list[AgendaRow]:
    marks = ", ".join("?" for _ in states)
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM agendas WHERE state IN ({marks}) ORDER BY starts_at, id",
        tuple(s.value for s in states),
    )
    return [_row(row) for row in rows]


async def starting_after(db: Database, since: datetime) -> list[AgendaRow]:
    """Every agenda (any state) whose session starts at or after ``since``."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM agendas WHERE starts_at >= ? ORDER BY starts_at, id",
        (since.isoformat(),),
    )
    return [_row(row) for row in rows]


async def pinned_in_track(db: Database, track: str, except_id: int) -> list[AgendaRow]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM agendas WHERE track = ? AND pinned = 1 AND id != ? ORDER BY id",
        (track, except_id),
    )
    return [_row(row) for row in rows]


# ---- templates ---------------------------------------------------------------------------


async def templates(db: Database) -> list[AgendaTemplate]:
    rows = await db.fetchall(
        "SELECT key, name, title, items, homework FROM agenda_templates ORDER BY key"
    )
    return [
        AgendaTemplate(
            row["key"],
            row["name"],
            AgendaContent(row["title"], tuple(json.loads(row["items"])), row["homework"]),
            shipped=False,
        )
        for row in rows
    ]


async def save_template(
    db: Database, template: AgendaTemplate, by: int | None, now: datetime
) -> bool:
    """Store (or replace) a facilitator's template; True when it was new."""
    content = template.content
    async with db.transaction() as conn:
        existed = await (
            await conn.execute("SELECT 1 FROM agenda_templates WHERE key = ?", (template.key,))
        ).fetchone()
        await conn.execute(
            "INSERT INTO agenda_templates (key, name, title, items, homework, saved_by, saved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET name = excluded.name, "
            "title = excluded.title, items = excluded.items, homework = excluded.homework, "
            "saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            (
                template.key,
                template.name,
                content.title,
                json.dumps(list(content.items)),
                content.homework,
                by,
                now.isoformat(),
            ),
        )
        return existed is None


async def delete_template(db: Database, key: str) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM agenda_templates WHERE key = ?", (key,))
        return cursor.rowcount == 1


# ---- settings ----------------------------------------------------------------------------


async def lead(db: Database, guild_id: int) -> timedelta | None:
    minutes = await db.fetchval(
        "SELECT lead_minutes FROM agenda_settings WHERE guild_id = ?", (guild_id,)
    )
    return None if minutes is None else timedelta(minutes=int(minutes))


async def set_lead(db: Database, guild_id: int, value: timedelta) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO agenda_settings (guild_id, lead_minutes) VALUES (?, ?) "
            "ON CONFLICT(guild_id) DO UPDATE SET lead_minutes = excluded.lead_minutes",
            (guild_id, int(value.total_seconds()) // 60),
        )
