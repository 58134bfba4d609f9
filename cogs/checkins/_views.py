"""The check-in's components: selects and buttons that survive a restart, and the modal.

Every component is a ``DynamicItem`` whose custom id carries the check-in's local day
(``ci:q:2026-12-07:mood``), never the participant: whoever clicks answers *their own*
check-in, so a forwarded or screenshotted prompt can never touch someone else's. The
callbacks hand over to the ``Checkin`` cog, which calls the service and answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol, cast

import discord

from bot.checkins.domain.checkin import AnswerValue
from bot.checkins.domain.checkin_questions import CheckinConfig, Kind, Question
from bot.checkins.domain.screening import Screening
from bot.checkins.service import nice_day
from cogs._client import companion

PAGE_SIZE = 4  # selects per message: the fifth row holds the buttons
_DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
_ANSWER = r"ci:q:" + _DAY + r":(?P<qid>[a-z0-9_]+)"
_SCREEN = r"ci:s:" + _DAY + r":(?P<item>[a-z0-9_]+)"
_BUTTON = r"ci:b:" + _DAY + r":(?P<action>[a-z0-9]+)"
Select = discord.ui.Select[Any]


class Handler(Protocol):
    async def on_answer(
        self, interaction: discord.Interaction, day: date, qid: str, values: list[str]
    ) -> None: ...

    async def on_button(self, interaction: discord.Interaction, day: date, action: str) -> None: ...

    async def on_screen_item(
        self, interaction: discord.Interaction, day: date, item: str, values: list[str]
    ) -> None: ...


def handler(interaction: discord.Interaction) -> Handler:
    cog = companion(interaction.client).get_cog("Checkin")
    if cog is None:
        raise RuntimeError("the Checkin cog is not loaded")
    return cast("Handler", cog)  # the cog implements Handler


def _day(match: re.Match[str]) -> date:
    return date.fromisoformat(match["day"])


class AnswerSelect(discord.ui.DynamicItem[Select], template=_ANSWER):
    def __init__(self, select: discord.ui.Select[Any]) -> None:
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
            interaction, _day(match), match["qid"], self.item.values
        )


class ScreenSelect(discord.ui.DynamicItem[Select], template=_SCREEN):
    def __init__(self, select: discord.ui.Select[Any]) -> None:
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ScreenSelect:
        assert isinstance(item, discord.ui.Select)
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        match = self.__discord_ui_compiled_template__.fullmatch(self.custom_id)
        assert match is not None
        await handler(interaction).on_screen_item(
            interaction, _day(match), match["item"], self.item.values
        )


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_BUTTON):
    def __init__(self, day: date, action: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"ci:b:{day.isoformat()}:{action}"
            )
        )
        self.day = day
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ActionButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(_day(match), match["action"], label or "?", discord.ButtonStyle.secondary)

    async def callback(self, interaction: discord.Interaction) -> None:
        await handler(interaction).on_button(interaction, self.day, self.action)


DYNAMIC_ITEMS = (AnswerSelect, ScreenSelect, ActionButton)


# ---- building the prompt -----------------------------------------------------------------


def pages(config: CheckinConfig) -> list[tuple[Question, ...]]:
    asked = [q for q in config.active_questions if q.kind is not Kind.TEXT]
    return [tuple(asked[i : i + PAGE_SIZE]) for i in range(0, len(asked), PAGE_SIZE)] or [()]


def _options(question: Question, current: AnswerValue | None) -> list[discord.SelectOption]:
    chosen = current if isinstance(current, frozenset) else {str(current)}
    if question.kind is Kind.SCALE:
        options = []
        for value in range(question.min, question.max + 1):
            label = str(value)
            if value == question.min and question.min_label:
                label += f" – {question.min_label}"
            elif value == question.max and question.max_label:
                label += f" – {question.max_label}"
            options.append(
                discord.SelectOption(label=label, value=str(value), default=str(value) in chosen)
            )
        return options
    return [
        discord.SelectOption(label=o.label, value=o.id, default=o.id in chosen)
        for o in question.options
    ]


def question_select(day: date, question: Question, current: AnswerValue | None) -> AnswerSelect:
    multi = question.kind is Kind.MULTI_CHOICE
    select: discord.ui.Select[Any] = discord.ui.Select(
        custom_id=f"ci:q:{day.isoformat()}:{question.id}",
        placeholder=question.label[:150],
        options=_options(question, current),
        min_values=0 if multi else 1,
        max_values=len(question.options) if multi else 1,
    )
    return AnswerSelect(select)


def prompt_content(day: date, page: int, total: int) -> str:
    head = f"**Daily check-in for {nice_day(day)}**"
    if total > 1:
        head += f" ({page + 1}/{total})"
    return (
        f"{head}\nPick an answer in each menu; it takes under a minute. Only you and your "
        "facilitators see your answers unless you choose to share."
    )


def prompt_view(
    config: CheckinConfig, day: date, page: int, answers: Mapping[str, AnswerValue]
) -> discord.ui.View:
    all_pages = pages(config)
    page = max(0, min(page, len(all_pages) - 1))
    view = discord.ui.View(timeout=None)
    for question in all_pages[page]:
        view.add_item(question_select(day, question, answers.get(question.id)))
    secondary, primary = discord.ButtonStyle.secondary, discord.ButtonStyle.primary
    if page > 0:
        view.add_item(ActionButton(day, f"p{page - 1}", "Back", secondary))
    if page + 1 < len(all_pages):
        view.add_item(ActionButton(day, f"p{page + 1}", "Next questions", primary))
    else:
        if any(q.kind is Kind.TEXT for q in config.active_questions):
            view.add_item(ActionButton(day, "note", "Add a note", secondary))
        view.add_item(ActionButton(day, "done", "Done", discord.ButtonStyle.success))
    return view


class NoteModal(discord.ui.Modal):
    """The check-in's one modal: every text question (by default, the optional note)."""

    def __init__(
        self, handler_: Any, day: date, config: CheckinConfig, answers: Mapping[str, AnswerValue]
    ) -> None:
        super().__init__(title=f"Check-in note for {day:%d %B}", custom_id=f"ci:m:{day}")
        self.handler = handler_
        self.day = day
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for question in config.active_questions:
            if question.kind is not Kind.TEXT:
                continue
            current = answers.get(question.id)
            text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=question.label,
                custom_id=question.id,
                style=discord.TextStyle.paragraph,
                placeholder=question.placeholder,
                required=question.required,
                # The limit the service accepts, so Discord's client stops the typing at
                # the same length; the service checks it too (and gives the text back)
                # for clients that do not.
                max_length=question.max_length,
                default=current if isinstance(current, str) else None,
            )
            self.inputs[question.id] = text_input
            self.add_item(text_input)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        texts = {qid: field.value for qid, field in self.inputs.items()}
        await self.handler.on_note(interaction, self.day, texts)


# ---- after "Done" ---------------------------------------------------------------------------


def after_view(day: date, *, has_note: bool, follow_up: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if follow_up:
        view.add_item(
            ActionButton(day, "reach", "Yes, please reach out", discord.ButtonStyle.primary)
        )
        view.add_item(ActionButton(day, "noreach", "No, thanks", discord.ButtonStyle.secondary))
    view.add_item(ActionButton(day, "share", "Share my mood", discord.ButtonStyle.secondary))
    if has_note:
        view.add_item(
            ActionButton(day, "sharenote", "Share mood and note", discord.ButtonStyle.secondary)
        )
    return view


def change_view(day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ActionButton(day, "p0", "Change my answers", discord.ButtonStyle.secondary))
    return view


def screen_view(screening: Screening, day: date, answers: Mapping[str, int]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for instrument in screening.instruments:
        for item in instrument.items:
            select: discord.ui.Select[Any] = discord.ui.Select(
                custom_id=f"ci:s:{day.isoformat()}:{item.id}",
                placeholder=item.text[:150],
                options=[
                    discord.SelectOption(
                        label=a.label, value=str(a.score), default=answers.get(item.id) == a.score
                    )
                    for a in screening.answers
                ],
            )
            view.add_item(ScreenSelect(select))
    view.add_item(ActionButton(day, "screen", "Submit answers", discord.ButtonStyle.success))
    return view
