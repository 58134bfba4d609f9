"""Buttons and modals of the DM line and the safety plan. All persistent: each is a
DynamicItem matched by its custom id, so a button on a DM sent before a restart works."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands

from bot.kernel.errors import UserError, failure_for, send_ephemeral
from bot.kernel.ports import SAFETY_PLAN_BUTTON_ID
from bot.outreach.domain.safety_plan import BY_KEY, SECTION_CHARS, SECTIONS, TooLong
from bot.outreach.service import NOTE_CHARS, NoteTooLong
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

ASK_LABEL = "Ask a facilitator to reach out"
MESSAGE_CHARS = 1900


async def send_chunks(interaction: discord.Interaction, parts: list[str]) -> None:
    """Several messages in answer to one interaction (private in the server)."""
    private = interaction.guild is not None
    for part in parts:
        if interaction.response.is_done():
            await interaction.followup.send(part, ephemeral=private)
        else:
            await interaction.response.send_message(part, ephemeral=private)


def given_back(text: str) -> list[str]:
    """What someone typed, returned in full (in pieces if it is long)."""
    return [text[i : i + MESSAGE_CHARS] for i in range(0, len(text), MESSAGE_CHARS)] or [""]


# ---- the DM line's buttons -------------------------------------------------------------------


class DmButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"outreach:(?P<action>ask|coping|schedule|lines)",
):
    LABELS: ClassVar[dict[str, tuple[str, discord.ButtonStyle]]] = {
        "ask": (ASK_LABEL, discord.ButtonStyle.primary),
        "coping": ("A coping skill now", discord.ButtonStyle.secondary),
        "schedule": ("My schedule", discord.ButtonStyle.secondary),
        "lines": ("Crisis lines", discord.ButtonStyle.danger),
    }

    def __init__(self, action: str) -> None:
        label, style = self.LABELS[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"outreach:{action}")
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DmButton:
        return cls(match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        try:
            if self.action == "ask":
                await interaction.response.send_modal(AskModal())
            elif self.action == "lines":
                lines = await bot.outreach.alerts.lines_for(interaction.user.id)
                await interaction.response.send_message(lines)
            else:
                await run_command(bot, interaction, self.action)
        except UserError as error:
            await send_ephemeral(interaction, str(error))
        except Exception:
            log.exception("the DM button %s failed", self.action)
            await send_ephemeral(interaction, await failure_for(interaction))


async def run_command(bot: CompanionBot, interaction: discord.Interaction, name: str) -> None:
    """What the slash command of that name does, from a button: the same code, so the
    button and the command can never disagree."""
    command = bot.tree.get_command(name)
    if not isinstance(command, app_commands.Command) or command.binding is None:
        await send_ephemeral(interaction, f"Use /{name} for that.")
        return
    await command.callback(command.binding, interaction)


def dm_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ("ask", "coping", "schedule", "lines"):
        view.add_item(DmButton(action))
    return view


class AskModal(discord.ui.Modal, title="Ask a facilitator to reach out"):
    note: discord.ui.TextInput[AskModal] = discord.ui.TextInput(
        label="Anything you'd like them to know? (optional)",
        custom_id="note",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=NOTE_CHARS,
        placeholder="e.g. A call after 6 pm is best. Or leave this empty.",
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        try:
            told = await bot.outreach.request(
                interaction.user, source="button", note=self.note.value or ""
            )
        except NoteTooLong as error:
            await send_chunks(interaction, [str(error), *given_back(error.note)])
            return
        await interaction.response.send_message(told)


# ---- the safety plan -------------------------------------------------------------------------


class ShowPlanButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.escape(SAFETY_PLAN_BUTTON_ID),
):
    """**My safety plan**, wherever it is offered (a crisis reply, /crisis)."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="My safety plan",
                style=discord.ButtonStyle.primary,
                custom_id=SAFETY_PLAN_BUTTON_ID,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ShowPlanButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await show_plan(interaction)


async def show_plan(interaction: discord.Interaction) -> None:
    bot = companion(interaction.client)
    plans = bot.safety_plans
    parts = await plans.show_to_owner(interaction.user.id)
    if not await plans.has_plan(interaction.user.id):
        parts[0] = (
            "You haven't written a safety plan yet. It's a short plan in your own words for "
            "when things get hard; every section is optional, and only you see it unless "
            "you share it.\n\n" + parts[0]
        )
    shared = await plans.is_shared(interaction.user.id)
    private = interaction.guild is not None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        kwargs: dict[str, Any] = {"ephemeral": private}
        if last:
            kwargs["view"] = plan_view(shared)
            part += (
                "\n\n*Shared with your facilitators.*" if shared else "\n\n*Only you can see this.*"
            )
        if interaction.response.is_done():
            await interaction.followup.send(part, **kwargs)
        else:
            await interaction.response.send_message(part, **kwargs)


class PlanButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"safetyplan:(?P<action>edit|share|unshare)(?::(?P<section>[a-z_]+))?",
):
    def __init__(self, action: str, section: str | None = None) -> None:
        if section is not None:
            label, style = BY_KEY[section].title[:80], discord.ButtonStyle.secondary
        else:
            label, style = {
                "edit": ("Write or edit my plan", discord.ButtonStyle.primary),
                "share": ("Share with my facilitators", discord.ButtonStyle.secondary),
                "unshare": ("Stop sharing", discord.ButtonStyle.secondary),
            }[action]
        custom_id = f"safetyplan:{action}" + (f":{section}" if section else "")
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id))
        self.action = action
        self.section = section

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PlanButton:
        section = match["section"]
        if section is not None and section not in BY_KEY:
            section = None
        return cls(match["action"], section)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if self.action == "edit" and self.section is None:
                await pick_section(interaction)
            elif self.action == "edit" and self.section is not None:
                await open_section(interaction, self.section)
            else:
                await set_sharing(interaction, self.action == "share")
        except Exception:
            log.exception("the safety plan button %s failed", self.action)
            await send_ephemeral(interaction, await failure_for(interaction))


def plan_view(shared: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PlanButton("edit"))
    view.add_item(PlanButton("unshare" if shared else "share"))
    return view


def sections_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for section in SECTIONS:
        view.add_item(PlanButton("edit", section.key))
    return view


async def pick_section(interaction: discord.Interaction) -> None:
    bot = companion(interaction.client)
    if not await bot.consent_gate(interaction, "your safety plan"):
        return
    await interaction.response.send_message(
        "Which part would you like to write? Each is optional, and you can come back to "
        "any of them.",
        view=sections_view(),
        ephemeral=interaction.guild is not None,
    )


async def open_section(interaction: discord.Interaction, key: str) -> None:
    bot = companion(interaction.client)
    if not await bot.consent_gate(interaction, "your safety plan"):
        return
    written = await bot.safety_plans.written(interaction.user.id)
    current = written.get(key)
    if current is None and key == "professionals":
        current = (await bot.safety_plans.prefilled(interaction.user.id)).get(key)
    await interaction.response.send_modal(SectionModal(key, current))


class SectionModal(discord.ui.Modal):
    def __init__(self, key: str, current: str | None) -> None:
        section = BY_KEY[key]
        super().__init__(title=section.title[:45])
        self.key = key
        self.text: discord.ui.TextInput[SectionModal] = discord.ui.TextInput(
            label=section.prompt[:45],
            custom_id="text",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=SECTION_CHARS,  # what the service accepts, no more
            placeholder=section.hint[:100],
            default=(current or "")[:SECTION_CHARS] or None,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = companion(interaction.client)
        text = self.text.value or ""
        if not await bot.privacy.has_agreed(interaction.user.id):
            await send_chunks(
                interaction,
                [
                    "I can only keep your safety plan after you agree to the privacy notice "
                    "(/privacy). Nothing was saved; here is what you wrote:",
                    *given_back(text),
                ],
            )
            return
        try:
            kept = await bot.safety_plans.save(interaction.user.id, self.key, text)
        except TooLong as error:
            await send_chunks(interaction, [str(error), *given_back(error.text)])
            return
        title = BY_KEY[self.key].title
        said = f"Saved **{title}** in your safety plan." if kept else f"Cleared **{title}**."
        await interaction.response.send_message(
            f"{said} Use /safety-plan show to read it, or pick another part to write.",
            view=sections_view(),
            ephemeral=interaction.guild is not None,
        )


async def set_sharing(interaction: discord.Interaction, share: bool) -> None:
    bot = companion(interaction.client)
    plans = bot.safety_plans
    if share and not await plans.has_plan(interaction.user.id):
        await send_ephemeral(interaction, "Write at least one part of your plan first.")
        return
    await plans.set_shared(interaction.user.id, share)
    text = (
        "Your facilitators can now read your safety plan. Each time one of them opens it, "
        "it's recorded (you can ask to see the record). Stop sharing any time."
        if share
        else "You've stopped sharing your safety plan: only you can read it now."
    )
    await interaction.response.send_message(
        text, view=plan_view(share), ephemeral=interaction.guild is not None
    )


def remind_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    button = PlanButton("edit")
    button.item.label = "Write my safety plan"
    view.add_item(button)
    return view


DYNAMIC_ITEMS = (DmButton, ShowPlanButton, PlanButton)
