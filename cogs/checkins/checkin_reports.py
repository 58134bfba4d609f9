"""Facilitators' check-in reports: /report checkins [date] and /report participant.

Every view of check-in data is written to the audit log, and every answer is ephemeral
so nothing private lands in a channel by accident.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checkins import reports as checkin_reports
from bot.checkins.chart import render_chart
from bot.checkins.plain import flag_line
from bot.checkins.service import CheckinService, nice_day
from bot.kernel.errors import UserError
from bot.kernel.plain import plural, short_day
from bot.kernel.roles import facilitator_only
from bot.kernel.timezones import local_day
from bot.program.participants import participant_for_user

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

STATUS_ORDER = ("checked in", "started", "missed", "not yet", "not expected")


def parse_day(text: str | None, default: date) -> date:
    if text is None or not text.strip():
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f'"{text}" is not a date I understand. Write it as YYYY-MM-DD, e.g. 2026-12-07.'
        ) from None


def report_embed(day: date, rows: list[checkin_reports.ReportRow]) -> discord.Embed:
    embed = discord.Embed(title=f"Check-ins for {nice_day(day, year=True)}")
    for status in STATUS_ORDER:
        names = [r.name for r in rows if r.status == status]
        if names:
            embed.add_field(
                name=f"{status.capitalize()} ({len(names)})", value=", ".join(names)[:1024]
            )
    flags = "\n".join(f"{r.name}: {flag}" for r in rows for flag in r.flags)
    embed.add_field(name="Flags", value=flags[:1024] or "Nothing flagged", inline=False)
    embed.set_footer(text="Full answers in the attached CSV. This view is audit-logged.")
    return embed


class CheckinReports(commands.Cog):
    report = app_commands.Group(name="report", description="Facilitator reports")

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    def service(self) -> CheckinService:
        return self.bot.checkins

    @report.command(name="checkins", description="Who checked in on a day, who did not, flags")
    @app_commands.describe(date="YYYY-MM-DD; today (program time) if left out")
    @facilitator_only()
    async def checkins(self, interaction: discord.Interaction, date: str | None = None) -> None:
        service = self.service()
        program = await service.programs.current()
        if program is None:
            raise UserError("No program is loaded yet; import one with /program import.")
        day = parse_day(date, local_day(service.clock.now(), program.zone))
        rows = await checkin_reports.day_view(service, interaction.user.id, day)
        csv_bytes = checkin_reports.report_csv(service, day, rows)
        await interaction.response.send_message(
            embed=report_embed(day, rows),
            file=discord.File(io.BytesIO(csv_bytes), filename=f"checkins-{day.isoformat()}.csv"),
            ephemeral=True,
        )

    @report.command(name="participant", description="One participant's chart and check-in summary")
    @app_commands.describe(member="The participant")
    @facilitator_only()
    async def participant(self, interaction: discord.Interaction, member: discord.Member) -> None:
        service = self.service()
        found = await participant_for_user(service.db, service.programs, member, service.clock)
        if found is None:
            raise UserError(
                f"{member.display_name} is not enrolled in the program, so there are no "
                "check-ins to show."
            )
        _, enrolled = found
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = await checkin_reports.participant_view(service, interaction.user.id, enrolled)
        progress = view.progress
        png = await asyncio.to_thread(
            render_chart, progress.points, f"{enrolled.display}: mood and craving", progress.today
        )
        embed = discord.Embed(title=f"Check-ins: {enrolled.display}")
        embed.add_field(name="Check-ins", value=str(progress.days_checked_in))
        embed.add_field(name="Missed", value=plural(progress.missed_days, "day"))
        embed.add_field(
            name="Streak",
            value=f"{plural(progress.streak, 'day')} (longest {plural(progress.longest, 'day')})",
        )
        # Measures (issue 20): questionnaire scores, bands and change since intake, and
        # their chart with the severity bands shaded (that view is audit-logged too).
        scores = await service.score_charts.chart_for(
            enrolled.key, f"{enrolled.display}: questionnaires", viewer_id=interaction.user.id
        )
        if scores.lines:
            embed.add_field(
                name="Questionnaires", value="\n".join(scores.lines)[:1024], inline=False
            )
        flags = view.flags
        embed.add_field(
            name="Recent flags",
            value="\n".join(
                f"{short_day(f.day)}: {flag_line(f.kind, f.detail)}" for f in flags[-5:]
            )[:1024]
            or "Nothing flagged",
            inline=False,
        )
        embed.set_image(url="attachment://chart.png")
        embed.set_footer(text="This view is written to the audit log.")
        files = [discord.File(io.BytesIO(png), filename="chart.png")]
        if scores.png is not None:
            files.append(discord.File(io.BytesIO(scores.png), filename="questionnaires.png"))
        await interaction.followup.send(embed=embed, files=files, ephemeral=True)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(CheckinReports(bot))
