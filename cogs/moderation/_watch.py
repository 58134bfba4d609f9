"""/mod watch add, remove and list: the channels the bot reads beyond the peer channels
(bot/moderation/watch.py decides; these answer the facilitator and log the change)."""

from __future__ import annotations

import discord

from bot.kernel.errors import UserError
from bot.moderation.service import ModerationService
from bot.moderation.watch import NotWatchable


async def add(
    service: ModerationService, interaction: discord.Interaction, channel: discord.TextChannel
) -> None:
    try:
        added = await service.watch.add(channel, interaction.user.id, service.clock.now())
    except NotWatchable as refused:
        raise UserError(str(refused)) from None
    if not added:
        raise UserError(f"{channel.mention} is watched already; nothing changed.")
    await service.post_mod_log(
        f"**Watching**: {interaction.user.mention} added {channel.mention}: crisis help, "
        "the concern check-in and the moderator now read it and its threads."
    )
    await interaction.response.send_message(
        f"I now read {channel.mention} and every thread under it, as in the peer channels: "
        "crisis words are answered and alerted, worrying ones get a private check-in, and "
        "the moderator's rules apply.",
        ephemeral=True,
    )


async def remove(
    service: ModerationService, interaction: discord.Interaction, channel: discord.TextChannel
) -> None:
    if not await service.watch.remove(channel.id):
        raise UserError(
            f"{channel.mention} was not added with /mod watch, so there is nothing to remove. "
            "/mod watch list shows what the bot reads."
        )
    await service.post_mod_log(
        f"**Not watching**: {interaction.user.mention} removed {channel.mention}."
    )
    await interaction.response.send_message(
        f"I no longer read {channel.mention}. /crisis still works there for anyone.",
        ephemeral=True,
    )


async def show(service: ModerationService, interaction: discord.Interaction) -> None:
    lines = await service.watch.describe()
    text = "Where I read messages for crisis words, worrying words and the moderator's rules:\n"
    await interaction.response.send_message(
        text + "\n".join(f"• {line}" for line in lines), ephemeral=True
    )
