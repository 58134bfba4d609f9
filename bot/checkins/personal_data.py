"""Check-ins' answer to privacy (bot/kernel/personal_data.py): answers, settings, the
weekly screen, flags and shares; and the prompt and share-nudge jobs that carry a person."""

from __future__ import annotations

from bot.checkins.prompts import PROMPT_JOB_PREFIX
from bot.checkins.sharing import NUDGE_JOB_PREFIX
from bot.checkins.storage import shares as shares_db
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import Provider, Subject, table_source


async def _jobs_of(db: Database, subject: Subject) -> list[str]:
    prefixes = [f"{PROMPT_JOB_PREFIX}{key}:" for key in subject.keys]
    prefixes += [
        f"{NUDGE_JOB_PREFIX}{message_id}"
        for message_id in await shares_db.message_ids_of(db, subject.keys)
    ]
    return prefixes


CHECKINS_DATA = Provider(
    kinds=(
        table_source(
            "check-ins",
            "checkins",
            "participant",
            description="Your daily check-in answers.",
            decode_json=("answers",),
        ),
        table_source(
            "check-in settings",
            "checkin_settings",
            "participant",
            description="Your check-in time and screen day.",
        ),
        table_source(
            "screening answers",
            "screening_items",
            "participant",
            description="Your answers to the weekly screen, item by item.",
        ),
        table_source(
            "screenings", "screenings", "participant", description="Weekly screen scores."
        ),
        table_source(
            "check-in flags",
            "checkin_flags",
            "participant",
            description="What the check-in showed facilitators (thresholds, requests).",
        ),
        table_source(
            "check-in shares",
            "checkin_shares",
            "participant",
            description="Which check-ins you shared with the group, and where.",
        ),
    ),
    jobs_of=_jobs_of,
)
