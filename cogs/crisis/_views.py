"""The buttons on the facilitators' alerts: **I'm on it** and **Done** (with an optional
note kept for facilitators). Persistent (they work on an alert posted before a restart)
because each custom id carries the alert id and is matched by template."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.kernel.discord_time import discord_timestamp
from bot.kernel.errors import failure_for, send_ephemeral
from bot.kernel.roles import is_facilitator
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

ACK_LABEL = "I'm on it"
DONE_LABEL = "Done"
CLOSE_NOTE_CHARS = 500


async def _facilitator(interaction: discord.Interaction) -> CompanionBot | None:
    bot = companion(interaction.client)
    if not is_facilitator(interaction.user, bot.settings):
        await send_ephemeral(interaction, "Only facilitators can take on or close an alert.")
        return None
    return bot


def _is_original(interaction: discord.Interaction, message_id: int | None) -> bool:
    return interaction.message is not None and interaction.message.id == message_id


class AckButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisis:ack:(?P<alert>\d+)",
):
    def __init__(self, alert_id: int, *, done_by: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=ACK_LABEL if done_by is None else f"{done_by} is on it"[:80],
                style=discord.ButtonStyle.danger
                if done_by is None
                else discord.ButtonStyle.success,
                custom_id=f"crisis:ack:{alert_id}",
                disabled=done_by is not None,
            )
        )
        self.alert_id = alert_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AckButton:
        return cls(int(match["alert"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._acknowledge(interaction)
        except Exception:
            log.exception("acknowledging alert %s failed", self.alert_id)
            await send_ephemeral(interaction, await failure_for(interaction))

    async def _acknowledge(self, interaction: discord.Interaction) -> None:
        bot = await _facilitator(interaction)
        if bot is None:
            return
        try:
            first, row = await bot.crisis.acknowledge(self.alert_id, interaction.user.id)
        except LookupError:
            await send_ephemeral(interaction, "That alert is no longer in the database.")
            return
        if not first:
            if row.closed_at is not None:
                await send_ephemeral(interaction, "That alert was closed already.")
                return
            await send_ephemeral(
                interaction,
                f"<@{row.acknowledged_by}> is already on it (since "
                f"{discord_timestamp(row.acknowledged_at or row.created_at, 't')}).",
            )
            return
        name = interaction.user.display_name
        if _is_original(interaction, row.alert_message_id):
            rendered = await bot.crisis.render(self.alert_id)
            if rendered is not None:
                await interaction.response.edit_message(content=rendered[0], view=rendered[1])
                return
        # Taken from a repeat or an update: mark that post, and bring the first one up to date.
        note = f"\n✅ **{name}** is on it ({discord_timestamp(bot.clock.now(), 't')})."
        content = (interaction.message.content if interaction.message else "") + note
        await interaction.response.edit_message(
            content=content, view=alert_view(self.alert_id, name, False)
        )
        await bot.crisis.refresh(self.alert_id)


class DoneButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisis:done:(?P<alert>\d+)",
):
    def __init__(self, alert_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=DONE_LABEL,
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisis:done:{alert_id}",
            )
        )
        self.alert_id = alert_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DoneButton:
        return cls(int(match["alert"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = await _facilitator(interaction)
        if bot is None:
            return
        await interaction.response.send_modal(DoneModal(self.alert_id))


class DoneModal(discord.ui.Modal, title="Close this alert"):
    note: discord.ui.TextInput[DoneModal] = discord.ui.TextInput(
        label="Note for facilitators (optional)",
        custom_id="note",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=CLOSE_NOTE_CHARS,
        placeholder="e.g. Called them; they're safe and coming to group tomorrow.",
    )

    def __init__(self, alert_id: int) -> None:
        super().__init__()
        self.alert_id = alert_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        try:
            closed, row = await bot.crisis.close(
                self.alert_id, interaction.user.id, self.note.value.strip()
            )
        except LookupError:
            await send_ephemeral(interaction, "That alert is no longer in the database.")
            return
        if not closed:
            await send_ephemeral(
                interaction,
                f"That alert was closed already by <@{row.closed_by}>"
                + (f" ({discord_timestamp(row.closed_at, 'R')})." if row.closed_at else "."),
            )
            return
        kept = " Your note is kept with it for facilitators." if row.close_note else ""
        await interaction.response.send_message(
            f"Closed alert #{self.alert_id}.{kept}", ephemeral=True
        )
        await bot.crisis.refresh(self.alert_id)


def alert_view(alert_id: int, taken_by: str | None, closed: bool) -> discord.ui.View:
    """The alert's buttons as it stands: open, taken by someone, or closed."""
    view = discord.ui.View(timeout=None)
    if closed:
        view.add_item(
            discord.ui.Button(
                label="Closed", disabled=True, custom_id=f"crisis:closed:{alert_id}"
            )
        )
        return view
    view.add_item(AckButton(alert_id, done_by=taken_by))
    view.add_item(DoneButton(alert_id))
    return view


def ack_view(alert_id: int) -> discord.ui.View:
    return alert_view(alert_id, None, False)


DYNAMIC_ITEMS = (AckButton, DoneButton)
