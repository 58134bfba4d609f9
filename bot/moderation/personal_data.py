"""The peer-channel moderator's answer to privacy (bot/kernel/personal_data.py): the
warnings and actions about a person's messages, and the topics they asked to be warned
about."""

from __future__ import annotations

from bot.kernel.personal_data import Provider, table_source

CONTENT_WARNINGS = table_source(
    "content warnings",
    "content_warnings",
    "user_id",
    by="user",
    description="The topics you asked to be warned about in the peer channel.",
)

MODERATION_DATA = Provider(
    kinds=(
        # Warnings point at actions, so they go first.
        table_source(
            "moderation warnings",
            "mod_warnings",
            "user_id",
            by="user",
            description="Warnings the peer-channel moderator gave you.",
        ),
        table_source(
            "moderation actions",
            "mod_actions",
            "user_id",
            by="user",
            description="What the moderator did with your messages, and why.",
        ),
        CONTENT_WARNINGS,
    )
)
