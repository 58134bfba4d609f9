"""Crisis help's answer to privacy (bot/kernel/personal_data.py): the alerts about a
person and the region they chose; an unanswered alert holds back their own erasure, and
each alert's re-alert job carries its id."""

from __future__ import annotations

from bot.crisis import storage as crisis_db
from bot.crisis.service import JOB_PREFIX
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import Provider, Subject, table_source


async def _open_alerts(db: Database, subject: Subject) -> int:
    if subject.user_id is None:
        return 0
    return await crisis_db.count_unacknowledged(db, subject.user_id)


async def _jobs_of(db: Database, subject: Subject) -> list[str]:
    if subject.user_id is None:
        return []
    alerts = await crisis_db.alert_ids_of(db, subject.user_id)
    return [f"{JOB_PREFIX}{alert_id}" for alert_id in alerts]


CRISIS_DATA = Provider(
    kinds=(
        table_source(
            "alert messages",
            "crisis_alert_messages",
            "user_id",
            by="user",
            description="What went into each alert: when, how, a short excerpt and a link.",
        ),
        table_source(
            "crisis alerts",
            "crisis_alerts",
            "user_id",
            by="user",
            description="Crisis alerts and reach-out requests about you: who took them on, "
            "when they were closed, a link and a short excerpt.",
        ),
        table_source(
            "concern check-ins",
            "concern_events",
            "user_id",
            by="user",
            description=(
                "Messages that made the bot check in on you privately: a link, a short "
                "excerpt, and how you answered."
            ),
        ),
        table_source(
            "crisis region",
            "crisis_regions",
            "user_id",
            by="user",
            description="The crisis-line region you chose.",
        ),
    ),
    open_followups_of=_open_alerts,
    jobs_of=_jobs_of,
)
