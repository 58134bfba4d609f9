"""/privacy, /mydata (export, delete), the facilitators' /record (export, delete) and the
admins' /audit; plus the daily retention job. The logic lives in bot/privacy/service.py."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.crisis_lines import help_for_user
from bot.kernel.db import members
from bot.kernel.errors import UserError
from bot.kernel.messenger import DmClosed, NotInServer
from bot.kernel.personal_data import Subject
from bot.kernel.roles import admin_only, facilitator_only
from bot.privacy import storage as privacy_db
from bot.privacy.service import RETENTION_JOB, consent_view
from cogs.privacy import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


def _files(found: list[tuple[str, bytes]]) -> list[discord.File]:
    return [discord.File(io.BytesIO(data), filename=name) for name, data in found]


class Privacy(commands.Cog):
    mydata = app_commands.Group(name="mydata", description="Your data: a copy, or erase it")
    record = app_commands.Group(
        name="record", description="A participant's record, for the clinic (facilitators)"
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.privacy

    async def cog_load(self) -> None:
        await self._plan_retention()

    async def cog_unload(self) -> None:
        self.bot.scheduler.remove_jobs_with_prefix(RETENTION_JOB)

    async def _plan_retention(self) -> None:
        program = await self.bot.programs.current()
        when = self.service.next_retention_run(program, self.bot.clock.now())
        self.bot.scheduler.schedule_at(RETENTION_JOB, when, self._retention)

    async def _retention(self) -> None:
        try:
            await self.service.run_retention()
        except Exception:
            log.exception("the retention job failed; it runs again tomorrow")
        finally:
            await self._plan_retention()

    # ---- everyone ----------------------------------------------------------------------

    @app_commands.command(
        name="privacy", description="What Companion keeps about you, and your choice"
    )
    async def privacy(self, interaction: discord.Interaction) -> None:
        choice = await self.service.choices_text(interaction.user.id)
        await interaction.response.send_message(
            f"{self.service.notice(await help_for_user(interaction.user.id))}\n\n{choice}",
            view=consent_view(),
            ephemeral=interaction.guild is not None,
        )

    @mydata.command(name="export", description="Get a copy of everything stored about you")
    async def export(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        subject = await self.service.subject_for_user(interaction.user.id)
        files = await self.service.export_files(subject)
        text = (
            "Here is everything Companion keeps about you: `companion-data.json` has it all, "
            "and each CSV file holds one kind of data for a spreadsheet."
        )
        try:
            await self.bot.messenger.send(interaction.user.id, content=text, files=_files(files))
        except (DmClosed, NotInServer):
            # DMs closed: the copy comes here instead, visible to them alone.
            await interaction.followup.send(text, files=_files(files), ephemeral=True)
            return
        await interaction.followup.send("I've sent your data to you in a DM.", ephemeral=True)

    @mydata.command(name="delete", description="Erase everything stored about you")
    async def delete(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "This erases everything Companion keeps about you: check-ins, RSVPs, attendance, "
            "settings, coping ratings, message records and moderation entries, and takes you "
            "off the program's reminders and check-ins. It can't be undone. If you want a "
            "copy first, use `/mydata export`. Are you sure?",
            view=views.erase_view("self", str(interaction.user.id)),
            ephemeral=interaction.guild is not None,
        )

    # ---- facilitators ------------------------------------------------------------------

    async def _subject(self, text: str) -> Subject:
        """A participant by the name or Discord id the program file uses (or a mention)."""
        wanted = text.strip().removeprefix("<@").removesuffix(">").lstrip("!")
        program = await self.bot.programs.current()
        found = None if program is None else program.participant(wanted)
        if found is not None:
            return await self.service.subject_for_key(found.key)
        row = await members.by_participant(self.bot.db, wanted)
        if row is None and wanted.isdigit():
            row = await members.get(self.bot.db, int(wanted))
        if row is not None:
            return Subject(row.user_id, row.participant_key)
        raise UserError(
            f"I don't know a participant called {wanted!r}. Use the name or Discord id from "
            "the program file (the list offers them as you type)."
        )

    async def _names(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        program = await self.bot.programs.current()
        if program is None:
            return []
        names = [p.display for p in program.participants if current.lower() in p.display.lower()]
        return [app_commands.Choice(name=n, value=n) for n in names[:25]]

    @record.command(name="export", description="A participant's full record for the clinic's chart")
    @app_commands.describe(participant="Their name or Discord id in the program file")
    @facilitator_only()
    async def record_export(self, interaction: discord.Interaction, participant: str) -> None:
        subject = await self._subject(participant)
        await interaction.response.defer(ephemeral=True, thinking=True)
        files = await self.service.facilitator_export(interaction.user.id, subject)
        await interaction.followup.send(
            f"The record of **{participant}**. This export is written to the audit log.",
            files=_files(files),
            ephemeral=True,
        )

    @record.command(name="delete", description="Erase a participant's data at their request")
    @app_commands.describe(participant="Their name or Discord id in the program file")
    @facilitator_only()
    async def record_delete(self, interaction: discord.Interaction, participant: str) -> None:
        subject = await self._subject(participant)
        await interaction.response.send_message(
            f"This erases everything Companion keeps about **{participant}** and takes them off "
            "the program's reminders and check-ins. Export their record first if the clinic "
            "needs it. It can't be undone. Erase now?",
            view=views.erase_view("facilitator", subject.label),
            ephemeral=True,
        )

    record_export.autocomplete("participant")(_names)
    record_delete.autocomplete("participant")(_names)

    # ---- admins ------------------------------------------------------------------------

    @app_commands.command(name="audit", description="Who viewed or erased participant data")
    @app_commands.describe(
        participant="Only views of this participant", facilitator="Only this facilitator's views"
    )
    @admin_only()
    async def audit(
        self,
        interaction: discord.Interaction,
        participant: str | None = None,
        facilitator: discord.Member | None = None,
    ) -> None:
        subject = None if participant is None else (await self._subject(participant)).label
        rows = await privacy_db.audit_entries(
            self.bot.db,
            subject=subject,
            actor_id=None if facilitator is None else facilitator.id,
            limit=25,
        )
        lines = [
            f"<t:{int(r.at.timestamp())}:f> <@{r.actor_id}> {r.action} {self._name(r.subject)}"
            for r in rows
        ]
        text = "\n".join(lines) if lines else "No facilitator has viewed participant data yet."
        embed = discord.Embed(title="Audit log (latest first)", description=text[:4000])
        embed.set_footer(text="Views of check-in reports, exports for the chart and erasures.")
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    audit.autocomplete("participant")(_names)

    def _name(self, subject: str) -> str:
        return subject if not subject.isdigit() else f"<@{subject}>"


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Privacy(bot))
    bot.add_dynamic_items(*views.DYNAMIC_ITEMS)
