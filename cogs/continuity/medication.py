"""Personal care settings made privately, in a DM with the bot: medication reminders
(/medication; /meds for facilitators: times for a participant, adherence, the digest's
threshold). Content warnings (/content-warnings) are moderation's: cogs/moderation.

The medication's name is accepted and shown only in a DM with its owner; facilitators
set times without a name and see adherence, never the name. Thin: the decisions are in
``bot/continuity/medication.py``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.continuity.domain.medication import (
    MedicationInputError,
    clean_label,
    parse_dose_time,
    parse_dose_times,
)
from bot.continuity.medication import MedicationError
from bot.continuity.storage import medication as med_db
from bot.kernel.db import audit as audit_log
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.errors import UserError
from bot.kernel.messenger import DmClosed, NotInServer
from bot.kernel.roles import facilitator_only
from bot.program.domain.schedule import Participant
from bot.program.participants import participant_for_user
from cogs.continuity import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

NOT_ENROLLED = (
    "You're not enrolled in the program, so I can't set medication reminders for you. "
    "Ask your facilitator to add you."
)
NAME_IN_DM = (
    "To keep it private, give the medication's name in a DM with me (open a DM with the "
    "bot and run /medication add there). Nothing was saved."
)
DONE = {
    "taken": "✅ Marked as taken. Well done.",
    "skipped": "Okay, skipped for today. If you're unsure about a dose, ask your prescriber.",
}


def _times(schedules: list[med_db.Schedule], *, names: bool) -> str:
    parts = []
    for s in schedules:
        label = f" ({s.label})" if names and s.label else ""
        parts.append(f"**{s.at:%H:%M}**{label}")
    return ", ".join(parts)


class Medication(commands.Cog):
    medication = app_commands.Group(
        name="medication", description="Your medication reminders (private, in DMs)"
    )
    meds = app_commands.Group(
        name="meds", description="Medication reminders for participants (facilitators)",
        guild_only=True,
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.medication  # built and started in bot/app.py

    async def _me(self, user: discord.abc.User) -> Participant:
        found = await participant_for_user(self.bot.db, self.bot.programs, user, self.bot.clock)
        if found is None:
            raise UserError(NOT_ENROLLED)
        return found[1]

    async def _next_line(self, participant: Participant) -> str:
        upcoming = await self.service.next_reminder(participant.key)
        return "" if upcoming is None else f" The next one: {discord_timestamp(upcoming, 'f')}."

    # ---- participants -------------------------------------------------------------------

    @medication.command(name="add", description="Daily reminder times, in your own time zone")
    @app_commands.describe(
        time='HH:MM, 24-hour, your time; several like "08:00, 20:00"',
        name="Optional: the medication's name, shown only in your DMs with me",
    )
    async def add(
        self, interaction: discord.Interaction, time: str, name: str | None = None
    ) -> None:
        participant = await self._me(interaction.user)
        in_dm = interaction.guild is None
        if name is not None and not in_dm:
            raise UserError(NAME_IN_DM)
        if not await views.agreed(interaction, "your medication reminders"):
            return
        try:
            times = parse_dose_times(time)
            label = clean_label(name)
            schedules = await self.service.add_times(participant, times, label, interaction.user.id)
        except (MedicationInputError, MedicationError) as error:
            raise UserError(str(error)) from None
        text = (
            f"I'll remind you here at {_times(schedules, names=in_dm)} every day, your time "
            f"({participant.timezone}), with Taken, Skip today and Snooze buttons."
        )
        await interaction.response.send_message(
            text + await self._next_line(participant), ephemeral=not in_dm
        )

    @medication.command(name="list", description="Your medication reminder times")
    async def list_times(self, interaction: discord.Interaction) -> None:
        participant = await self._me(interaction.user)
        schedules = await med_db.schedules_for(self.bot.db, participant.key)
        in_dm = interaction.guild is None
        if not schedules:
            text = "You have no medication reminders. Add one with /medication add."
        else:
            shared = await med_db.shares(self.bot.db, participant.key)
            found = await self.service.adherence(participant)
            text = (
                f"Your reminder times: {_times(schedules, names=in_dm)} ({participant.timezone}). "
                f"This week: {found.sentence()}. Missed doses are "
                + ("shared with your facilitators." if shared else "not shared with anyone.")
            )
        await interaction.response.send_message(text, ephemeral=not in_dm)

    @medication.command(name="remove", description="Stop one daily reminder time")
    @app_commands.describe(time="The time to remove, HH:MM")
    async def remove(self, interaction: discord.Interaction, time: str) -> None:
        participant = await self._me(interaction.user)
        try:
            at = parse_dose_time(time)
            await self.service.remove_time(participant, at)
        except (MedicationInputError, MedicationError) as error:
            raise UserError(str(error)) from None
        await interaction.response.send_message(
            f"No more reminders at {at:%H:%M}.", ephemeral=interaction.guild is not None
        )

    @medication.command(
        name="share", description="Let facilitators see when you miss several doses"
    )
    @app_commands.describe(choice="on: missed doses appear in the facilitators' digest")
    async def share(self, interaction: discord.Interaction, choice: Literal["on", "off"]) -> None:
        participant = await self._me(interaction.user)
        if choice == "on" and not await views.agreed(interaction, "your choice"):
            return
        await med_db.set_consent(self.bot.db, participant.key, choice == "on", self.bot.clock.now())
        text = (
            "Thank you. When you miss several doses in a week, your facilitators will see how "
            "many in their daily digest (never the medication's name), so they can check in."
            if choice == "on"
            else "Okay: your missed doses are not shared with anyone."
        )
        await interaction.response.send_message(text, ephemeral=interaction.guild is not None)

    async def on_dose(
        self, interaction: discord.Interaction, action: str, schedule_id: int, day: date
    ) -> None:
        """A Taken / Skip today / Snooze press on a reminder (see _continuity_views)."""
        found = await participant_for_user(
            self.bot.db, self.bot.programs, interaction.user, self.bot.clock
        )
        if found is None:
            await interaction.response.send_message(NOT_ENROLLED, ephemeral=True)
            return
        if not await views.agreed(interaction, "your answer"):
            return
        try:
            answered = await self.service.answer(found[1], schedule_id, day, action)
        except MedicationError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        original = interaction.message.content if interaction.message else ""
        if answered.until is not None:
            note = (
                f"⏰ Snoozed: I'll remind you again at {discord_timestamp(answered.until, 't')}."
            )
        else:
            note = DONE[answered.status]
        await interaction.response.edit_message(content=f"{original}\n{note}", view=None)

    # ---- facilitators -------------------------------------------------------------------

    @meds.command(name="set", description="Set daily medication reminder times for a participant")
    @app_commands.describe(member="The participant", time='HH:MM in their time; "08:00, 20:00"')
    @facilitator_only()
    async def meds_set(
        self, interaction: discord.Interaction, member: discord.Member, time: str
    ) -> None:
        participant = await self._enrolled(member)
        try:
            times = parse_dose_times(time)
            await self.service.add_times(participant, times, None, interaction.user.id)
        except (MedicationInputError, MedicationError) as error:
            raise UserError(str(error)) from None
        shown = ", ".join(f"{t:%H:%M}" for t in times)
        told = await self._tell(
            member.id,
            f"Your facilitator set daily medication reminders for you at {shown} your time "
            f"({participant.timezone}). I'll DM you then with Taken, Skip today and Snooze "
            "buttons. You can add the medication's name (only you will ever see it) with "
            "/medication add here, or stop a time with /medication remove.",
        )
        await interaction.response.send_message(
            f"Medication reminders set for {member.mention} at {shown} their time."
            + ("" if told else " I couldn't DM them about it (their DMs are closed)."),
            ephemeral=True,
        )

    @meds.command(name="adherence", description="A participant's doses taken this week")
    @facilitator_only()
    async def meds_adherence(
        self, interaction: discord.Interaction, member: discord.Member
    ) -> None:
        participant = await self._enrolled(member)
        now = self.bot.clock.now()
        await audit_log.record(
            self.bot.db, interaction.user.id, "medication.adherence", participant.key, now
        )
        if not await med_db.schedules_for(self.bot.db, participant.key):
            text = f"{member.mention} has no medication reminders."
        else:
            found = await self.service.adherence(participant)
            text = f"{member.mention}: {found.sentence()}. (This view is audit-logged.)"
        await interaction.response.send_message(text, ephemeral=True)

    @meds.command(name="threshold", description="Missed doses in 7 days that reach the digest")
    @facilitator_only()
    async def meds_threshold(self, interaction: discord.Interaction, count: int) -> None:
        try:
            await self.service.set_threshold(count)
        except MedicationError as error:
            raise UserError(str(error)) from None
        await interaction.response.send_message(
            f"Participants who agreed to share it appear in the digest after {count} missed "
            "doses in 7 days.",
            ephemeral=True,
        )

    async def _enrolled(self, member: discord.Member) -> Participant:
        found = await participant_for_user(self.bot.db, self.bot.programs, member, self.bot.clock)
        if found is None:
            raise UserError(f"{member.display_name} is not enrolled in the program.")
        return found[1]

    async def _tell(self, user_id: int, text: str) -> bool:
        try:
            await self.bot.messenger.send(user_id, content=text)
            return True
        except (DmClosed, NotInServer):
            return False


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(views.DoseButton)
    await bot.add_cog(Medication(bot))
