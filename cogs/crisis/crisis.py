"""/crisis anywhere, and a member's own resource region.

Crisis words in the peer channels are handled by the moderator (the same service, as
the ``CrisisPath`` port), check-in notes by the check-in cog, DMs to the bot by the
outreach cog's DM line (cogs/outreach), all through the same port. The service is built
in ``bot/app.py`` before anything else, and started there.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.crisis import storage as safety_db
from bot.crisis.service import DEFAULT_REGION, CrisisService
from bot.kernel.errors import quoted
from bot.kernel.ports import SAFETY_PLAN_BUTTON_ID
from cogs.crisis._concern_views import DYNAMIC_ITEMS as CONCERN_ITEMS
from cogs.crisis._views import DYNAMIC_ITEMS

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

PROGRAM_DEFAULT = "program"


def region_choices(service: CrisisService) -> list[app_commands.Choice[str]]:
    choices = [app_commands.Choice(name="The program's default", value=PROGRAM_DEFAULT)]
    for region in service.resources.regions:
        choices.append(app_commands.Choice(name=region.name, value=region.code))
    return choices


def safety_plan_view() -> discord.ui.View:
    """**My safety plan**: outreach's persistent button answers its custom id."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label="My safety plan",
            style=discord.ButtonStyle.primary,
            custom_id=SAFETY_PLAN_BUTTON_ID,
        )
    )
    return view


class Crisis(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.crisis

    @app_commands.command(
        name="crisis", description="Crisis lines for your region, now, and a facilitator is told"
    )
    async def crisis(self, interaction: discord.Interaction) -> None:
        """Works anywhere, for anyone. In a channel only the person who asked sees it."""
        in_dm = interaction.guild is None
        # Answer first with the resources: they must never wait for the alert.
        reply = await self.service.reply_for(interaction.user, facilitators_told=False)
        if await self.service.has_safety_plan(interaction.user.id):
            await interaction.response.send_message(
                reply, ephemeral=not in_dm, view=safety_plan_view()
            )
        else:
            await interaction.response.send_message(reply, ephemeral=not in_dm)
        response = await self.service.respond(
            user=interaction.user,
            text="",
            where="command",
            channel=None if in_dm else interaction.channel,  # type: ignore[arg-type]
        )
        if response.alerted:
            await interaction.followup.send(
                "I've let your program's facilitators know, so a person will reach out to you.",
                ephemeral=not in_dm,
            )

    @app_commands.command(
        name="crisis-region", description="Which country's crisis lines /crisis shows you"
    )
    @app_commands.describe(region="Where you are; 'The program's default' undoes your choice")
    async def crisis_region(self, interaction: discord.Interaction, region: str) -> None:
        valid = {c.value for c in region_choices(self.service)}
        if region not in valid:
            names = ", ".join(c.name for c in region_choices(self.service))
            await interaction.response.send_message(
                f"I don't have crisis lines for {quoted(region)}. Choose one of: {names}.",
                ephemeral=True,
            )
            return
        chosen = None if region == PROGRAM_DEFAULT else region
        await safety_db.set_member_region(
            self.bot.db, interaction.user.id, chosen, self.bot.clock.now()
        )
        shown = await self.service.region_for(interaction.user.id)
        await interaction.response.send_message(
            f"Done: /crisis now shows you the lines for **{shown.name}**.", ephemeral=True
        )

    @crisis_region.autocomplete("region")
    async def _region_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.casefold()
        return [
            c
            for c in region_choices(self.service)
            if wanted in c.name.casefold() or wanted in c.value.casefold()
        ][:25]


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS, *CONCERN_ITEMS)
    await bot.add_cog(Crisis(bot))


__all__ = ["DEFAULT_REGION", "Crisis", "setup"]
