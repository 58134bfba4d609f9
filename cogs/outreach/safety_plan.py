"""/safety-plan: a participant's own plan (show, edit, share, stop sharing), and the
facilitators' remind and view (a shared plan only; every view audited)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.messenger import DmClosed, NotInServer
from bot.kernel.roles import facilitator_only
from bot.outreach.safety_plan import REMIND_TEXT, NotShared
from cogs.outreach._views import (
    pick_section,
    remind_view,
    send_chunks,
    set_sharing,
    show_plan,
)

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class SafetyPlan(commands.GroupCog, group_name="safety-plan"):
    """Your personal safety plan, in your own words."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.plans = bot.safety_plans
        super().__init__()

    @app_commands.command(name="show", description="Your safety plan (only you see it)")
    async def show(self, interaction: discord.Interaction) -> None:
        await show_plan(interaction)

    @app_commands.command(name="edit", description="Write or change a part of your safety plan")
    async def edit(self, interaction: discord.Interaction) -> None:
        await pick_section(interaction)

    @app_commands.command(name="share", description="Let your facilitators read your safety plan")
    async def share(self, interaction: discord.Interaction) -> None:
        await set_sharing(interaction, True)

    @app_commands.command(name="unshare", description="Stop sharing your safety plan")
    async def unshare(self, interaction: discord.Interaction) -> None:
        await set_sharing(interaction, False)

    @app_commands.command(name="remind", description="Ask a participant to write a safety plan")
    @app_commands.describe(member="The participant")
    @facilitator_only()
    async def remind(self, interaction: discord.Interaction, member: discord.Member) -> None:
        name = interaction.user.display_name
        try:
            await self.bot.messenger.send(
                member.id, content=REMIND_TEXT.format(by=name), view=remind_view()
            )
        except (DmClosed, NotInServer):
            await interaction.response.send_message(
                f"I couldn't DM {member.display_name} (they don't accept DMs from me). You "
                "could suggest /safety-plan edit to them in person.",
                ephemeral=True,
            )
            return
        await self.plans.record_reminder(member.id, interaction.user.id)
        await interaction.response.send_message(
            f"I asked {member.display_name} to write a safety plan. You'll only be able to "
            "read it if they choose to share it.",
            ephemeral=True,
        )

    @app_commands.command(name="view", description="A participant's safety plan, if they shared it")
    @app_commands.describe(member="The participant")
    @facilitator_only()
    async def view(self, interaction: discord.Interaction, member: discord.Member) -> None:
        try:
            parts = await self.plans.view_for_facilitator(
                interaction.user.id, member.id, member.display_name
            )
        except NotShared:
            await interaction.response.send_message(
                f"{member.display_name} hasn't shared a safety plan with facilitators. Only "
                "they can share it (with /safety-plan share).",
                ephemeral=True,
            )
            return
        parts[-1] += "\n\n*Shared by them; this view is recorded in the audit log.*"
        await send_chunks(interaction, parts)  # private in the server


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(SafetyPlan(bot))
