"""Continuity of care's answer to privacy (bot/kernel/personal_data.py): the alumni track
and its check-ins, family links and medication. Alumni keep their data while on the alumni
track: retention counts from the end of alumni participation, not from graduation."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.continuity.storage import alumni as alumni_db
from bot.continuity.storage import family as family_db
from bot.continuity.storage import medication as med_db
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import PersonalData, Provider, Subject, table_source


async def _export_family(db: Database, subject: Subject) -> list[dict[str, Any]]:
    return await family_db.export_for(db, subject.keys, subject.user_ids)


async def _erase_family(conn: aiosqlite.Connection, subject: Subject) -> int:
    return await family_db.erase_for(conn, subject.keys, subject.user_ids)


async def _export_medication(db: Database, subject: Subject) -> list[dict[str, Any]]:
    return await med_db.export_for(db, subject.keys)


async def _erase_medication(conn: aiosqlite.Connection, subject: Subject) -> int:
    return await med_db.erase_for(conn, subject.keys)


ALUMNI_TRACK = table_source(
    "alumni track",
    "alumni",
    "participant",
    description="When you graduated to the alumni track, and when you left it.",
)
ALUMNI_CHECKINS = table_source(
    "alumni check-ins",
    "alumni_checkins",
    "participant",
    description="Your answers to the weekly alumni check-in.",
)
# A link is about both people, so it is in both exports and goes with either's erasure.
FAMILY_LINKS = PersonalData(
    "family links",
    _export_family,
    _erase_family,
    "Family members linked to your family sessions (or the participant you are "
    "linked to), with when consent was given and when the link ended.",
    ("family_links",),
)
MEDICATION = PersonalData(
    "medication",
    _export_medication,
    _erase_medication,
    "Your medication reminder times, the name you gave (if any), which doses you "
    "marked taken or skipped, and whether missed doses are shared.",
    med_db.TABLES,
)

CONTINUITY_DATA = Provider(
    kinds=(ALUMNI_TRACK, ALUMNI_CHECKINS, FAMILY_LINKS, MEDICATION),
    holds=alumni_db.retention_holds,
)
