"""/content-warnings: the topics a member wants a heads-up about in the peer channel.
Thin: the matching and the ask are in ``bot/moderation/content_warnings.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.errors import UserError
from bot.moderation import content_warnings
from bot.moderation.storage import content_warnings as cw_db

if TYPE_CHECKING:
    from bot.app import CompanionBot

TOPIC_CHOICES = [
    app_commands.Choice(name=topic.label, value=topic.key) for topic in content_warnings.TOPICS
]


class ContentWarnings(commands.Cog):
    """Topics are private: only their owner sees their list; the moderator's ask in the
    peer channel names the topic, never who listed it (bot/moderation/content_warnings.py)."""

    group = app_commands.Group(
        name="content-warnings", description="Topics you want a heads-up about in the peer channel"
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    def _in_server(self, user: discord.abc.User) -> None:
        guild = self.bot.get_guild(self.bot.settings.guild_id or 0)
        if guild is None or guild.get_member(user.id) is None:
            raise UserError("Content warnings are for members of the program's server.")

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=interaction.guild is not None)

    @group.command(name="add", description="Ask for a heads-up before posts about a topic")
    @app_commands.choices(topic=TOPIC_CHOICES)
    async def add(self, interaction: discord.Interaction, topic: app_commands.Choice[str]) -> None:
        self._in_server(interaction.user)
        if not await self.bot.consent_gate(interaction, "your topics"):
            return
        await cw_db.add(self.bot.db, interaction.user.id, topic.value, self.bot.clock.now())
        await self._reply(
            interaction,
            f"Noted: when someone in the peer channel posts about **{topic.name}**, I'll ask "
            "them to use spoilers. Nobody is told that it was you who asked.",
        )

    @group.command(name="remove", description="Stop asking for a heads-up about a topic")
    @app_commands.choices(topic=TOPIC_CHOICES)
    async def remove(
        self, interaction: discord.Interaction, topic: app_commands.Choice[str]
    ) -> None:
        if not await cw_db.remove(self.bot.db, interaction.user.id, topic.value):
            raise UserError(f"**{topic.name}** is not on your list; nothing changed.")
        await self._reply(interaction, f"Removed **{topic.name}** from your list.")

    @group.command(name="list", description="The topics you asked a heads-up about")
    async def list_topics(self, interaction: discord.Interaction) -> None:
        keys = await cw_db.topics_of(self.bot.db, interaction.user.id)
        known = content_warnings.BY_KEY
        labels = ", ".join(known[k].label for k in keys if k in known)
        await self._reply(
            interaction,
            f"Your topics: {labels}."
            if labels
            else "Your list is empty. Add a topic with /content-warnings add.",
        )


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(ContentWarnings(bot))
