"""Every DM answered, /reach-out and /requests.

The DM line: each DM to the bot that is not a command is read by the outreach service
(crisis, concern, a request for a person, or anything else) and answered here within
seconds, in the DM. Crisis replies go out before, and independently of, the
facilitators' alert (the crisis path sends them).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.pacing import Priority, in_lane
from bot.kernel.roles import facilitator_only
from bot.outreach.service import (
    CONCERN,
    CRISIS,
    NOTE_CHARS,
    NOTED_ANSWER,
    PERSON,
    NoteTooLong,
    Reading,
)
from cogs.outreach._views import (
    DYNAMIC_ITEMS,
    ShowPlanButton,
    dm_view,
    given_back,
    send_chunks,
)

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

MESSAGE_CHARS = 1900


def safety_plan_button_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ShowPlanButton())
    return view


class Outreach(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.outreach

    # ---- the DM line --------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is not None:
            return
        try:
            await self._answer(message)
        except Exception:
            log.exception("the DM line failed for %s", message.author.id)

    async def _answer(self, message: discord.Message) -> None:
        reading = self.service.read(message.content or "")
        if reading.kind in (CRISIS, CONCERN, PERSON):
            # A person in crisis, a concern, someone asking for a person: their answer
            # goes ahead of any fan-out the pacer is working through.
            with in_lane(Priority.URGENT):
                await self._answer_need(message, reading)
            return
        await message.channel.send(
            self.service.answer_for(message.author.id, message.content or ""), view=dm_view()
        )

    async def _answer_need(self, message: discord.Message, reading: Reading) -> None:
        user, text = message.author, message.content or ""
        if reading.kind == CRISIS:

            async def send_reply(reply: str) -> object:
                if await self.bot.safety_plans.has_plan(user.id):
                    return await message.channel.send(reply, view=safety_plan_button_view())
                return await message.channel.send(reply)

            await self.service.crisis.respond(
                user=user, text=text, where="dm", message=message, result=reading.crisis,
                send_reply=send_reply,
            )
            return
        if reading.kind == CONCERN and self.service.concern is not None:
            # The concern tier's one call site (crisis-flow's gentle check-in).
            if await self.service.concern(user, text, message, reading.crisis):
                return
            await message.channel.send(NOTED_ANSWER, view=dm_view())
            return
        if reading.kind == PERSON:
            try:
                told = await self.service.request(user, source="words", note=text)
            except NoteTooLong:
                told = await self.service.request(user, source="words", note=text[:NOTE_CHARS])
            await message.channel.send(told)
            return
        await message.channel.send(self.service.answer_for(user.id, text), view=dm_view())

    # ---- /reach-out -----------------------------------------------------------------------

    @app_commands.command(
        name="reach-out", description="Ask your program's facilitators to get in touch with you"
    )
    @app_commands.describe(note="Anything you'd like them to know (optional)")
    async def reach_out(
        self,
        interaction: discord.Interaction,
        note: app_commands.Range[str, None, NOTE_CHARS] | None = None,
    ) -> None:
        try:
            told = await self.service.request(interaction.user, source="command", note=note or "")
        except NoteTooLong as error:
            await send_chunks(interaction, [str(error), *given_back(error.note)])
            return
        await interaction.response.send_message(told, ephemeral=interaction.guild is not None)

    # ---- /requests (facilitators) ---------------------------------------------------------

    @app_commands.command(
        name="requests", description="Reach-out requests and crisis alerts: open, taken, closed"
    )
    @facilitator_only()
    async def requests(self, interaction: discord.Interaction) -> None:
        lines = await self.service.listing()
        if not lines:
            await interaction.response.send_message(
                "No reach-out requests or crisis alerts in the last 7 days.", ephemeral=True
            )
            return
        parts: list[str] = []
        current = "**Reach-out requests and crisis alerts** (open first; closed: last 7 days)"
        for line in lines:
            if len(current) + 1 + len(line) > MESSAGE_CHARS:
                parts.append(current)
                current = line
            else:
                current = f"{current}\n{line}"
        parts.append(current)
        await send_chunks(interaction, parts)  # private in the server


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(Outreach(bot))
