"""Every table that names a person is answered for by some capability's provider, so
export and erasure cannot miss a table a new feature adds."""

from __future__ import annotations

import pytest

from bot.app import PERSONAL_DATA
from bot.coping.personal_data import COPING_DATA
from bot.kernel.clock import SimulatedClock
from bot.kernel.db.connection import Database
from bot.kernel.ports import PersonalDataProvider
from bot.privacy.service import PrivacyService
from tests.privacy.privacy_data import NOW

pytestmark = pytest.mark.asyncio

# Columns that hold a participant key or a Discord id of the person the row is about
# (columns naming who acted, like ``marked_by`` or ``actor_id``, are facilitators').
PERSON_COLUMNS = frozenset(
    {"participant", "participant_key", "user_id", "family_user_id", "subject"}
)


async def tables_naming_people(db: Database) -> set[str]:
    found = set()
    for (table,) in await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ):
        columns = {row[1] for row in await db.fetchall(f"PRAGMA table_info({table})")}
        if columns & PERSON_COLUMNS:
            found.add(table)
    return found


def answered_for(db: Database, providers: tuple[PersonalDataProvider, ...]) -> set[str]:
    service = PrivacyService(db=db, clock=SimulatedClock(NOW), providers=providers)
    return {table for kind in service.kinds() for table in kind.tables}


async def test_every_table_with_a_participant_column_has_a_provider(db: Database) -> None:
    people = await tables_naming_people(db)
    assert {"checkins", "members", "crisis_alerts", "family_links", "consents"} <= people
    assert people - answered_for(db, PERSONAL_DATA) == set()


async def test_a_capability_that_stops_answering_is_caught(db: Database) -> None:
    without_coping = tuple(p for p in PERSONAL_DATA if p is not COPING_DATA)
    missing = await tables_naming_people(db) - answered_for(db, without_coping)
    assert missing == {"coping_feedback", "coping_shown"}
