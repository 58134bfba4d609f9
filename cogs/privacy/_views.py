"""Privacy buttons: the consent notice's I agree / Not now, and the erasure confirmations.
(The consent gate every cog shares is ``bot.kernel.consent``, built in ``bot/app.py``.)

All are persistent (``DynamicItem``): a notice sent at enrolment weeks ago still works
after any restart. A confirmation carries whose data it erases, and is honoured only for
that person (or, for a facilitator's erasure, only for a facilitator)."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.kernel.errors import UserError, failure_for, send_ephemeral
from bot.kernel.roles import is_facilitator
from bot.privacy.service import AGREE_ID
from cogs._client import companion

log = logging.getLogger(__name__)

AGREED_TEXT = (
    "Thank you, your choice is saved. Check-ins and RSVPs will be kept from now on. "
    "You can see or change this any time with /privacy."
)
DECLINED_TEXT = (
    "That's okay. I'll still tell you about your sessions; check-ins and RSVPs won't be "
    "saved until you agree. You can change your mind any time with /privacy."
)


async def _fail(interaction: discord.Interaction, error: Exception) -> None:
    if isinstance(error, UserError):
        await send_ephemeral(interaction, str(error))
        return
    log.error("privacy button failed", exc_info=error)
    await send_ephemeral(interaction, await failure_for(interaction))


class ConsentButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"privacy:consent:(?P<choice>agree|decline)",
):
    def __init__(self, choice: str) -> None:
        agree = choice == "agree"
        super().__init__(
            discord.ui.Button(
                label="I agree" if agree else "Not now",
                style=discord.ButtonStyle.success if agree else discord.ButtonStyle.secondary,
                custom_id=AGREE_ID if agree else f"privacy:consent:{choice}",
            )
        )
        self.agree = agree

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ConsentButton:
        return cls(match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            # Whoever presses records their own choice: the notice went to them alone.
            await companion(interaction.client).privacy.choose(interaction.user.id, self.agree)
            await interaction.response.send_message(
                AGREED_TEXT if self.agree else DECLINED_TEXT,
                ephemeral=interaction.guild is not None,
            )
        except Exception as error:
            await _fail(interaction, error)


def erase_view(kind: str, target: str) -> discord.ui.View:
    """kind "self" (target: the user id) or "facilitator" (target: participant key)."""
    view = discord.ui.View(timeout=None)
    prefix = "privacy:erase" if kind == "self" else "privacy:ferase"
    view.add_item(
        discord.ui.Button(
            label="Delete everything",
            style=discord.ButtonStyle.danger,
            custom_id=f"{prefix}:yes:{target}",
        )
    )
    view.add_item(
        discord.ui.Button(
            label="Keep it", style=discord.ButtonStyle.secondary, custom_id=f"{prefix}:no:{target}"
        )
    )
    return view


class SelfEraseButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"privacy:erase:(?P<action>yes|no):(?P<user>\d+)",
):
    def __init__(self, action: str, user_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=action, custom_id=f"privacy:erase:{action}:{user_id}")
        )
        self.action = action
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SelfEraseButton:
        return cls(match["action"], int(match["user"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.user.id != self.user_id:
                raise UserError(
                    "This confirmation belongs to someone else; it can't erase your data."
                )
            if self.action == "no":
                await interaction.response.edit_message(
                    content="Nothing was deleted. Your data stays as it is.", view=None
                )
                return
            service = companion(interaction.client).privacy
            subject = await service.subject_for_user(self.user_id)
            if await service.open_followups(subject):
                raise UserError(
                    "A facilitator is still following up on a recent crisis alert from you, "
                    "so I can't delete your data yet. Once they have responded, try again "
                    "(or ask them to delete it for you)."
                )
            await interaction.response.defer()
            erasure = await service.erase(subject, reason="self")
            await interaction.edit_original_response(
                content=f"Done. {erasure.describe()} Your scheduled reminders and check-ins "
                "are cancelled. If you rejoin the program later, you'll be asked again.",
                view=None,
            )
        except Exception as error:
            await _fail(interaction, error)


class FacilitatorEraseButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"privacy:ferase:(?P<action>yes|no):(?P<key>[^:]+)",
):
    def __init__(self, action: str, key: str) -> None:
        super().__init__(
            discord.ui.Button(label=action, custom_id=f"privacy:ferase:{action}:{key}")
        )
        self.action = action
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FacilitatorEraseButton:
        return cls(match["action"], match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            bot = companion(interaction.client)
            user = interaction.user
            guild = interaction.guild or bot.get_guild(bot.settings.guild_id or 0)
            member = (guild.get_member(user.id) if guild else None) or user
            if not is_facilitator(member, bot.settings):
                raise UserError("Only facilitators can confirm this.")
            if self.action == "no":
                await interaction.response.edit_message(content="Nothing was deleted.", view=None)
                return
            service = bot.privacy
            await interaction.response.defer()
            subject = await service.subject_for_key(self.key)
            erasure = await service.erase(subject, reason="facilitator", actor_id=user.id)
            await interaction.edit_original_response(
                content=f"Erasure #{erasure.id} done. {_third_person(erasure.describe())} "
                "It is recorded in the audit log under that number, without their name.",
                view=None,
            )
        except Exception as error:
            await _fail(interaction, error)


def _third_person(text: str) -> str:
    return text.replace("about you", "about them")


DYNAMIC_ITEMS = (ConsentButton, SelfEraseButton, FacilitatorEraseButton)
