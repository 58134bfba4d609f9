"""Session reminders and the participant's own schedule settings."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.db import members
from bot.kernel.durations import LeadTimeError, parse_leads
from bot.kernel.errors import UserError
from bot.kernel.timezones import UnknownTimezoneError, match_timezones, resolve_timezone
from bot.program.domain.schedule import Participant, Program
from bot.program.participants import participant_for_user
from bot.reminders.messages import day_text, leads_text, notices_setting_text, schedule_text
from cogs.reminders._views import RsvpButton

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

NOT_ENROLLED = (
    "You're not enrolled in the program yet, so I have no schedule for you. "
    "Ask your facilitator to add you."
)
DMS_CLOSED_NOTE = (
    "\n\n**I can't DM you**, so you are missing your reminders. In the server's menu, "
    "open Privacy Settings and allow direct messages from server members."
)


class Reminders(commands.Cog):
    """The reminder service and enrolment are built and started in ``bot/app.py``
    (enrolment first, so new participants are linked before reminders replan)."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.reminders
        self._enrolled_at_start = False

    async def _enrol(self, program: Program, only: discord.Member | None = None) -> None:
        await self.bot.enrolment.enrol(program, only=only)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Members are only known once the server is loaded; enrolment is idempotent, so
        # running it again after a reconnect would send nothing twice, but it is not needed.
        if self._enrolled_at_start:
            return
        self._enrolled_at_start = True
        program = await self.bot.programs.current()
        if program is not None:
            await self._enrol(program)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        program = await self.bot.programs.current()
        if program is not None and member.guild.id == self.bot.settings.guild_id:
            await self._enrol(program, only=member)
            await self.service.replan()

    async def _me(self, interaction: discord.Interaction) -> tuple[Program, Participant]:
        found = await participant_for_user(
            self.bot.db, self.bot.programs, interaction.user, self.bot.clock
        )
        if found is None:
            raise UserError(NOT_ENROLLED)
        return found

    async def _dm_note(self, user_id: int) -> str:
        row = await members.get(self.bot.db, user_id)
        return DMS_CLOSED_NOTE if row is not None and row.dm_closed_at else ""

    @app_commands.command(name="schedule", description="Your sessions in the next 7 days")
    async def schedule(self, interaction: discord.Interaction) -> None:
        program, participant = await self._me(interaction)
        text = schedule_text(program, participant, self.bot.clock.now()) + await self._dm_note(
            interaction.user.id
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="timezone", description="Set the time zone you live in")
    @app_commands.describe(zone="An IANA time zone such as America/Chicago or Europe/London")
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        _, participant = await self._me(interaction)
        try:
            resolved = resolve_timezone(zone.strip())
        except UnknownTimezoneError as error:
            guess = f' Did you mean **{error.suggestions[0]}**?' if error.suggestions else ""
            raise UserError(
                f'I don\'t know a time zone called "{error.name}".{guess} Pick one from the '
                "list as you type, like America/Chicago or Europe/London."
            ) from None
        await self.bot.programs.set_timezone(participant.key, resolved.key)
        await interaction.response.send_message(
            f"Your time zone is now **{resolved.key}**. Session times in my messages show in "
            "your own local time.",
            ephemeral=True,
        )

    @timezone.autocomplete("zone")
    async def timezone_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in match_timezones(current)]

    @app_commands.command(name="reminders", description="When I remind you before sessions")
    @app_commands.describe(
        leads='Lead times like "24h, 1h" or "90m"; "off" for none; "default" for the program\'s',
        notices="Whether I tell you when your sessions are cancelled, moved or back on",
    )
    @app_commands.choices(
        notices=[
            app_commands.Choice(name="on", value="on"),
            app_commands.Choice(name="off", value="off"),
        ]
    )
    async def reminders(
        self,
        interaction: discord.Interaction,
        leads: str | None = None,
        notices: app_commands.Choice[str] | None = None,
    ) -> None:
        program, participant = await self._me(interaction)
        if notices is not None:
            await self.bot.programs.set_notices(participant.key, notices.value == "on")
        if leads is not None:
            if leads.strip().lower() == "default":
                await self.bot.programs.set_reminders(participant.key, None)
            else:
                try:
                    parsed = parse_leads(leads)
                except LeadTimeError as error:
                    raise UserError(f"Sorry, {error}.") from None
                await self.bot.programs.set_reminders(participant.key, parsed)
            program, participant = await self._me(interaction)
        current = program.leads_for(participant)
        text = leads_text(current)
        text += "\n" + notices_setting_text(
            await self.bot.programs.notices_on(participant.key), reminded=bool(current)
        )
        await interaction.response.send_message(
            text + await self._dm_note(interaction.user.id), ephemeral=True
        )

    @app_commands.command(name="pause", description="Pause reminders while you are away")
    @app_commands.describe(until='The date you are back, as YYYY-MM-DD, or "off" to resume now')
    async def pause(self, interaction: discord.Interaction, until: str) -> None:
        _, participant = await self._me(interaction)
        text = until.strip().lower()
        if text in ("off", "resume", "none"):
            await interaction.response.defer(ephemeral=True, thinking=True)
            await self.bot.programs.set_paused_until(participant.key, None, by=interaction.user.id)
            await interaction.followup.send("Welcome back: reminders are on.", ephemeral=True)
            return
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise UserError(
                f'"{until}" is not a date: write it as YYYY-MM-DD, like 2026-12-24, or "off".'
            ) from None
        today = self.bot.clock.now().astimezone(resolve_timezone(participant.timezone)).date()
        if day <= today:
            raise UserError("That date has passed: give the first day you are back.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.bot.programs.set_paused_until(participant.key, day, by=interaction.user.id)
        await interaction.followup.send(
            f"Paused: no reminders until **{day_text(day)}**. Your sessions still take place "
            "(`/schedule` shows them). Take care of yourself.",
            ephemeral=True,
        )


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(RsvpButton)
    await bot.add_cog(Reminders(bot))
