"""Stepping down: /graduate for facilitators, /alumni for alumni, the weekly check-in's
buttons. Thin: the decisions are in ``bot/continuity/alumni.py``."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.continuity.alumni import AlumniError
from bot.continuity.storage import alumni as alumni_db
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.program.participants import participant_for_user
from cogs.continuity import _views as views
from cogs.continuity._views import ALUMNI_ROLE

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class Alumni(commands.Cog):
    alumni = app_commands.Group(name="alumni", description="The alumni track, after the program")

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.alumni  # built and started in bot/app.py

    @app_commands.command(name="graduate", description="Move a participant to the alumni track")
    @app_commands.describe(member="The participant who completed or stepped down from the program")
    @app_commands.guild_only()
    @facilitator_only()
    async def graduate(self, interaction: discord.Interaction, member: discord.Member) -> None:
        found = await participant_for_user(self.bot.db, self.bot.programs, member, self.bot.clock)
        if found is None:
            raise UserError(f"{member.display_name} is not enrolled in the program.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            done = await self.service.graduate(found[1], by=interaction.user.id)
        except AlumniError as error:
            await interaction.followup.send(str(error), ephemeral=True)
            return
        told = "" if done.note_sent else " I couldn't DM them the news (their DMs are closed)."
        await interaction.followup.send(
            f"{member.mention} is on the alumni track: weekly check-ins, no more session "
            f"reminders, and the {ALUMNI_ROLE} role.{told}",
            ephemeral=True,
        )

    async def _me(self, interaction: discord.Interaction) -> Any:
        found = await participant_for_user(
            self.bot.db, self.bot.programs, interaction.user, self.bot.clock
        )
        if found is None:
            raise UserError(
                "You're not enrolled in the program, so you're not on its alumni track."
            )
        return found[1]

    @alumni.command(name="status", description="Your alumni track: since when, what comes next")
    async def status(self, interaction: discord.Interaction) -> None:
        participant = await self._me(interaction)
        alum = await alumni_db.get(self.bot.db, participant.key)
        if alum is None:
            text = "You're in the program, not on the alumni track (yet)."
        elif not alum.active:
            text = "You left the alumni track. Your facilitators are still glad to hear from you."
        else:
            upcoming = self.service.next_checkin(participant.key)
            when = f" Next check-in: {discord_timestamp(upcoming, 'F')}." if upcoming else ""
            text = f"You're on the alumni track since {alum.graduated_on:%d %B %Y}.{when}"
        await interaction.response.send_message(text, ephemeral=interaction.guild is not None)

    @alumni.command(name="leave", description="Stop the weekly alumni check-ins and milestones")
    async def leave(self, interaction: discord.Interaction) -> None:
        participant = await self._me(interaction)
        try:
            await self.service.leave(participant)
        except AlumniError as error:
            raise UserError(str(error)) from None
        await interaction.response.send_message(
            "Done: no more alumni check-ins or milestone messages. Take good care of "
            "yourself; your program is there if you ever want to come back.",
            ephemeral=interaction.guild is not None,
        )

    async def on_weekly(self, interaction: discord.Interaction, day: date, feeling: str) -> None:
        found = await participant_for_user(
            self.bot.db, self.bot.programs, interaction.user, self.bot.clock
        )
        if found is None:
            await interaction.response.send_message(
                "This check-in is for the program's alumni.", ephemeral=True
            )
            return
        if not await views.agreed(interaction, "your answer"):
            return
        try:
            reply = await self.service.record_weekly(found[1], day, feeling)
        except AlumniError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        original = interaction.message.content if interaction.message else ""
        await interaction.response.edit_message(content=f"{original}\n{reply}", view=None)


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(views.WeeklyButton)
    await bot.add_cog(Alumni(bot))
