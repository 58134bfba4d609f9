"""Facilitators: the program file, one-off changes, closures, RSVPs and attendance."""

from __future__ import annotations

import io
import logging
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.db import audit as audit_log
from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.program.domain.occurrences import Occurrence, occurrence_key, program_occurrences
from bot.program.domain.program_file import ProgramFileError
from bot.program.domain.schedule import OccurrenceChange, Program
from bot.program.participants import member_for_participant, members_by_name
from bot.program.storage import attendance
from cogs.program._common import loaded_program, parse_day, session_choices

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

MAX_PROGRAM_BYTES = 256 * 1024


def told_text(count: int) -> str:
    return f"Told {count} participant{'' if count == 1 else 's'}"


class ProgramAdmin(commands.Cog):
    program = app_commands.Group(name="program", description="The program file (facilitators)")
    session = app_commands.Group(name="session", description="Change one session (facilitators)")
    closure = app_commands.Group(name="closure", description="Program-wide closures (facilitators)")

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def _program(self) -> Program:
        return await loaded_program(self.bot)

    async def _occurrences(self, program: Program, days: int = 21) -> dict[str, Occurrence]:
        now = self.bot.clock.now()
        first: dict[str, Occurrence] = {}
        for occurrence in program_occurrences(
            program, now - timedelta(days=1), now + timedelta(days=days)
        ):
            first.setdefault(occurrence.key, occurrence)
        return first

    async def occurrence_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        program = await self.bot.programs.current()
        if program is None:
            return []
        return session_choices((await self._occurrences(program)).values(), current)

    async def _occurrence(self, key: str) -> tuple[Program, Occurrence]:
        program = await self._program()
        occurrence = (await self._occurrences(program, days=90)).get(key)
        if occurrence is None:
            raise UserError(
                f'"{key}" is not an upcoming session: pick one from the list as you type.'
            )
        return program, occurrence

    # ---- the program file -------------------------------------------------------------

    @program.command(name="import", description="Load a program file (TOML); all or nothing")
    @facilitator_only()
    async def program_import(
        self, interaction: discord.Interaction, file: discord.Attachment
    ) -> None:
        if file.size > MAX_PROGRAM_BYTES:
            raise UserError(f"That file is {file.size} bytes; a program file is at most 256 KB.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            text = (await file.read()).decode("utf-8")
        except UnicodeDecodeError:
            await interaction.followup.send("That file is not UTF-8 text.", ephemeral=True)
            return
        try:
            program = await self.bot.programs.import_text(
                text, self.bot.clock.now(), by=interaction.user.id
            )
        except ProgramFileError as error:
            report = str(error)
            if len(report) > 1900:
                await interaction.followup.send(
                    f"{len(error.problems)} problems; nothing was changed. Details attached.",
                    file=discord.File(io.BytesIO(report.encode()), "problems.txt"),
                    ephemeral=True,
                )
            else:
                await interaction.followup.send(
                    f"Nothing was changed.\n```\n{report}\n```", ephemeral=True
                )
            return
        guild = interaction.guild
        by_name = members_by_name(guild) if guild is not None else {}  # once, not per entry
        missing = [
            p.display
            for p in program.participants
            if guild is None or member_for_participant(guild, p, by_name) is None
        ]
        summary = (
            f"Loaded **{program.name}**: {len(program.tracks)} track(s), "
            f"{len(program.participants)} participant(s), "
            f"{len(program.facilitators)} facilitator(s)."
        )
        if missing:
            summary += "\nNot in the server yet (they'll be enrolled when they join): " + ", ".join(
                missing
            )
        await interaction.followup.send(summary, ephemeral=True)

    @program.command(name="export", description="Download the program as a program file")
    @facilitator_only()
    async def program_export(self, interaction: discord.Interaction) -> None:
        text = await self.bot.programs.export_text()
        if text is None:
            raise UserError("No program is loaded yet: use `/program import` with a program file.")
        await interaction.response.send_message(
            "The program as it stands, including changes made since the last import:",
            file=discord.File(io.BytesIO(text.encode()), "program.toml"),
            ephemeral=True,
        )

    # ---- one session ------------------------------------------------------------------

    @session.command(name="cancel", description="Cancel one session; participants are told")
    @app_commands.describe(session="The session (type to search)", reason="Shown to participants")
    @facilitator_only()
    async def session_cancel(
        self, interaction: discord.Interaction, session: str, reason: str = ""
    ) -> None:
        _, occurrence = await self._occurrence(session)
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = OccurrenceChange(occurrence.session_key, occurrence.scheduled_day, None, reason)
        told = await self.bot.programs.change_occurrence(
            change, self.bot.clock.now(), by=interaction.user.id
        )
        await interaction.followup.send(
            f"Cancelled **{occurrence.title}** on {occurrence.local_start:%A %d %B %H:%M}. "
            f"{told_text(told)}{' (with your reason)' if reason.strip() else ''}; no "
            "reminders go out for it. `/session restore` undoes this.",
            ephemeral=True,
        )

    @session.command(name="move", description="Move one session to another time")
    @app_commands.describe(
        session="The session (type to search)",
        to="New program-local date and time, YYYY-MM-DD HH:MM",
        reason="Shown to participants",
    )
    @facilitator_only()
    async def session_move(
        self, interaction: discord.Interaction, session: str, to: str, reason: str = ""
    ) -> None:
        program, occurrence = await self._occurrence(session)
        try:
            moved_to = datetime.strptime(to.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            raise UserError(
                f'"{to}" is not a date and time: write YYYY-MM-DD HH:MM, like 2026-12-09 18:00.'
            ) from None
        if moved_to.replace(tzinfo=program.zone) <= self.bot.clock.now():
            raise UserError("That time has already passed: choose a time in the future.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = OccurrenceChange(
            occurrence.session_key, occurrence.scheduled_day, moved_to, reason
        )
        told = await self.bot.programs.change_occurrence(
            change, self.bot.clock.now(), by=interaction.user.id
        )
        await interaction.followup.send(
            f"Moved **{occurrence.title}** to {moved_to:%A %d %B %H:%M} ({program.timezone}). "
            f"{told_text(told)}; reminders follow the new time.",
            ephemeral=True,
        )

    session_cancel.autocomplete("session")(occurrence_choices)
    session_move.autocomplete("session")(occurrence_choices)

    async def changed_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Upcoming occurrences cancelled or moved in the bot (what /session restore undoes)."""
        program = await self.bot.programs.current()
        if program is None:
            return []
        today = self.bot.clock.now().astimezone(program.zone).date()
        needle = current.strip().lower()
        choices = []
        for change in await self.bot.programs.bot_changes():
            if change.day < today - timedelta(days=1):
                continue
            session = program.session(change.session_key)
            title = session.title if session else change.session_key
            what = (
                "cancelled"
                if change.moved_to is None
                else f"moved to {change.moved_to:%a %d %b %H:%M}"
            )
            name = f"{change.day:%a %d %b} · {title} · {what}"[:100]
            if needle in name.lower():
                choices.append(
                    app_commands.Choice(
                        name=name, value=occurrence_key(change.session_key, change.day)
                    )
                )
        return choices[:25]

    @session.command(
        name="restore", description="Undo a cancellation or move; those told hear it is back on"
    )
    @app_commands.describe(session="The cancelled or moved session (type to search)")
    @facilitator_only()
    async def session_restore(self, interaction: discord.Interaction, session: str) -> None:
        program = await self._program()
        session_key, _, day_text = session.strip().rpartition(":")
        weekly = program.session(session_key)
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            day = None
        if weekly is None or day is None or not weekly.meets_on(day):
            raise UserError(
                f'"{session}" is not a session of the program: pick one from the list as you type.'
            )
        change_before = program.changes_by_occurrence.get((session_key, day))
        await interaction.response.defer(ephemeral=True, thinking=True)
        told = await self.bot.programs.restore_occurrence(
            session_key, day, self.bot.clock.now(), by=interaction.user.id
        )
        what = f"**{weekly.title}** on {day:%A %d %B}"
        if told is None:
            text = f"{what} is not cancelled or moved, so nothing changed."
            if change_before is not None:  # not made in the bot: the program file's
                text = (
                    f"{what} was changed in the program file: import the file without that "
                    "change to undo it."
                )
        elif change_before is not None and change_before.cancelled:
            text = (
                f"{what} takes place after all. {told_text(told)} (those told of the "
                "cancellation) that it is back on."
            )
        else:
            text = f"{what} is back at its usual time, {weekly.start:%H:%M}. {told_text(told)}."
        await interaction.followup.send(text, ephemeral=True)

    session_restore.autocomplete("session")(changed_choices)

    # ---- closures ---------------------------------------------------------------------

    @closure.command(name="add", description="Close the program for a day (holiday)")
    @app_commands.describe(day="YYYY-MM-DD", reason="Shown to participants")
    @facilitator_only()
    async def closure_add(
        self, interaction: discord.Interaction, day: str, reason: str = ""
    ) -> None:
        await self._program()
        when = parse_day(day, "Day")
        await interaction.response.defer(ephemeral=True, thinking=True)
        told = await self.bot.programs.add_closure(
            when, reason, self.bot.clock.now(), interaction.user.id
        )
        text = (
            f"{when:%A %d %B %Y} was already a closure; nothing changed."
            if told is None
            else f"The program is closed on {when:%A %d %B %Y}. {told_text(told)}"
            f"{' (with your reason)' if reason.strip() else ''}. `/closure remove` undoes this."
        )
        await interaction.followup.send(text, ephemeral=True)

    @closure.command(name="remove", description="Reopen a day that was closed")
    @app_commands.describe(day="YYYY-MM-DD")
    @facilitator_only()
    async def closure_remove(self, interaction: discord.Interaction, day: str) -> None:
        when = parse_day(day, "Day")
        await interaction.response.defer(ephemeral=True, thinking=True)
        told = await self.bot.programs.remove_closure(when, by=interaction.user.id)
        text = (
            f"{when:%A %d %B %Y} was not closed (a closure from the program file is "
            "removed by importing the file without it)."
            if told is None
            else f"{when:%A %d %B %Y} is open again; reminders resume for it. "
            f"{told_text(told)} (those told of the closure) that it is back on."
        )
        await interaction.followup.send(text, ephemeral=True)

    # ---- RSVPs (attendance: cogs/program/attendance.py) --------------------------------

    @app_commands.command(name="rsvps", description="Who said they'll come to a session")
    @app_commands.describe(session="The session (type to search)")
    @facilitator_only()
    async def rsvps(self, interaction: discord.Interaction, session: str) -> None:
        program, occurrence = await self._occurrence(session)
        # RSVP reasons are participants' own words: every view is audited.
        await audit_log.record(
            self.bot.db, interaction.user.id, "view.rsvps", occurrence.key, self.bot.clock.now()
        )
        answers = await attendance.rsvps_for(self.bot.db, occurrence.key)
        expected = [
            o.participant
            for o in program_occurrences(
                program, occurrence.start, occurrence.start + timedelta(seconds=1)
            )
            if o.key == occurrence.key
        ]
        lines = [f"**{occurrence.title}**, {occurrence.local_start:%A %d %B %H:%M}:"]
        labels = {"yes": "coming", "late": "running late", "no": "can't make it"}
        for key in expected:
            who = program.participant(key)
            status, reason = answers.get(key, ("", None))
            label = labels.get(status, "no answer")
            lines.append(
                f"- {who.display if who else key}: {label}" + (f" ({reason})" if reason else "")
            )
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    rsvps.autocomplete("session")(occurrence_choices)


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(ProgramAdmin(bot))
