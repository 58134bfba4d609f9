"""Attendance (facilitators): mark any session of the program that has started, one
participant at a time or the whole group in one interaction (``/attendance take``), and
export RSVPs and attendance, with who marked it and when, as CSV."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.db import audit as audit_log
from bot.kernel.errors import NotAllowed, UserError
from bot.kernel.roles import facilitator_only, is_facilitator
from bot.program.attendance import (
    AttendanceError,
    Roster,
    RosterResult,
    attendance_csv,
    check_mark,
    recent_rosters,
    roster,
    roster_by_token,
)
from bot.program.attendance import take as take_attendance
from bot.program.domain.schedule import Program
from bot.program.storage import attendance
from cogs.program._common import loaded_program, parse_day, session_choices
from cogs.program._views import CHUNK, RosterSelect, roster_view

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

MAX_EXPORT_DAYS = 366


class Attendance(commands.Cog):
    attendance_group = app_commands.Group(
        name="attendance", description="Attendance (facilitators)"
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def recent_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Sessions of the last two weeks (most recent first), then the coming week's."""
        program = await self.bot.programs.current()
        if program is None:
            return []
        recent = recent_rosters(program, self.bot.clock.now())
        return session_choices((r.occurrence for r in recent), current)

    async def _roster(self, key: str) -> tuple[Program, Roster]:
        program = await loaded_program(self.bot)
        found = roster(program, key.strip())
        if found is None:
            raise UserError(
                f'"{key}" is not a session of the program (or it was cancelled, or its day '
                "closed): pick one from the list as you type."
            )
        return program, found

    @attendance_group.command(name="mark", description="Mark one participant's attendance")
    @app_commands.describe(
        session="The session, past or upcoming (type to search)",
        member="The participant",
        status="What happened",
    )
    @app_commands.choices(
        status=[app_commands.Choice(name=s, value=s) for s in attendance.ATTENDANCE_STATUSES]
    )
    @facilitator_only()
    async def attendance_mark(
        self,
        interaction: discord.Interaction,
        session: str,
        member: discord.Member,
        status: app_commands.Choice[str],
    ) -> None:
        program, found = await self._roster(session)
        participant = program.participant(str(member.id)) or program.participant(member.name)
        if participant is None:
            raise UserError(f"{member.display_name} is not a participant of the program.")
        now = self.bot.clock.now()
        try:
            check_mark(found, participant, status.value, now)
        except AttendanceError as error:
            raise UserError(str(error)) from None
        await attendance.set_attendance(
            self.bot.db, found.key, participant.key, status.value, interaction.user.id, now
        )
        occurrence = found.occurrence
        await interaction.response.send_message(
            f"Marked {member.display_name} as **{status.value}** for {occurrence.title} "
            f"on {occurrence.local_start:%A %d %B}.",
            ephemeral=True,
        )

    attendance_mark.autocomplete("session")(recent_choices)

    @attendance_group.command(
        name="take", description="The whole group at once: pick who was present"
    )
    @app_commands.describe(session="The session (type to search)")
    @facilitator_only()
    async def attendance_take(self, interaction: discord.Interaction, session: str) -> None:
        _, found = await self._roster(session)
        if found.occurrence.start > self.bot.clock.now():
            raise UserError(
                f"{found.occurrence.title} on {found.occurrence.local_start:%A %d %B %H:%M} has "
                "not started yet: take attendance once it has begun."
            )
        marks = await attendance.attendance_for(self.bot.db, found.key)
        await interaction.response.send_message(
            self._roster_text(found, None), view=roster_view(found, marks), ephemeral=True
        )

    attendance_take.autocomplete("session")(recent_choices)

    def _roster_text(self, found: Roster, saved: RosterResult | None) -> str:
        occurrence = found.occurrence
        count = len(found.participants)
        lines = [
            f"**{occurrence.title}**, {occurrence.local_start:%A} {occurrence.local_start.day} "
            f"{occurrence.local_start:%B %H:%M} · {count} participant{'' if count == 1 else 's'}.",
            "Pick who was present: everyone not picked is marked absent (a late or excused "
            "mark stays). `/attendance mark` sets late or excused for one person.",
        ]
        if saved is not None:
            lines.append(
                f"Saved: {len(saved.present)} present, {len(saved.absent)} absent"
                + (f", {len(saved.excused)} excused" if saved.excused else "")
                + (f", {len(saved.unmarked)} not yet marked" if saved.unmarked else "")
                + "."
            )
            if saved.absent:
                lines.append("Absent: " + ", ".join(saved.absent))
        return "\n".join(lines)

    async def on_roster(
        self, interaction: discord.Interaction, token: str, chunk: int, present: list[str]
    ) -> None:
        """A roster select was submitted: mark its participants in one go."""
        if not isinstance(interaction.user, discord.Member) or not is_facilitator(
            interaction.user, self.bot.settings
        ):
            raise NotAllowed("Only facilitators can take attendance.")
        program = await loaded_program(self.bot)
        found = roster_by_token(program, token)
        if found is None:
            raise UserError(
                "That session is no longer on the schedule (it may have been cancelled)."
            )
        among = [p.key for p in found.participants[chunk * CHUNK : (chunk + 1) * CHUNK]]
        try:
            saved = await take_attendance(
                self.bot.db, found, present, among, interaction.user.id, self.bot.clock.now()
            )
        except AttendanceError as error:
            raise UserError(str(error)) from None
        marks = await attendance.attendance_for(self.bot.db, found.key)
        await interaction.response.edit_message(
            content=self._roster_text(found, saved), view=roster_view(found, marks)
        )

    @attendance_group.command(name="export", description="Attendance and RSVPs as CSV")
    @app_commands.describe(start="First day, YYYY-MM-DD", end="Last day, YYYY-MM-DD")
    @facilitator_only()
    async def attendance_export(
        self, interaction: discord.Interaction, start: str, end: str
    ) -> None:
        program = await loaded_program(self.bot)
        first, last = parse_day(start, "Start"), parse_day(end, "End")
        if last < first:
            raise UserError("The end date is before the start date.")
        if (last - first).days > MAX_EXPORT_DAYS:
            raise UserError("Export at most a year at a time.")
        await audit_log.record(
            self.bot.db,
            interaction.user.id,
            "export.attendance",
            f"days:{first}..{last}",
            self.bot.clock.now(),
        )
        guild = interaction.guild

        def name_of(user_id: int) -> str:
            member = guild.get_member(user_id) if guild is not None else None
            return member.display_name if member is not None else str(user_id)

        text = await attendance_csv(self.bot.db, program, first, last, name_of)
        await interaction.response.send_message(
            f"Attendance from {first} to {last}:",
            file=discord.File(io.BytesIO(text.encode()), f"attendance-{first}-{last}.csv"),
            ephemeral=True,
        )


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(RosterSelect)
    await bot.add_cog(Attendance(bot))
