"""The questionnaire's messages: an offer, a screen of items (one select per item), and
the result, each rendered from the service's ``Step``; and the outlet that DMs the offer
and tells facilitators.

Components are ``DynamicItem``s whose custom id carries the questionnaire's row and page
(``ms:a:12:0:q3``), never the participant: the service answers only the clicker's own
questionnaire, so a forwarded message can never touch someone else's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.kernel.channels import find_text_channel, program_guild
from bot.measures.domain.scoring import participant_text
from bot.measures.service import Step
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

_ANSWER = r"ms:a:(?P<rid>\d+):(?P<page>\d+):(?P<item>[a-z0-9_]+)"
_BUTTON = r"ms:b:(?P<rid>\d+):(?P<page>\d+):(?P<action>start|next|skip)"
MAX_PLACEHOLDER = 150  # Discord's limit for a select's placeholder
Select = discord.ui.Select[Any]


class Handler(Protocol):
    async def on_answer(
        self, interaction: discord.Interaction, rid: int, page: int, item: str, values: list[str]
    ) -> None: ...

    async def on_button(
        self, interaction: discord.Interaction, rid: int, page: int, action: str
    ) -> None: ...


def handler(interaction: discord.Interaction) -> Handler:
    cog = companion(interaction.client).get_cog("Measures")
    if cog is None:
        raise RuntimeError("the Measures cog is not loaded")
    return cast("Handler", cog)


class AnswerSelect(discord.ui.DynamicItem[Select], template=_ANSWER):
    def __init__(self, select: Select) -> None:
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerSelect:
        assert isinstance(item, discord.ui.Select)
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        match = self.__discord_ui_compiled_template__.fullmatch(self.custom_id)
        assert match is not None
        await handler(interaction).on_answer(
            interaction, int(match["rid"]), int(match["page"]), match["item"], self.item.values
        )


class StepButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_BUTTON):
    def __init__(
        self, rid: int, page: int, action: str, label: str, style: discord.ButtonStyle
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"ms:b:{rid}:{page}:{action}")
        )
        self.rid, self.page, self.action = rid, page, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StepButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(
            int(match["rid"]), int(match["page"]), match["action"], label or "?",
            discord.ButtonStyle.secondary,
        )  # fmt: skip

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).on_button(interaction, self.rid, self.page, self.action)


DYNAMIC_ITEMS = (AnswerSelect, StepButton)


def _placeholder(text: str) -> str:
    return text if len(text) <= MAX_PLACEHOLDER else text[: MAX_PLACEHOLDER - 1].rstrip() + "…"


def _questions(count: int) -> str:
    return f"{count} question{'s' if count != 1 else ''}"


def render(step: Step) -> dict[str, Any]:
    """``content`` and ``view`` for a step (edit or send them as they are)."""
    head = participant_text(step.result) if step.result is not None else ""
    if step.kind in ("done", "nothing") or step.response is None or step.instrument is None:
        tail = "That's everything for this week. Thank you for taking the time."
        if step.kind == "nothing":
            tail = "There are no questionnaires for you this week. Thank you!"
        return {"content": "\n\n".join(p for p in (head, tail) if p), "view": None}
    instrument, rid = step.instrument, step.response.id
    if step.kind == "offer":
        left = len(instrument.items) - len(step.response.answers)
        count = _questions(len(instrument.items))
        if step.follow_up:
            text = (
                f"Would you answer {left} more question{'s' if left != 1 else ''} about "
                f"{instrument.about} (the {instrument.name})? Your answers above carry over. "
                "It takes a minute or two and gives your program a fuller picture. It's up "
                "to you: skipping is fine."
            )
            start, skip = "Yes, go on", "Not now"
        else:
            text = (
                f"This week's questions: the {instrument.name}, {count} about "
                f"{instrument.about}. It takes about a minute; skipping is fine."
            )
            start, skip = "Start", "Not this week"
        view = discord.ui.View(timeout=None)
        view.add_item(StepButton(rid, 0, "start", start, discord.ButtonStyle.primary))
        view.add_item(StepButton(rid, 0, "skip", skip, discord.ButtonStyle.secondary))
        return {"content": "\n\n".join(p for p in (head, text) if p), "view": view}
    # A screen of items: the stem, the items numbered in full, one select per item.
    number = instrument.items.index(step.items[0]) + 1 if step.items else 1
    lines = [f"**{instrument.name}** ({step.page + 1} of {step.pages}). {instrument.stem}"]
    for offset, item in enumerate(step.items):
        lines.append(f"**{number + offset}.** {item.text}")
    view = discord.ui.View(timeout=None)
    answers = step.response.answers
    for item in step.items:
        select: Select = discord.ui.Select(
            custom_id=f"ms:a:{rid}:{step.page}:{item.id}",
            placeholder=_placeholder(item.text),
            options=[
                discord.SelectOption(
                    label=o.label, value=str(o.score), default=answers.get(item.id) == o.score
                )
                for o in item.scale.options
            ],
        )
        view.add_item(AnswerSelect(select))
    last = step.page + 1 >= step.pages
    view.add_item(
        StepButton(rid, step.page, "next", "Finish" if last else "Next",
                   discord.ButtonStyle.success)
    )  # fmt: skip
    view.add_item(
        StepButton(rid, step.page, "skip", "Skip this questionnaire", discord.ButtonStyle.secondary)
    )
    return {"content": "\n".join(lines), "view": view}


class MeasuresOutlet:
    """DMs through the messenger; facilitators' notes in their private channel."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def send_offer(self, user_id: int, offer: Step) -> None:
        await self.bot.messenger.send(user_id, **render(offer))

    async def tell_facilitators(self, text: str) -> None:
        guild = program_guild(self.bot, self.bot.settings.guild_id)
        channel = find_text_channel(guild, self.bot.settings.channels.facilitators)
        if channel is not None:
            await channel.send(text)
