"""The running bot, typed, for cogs and views.

Cogs sit below ``bot.app`` in the import rule, so they name ``CompanionBot`` for type
checking only; a view that gets the bot from ``interaction.client`` asks ``companion``
for it, so mypy checks every service it reads from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from bot.app import CompanionBot


def companion(client: discord.Client) -> CompanionBot:
    """``interaction.client`` as the CompanionBot it is."""
    return cast("CompanionBot", client)
