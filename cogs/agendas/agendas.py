"""Group agendas: facilitators compose, preview, schedule and edit; the bot posts them.

Where they are posted is decided in ``cogs/agendas/_views.py`` (``DiscordPublisher``);
the service is built and started in ``bot/app.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.agendas.domain import (
    AgendaContent,
    AgendaError,
    AgendaState,
    GroupOccurrence,
    Stopped,
    choice_label,
    embed_parts,
    find_group_occurrence,
    parse_agenda,
    post_instant,
    template_key,
)
from bot.agendas.storage import AgendaRow
from bot.kernel.channels import program_guild
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.durations import LeadTimeError, format_lead, parse_lead
from bot.kernel.errors import NotAllowed, UserError
from bot.kernel.roles import facilitator_only, is_facilitator
from cogs.agendas._views import (
    AgendaModal,
    DiscordPublisher,
    PreviewButton,
    RetryButton,
    agenda_embed,
    preview_view,
    retry_view,
)

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

MAX_REFUSED_KEPT = 50


@contextmanager
def user_errors() -> Iterator[None]:
    """The service's ``AgendaError`` is a sentence for the facilitator: show it as it is."""
    try:
        yield
    except AgendaError as error:
        raise UserError(str(error)) from None


class Agendas(commands.Cog):
    agenda = app_commands.Group(name="agenda", description="Group agendas (facilitators)")
    template_group = app_commands.Group(
        name="template", description="Agenda templates (facilitators)", parent=agenda
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.agendas
        self.publisher = DiscordPublisher(bot)  # where a preview says it will be posted
        # Refused forms, kept so "Fix it" reopens them as typed (lost on restart: fine).
        self._refused: dict[int, tuple[GroupOccurrence, tuple[str, str, str]]] = {}
        self._next_token = 0

    # ---- composing --------------------------------------------------------------------

    async def session_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        return [
            app_commands.Choice(name=choice_label(found), value=found.key)
            for found in await self.service.upcoming()
            if needle in choice_label(found).lower() or needle in found.key
        ][:25]

    async def template_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        return [
            app_commands.Choice(
                name=t.name + ("" if t.shipped else " (saved by a facilitator)"), value=t.key
            )
            for t in await self.service.templates.all()
            if needle in t.name.lower()
        ][:25]

    @agenda.command(name="compose", description="Write the agenda for an upcoming group session")
    @app_commands.describe(
        session="The session (type to search)", template="Start from a template (optional)"
    )
    @facilitator_only()
    async def compose(
        self, interaction: discord.Interaction, session: str, template: str | None = None
    ) -> None:
        with user_errors():
            found = await self.service.occurrence(session)
            existing = await self.service.live(found.key)
            prefill = existing.content if existing else None
            if template:
                prefill = (await self.service.templates.find(template)).content
        await interaction.response.send_modal(self._modal(found, prefill))

    compose.autocomplete("session")(session_choices)
    compose.autocomplete("template")(template_choices)

    def _modal(
        self,
        found: GroupOccurrence,
        prefill: AgendaContent | None,
        raw: tuple[str, str, str] | None = None,
    ) -> AgendaModal:
        async def submit(
            interaction: discord.Interaction, title: str, items: str, homework: str
        ) -> None:
            try:
                content = parse_agenda(title, items, homework)
            except AgendaError as error:
                token = self._remember(found, (title, items, homework))
                await interaction.response.send_message(
                    f"{error}\nNothing was saved.", view=retry_view(token), ephemeral=True
                )
                return
            with user_errors():
                row = await self.service.save(found.key, content, interaction.user.id)
            await self._send_preview(interaction, row)

        local = found.occurrence.local_start
        heading = f"Agenda: {found.occurrence.title}, {local:%a} {local.day} {local:%b}"
        return AgendaModal(heading, submit, prefill, raw=raw)

    def _remember(self, found: GroupOccurrence, raw: tuple[str, str, str]) -> int:
        self._next_token += 1
        self._refused[self._next_token] = (found, raw)
        for old in list(self._refused)[:-MAX_REFUSED_KEPT]:
            del self._refused[old]
        return self._next_token

    async def on_retry(self, interaction: discord.Interaction, token: int) -> None:
        self._require_facilitator(interaction)
        kept = self._refused.get(token)
        if kept is None:
            raise UserError("That form has expired: run `/agenda compose` again.")
        found, raw = kept
        await interaction.response.send_modal(self._modal(found, None, raw))

    async def _preview(self, row: AgendaRow) -> tuple[str, discord.Embed | None]:
        program = await self.bot.programs.current()
        found = find_group_occurrence(program, row.occurrence) if program else None
        channel = self.publisher.channel_for(row.track)
        where = channel.mention if channel else f"#{self.bot.settings.channels.agendas}"
        if found is None:
            return f"This agenda is **{row.state.value}** (its session is no longer on).", None
        occurrence = found.occurrence
        head = (
            f"Agenda for **{occurrence.title}** ({found.track}), "
            f"{discord_timestamp(occurrence.start, 'F')}."
        )
        lead = await self.service.lead()
        due = post_instant(occurrence.start, lead)
        state = {
            AgendaState.DRAFT: (
                f"State: **draft**. **Schedule** posts it in {where} "
                f"{discord_timestamp(due, 'F')} ({format_lead(lead)} before); "
                "**Post now** posts it at once."
            ),
            AgendaState.SCHEDULED: (
                f"State: **scheduled**: it will be posted in {where} "
                f"{discord_timestamp(due, 'F')} ({discord_timestamp(due, 'R')})."
            ),
            AgendaState.POSTED: (
                f"State: **posted** in {where}, pinned, with a thread for questions. "
                "Edits update the post."
            ),
            AgendaState.CANCELLED: (
                "State: **withdrawn**: the session still takes place. `/agenda compose` "
                "writes a new agenda, which replaces the post."
                if row.withdrawn
                else "State: **cancelled**: the session is cancelled."
            ),
        }[row.state]
        stopped = (
            (row.stopped_because or Stopped.SESSION) if row.state is AgendaState.CANCELLED else None
        )
        embed = agenda_embed(embed_parts(row.content, found, stopped=stopped), stopped is not None)
        return f"{head}\n{state}", embed

    async def _send_preview(self, interaction: discord.Interaction, row: AgendaRow) -> None:
        text, embed = await self._preview(row)
        kwargs: dict[str, Any] = {"embed": embed} if embed else {}
        view = preview_view(row)
        if view is not None:
            kwargs["view"] = view
        await interaction.response.send_message(text, ephemeral=True, **kwargs)

    async def on_preview_button(
        self, interaction: discord.Interaction, action: str, agenda_id: int
    ) -> None:
        self._require_facilitator(interaction)
        by = interaction.user.id
        if action == "edit":
            with user_errors():
                row = await self.service.get(agenda_id)
                found = await self.service.occurrence(row.occurrence)
            await interaction.response.send_modal(self._modal(found, row.content))
            return
        await interaction.response.defer()
        with user_errors():
            if action == "post":
                updated: AgendaRow | None = await self.service.post_now(agenda_id, by)
            elif action == "schedule":
                updated = await self.service.schedule(agenda_id, by)
            else:
                updated = await self.service.withdraw(agenda_id, by)
        if updated is None:
            await interaction.edit_original_response(
                content="Discarded: the draft was deleted and nothing was posted.",
                embed=None,
                view=None,
            )
            return
        text, embed = await self._preview(updated)
        await interaction.edit_original_response(
            content=text, embed=embed, view=preview_view(updated)
        )

    def _require_facilitator(self, interaction: discord.Interaction) -> None:
        settings = self.bot.settings
        user: discord.abc.User = interaction.user
        if not isinstance(user, discord.Member):
            guild = program_guild(self.bot, settings.guild_id)
            user = (guild.get_member(user.id) if guild else None) or user
        if not is_facilitator(user, settings):
            raise NotAllowed(
                f"Only facilitators can change agendas (it needs the {settings.facilitator_role} "
                "role)."
            )

    # ---- listing and settings -----------------------------------------------------------

    @agenda.command(name="list", description="Upcoming agendas and their state")
    @facilitator_only()
    async def list_agendas(self, interaction: discord.Interaction) -> None:
        rows = await self.service.listing()
        if not rows:
            await interaction.response.send_message(
                "No agendas for upcoming sessions yet. Write one with `/agenda compose`.",
                ephemeral=True,
            )
            return
        program = await self.bot.programs.current()
        lines = ["**Upcoming agendas**"]
        for row in rows[:30]:
            session = program.session(row.occurrence.rsplit(":", 1)[0]) if program else None
            name = session.title if session else row.occurrence
            state = "withdrawn" if row.withdrawn else row.state.value
            lines.append(
                f"- {discord_timestamp(row.starts_at, 'f')} · {name} ({row.track}): "
                f"**{row.content.title}** · {state}"
            )
        if len(rows) > 30:
            lines.append(f"…and {len(rows) - 30} more.")
        await interaction.response.send_message("\n".join(lines)[:2000], ephemeral=True)

    @agenda.command(name="lead", description="How long before a session its agenda is posted")
    @app_commands.describe(time='Like "2h", "90m" or "1d"; leave empty to see the current one')
    @facilitator_only()
    async def lead(self, interaction: discord.Interaction, time: str | None = None) -> None:
        if time is not None:
            try:
                value = parse_lead(time)
            except LeadTimeError as error:
                raise UserError(f"Sorry, {error}.") from None
            if value is None:
                raise UserError(
                    'Agendas are always posted before the session: give a time like "2h".'
                )
            await self.service.set_lead(value)
        current = await self.service.lead()
        await interaction.response.send_message(
            f"Scheduled agendas are posted **{format_lead(current)}** before their session.",
            ephemeral=True,
        )

    # ---- templates ----------------------------------------------------------------------

    @template_group.command(name="save", description="Save an agenda as your own template")
    @app_commands.describe(
        name="The template's name, e.g. Grief group",
        session="Save this session's agenda as it is (optional; otherwise a form opens)",
    )
    @facilitator_only()
    async def template_save(
        self, interaction: discord.Interaction, name: str, session: str | None = None
    ) -> None:
        with user_errors():
            template_key(name)  # a bad name is refused before any typing
            if session:
                row = await self.service.live(session)
                if row is None:
                    raise AgendaError("That session has no agenda yet: compose it first.")
                await self._store_template(interaction, name, row.content)
                return

        async def submit(
            modal_interaction: discord.Interaction, title: str, items: str, homework: str
        ) -> None:
            with user_errors():
                content = parse_agenda(title, items, homework)
            await self._store_template(modal_interaction, name, content)

        await interaction.response.send_modal(AgendaModal(f"Template: {name}", submit))

    template_save.autocomplete("session")(session_choices)

    async def _store_template(
        self, interaction: discord.Interaction, name: str, content: AgendaContent
    ) -> None:
        with user_errors():
            new = await self.service.templates.save(name, content, interaction.user.id)
        verb = "Saved" if new else "Replaced"
        await interaction.response.send_message(
            f"{verb} the template **{name.strip()}** ({len(content.items)} items). Start from "
            f"it with `/agenda compose session:... template:{name.strip()}`.",
            ephemeral=True,
        )

    @template_group.command(name="list", description="The agenda templates you can start from")
    @facilitator_only()
    async def template_list(self, interaction: discord.Interaction) -> None:
        lines = ["**Agenda templates**"]
        for t in await self.service.templates.all():
            origin = "shipped" if t.shipped else "saved"
            count = len(t.content.items)
            lines.append(f"- **{t.name}** ({origin}): {t.content.title}, {count} items")
        await interaction.response.send_message("\n".join(lines)[:2000], ephemeral=True)


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(PreviewButton, RetryButton)
    await bot.add_cog(Agendas(bot))
