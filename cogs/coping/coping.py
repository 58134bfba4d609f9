"""/coping, /myskills and the facilitators' /skills: coping skills in the participant's pocket.

The library is loaded and validated at start-up (``bot/app.py``, which builds the coping
service and the skill of the day): a broken data/coping_tips.toml stops start-up with
every problem listed, rather than failing on someone's bad night.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.coping.daily import OFF
from bot.coping.service import (
    ALERTED,
    COG_NAME,
    CopingError,
    CrisisRoute,
    Offer,
    alert_facilitators,
    situation_choices,
    situation_name,
)
from bot.kernel.durations import format_clock, parse_time_of_day
from bot.kernel.errors import UserError
from bot.kernel.ports import ConcernPath, CrisisPath
from bot.kernel.roles import facilitator_only
from cogs.coping._views import (
    CopingButton,
    SkillModal,
    answer_kwargs,
    daily_channel,
    participant_key,
    person,
    skill_embed,
)

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class Coping(commands.Cog, name=COG_NAME):
    skills = app_commands.Group(
        name="skills", description="The coping-skill library (facilitators)", guild_only=True
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        # Built, loaded and planned in bot/app.py.
        self.service = bot.coping
        self.daily = bot.daily_skill
        # The bot's one crisis path: crisis words to /coping get crisis help and an alert.
        self.crisis: CrisisPath = bot.crisis
        # Words of concern in a request (issue 14): the skill, then a private check-in.
        self.concern: ConcernPath = bot.concern

    # --- participants ------------------------------------------------------------------

    @app_commands.command(name="coping", description="A coping skill for what you're facing now")
    @app_commands.describe(situation="What's going on? Pick one, or say it in your own words")
    async def coping(self, interaction: discord.Interaction, situation: str | None = None) -> None:
        """One skill as a card with buttons; crisis words get crisis help instead."""
        # Private in the server: asking for a craving skill is nobody else's business.
        private = interaction.guild is not None
        if situation is not None and self.service.speaks_of_crisis(situation):
            # Before any lookup that could fail: crisis help must always go out.
            await self._crisis(interaction, CrisisRoute(situation.strip()))
            return
        key = await participant_key(self.bot, interaction.user)
        answer = await self.service.suggest(key, situation)
        if isinstance(answer, CrisisRoute):
            await self._crisis(interaction, answer)
            return
        await interaction.response.send_message(ephemeral=private, **answer_kwargs(answer))
        if situation is not None:
            await self._concern(interaction, situation)

    async def _concern(self, interaction: discord.Interaction, said: str) -> None:
        try:
            result = self.service.detect_crisis(said)
            if result.tier == "concern":
                await self.concern.hear(
                    user=interaction.user, text=said, where="coping", result=result
                )
        except Exception:
            log.exception("the concern check-in failed for a /coping request")

    async def _crisis(self, interaction: discord.Interaction, route: CrisisRoute) -> None:
        try:
            zone = (await person(self.bot, interaction.user))[1]
        except Exception:
            log.exception("crisis help: no time zone for the region; sending the general lines")
            zone = None
        # Help first: the person must not wait on the alert.
        private = interaction.guild is not None  # in a DM it stays, to be found again
        await interaction.response.send_message(self.crisis.help_text(zone), ephemeral=private)
        channel = interaction.channel
        alerted = await alert_facilitators(
            self.crisis,
            interaction.user,
            said=route.said,
            channel=channel if interaction.guild is not None else None,  # type: ignore[arg-type]
        )
        if alerted:
            await interaction.followup.send(ALERTED, ephemeral=private)

    @coping.autocomplete("situation")
    async def _situations(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=v) for n, v in situation_choices(current)]

    @app_commands.command(name="myskills", description="The coping skills that helped you")
    async def myskills(self, interaction: discord.Interaction) -> None:
        """Only the asker sees it, in the server and in DMs."""
        key = await participant_key(self.bot, interaction.user)
        helped = await self.service.helped(key)
        if not helped:
            text = (
                "You haven't marked any skill as helpful yet. When one helps, press "
                "**This helped** under it, and it will show up here."
            )
            await interaction.response.send_message(text, ephemeral=True)
            return
        lines = [f"**{s.title}** ({s.minutes} min): {s.source}" for s in helped]
        embed = discord.Embed(
            title="Skills that helped you", description="\n".join(lines)[:4000]
        )
        embed.set_footer(text="Use /coping any time to get one with its steps.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # --- facilitators ------------------------------------------------------------------

    @skills.command(name="add", description="Add a skill to this program's library")
    @app_commands.describe(caution="Who should skip it or take care (optional)")
    @facilitator_only()
    async def skills_add(
        self, interaction: discord.Interaction, caution: str | None = None
    ) -> None:
        if caution is not None and len(caution) > 300:
            raise UserError(
                f"The caution can be at most 300 characters (yours has {len(caution)})."
            )
        await interaction.response.send_modal(SkillModal(caution=(caution or "").strip()))

    @skills.command(name="retire", description="Stop offering a skill")
    @app_commands.describe(skill="The skill to stop offering (start typing its title)")
    @facilitator_only()
    async def skills_retire(self, interaction: discord.Interaction, skill: str) -> None:
        try:
            retired, empty = await self.service.retire(skill.strip(), interaction.user.id)
        except CopingError as error:
            raise UserError(str(error)) from error
        text = f"Retired **{retired.title}**. It won't be offered any more."
        if empty:
            names = ", ".join(situation_name(key).lower() for key in empty)
            text += f"\nNote: no skill is left for {names}; add one with /skills add."
        await interaction.response.send_message(text, ephemeral=True)

    @skills_retire.autocomplete("skill")
    async def _retire_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._skill_choices(current)

    def _skill_choices(self, current: str) -> list[app_commands.Choice[str]]:
        service = self.service
        return [
            app_commands.Choice(name=f"{s.title} ({s.id})"[:100], value=s.id)
            for s in service.retire_choices(current)
        ]

    @skills.command(name="daily", description="When and where the skill of the day is posted")
    @app_commands.describe(
        time="Program time, HH:MM (e.g. 09:00), or off",
        channel="The channel to post in (default: the check-in channel)",
    )
    @facilitator_only()
    async def skills_daily(
        self,
        interaction: discord.Interaction,
        time: str | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        daily = self.daily
        at = daily.at
        if time is not None:
            if time.strip().casefold() == OFF:
                at = None
            else:
                try:
                    at = parse_time_of_day(time)
                except ValueError as error:
                    raise UserError(
                        f"{error}. Write it like 09:00 or 9am, or off to turn it off."
                    ) from None
        if time is not None or channel is not None:
            await daily.configure(at=at, channel=str(channel.id) if channel else None)
        posted_in = daily_channel(self.bot, daily.channel)
        where = posted_in.mention if posted_in else "no channel I can find"
        if daily.at is None:
            text = "The skill of the day is **off**. Turn it on with `/skills daily time:09:00`."
        else:
            text = (
                f"The skill of the day is posted at **{format_clock(daily.at)}** program time "
                f"in {where}."
            )
        await interaction.response.send_message(text, ephemeral=True)

    @skills.command(name="show", description="See a skill as participants see it")
    @app_commands.describe(skill="The skill (start typing its title)")
    @facilitator_only()
    async def skills_show(self, interaction: discord.Interaction, skill: str) -> None:
        found = self.service.library.get(skill.strip())
        if found is None:
            raise UserError(f"There is no skill with the id {skill!r}; pick one from the list.")
        retired = " (retired)" if found.id in self.service.library.retired else ""
        await interaction.response.send_message(
            f"`{found.id}`{retired}", embed=skill_embed(Offer(found, None)), ephemeral=True
        )

    @skills_show.autocomplete("skill")
    async def _show_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._skill_choices(current)


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(CopingButton)
    await bot.add_cog(Coping(bot))
