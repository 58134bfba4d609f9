"""/coping, /myskills and the facilitators' /skills: coping skills in the participant's pocket.

The library is loaded and validated when the cog loads: a broken data/coping_tips.toml
stops start-up with every problem listed, rather than failing on someone's bad night.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.coping.daily import OFF, DailySkill
from bot.coping.daily import PREFIX as DAILY_PREFIX
from bot.coping.domain.library import Library, LibraryError, load_library
from bot.coping.service import (
    ALERTED,
    COG_NAME,
    CopingError,
    CopingService,
    CrisisRoute,
    Offer,
    alert_facilitators,
    situation_choices,
    situation_name,
    speaks_of_crisis,
)
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.durations import format_clock, parse_clock
from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.program.domain.schedule import Program
from cogs.coping._views import (
    CopingButton,
    SkillModal,
    answer_kwargs,
    crisis_text,
    offer_kwargs,
    participant_key,
    person,
    service_of,
    skill_embed,
)

log = logging.getLogger(__name__)

DAILY_HEADER = "**Skill of the day**: one to try, or to keep in your pocket."


class Coping(commands.Cog, name=COG_NAME):
    skills = app_commands.Group(
        name="skills", description="The coping-skill library (facilitators)", guild_only=True
    )

    def __init__(self, bot: Any, library: Library) -> None:
        self.bot = bot
        self.library = library

    async def cog_load(self) -> None:
        bot = self.bot
        self.service = CopingService(bot.db, bot.clock, self.library, programs=bot.programs)
        self.service.render = offer_kwargs
        self.service.render_crisis = crisis_text
        await self.service.reload()
        self.daily = DailySkill(
            bot.db,
            bot.clock,
            lambda: self.service.library,
            scheduler=bot.scheduler,
            programs=bot.programs,
        )
        self.daily.poster = self._post_daily
        await self.daily.load_settings()
        bot.programs.on_change(self._program_changed)
        await self.daily.plan()

    async def cog_unload(self) -> None:
        self.bot.scheduler.remove_jobs_with_prefix(DAILY_PREFIX)

    async def _program_changed(self, before: Program | None, after: Program | None) -> None:
        # The program's time zone decides when 09:00 is.
        await self.daily.plan()

    def _daily_channel(self, name: str | None) -> discord.TextChannel | None:
        settings = self.bot.settings
        guild = program_guild(self.bot, settings.guild_id)
        return find_text_channel(guild, name or settings.channels.daily_checkin)

    async def _post_daily(self, skill: Any, day: date, name: str | None) -> int | None:
        channel = self._daily_channel(name)
        if channel is None:
            wanted = name or self.bot.settings.channels.daily_checkin
            log.error("daily skill: no channel %r", wanted)
            return None
        message = await channel.send(DAILY_HEADER, **offer_kwargs(Offer(skill, None)))
        return message.id

    # --- participants ------------------------------------------------------------------

    @app_commands.command(name="coping", description="A coping skill for what you're facing now")
    @app_commands.describe(situation="What's going on? Pick one, or say it in your own words")
    async def coping(self, interaction: discord.Interaction, situation: str | None = None) -> None:
        """One skill as a card with buttons; crisis words get crisis help instead."""
        # Private in the server: asking for a craving skill is nobody else's business.
        private = interaction.guild is not None
        if situation is not None and speaks_of_crisis(situation):
            # Before any lookup that could fail: crisis help must always go out.
            await self._crisis(interaction, CrisisRoute(situation.strip()))
            return
        key = await participant_key(self.bot, interaction.user)
        answer = await self.service.suggest(key, situation)
        if isinstance(answer, CrisisRoute):
            await self._crisis(interaction, answer)
            return
        await interaction.response.send_message(ephemeral=private, **answer_kwargs(answer))

    async def _crisis(self, interaction: discord.Interaction, route: CrisisRoute) -> None:
        try:
            zone = (await person(self.bot, interaction.user))[1]
        except Exception:
            log.exception("crisis help: no time zone for the region; sending the general lines")
            zone = None
        # Help first: the person must not wait on the alert.
        private = interaction.guild is not None  # in a DM it stays, to be found again
        await interaction.response.send_message(crisis_text(zone), ephemeral=private)
        channel = interaction.channel
        where = f"in #{channel}" if interaction.guild is not None else "in a DM with the bot"
        alerted = await alert_facilitators(
            self.bot,
            user_id=interaction.user.id,
            who=interaction.user.name,
            where=f"asked /coping for crisis help {where}",
            said=route.said,
            channel=channel if interaction.guild is not None else None,
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
        service = service_of(self.bot)
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
                    at = parse_clock(time)
                except ValueError as error:
                    raise UserError(f"{error}, or write off to turn it off.") from None
        if time is not None or channel is not None:
            await daily.configure(at=at, channel=str(channel.id) if channel else None)
        posted_in = self._daily_channel(daily.channel)
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


async def setup(bot: commands.Bot) -> None:
    try:
        library = load_library()
    except LibraryError as error:
        # Every problem at once, so one start-up shows the admin all there is to fix.
        log.critical("the coping library cannot be used:\n%s", error)
        raise
    bot.add_dynamic_items(CopingButton)
    await bot.add_cog(Coping(bot, library))
