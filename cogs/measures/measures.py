"""Questionnaires (issue 20): /questionnaire for participants, the menus that answer them,
and /report outcomes for facilitators (an embed and a CSV for the clinic's quality team).

``/report`` is the facilitators' one report command: the check-in cog owns the group,
and this cog adds its ``outcomes`` subcommand to it when it loads (Discord allows one
top-level command of a name), or registers the group itself when that cog is absent.
"""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.kernel.timezones import local_day
from bot.measures.domain.outcomes import Figures, share
from bot.measures.domain.scoring import AnswerError
from bot.measures.service import MeasuresService, Outcomes
from bot.program.domain.schedule import Participant
from bot.program.participants import participant_for_user
from cogs._client import companion
from cogs.measures import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

NOT_ENROLLED = (
    "You're not enrolled in the program here, so there are no questionnaires for you. "
    "If you think you should be, ask a facilitator."
)


def parse_day(text: str | None, default: date) -> date:
    if text is None or not text.strip():
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f'"{text}" is not a date I understand. Write it as YYYY-MM-DD, e.g. 2026-12-07.'
        ) from None


def _median(value: float | None) -> str:
    if value is None:
        return "not yet (no one has two scores)"
    return f"{value:+g} points"


def figures_text(f: Figures) -> str:
    lines = [
        f"Participants: {f.participants}",
        f"Measured at intake: {share(f.measured_at_intake, f.participants)}",
        f"Measured at discharge: {share(f.measured_at_discharge, f.discharged)}"
        + ("" if f.discharged else " (no one discharged in this period)"),
        f"Median change: {_median(f.median_change)}",
        f"Response (a drop of 50% or more): {share(f.responders, f.response_eligible)}",
    ]
    if f.instrument.remission_below is not None:
        lines.append(
            f"Remission (below {f.instrument.remission_below}): "
            f"{share(f.remissions, f.remission_eligible)}"
        )
    return "\n".join(lines)


def outcomes_embed(found: Outcomes) -> discord.Embed:
    embed = discord.Embed(
        title=f"Outcomes, {found.start.isoformat()} to {found.end.isoformat()}",
        description="Intake is each participant's first score in the period; latest their "
        "last. Change is latest minus intake (lower is better).",
    )
    for figures in found.figures:
        embed.add_field(name=figures.instrument.name, value=figures_text(figures), inline=False)
    people = []
    for row in found.rows:
        if row.intake is None:
            continue
        text = f"{row.participant.name} ({row.instrument.name}): {row.intake.value}"
        if row.change is not None and row.latest is not None:
            text += f" → {row.latest.value} ({row.change:+d})"
        people.append(text)
    embed.add_field(
        name="Participants", value="\n".join(people)[:1024] or "No scores yet", inline=False
    )
    embed.set_footer(text="Every participant and measure in the attached CSV. Audit-logged.")
    return embed


class Measures(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service: MeasuresService = bot.measures
        self.outcomes_command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name="outcomes",
            description="PHQ-9 and GAD-7 at intake and now, with change, and a CSV",
            callback=outcomes,
        )
        self._own_report: app_commands.Group | None = None

    async def cog_load(self) -> None:
        report = self.bot.tree.get_command("report")
        if isinstance(report, app_commands.Group):
            report.add_command(self.outcomes_command)
            return
        self._own_report = app_commands.Group(name="report", description="Facilitator reports")
        self._own_report.add_command(self.outcomes_command)
        self.bot.tree.add_command(self._own_report)

    async def cog_unload(self) -> None:
        report = self._own_report or self.bot.tree.get_command("report")
        if isinstance(report, app_commands.Group):
            report.remove_command("outcomes")
        if self._own_report is not None:
            self.bot.tree.remove_command("report")

    async def _enrolled(self, interaction: discord.Interaction) -> Participant | None:
        found = await participant_for_user(
            self.bot.db, self.bot.programs, interaction.user, self.bot.clock
        )
        if found is None:
            await self._tell(interaction, NOT_ENROLLED)
            return None
        if not await self.bot.consent_gate(interaction, "your answers"):
            return None
        return found[1]

    async def _tell(self, interaction: discord.Interaction, text: str) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)

    # ---- participants ---------------------------------------------------------------------

    @app_commands.command(
        name="questionnaire", description="This week's short questionnaires about how you are"
    )
    async def questionnaire(self, interaction: discord.Interaction) -> None:
        participant = await self._enrolled(interaction)
        if participant is None:
            return
        step = await self.service.ask(participant)
        await interaction.response.send_message(**_sendable(views.render(step)))

    async def on_answer(
        self, interaction: discord.Interaction, rid: int, page: int, item: str, values: list[str]
    ) -> None:
        participant = await self._enrolled(interaction)
        if participant is None:
            return
        raw = values[0] if values else ""
        try:
            if not raw.isdigit():
                raise AnswerError(f'"{raw}" is not one of the answers.')
            answered = await self.service.answer(
                participant, interaction.user, rid, item, int(raw), page
            )
        except AnswerError as error:
            await self._tell(interaction, str(error))
            return
        if answered.crisis_reply is not None:
            # Safety first: the lines before anything else.
            await interaction.response.send_message(answered.crisis_reply)
            if interaction.message is not None:
                await interaction.message.edit(**views.render(answered.step))
            return
        await interaction.response.edit_message(**views.render(answered.step))

    async def on_button(
        self, interaction: discord.Interaction, rid: int, page: int, action: str
    ) -> None:
        participant = await self._enrolled(interaction)
        if participant is None:
            return
        try:
            if action == "start":
                step = await self.service.page(participant, rid, 0)
            elif action == "skip":
                step = await self.service.skip(participant, rid)
            else:
                step = await self.service.finish_page(participant, interaction.user, rid, page)
        except AnswerError as error:
            await self._tell(interaction, str(error))
            return
        await interaction.response.edit_message(**views.render(step))

    # ---- facilitators -------------------------------------------------------------------

    async def outcomes(
        self, interaction: discord.Interaction, start: str | None, end: str | None
    ) -> None:
        program = await self.bot.programs.current()
        if program is None:
            raise UserError("No program is loaded yet; import one with /program import.")
        until = parse_day(end, local_day(self.bot.clock.now(), program.zone))
        since = parse_day(start, until - timedelta(weeks=12))
        if since > until:
            raise UserError(
                f"The period starts after it ends ({since.isoformat()} is after "
                f"{until.isoformat()}); swap the dates."
            )
        found = await self.service.outcomes(interaction.user.id, since, until)
        name = f"outcomes-{since.isoformat()}-to-{until.isoformat()}.csv"
        await interaction.response.send_message(
            embed=outcomes_embed(found),
            file=discord.File(io.BytesIO(found.csv.encode("utf-8")), filename=name),
            ephemeral=True,
        )


# A function, not a method: the command joins another cog's /report group at load time.
@facilitator_only()
@app_commands.describe(
    start="YYYY-MM-DD; 12 weeks before the end if left out",
    end="YYYY-MM-DD; today (program time) if left out",
)
@app_commands.rename(start="from", end="to")
async def outcomes(
    interaction: discord.Interaction, start: str | None = None, end: str | None = None
) -> None:
    cog = companion(interaction.client).get_cog("Measures")
    if not isinstance(cog, Measures):
        raise UserError("Questionnaires are not available right now; try again in a minute.")
    await cog.outcomes(interaction, start, end)


def _sendable(rendered: dict[str, Any]) -> dict[str, Any]:
    """``send_message`` refuses ``view=None``; an edit needs it to clear the buttons."""
    return {k: v for k, v in rendered.items() if not (k == "view" and v is None)}


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(*views.DYNAMIC_ITEMS)
    await bot.add_cog(Measures(bot))
