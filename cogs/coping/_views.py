"""Coping skills on Discord: the skill embed, its persistent buttons, the /skills add form.

The buttons are DynamicItems whose custom id carries the action, the situation and the
skill id, so "This helped" under a skill sent last week still works after a restart.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import discord

from bot.coping.domain.coping import Feedback
from bot.coping.domain.library import ProgramSkillError, Skill
from bot.coping.service import (
    ANY,
    Answer,
    CopingError,
    NoneLeft,
    Offer,
    situation_name,
)
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.db import members
from bot.kernel.errors import UserError, failure_for, send_ephemeral
from bot.program.participants import participant_for_user
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

CALM = discord.Colour.from_rgb(78, 154, 148)
LABELS = {"more": "Another one", "helped": "This helped", "nope": "Not for me"}
STYLES = {
    "more": discord.ButtonStyle.primary,
    "helped": discord.ButtonStyle.success,
    "nope": discord.ButtonStyle.secondary,
}
DAILY_HEADER = "**Skill of the day**: one to try, or to keep in your pocket."
SKILL_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*|program:[1-9][0-9]*"


async def participant_key(client: discord.Client, user: discord.abc.User) -> str:
    """The program's key for an enrolled participant, else the Discord id: coping help is
    for anyone who asks, enrolled or not."""
    return (await person(client, user))[0]


async def person(client: discord.Client, user: discord.abc.User) -> tuple[str, str | None]:
    """(participant key, IANA zone if known) of the user."""
    bot = companion(client)
    found = await participant_for_user(bot.db, bot.programs, user, bot.clock)
    if found is not None:
        return found[1].key, found[1].timezone
    row = await members.get(bot.db, user.id)
    return str(user.id), row.timezone if row is not None else None


def skill_embed(offer: Offer) -> discord.Embed:
    skill = offer.skill
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(skill.steps, start=1))
    description = f"*{skill.summary}*\n\n{steps}" if skill.summary else steps
    embed = discord.Embed(title=skill.title, description=description, colour=CALM)
    minutes = "1 minute" if skill.minutes == 1 else f"{skill.minutes} minutes"
    embed.add_field(name="Takes about", value=minutes, inline=True)
    if offer.situation is not None:
        embed.add_field(name="For", value=situation_name(offer.situation), inline=True)
    if skill.caution:
        embed.add_field(name="Please note", value=skill.caution, inline=False)
    origin = " (added by your program)" if skill.is_program else ""
    embed.set_footer(text=f"From: {skill.source}{origin}")
    return embed


def skill_view(skill_id: str, situation: str | None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in LABELS:
        view.add_item(CopingButton(action, situation or ANY, skill_id))
    # The buttons are dispatched by their custom-id template (registered once in setup),
    # so the view need not be kept per message. Stopped, discord.py neither stores it
    # nor starts the 15-minute timer it gives views on ephemeral messages.
    view.stop()
    return view


def none_left_text(situation: str | None) -> str:
    where = f"for {situation_name(situation).lower()} " if situation else ""
    return (
        f"You've set aside every skill I have {where}as not for you. Try another situation, "
        "see /myskills for the ones that helped, or ask your facilitator: they can add more."
    )


def answer_kwargs(answer: Answer, *, editing: bool = False, before: str = "") -> dict[str, Any]:
    """Message kwargs for an offer; ``editing`` clears what the old message had."""
    if isinstance(answer, NoneLeft):
        content = "\n\n".join(t for t in (before, none_left_text(answer.situation)) if t)
        if editing:  # the old card's skill and buttons go
            return {"content": content, "embed": None, "view": None}
        return {"content": content}
    if not isinstance(answer, Offer):
        raise TypeError(f"not an offer: {answer!r}")
    text = "\n\n".join(t for t in (before, answer.note) if t)
    kwargs: dict[str, Any] = {
        "embed": skill_embed(answer),
        "view": skill_view(answer.skill.id, answer.situation),
    }
    if text or editing:
        kwargs["content"] = text or None
    return kwargs


def offer_kwargs(offer: Offer) -> dict[str, Any]:
    return answer_kwargs(offer)


class CopingButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"coping:(?P<action>more|helped|nope):(?P<situation>[a-z_]+):(?P<skill>{SKILL_ID})",
):
    def __init__(self, action: str, situation: str, skill_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=LABELS[action],
                style=STYLES[action],
                custom_id=f"coping:{action}:{situation}:{skill_id}",
            )
        )
        self.action = action
        self.situation = None if situation == ANY else situation
        self.skill_id = skill_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> CopingButton:
        return cls(match["action"], match["situation"], match["skill"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._handle(interaction)
        except Exception as error:
            await answer_error(interaction, error)

    async def _handle(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        service = bot.coping
        key = await participant_key(bot, interaction.user)
        message = interaction.message
        # The clicker's own message (a DM, or an ephemeral answer) changes in place; the
        # daily post in a channel is everyone's, so the clicker gets a private answer.
        own = interaction.guild is None or (message is not None and message.flags.ephemeral)
        if self.action in ("helped", "nope"):
            # Feedback is kept about the person: only after they agreed to the notice.
            if not await bot.consent_gate(interaction, "what helped you"):
                return
        if self.action == "helped":
            skill = await service.give_feedback(key, self.skill_id, Feedback.HELPED)
            await interaction.response.send_message(
                f"I'm glad **{skill.title}** helped. I'll offer it more often, and you'll "
                "find it in /myskills.",
                ephemeral=True,
            )
            return
        before = ""
        if self.action == "nope":
            skill = await service.give_feedback(key, self.skill_id, Feedback.NOT_FOR_ME)
            before = f"Okay, I won't suggest **{skill.title}** again."
            if not own:
                await interaction.response.send_message(before, ephemeral=True)
                return
        answer = await service.another(key, self.situation, self.skill_id)
        if own:
            await interaction.response.edit_message(
                **answer_kwargs(answer, editing=True, before=before)
            )
        else:
            await interaction.response.send_message(ephemeral=True, **answer_kwargs(answer))


class SkillModal(discord.ui.Modal, title="Add a coping skill"):
    skill_title: discord.ui.TextInput[SkillModal] = discord.ui.TextInput(
        label="Title", custom_id="title", max_length=80, placeholder="e.g. The 3-minute walk"
    )
    steps: discord.ui.TextInput[SkillModal] = discord.ui.TextInput(
        label="Steps (2 to 6, one per line)",
        custom_id="steps",
        style=discord.TextStyle.paragraph,
        max_length=1800,
        placeholder="Stand up and step outside.\nWalk slowly for three minutes.",
    )
    minutes: discord.ui.TextInput[SkillModal] = discord.ui.TextInput(
        label="Minutes it takes", custom_id="minutes", max_length=2, placeholder="5"
    )
    situations: discord.ui.TextInput[SkillModal] = discord.ui.TextInput(
        label="Situations (comma-separated)",
        custom_id="situations",
        max_length=200,
        placeholder="craving, anxiety, stress",
    )
    source: discord.ui.TextInput[SkillModal] = discord.ui.TextInput(
        label="Where it comes from",
        custom_id="source",
        max_length=300,
        placeholder="e.g. Our Tuesday DBT group",
    )

    def __init__(self, caution: str = "") -> None:
        super().__init__(custom_id="coping:add-skill")
        self.caution = caution

    async def on_submit(self, interaction: discord.Interaction) -> None:
        service = companion(interaction.client).coping
        try:
            skill = await service.add_program_skill(
                by=interaction.user.id,
                title=self.skill_title.value,
                steps_text=self.steps.value,
                minutes_text=self.minutes.value,
                situations_text=self.situations.value,
                source=self.source.value,
                caution=self.caution,
            )
        except ProgramSkillError as error:
            problems = "\n".join(f"- {p}" for p in error.problems)
            text = f"I couldn't add that skill, so nothing was saved:\n{problems}"
            echo = f"\nRun /skills add again. Your steps, to copy:\n>>> {self.steps.value}"
            # Discord's 2000-character limit: the problems matter more than the echo.
            raise UserError((text + echo if len(text + echo) <= 1900 else text)[:1900]) from error
        offer = Offer(skill, None)
        await interaction.response.send_message(
            f"Added **{skill.title}** (`{skill.id}`). Participants can get it from /coping now.",
            embed=skill_embed(offer),
            ephemeral=True,
        )

    async def on_error(  # type: ignore[override]  # discord.py's Modal narrows View.on_error
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


async def answer_error(interaction: discord.Interaction, error: Exception) -> None:
    if isinstance(error, UserError | CopingError):
        await send_ephemeral(interaction, str(error))
        return
    log.error("coping interaction failed", exc_info=error)
    await send_ephemeral(interaction, await failure_for(interaction))


# --- the skill of the day ------------------------------------------------------------------


def daily_channel(bot: CompanionBot, name: str | None) -> discord.TextChannel | None:
    """Where the skill of the day goes: the configured channel, else the check-in one."""
    settings = bot.settings
    guild = program_guild(bot, settings.guild_id)
    return find_text_channel(guild, name or settings.channels.daily_checkin)


class DailyPoster:
    """Posts the skill of the day (the daily skill's ``poster``, handed in by bot/app.py)."""

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot

    async def __call__(self, skill: Skill, day: date, name: str | None) -> int | None:
        channel = daily_channel(self.bot, name)
        if channel is None:
            wanted = name or self.bot.settings.channels.daily_checkin
            log.error("daily skill: no channel %r", wanted)
            return None
        message = await channel.send(DAILY_HEADER, **offer_kwargs(Offer(skill, None)))
        return message.id
