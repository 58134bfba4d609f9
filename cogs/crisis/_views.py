"""The **I'm on it** button on crisis alerts: persistent (it works on an alert posted
before a restart) because its custom id carries the alert id and is matched by template."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.kernel.discord_time import discord_timestamp
from bot.kernel.errors import generic_failure, send_ephemeral
from bot.kernel.roles import is_facilitator
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

ACK_LABEL = "I'm on it"


class AckButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisis:ack:(?P<alert>\d+)",
):
    def __init__(self, alert_id: int, *, done_by: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=ACK_LABEL if done_by is None else f"{done_by} is on it",
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
            log.exception("acknowledging crisis alert %s failed", self.alert_id)
            await send_ephemeral(interaction, generic_failure())

    async def _acknowledge(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        if not is_facilitator(interaction.user, bot.settings):
            await send_ephemeral(interaction, "Only facilitators can take on a crisis alert.")
            return
        try:
            first, row = await bot.crisis.acknowledge(self.alert_id, interaction.user.id)
        except LookupError:
            await send_ephemeral(interaction, "That alert is no longer in the database.")
            return
        if not first:
            await send_ephemeral(
                interaction,
                f"<@{row.acknowledged_by}> is already on it (since "
                f"{discord_timestamp(row.acknowledged_at or row.created_at, 't')}).",
            )
            return
        name = interaction.user.display_name
        done = acknowledged_view(self.alert_id, name)
        note = f"\n✅ **{name}** is on it ({discord_timestamp(bot.clock.now(), 't')})."
        content = (interaction.message.content if interaction.message else "") + note
        await interaction.response.edit_message(content=content, view=done)
        # Acknowledged from a repeat: mark the first alert as taken too.
        first_id = row.alert_message_id
        if interaction.message is not None and first_id and first_id != interaction.message.id:
            await _mark_original(bot, row.alert_channel_id, first_id, note, done)


async def _mark_original(
    bot: CompanionBot, channel_id: int | None, message_id: int, note: str, view: discord.ui.View
) -> None:
    channel = bot.get_channel(channel_id or 0)
    if not isinstance(channel, discord.TextChannel):
        return
    try:
        original = await channel.fetch_message(message_id)
        await original.edit(content=original.content + note, view=view)
    except discord.HTTPException:
        log.warning("could not mark crisis alert message %s as taken", message_id)


def ack_view(alert_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(AckButton(alert_id))
    return view


def acknowledged_view(alert_id: int, name: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(AckButton(alert_id, done_by=name[:60]))
    return view


DYNAMIC_ITEMS = (AckButton,)
