"""Coping's answer to privacy (bot/kernel/personal_data.py): the skills a person rated
and the skills they were shown (keyed by their Discord id before they enrolled)."""

from __future__ import annotations

from bot.kernel.personal_data import Provider, table_source

COPING_DATA = Provider(
    kinds=(
        table_source(
            "coping feedback",
            "coping_feedback",
            "participant",
            description="Skills you marked 'This helped' or 'Not for me'.",
        ),
        table_source(
            "coping shown",
            "coping_shown",
            "participant",
            description="Which coping skills you were shown, and when.",
        ),
    )
)
