"""The attendance roster: one message with a select of the session's participants, so a
facilitator marks the whole group in one interaction (picked: present; not picked:
absent). Groups over 25 get one select per 25 (Discord's limit), each saved on its own.

The selects are ``DynamicItem``s whose custom id carries the occurrence (its date and a
digest, see ``roster_token``) and the chunk, so a roster still works after a restart.
They hand over to the ``Attendance`` cog, which checks the role and saves.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.kernel.errors import NotAllowed, UserError, failure_for, send_ephemeral
from bot.program.attendance import Roster, roster_token
from cogs._client import companion

if TYPE_CHECKING:
    from bot.program.storage.attendance import Mark

log = logging.getLogger(__name__)

CHUNK = 25  # options in one select (Discord's limit)
PLACEHOLDER = "Who was present?"


class RosterHandler(Protocol):
    async def on_roster(
        self, interaction: discord.Interaction, token: str, chunk: int, present: list[str]
    ) -> None: ...


def _handler(interaction: discord.Interaction) -> RosterHandler:
    cog = companion(interaction.client).get_cog("Attendance")
    if cog is None:
        raise RuntimeError("the Attendance cog is not loaded")
    return cast("RosterHandler", cog)


async def _answer_error(interaction: discord.Interaction, error: Exception) -> None:
    if isinstance(error, UserError | NotAllowed):
        await send_ephemeral(interaction, str(error))
        return
    log.error("attendance roster failed", exc_info=error)
    await send_ephemeral(interaction, await failure_for(interaction))


class RosterSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"attendance:roster:(?P<chunk>\d+):(?P<token>\d{4}-\d{2}-\d{2}:[0-9a-f]{12})",
):
    def __init__(
        self,
        token: str,
        chunk: int,
        options: list[discord.SelectOption] | None = None,
        placeholder: str = PLACEHOLDER,
    ) -> None:
        options = options or [discord.SelectOption(label="(loading)", value="-")]
        super().__init__(
            discord.ui.Select(
                custom_id=f"attendance:roster:{chunk}:{token}",
                placeholder=placeholder,
                min_values=0,
                max_values=len(options),
                options=options,
            )
        )
        self.token = token
        self.chunk = chunk

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RosterSelect:
        return cls(match["token"], int(match["chunk"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await _handler(interaction).on_roster(
                interaction, self.token, self.chunk, list(self.item.values)
            )
        except Exception as error:
            await _answer_error(interaction, error)


def roster_view(found: Roster, marks: dict[str, Mark]) -> discord.ui.View:
    """One select per 25 participants, those already marked present (or late) picked."""
    view = discord.ui.View(timeout=None)
    people = found.participants
    chunks = [people[i : i + CHUNK] for i in range(0, len(people), CHUNK)]
    token = roster_token(found.key)
    for number, chunk in enumerate(chunks):
        options = [
            discord.SelectOption(
                label=p.display[:100],
                value=p.key,
                default=p.key in marks and marks[p.key].status in ("present", "late"),
            )
            for p in chunk
        ]
        placeholder = PLACEHOLDER
        if len(chunks) > 1:
            first = number * CHUNK + 1
            placeholder = f"{PLACEHOLDER} ({first}–{first + len(chunk) - 1})"
        view.add_item(RosterSelect(token, number, options, placeholder))
    view.stop()  # dispatched by the custom-id template (after a restart too), not stored
    return view
