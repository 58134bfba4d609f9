"""Privacy's own tables, answered like every capability's (bot/kernel/personal_data.py):
the audit log entries about a person and their answer to the privacy notice."""

from __future__ import annotations

from bot.kernel.personal_data import Provider, table_source

PRIVACY_DATA = Provider(
    kinds=(
        table_source(
            "audit log about you",
            "audit_log",
            "subject",
            description="Who among the facilitators viewed your data, and when.",
        ),
        table_source(
            "consent",
            "consents",
            "user_id",
            by="user",
            description="Your latest answer to the privacy notice, and when.",
        ),
        table_source(
            "consent history",
            "consent_history",
            "user_id",
            by="user",
            description="Every answer you gave to the privacy notice, each with its time.",
            order="id",
        ),
    )
)
