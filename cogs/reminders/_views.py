"""RSVP buttons on reminders: persistent (they work on a reminder sent last week, after
a restart) because their custom id carries the occurrence and is matched by template.

``ReminderOutlet`` is the reminder service's way to Discord (the reminder with its
agenda and buttons, change notices, telling facilitators a member's DMs are closed);
``bot/app.py`` builds it and hands its methods to the service and to enrolment."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.errors import UserError, failure_for, send_ephemeral
from bot.kernel.ports import AgendaSummaries
from bot.program.domain.changes import ParticipantNotice
from bot.program.domain.occurrences import Occurrence, occurrences
from bot.program.domain.schedule import Participant, Program
from bot.program.participants import participant_for_user
from bot.program.storage import attendance
from bot.reminders.domain import Reminder
from bot.reminders.messages import (
    change_notice_content,
    reminder_content,
    reminder_embed,
    send_kwargs,
)
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

RSVP_LABELS = {"yes": "I'll be there", "late": "Running late", "no": "Can't make it"}
RSVP_STYLES = {
    "yes": discord.ButtonStyle.success,
    "late": discord.ButtonStyle.primary,
    "no": discord.ButtonStyle.secondary,
}
RSVP_THANKS = {
    "yes": "Thanks! I've noted that you'll be at {what}.",
    "late": "Thanks for letting us know you're running late for {what}. See you soon.",
    "no": "Thanks for letting us know you can't make {what}. Take care.",
}
OCCURRENCE_ID = r"[a-z0-9@][a-z0-9@._-]*:\d{4}-\d{2}-\d{2}"


def find_occurrence(program: Program, participant: Participant, key: str) -> Occurrence | None:
    """The participant's occurrence with this key (it may have been moved)."""
    try:
        day = date.fromisoformat(key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None
    zone = program.zone
    window_start = datetime.combine(day - timedelta(days=30), time(), zone)
    window_end = datetime.combine(day + timedelta(days=31), time(), zone)
    for occurrence in occurrences(program, participant, window_start, window_end):
        if occurrence.key == key:
            return occurrence
    return None


async def record_rsvp(
    interaction: discord.Interaction, occurrence_key: str, status: str, reason: str | None
) -> None:
    bot = companion(interaction.client)
    found = await participant_for_user(bot.db, bot.programs, interaction.user, bot.clock)
    if found is None:
        raise UserError("This reminder is for someone enrolled in the program, not for you.")
    program, participant = found
    occurrence = find_occurrence(program, participant, occurrence_key)
    if occurrence is None:
        raise UserError("That session is no longer on your schedule (it may have been cancelled).")
    now = bot.clock.now()
    if now >= occurrence.end:
        raise UserError("That session is already over, so its RSVP is closed.")
    # Privacy (issue 9): no RSVP is stored before the participant agreed to the notice.
    if not await bot.consent_gate(interaction, "your RSVP"):
        return
    await attendance.set_rsvp(bot.db, occurrence.key, participant.key, status, reason, now)
    what = f"**{occurrence.title}** ({discord_timestamp(occurrence.start, 'F')})"
    await interaction.response.send_message(RSVP_THANKS[status].format(what=what), ephemeral=True)


class ReasonModal(discord.ui.Modal, title="Can't make it"):
    reason: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
        label="Anything you'd like your facilitator to know?",
        custom_id="reason",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=300,
        placeholder="Optional",
    )

    def __init__(self, occurrence_key: str) -> None:
        super().__init__(custom_id=f"rsvp-reason:{occurrence_key}")
        self.occurrence_key = occurrence_key

    async def on_submit(self, interaction: discord.Interaction) -> None:
        text = self.reason.value.strip() or None
        await record_rsvp(interaction, self.occurrence_key, "no", text)

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows View.on_error
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await _answer_error(interaction, error)


async def _answer_error(interaction: discord.Interaction, error: Exception) -> None:
    if isinstance(error, UserError):
        await send_ephemeral(interaction, str(error))
        return
    log.error("RSVP failed", exc_info=error)
    await send_ephemeral(interaction, await failure_for(interaction))


class RsvpButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"rsvp:(?P<status>yes|late|no):(?P<occurrence>{OCCURRENCE_ID})",
):
    def __init__(self, status: str, occurrence_key: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=RSVP_LABELS[status],
                style=RSVP_STYLES[status],
                custom_id=f"rsvp:{status}:{occurrence_key}",
            )
        )
        self.status = status
        self.occurrence_key = occurrence_key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> RsvpButton:
        return cls(match["status"], match["occurrence"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if self.status == "no":
                await interaction.response.send_modal(ReasonModal(self.occurrence_key))
                return
            await record_rsvp(interaction, self.occurrence_key, self.status, None)
        except Exception as error:
            await _answer_error(interaction, error)


def rsvp_view(occurrence_key: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for status in RSVP_LABELS:
        view.add_item(RsvpButton(status, occurrence_key))
    return view


class ReminderOutlet:
    """What the reminder service and enrolment need of Discord."""

    def __init__(self, bot: CompanionBot, agendas: AgendaSummaries) -> None:
        self.bot = bot
        self.agendas = agendas

    async def render_reminder(self, reminder: Reminder, participant: Participant) -> dict[str, Any]:
        embed = reminder_embed(reminder)
        # The agenda, once a facilitator has posted one for this session.
        agenda = await self.agendas.posted_summary(reminder.occurrence.key)
        if agenda:
            embed.add_field(name="Agenda", value=agenda[:1024], inline=False)
        return send_kwargs(reminder_content(reminder), embed, rsvp_view(reminder.occurrence.key))

    def render_change_notice(
        self, notice: ParticipantNotice, participant: Participant, reminded: bool
    ) -> str:
        return change_notice_content(notice, reminded)

    def guild(self) -> discord.Guild | None:
        return program_guild(self.bot, self.bot.settings.guild_id)

    async def tell_facilitators_dm_closed(self, participant: Participant, user_id: int) -> None:
        channel = find_text_channel(self.guild(), self.bot.settings.channels.facilitators)
        if channel is None:
            log.warning("DMs closed for %s and no facilitators channel to say so", user_id)
            return
        await channel.send(
            f"I can't DM <@{user_id}> ({participant.display}): their direct messages are "
            "closed, so they are not getting session reminders. Could someone ask them to "
            "allow DMs from server members?"
        )
