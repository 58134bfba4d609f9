"""The privacy tests' independent scan (tests/privacy/privacy_data.py) must be able to
fail: it finds each person's rows in every seeded table."""

from __future__ import annotations

import pytest
import pytest_asyncio

from bot.kernel.db.connection import Database
from tests.privacy.privacy_data import ALEX, NOW, SAM, rows_naming, seed


@pytest_asyncio.fixture
async def seeded(db: Database) -> Database:
    await seed(db, ALEX, NOW, 1)
    await seed(db, SAM, NOW, 2)
    return db


@pytest.mark.asyncio
async def test_the_scan_finds_each_persons_rows_in_every_seeded_table(seeded: Database) -> None:
    alex = await rows_naming(seeded, ALEX)
    sam = await rows_naming(seeded, SAM)
    assert alex == sam
    assert {"members", "deliveries", "checkins", "mod_actions", "audit_log", "consents"} <= set(
        alex
    )
    assert alex["deliveries"] == 5
