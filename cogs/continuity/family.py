"""Family members: facilitators link them (/family-link) with the participant's consent;
either side ends the link (/family end). Thin: decisions are in ``bot/continuity/family.py``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.continuity.family import FamilyError
from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.program.domain.schedule import Participant
from bot.program.participants import participant_for_user
from cogs.continuity import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class Family(commands.Cog):
    family = app_commands.Group(name="family", description="Family members and family sessions")
    admin = app_commands.Group(
        name="family-link", description="Link family members to family sessions (facilitators)",
        guild_only=True,
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.family  # built and started in bot/app.py

    async def _participant(self, user: discord.abc.User) -> Participant | None:
        found = await participant_for_user(self.bot.db, self.bot.programs, user, self.bot.clock)
        return None if found is None else found[1]

    # ---- facilitators -------------------------------------------------------------------

    @admin.command(name="add", description="Ask a participant to link a family member")
    @app_commands.describe(member="The family member", participant="The participant")
    @facilitator_only()
    async def add(
        self, interaction: discord.Interaction, member: discord.Member, participant: discord.Member
    ) -> None:
        found = await self._participant(participant)
        if found is None:
            raise UserError(f"{participant.display_name} is not enrolled in the program.")
        if await self._participant(member) is not None:
            raise UserError(
                f"{member.display_name} is a participant; family links are for family members."
            )
        try:
            await self.service.request(found, member.id, member.display_name, interaction.user.id)
        except FamilyError as error:
            raise UserError(str(error)) from None
        await interaction.response.send_message(
            f"I asked {participant.mention} whether {member.mention} may be linked to their "
            "family sessions. Nothing happens until they agree.",
            ephemeral=True,
        )

    @admin.command(name="remove", description="End a family member's link")
    @facilitator_only()
    async def remove(
        self, interaction: discord.Interaction, member: discord.Member, participant: discord.Member
    ) -> None:
        found = await self._participant(participant)
        links = await self.service.links_of(member.id, None)
        link = next((x for x in links if found and x.participant == found.key), None)
        if link is None:
            raise UserError(f"{member.display_name} is not linked to {participant.display_name}.")
        await self.service.end(link, interaction.user.id)
        await interaction.response.send_message("The link has ended.", ephemeral=True)

    # ---- either side --------------------------------------------------------------------

    @family.command(name="end", description="End a family link (yours, as either side)")
    @app_commands.describe(name="Whose link, if you have more than one")
    async def end(self, interaction: discord.Interaction, name: str | None = None) -> None:
        participant = await self._participant(interaction.user)
        links = await self.service.links_of(interaction.user.id, participant)
        if name is not None:
            wanted = name.strip().lstrip("@").casefold()
            links = [
                x for x in links
                if wanted in (x.family_name.casefold(), x.participant.casefold())
            ]
        if not links:
            raise UserError("You have no family link to end.")
        if len(links) > 1:
            names = ", ".join(x.family_name for x in links)
            raise UserError(f"You have several links ({names}); say which with name:.")
        await self.service.end(links[0], interaction.user.id)
        await interaction.response.send_message(
            "The family link has ended.", ephemeral=interaction.guild is not None
        )

    async def on_consent(
        self, interaction: discord.Interaction, link_id: int, agreed: bool
    ) -> None:
        participant = await self._participant(interaction.user)
        if participant is None:
            await interaction.response.send_message(
                "This request is for the participant it names.", ephemeral=True
            )
            return
        if agreed and not await views.agreed(interaction, "your consent"):
            return
        try:
            decision = await self.service.decide(participant, link_id, agreed)
        except FamilyError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        name = decision.link.family_name
        note = (
            f"✅ Thank you: **{name}** is linked to your family sessions (your consent is "
            "recorded). End it any time with /family end."
            if agreed
            else f"Okay: **{name}** is not linked. Nothing changes."
        )
        original = interaction.message.content if interaction.message else ""
        await interaction.response.edit_message(content=f"{original}\n\n{note}", view=None)
        await views.tell_facilitators(
            self.bot,
            f"{participant.display} {'agreed to' if agreed else 'declined'} the family link "
            f"with {name}.",
        )


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(views.ConsentButton)
    await bot.add_cog(Family(bot))
