"""The two buttons on the concern tier's private check-in: **Ask a facilitator to reach
out** and **I'm OK**. Persistent (they work on a DM sent before a restart): each custom
id carries the concern's id and is matched by template."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.crisis.domain.concern_response import ANSWER_OK, ANSWER_REACH_OUT
from bot.kernel.errors import failure_for, send_ephemeral
from cogs._client import companion

log = logging.getLogger(__name__)

REACH_OUT_LABEL = "Ask a facilitator to reach out"
OK_LABEL = "I'm OK"
ASKED_LABEL = "A facilitator will reach out"
SAID_OK_LABEL = "You said you're OK"


async def _answer(interaction: discord.Interaction, concern_id: int, value: str) -> None:
    try:
        service = companion(interaction.client).concern
        try:
            first, text = await service.answer(concern_id, interaction.user, value)
        except LookupError:
            await send_ephemeral(interaction, "That check-in is no longer in the database.")
            return
        if not first:
            await send_ephemeral(interaction, text)
            return
        await interaction.response.edit_message(view=answered_view(concern_id, value))
        await interaction.followup.send(text)
    except Exception:
        log.exception("answering concern %s failed", concern_id)
        await send_ephemeral(interaction, await failure_for(interaction))


class ReachOutButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"concern:reach:(?P<concern>\d+)"
):
    def __init__(self, concern_id: int, *, done: bool = False) -> None:
        self.concern_id = concern_id
        super().__init__(
            discord.ui.Button(
                label=ASKED_LABEL if done else REACH_OUT_LABEL,
                style=discord.ButtonStyle.success if done else discord.ButtonStyle.primary,
                custom_id=f"concern:reach:{concern_id}",
                disabled=done,
            ),
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReachOutButton:
        return cls(int(match["concern"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _answer(interaction, self.concern_id, ANSWER_REACH_OUT)


class OkButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"concern:ok:(?P<concern>\d+)"
):
    def __init__(self, concern_id: int, *, done: bool = False) -> None:
        self.concern_id = concern_id
        super().__init__(
            discord.ui.Button(
                label=SAID_OK_LABEL if done else OK_LABEL,
                style=discord.ButtonStyle.secondary,
                custom_id=f"concern:ok:{concern_id}",
                disabled=done,
            ),
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> OkButton:
        return cls(int(match["concern"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _answer(interaction, self.concern_id, ANSWER_OK)


def concern_view(concern_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReachOutButton(concern_id))
    view.add_item(OkButton(concern_id))
    return view


def answered_view(concern_id: int, value: str) -> discord.ui.View:
    """After "I'm OK" the person can still ask for a facilitator; after asking, both rest."""
    view = discord.ui.View(timeout=None)
    view.add_item(ReachOutButton(concern_id, done=value == ANSWER_REACH_OUT))
    view.add_item(OkButton(concern_id, done=True))
    return view


DYNAMIC_ITEMS = (ReachOutButton, OkButton)
