"""Outreach's answer to privacy (bot/kernel/personal_data.py): the reach-out requests a
person made and their safety plan (health data: its sections and whether it is shared)."""

from __future__ import annotations

from dataclasses import replace

from bot.kernel.personal_data import Provider, table_source

# Facilitators read a safety plan only when its author shares it (and each view is
# audited), so a facilitator's export of the record leaves it out.
OUTREACH_DATA = Provider(
    kinds=(
        table_source(
            "reach-out requests",
            "reach_out_requests",
            "user_id",
            by="user",
            description="Each time you asked for someone to reach out: how, when, your note.",
        ),
        replace(
            table_source(
                "safety plan",
                "safety_plan_sections",
                "user_id",
                by="user",
                description="Your safety plan, section by section, exactly as you wrote it.",
            ),
            owner_only=True,
        ),
        table_source(
            "safety plan settings",
            "safety_plan_settings",
            "user_id",
            by="user",
            description="Whether you share your safety plan, and when you were asked to write one.",
        ),
    )
)
