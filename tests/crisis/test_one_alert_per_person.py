"""One open alert per person, in the database: messages racing in from the same person
land in one alert however they interleave; a crisis message upgrades a request and brings
its repeat forward; Done closes it, and the next message opens a new one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.crisis import storage as alerts_db
from bot.crisis.storage import CRISIS, REQUEST, Incoming
from bot.kernel.db.connection import Database

NOW = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)


def message(user_id: int, kind: str = CRISIS, text: str = "i want to die") -> Incoming:
    return Incoming(user_id=user_id, kind=kind, source="dm", said="wrote", excerpt=text)


@pytest.mark.asyncio
async def test_concurrent_messages_from_one_person_make_one_alert(db: Database) -> None:
    due = NOW + timedelta(minutes=10)
    results = await asyncio.gather(
        *[alerts_db.record(db, message(user, text=f"{user}:{n}"), NOW, due)
          for n in range(5) for user in (1, 2, 3)]
    )
    assert sum(r.created for r in results) == 3
    rows = await alerts_db.open_alerts(db)
    assert sorted((r.user_id, r.messages) for r in rows) == [(1, 5), (2, 5), (3, 5)]
    for row in rows:
        said = [m.excerpt for m in await alerts_db.messages_of(db, row.id)]
        assert sorted(said) == sorted(f"{row.user_id}:{n}" for n in range(5))


@pytest.mark.asyncio
async def test_a_crisis_message_upgrades_a_request_and_brings_its_repeat_forward(
    db: Database,
) -> None:
    first = await alerts_db.record(
        db, message(1, REQUEST, "can someone call me"), NOW, NOW + timedelta(hours=10)
    )
    assert first.created and first.alert.kind == REQUEST
    later = NOW + timedelta(minutes=5)
    upgraded = await alerts_db.record(db, message(1), later, later + timedelta(minutes=10))
    assert upgraded.upgraded and upgraded.rescheduled and upgraded.alert.kind == CRISIS
    assert upgraded.alert.next_alert_at == later + timedelta(minutes=10)
    # Another request keeps the crisis alert and its clock.
    again = await alerts_db.record(
        db, message(1, REQUEST, "please reach out"), later, later + timedelta(hours=1)
    )
    assert not again.rescheduled and again.alert.kind == CRISIS and again.alert.messages == 3


@pytest.mark.asyncio
async def test_done_closes_it_and_the_next_message_opens_a_new_alert(db: Database) -> None:
    due = NOW + timedelta(minutes=10)
    first = await alerts_db.record(db, message(1), NOW, due)
    assert await alerts_db.close(db, first.alert.id, 7, "called; safe", NOW)
    assert not await alerts_db.close(db, first.alert.id, 8, "", NOW)  # closed once
    closed = await alerts_db.get_alert(db, first.alert.id)
    assert closed is not None and closed.close_note == "called; safe"
    assert closed.acknowledged_by == 7  # whoever closed it had it
    second = await alerts_db.record(db, message(1), NOW, due)
    assert second.created and second.alert.id != first.alert.id
