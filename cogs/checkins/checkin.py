"""Daily check-ins for participants: /checkin, /checkin-time, /progress and the prompt's
buttons, selects and note. Thin: every decision is in ``bot/checkins``; the service is
built and started in ``bot/app.py``."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import date, time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checkins import reports as checkin_reports
from bot.checkins import sharing as checkin_sharing
from bot.checkins.chart import render_chart
from bot.checkins.domain.checkin import AnswerError
from bot.checkins.domain.checkin_questions import Kind
from bot.checkins.domain.checkin_time import StalePromptError
from bot.checkins.plain import checkin_summary, checkin_time_text, give_back, streak_text
from bot.checkins.service import NotOpen, nice_day
from bot.kernel.durations import parse_time_of_day
from bot.kernel.errors import UserError
from bot.kernel.ports import ConcernPath, CrisisPath
from bot.program.domain.schedule import Participant
from bot.program.participants import participant_for_user
from cogs.checkins import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

NOT_ENROLLED = (
    "You're not enrolled in this program's check-ins, so there is nothing to fill in and "
    "nothing was saved. If you think you should be, ask a facilitator to add you to the "
    "program."
)
_PROBLEMS = (
    AnswerError,
    StalePromptError,
    NotOpen,
    checkin_sharing.ShareRefused,
)
def parse_checkin_time(text: str) -> time | None:
    """'21:30' or '9:30pm' → 21:30; 'off' → None. Anything else is a ``UserError`` that
    says why."""
    cleaned = text.strip().lower()
    if cleaned == "off":
        return None
    try:
        return parse_time_of_day(cleaned)
    except ValueError as error:
        raise UserError(
            f"{error}. Write it like 20:00, 7:30 or 8pm, or \"off\" to stop daily check-in "
            "prompts."
        ) from None


async def _tell(interaction: discord.Interaction, text: str) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)


async def _give_back(interaction: discord.Interaction, texts: dict[str, str]) -> None:
    """Nothing a person typed is lost: after a refusal, their text comes back in full."""
    for part in give_back(texts):
        await interaction.followup.send(part, ephemeral=True)


class Checkin(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.checkins
        # The bot's one crisis path, for a check-in note that shows crisis, and the
        # concern tier's private check-in for one that shows concern (issue 14).
        self.crisis: CrisisPath = bot.crisis
        self.concern: ConcernPath = bot.concern

    async def enrolled(self, user: discord.abc.User) -> Participant | None:
        found = await participant_for_user(self.bot.db, self.bot.programs, user, self.bot.clock)
        return None if found is None else found[1]

    async def _participant_or_tell(
        self,
        interaction: discord.Interaction,
        crisis_text: str | None = None,
        stores: bool = True,
    ) -> Participant | None:
        participant = await self.enrolled(interaction.user)
        if participant is None:
            await _tell(interaction, NOT_ENROLLED)
            return None
        # Privacy (issue 9): no check-in answer is stored before the participant agreed;
        # a note showing crisis is still answered and escalated (see consent_gate).
        if stores and not await self.bot.consent_gate(
            interaction, "your check-in", crisis_text=crisis_text
        ):
            return None
        return participant

    # ---- commands -------------------------------------------------------------------

    @app_commands.command(name="checkin", description="Start today's check-in now")
    async def checkin(self, interaction: discord.Interaction) -> None:
        participant = await self.enrolled(interaction.user)
        if participant is None:
            raise UserError(NOT_ENROLLED)
        try:
            existing = await self.service.current(participant, None)
            day = self.service.answer_day(participant, None)
        except NotOpen as error:
            raise UserError(str(error)) from error
        answers = existing.answers if existing is not None else {}
        total = len(views.pages(self.service.config))
        await interaction.response.send_message(
            views.prompt_content(day, 0, total),
            view=views.prompt_view(self.service.config, day, 0, answers),
            ephemeral=interaction.guild is not None,
        )

    @app_commands.command(name="checkin-time", description="Set your daily check-in time, or off")
    @app_commands.describe(time='Your local time, HH:MM (24-hour), or "off"')
    async def checkin_time(self, interaction: discord.Interaction, time: str) -> None:
        participant = await self.enrolled(interaction.user)
        if participant is None:
            raise UserError(NOT_ENROLLED)
        at = parse_checkin_time(time)
        if not await self.bot.consent_gate(interaction, "your check-in time"):
            return
        await self.service.set_time(participant, at, enabled=at is not None)
        upcoming = None if at is None else self.service.next_prompt_for(participant.key)
        text = checkin_time_text(at, participant.timezone, upcoming)
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="progress", description="Your mood and craving chart, and streak")
    async def progress(self, interaction: discord.Interaction) -> None:
        participant = await self.enrolled(interaction.user)
        if participant is None:
            raise UserError(NOT_ENROLLED)
        await interaction.response.defer(ephemeral=interaction.guild is not None, thinking=True)
        found = await checkin_reports.progress(self.service, participant)
        png = await asyncio.to_thread(
            render_chart, found.points, "Your mood and craving", found.today
        )
        streak = streak_text(found.streak, found.longest, found.days_checked_in)
        # Continuity of care (issue 11): medication adherence, for those with reminders.
        streak += await self.service.medication.adherence_line(participant.key)
        files = [discord.File(io.BytesIO(png), filename="progress.png")]
        # Measures (issue 20): questionnaire scores over the program, bands shaded.
        scores = await self.service.score_charts.chart_for(participant.key, "Your questionnaires")
        if scores.png is not None:
            streak += "\nYour questionnaires: " + "; ".join(scores.lines) + "."
            files.append(discord.File(io.BytesIO(scores.png), filename="questionnaires.png"))
        await interaction.followup.send(
            streak, files=files, ephemeral=interaction.guild is not None
        )

    # ---- components -------------------------------------------------------------------

    async def on_answer(
        self, interaction: discord.Interaction, day: date, qid: str, values: list[str]
    ) -> None:
        participant = await self._participant_or_tell(interaction)
        if participant is None:
            return
        question = next((q for q in self.service.config.active_questions if q.id == qid), None)
        multi = question is not None and question.kind is Kind.MULTI_CHOICE
        raw: object = values if multi else (values[0] if values else "")
        try:
            checkin = await self.service.record_answers(participant, day, {qid: raw})
        except _PROBLEMS as error:
            await _tell(interaction, str(error))
            return
        all_pages = views.pages(self.service.config)
        page = next((n for n, p in enumerate(all_pages) if any(q.id == qid for q in p)), 0)
        await interaction.response.edit_message(
            view=views.prompt_view(self.service.config, checkin.day, page, checkin.answers)
        )

    async def on_button(self, interaction: discord.Interaction, day: date, action: str) -> None:
        # Privacy (issue 9): turning pages and opening the note store nothing.
        stores = not (action == "note" or (action.startswith("p") and action[1:].isdigit()))
        participant = await self._participant_or_tell(interaction, stores=stores)
        if participant is None:
            return
        try:
            await self._button(interaction, participant, day, action)
        except _PROBLEMS as error:
            await _tell(interaction, str(error))

    async def _button(
        self, interaction: discord.Interaction, participant: Participant, day: date, action: str
    ) -> None:
        config = self.service.config
        if action.startswith("p") and action[1:].isdigit():
            existing = await self.service.current(participant, day)
            answers = existing.answers if existing is not None else {}
            page, total = int(action[1:]), len(views.pages(config))
            await interaction.response.edit_message(
                content=views.prompt_content(day, page, total),
                view=views.prompt_view(config, day, page, answers),
            )
        elif action == "note":
            existing = await self.service.current(participant, day)
            answers = existing.answers if existing is not None else {}
            await interaction.response.send_modal(views.NoteModal(self, day, config, answers))
        elif action == "done":
            await self._done(interaction, participant, day)
        elif action in ("share", "sharenote"):
            shared = await checkin_sharing.share(
                self.service, participant, interaction.user.id, day, action == "sharenote"
            )
            verb = "updated" if shared.updated else "shared"
            await interaction.response.send_message(
                f"I {verb} this in today's check-in thread in "
                f"#{self.bot.settings.channels.daily_checkin}:\n{shared.text}"
            )
        elif action == "reach":
            told = await self.service.ask_for_person(participant, day, interaction.user)
            await interaction.response.send_message(
                told
                or "Thank you. I've let your facilitators know privately; someone from your "
                "program will reach out to you."
            )
        elif action == "noreach":
            await interaction.response.send_message(
                "Okay. If you change your mind, just reply here (for example \"please reach "
                "out\") or use /reach-out. Take care."
            )
        else:
            await _tell(interaction, "This button is out of date. Use /checkin to start again.")

    async def _done(
        self, interaction: discord.Interaction, participant: Participant, day: date
    ) -> None:
        finished = await self.service.finish(participant, day)
        answers = finished.checkin.answers
        summary = checkin_summary(self.service.config, answers)
        await interaction.response.edit_message(
            content=f"✅ Check-in saved for {nice_day(finished.day)}: {summary}.",
            view=views.change_view(finished.day),
        )
        lines = []
        if finished.follow_up.needed:
            offer = self.service.offers.follow_up_text(answers, f"{participant.key}:{finished.day}")
            lines.append("Thank you for being honest. Here's something that may help right now:")
            lines.append(offer)
            lines.append("Would you like a facilitator to reach out to you?")
        lines.append(
            "Would you like to share how you're doing with your peers? Only your "
            "mood (and your note, if you choose) is shared; nothing else ever is."
        )
        await interaction.followup.send(
            "\n\n".join(lines),
            view=views.after_view(
                finished.day, has_note="note" in answers, follow_up=finished.follow_up.needed
            ),
        )
        # Measures (issue 20): this week's questionnaires, offered once a week at most.
        await self.service.questionnaires.after_checkin(
            participant.key, interaction.user.id, finished.day
        )

    async def on_note(
        self, interaction: discord.Interaction, day: date, texts: dict[str, str]
    ) -> None:
        participant = await self._participant_or_tell(interaction, "\n".join(texts.values()))
        if participant is None:
            # Refused (not enrolled, or no consent yet): what they typed comes back.
            await _give_back(interaction, texts)
            return
        try:
            saved = await self.service.save_texts(participant, day, texts)
        except _PROBLEMS as error:
            await _tell(interaction, str(error))
            await _give_back(interaction, texts)
            return
        if saved.resources is not None:
            # One crisis path for the whole bot: the alert with "I'm on it" and repeats,
            # and resources for the participant's region.
            await interaction.response.defer(thinking=True)
            try:
                reply = await self.crisis.handle(
                    user=interaction.user, text="\n".join(texts.values()), where="checkin"
                )
            except Exception:
                log.exception("the crisis path failed for a check-in note; showing resources")
                reply = saved.resources
            await interaction.followup.send(reply)
        else:
            await interaction.response.send_message(
                "Your note is saved with today's check-in. Press Done when you're ready.",
                ephemeral=True,
            )
            if saved.crisis.tier == "concern":
                try:
                    await self.concern.hear(
                        user=interaction.user, text="\n".join(texts.values()),
                        where="checkin", result=saved.crisis,
                    )
                except Exception:
                    log.exception("the concern check-in failed for a check-in note")

    # ---- peer replies in the check-in thread -------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not isinstance(message.channel, discord.Thread):
            return
        reference = message.reference.message_id if message.reference else None
        await checkin_sharing.peer_message(
            self.service, message.channel.id, message.author.id, reference, self.bot.clock.now()
        )


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(*views.DYNAMIC_ITEMS)
    await bot.add_cog(Checkin(bot))
