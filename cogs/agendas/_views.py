"""The Discord side of agendas: the form, the preview's buttons, the embed, the publisher.

Decision on channels: an agenda goes to the track's own agenda channel when the server
has one named ``<agendas channel>-<track slug>`` (e.g. #agendas-evening), otherwise to
the configured agendas channel (``AGENDA_CHANNEL``, default #agendas). Pins are kept
per track either way: posting a track's agenda unpins that track's older ones.

The preview buttons are ``DynamicItem``s whose custom id carries the agenda's id
(``agenda:schedule:12``), so a preview still works after a restart. They hand over to
the ``Agendas`` cog, which checks the role, calls the service and answers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.agendas.domain import (
    MAX_HOMEWORK,
    MAX_TITLE,
    AgendaContent,
    AgendaError,
    AgendaState,
    EmbedParts,
    GroupOccurrence,
    Stopped,
    embed_parts,
)
from bot.agendas.service import Posted
from bot.agendas.storage import AgendaRow
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.errors import NotAllowed, UserError, failure_for, send_ephemeral
from bot.program.domain.schedule import slug
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

ACTIONS = {
    "post": ("Post now", discord.ButtonStyle.success),
    "schedule": ("Schedule", discord.ButtonStyle.primary),
    "edit": ("Edit", discord.ButtonStyle.secondary),
    # Withdraws the agenda (a draft is discarded); the session itself is untouched:
    # only /session cancel cancels a session.
    "withdraw": ("Withdraw", discord.ButtonStyle.danger),
}
# What can still be done to an agenda in each state.
ACTIONS_BY_STATE = {
    AgendaState.DRAFT: ("post", "schedule", "edit", "withdraw"),
    AgendaState.SCHEDULED: ("post", "edit", "withdraw"),
    AgendaState.POSTED: ("edit", "withdraw"),
    AgendaState.CANCELLED: (),
}
EMBED_COLOUR = discord.Colour.teal()
CANCELLED_COLOUR = discord.Colour.dark_grey()
ITEMS_FIELD_LIMIT = 4000  # a modal text input's maximum; the item count is checked after

Submit = Callable[[discord.Interaction, str, str, str], Awaitable[None]]


class Handler(Protocol):
    async def on_preview_button(
        self, interaction: discord.Interaction, action: str, agenda_id: int
    ) -> None: ...

    async def on_retry(self, interaction: discord.Interaction, token: int) -> None: ...


def agenda_embed(parts: EmbedParts, cancelled: bool = False) -> discord.Embed:
    embed = discord.Embed(
        title=parts.title,
        description=parts.description,
        colour=CANCELLED_COLOUR if cancelled else EMBED_COLOUR,
    )
    for name, value in parts.fields:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=parts.footer)
    return embed


class AgendaModal(discord.ui.Modal):
    """Title, items (one per line) and homework; what happens on submit is ``submit``."""

    def __init__(
        self,
        heading: str,
        submit: Submit,
        prefill: AgendaContent | None = None,
        *,
        raw: tuple[str, str, str] | None = None,
    ) -> None:
        # No timeout: the sandbox (and a slow typist) must not race a timer.
        super().__init__(title=heading[:45], timeout=None)
        self._submit = submit
        title, items, homework = raw or (
            (prefill.title, prefill.items_text, prefill.homework) if prefill else ("", "", "")
        )
        # Not required: an empty form gets our own specific answer, not a generic one.
        self.title_input: discord.ui.TextInput[AgendaModal] = discord.ui.TextInput(
            label="Title",
            custom_id="title",
            default=title or None,
            required=False,
            max_length=MAX_TITLE,
            placeholder="e.g. Relapse prevention: early warning signs",
        )
        self.items_input: discord.ui.TextInput[AgendaModal] = discord.ui.TextInput(
            label="Items, one per line",
            custom_id="items",
            default=items or None,
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=ITEMS_FIELD_LIMIT,
            placeholder="Check-in round\nNew skill: urge surfing\nPractice in pairs",
        )
        self.homework_input: discord.ui.TextInput[AgendaModal] = discord.ui.TextInput(
            label="Homework or reading (optional)",
            custom_id="homework",
            default=homework or None,
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_HOMEWORK,
        )
        for item in (self.title_input, self.items_input, self.homework_input):
            self.add_item(item)

    @property
    def values(self) -> tuple[str, str, str]:
        return (self.title_input.value, self.items_input.value, self.homework_input.value)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self._submit(interaction, *self.values)

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows View.on_error
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


class RetryButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"agenda:retry:(?P<token>\d+)"
):
    """Offered with a refusal, so the facilitator's typing is not lost: reopens the form
    with what they wrote (kept in memory by the cog for a while)."""

    def __init__(self, token: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Fix it", style=discord.ButtonStyle.primary, custom_id=f"agenda:retry:{token}"
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RetryButton:
        return cls(int(match["token"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await handler(interaction).on_retry(interaction, self.token)
        except Exception as error:
            await answer_error(interaction, error)


def stored_nowhere(view: discord.ui.View) -> discord.ui.View:
    """A view of dynamic items only, marked finished so discord.py does not keep it.

    Its buttons are dispatched by their custom-id templates, after a restart too; a
    stored ephemeral view would instead get a 15-minute timeout task for nothing.
    """
    view.stop()
    return view


def retry_view(token: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RetryButton(token))
    return stored_nowhere(view)


async def answer_error(interaction: discord.Interaction, error: Exception) -> None:
    if isinstance(error, UserError | NotAllowed):
        await send_ephemeral(interaction, str(error))
        return
    log.error("agenda interaction failed", exc_info=error)
    await send_ephemeral(interaction, await failure_for(interaction))


def handler(interaction: discord.Interaction) -> Handler:
    cog = companion(interaction.client).get_cog("Agendas")
    if cog is None:
        raise RuntimeError("the Agendas cog is not loaded")
    return cast("Handler", cog)  # the cog implements Handler


class PreviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    # "cancel" is the withdraw button's id on previews from before it was renamed.
    template=r"agenda:(?P<action>post|schedule|edit|withdraw|cancel):(?P<id>\d+)",
):
    def __init__(self, action: str, agenda_id: int) -> None:
        label, style = ACTIONS[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"agenda:{action}:{agenda_id}")
        )
        self.action = action
        self.agenda_id = agenda_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PreviewButton:
        action = "withdraw" if match["action"] == "cancel" else match["action"]
        return cls(action, int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await handler(interaction).on_preview_button(interaction, self.action, self.agenda_id)
        except Exception as error:
            await answer_error(interaction, error)


def preview_view(row: AgendaRow) -> discord.ui.View | None:
    actions = ACTIONS_BY_STATE[row.state]
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions:
        view.add_item(PreviewButton(action, row.id))
    return stored_nowhere(view)


THREAD_GREETING = (
    "Questions about this session? Ask them here; a facilitator will answer before the group."
)


class DiscordPublisher:
    """The service's way to Discord: the agenda channel, pins and threads (``bot/app.py``
    hands it to the agenda service as its ``Publisher``)."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    def channel_for(self, track: str) -> discord.TextChannel | None:
        guild = program_guild(self.bot, self.bot.settings.guild_id)
        base = self.bot.settings.channels.agendas
        return find_text_channel(guild, f"{base}-{slug(track)}") or find_text_channel(guild, base)

    async def _message(self, channel_id: int, message_id: int) -> discord.PartialMessage:
        await self.bot.wait_until_ready()
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise AgendaError("The agenda's channel no longer exists.")
        return channel.get_partial_message(message_id)

    async def publish(self, found: GroupOccurrence, content: AgendaContent) -> Posted:
        # A post owed at start-up waits until the server (and its channels) is known.
        await self.bot.wait_until_ready()
        channel = self.channel_for(found.track)
        if channel is None:
            raise AgendaError(
                f"There is no #{self.bot.settings.channels.agendas} channel to post agendas "
                "in: create it (or set AGENDA_CHANNEL) and try again."
            )
        message = await channel.send(embed=agenda_embed(embed_parts(content, found)))
        return Posted(channel.id, message.id)

    async def update(
        self,
        row: AgendaRow,
        found: GroupOccurrence,
        content: AgendaContent,
        stopped: Stopped | None,
    ) -> None:
        assert row.channel_id is not None and row.message_id is not None
        message = await self._message(row.channel_id, row.message_id)
        parts = embed_parts(content, found, stopped=stopped)
        await message.edit(embed=agenda_embed(parts, cancelled=stopped is not None))

    async def pin(self, channel_id: int, message_id: int, pinned: bool) -> None:
        message = await self._message(channel_id, message_id)
        await (message.pin() if pinned else message.unpin())

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int:
        message = await self._message(channel_id, message_id)
        thread = await message.create_thread(name=name, auto_archive_duration=1440)
        await thread.send(THREAD_GREETING)
        return thread.id
