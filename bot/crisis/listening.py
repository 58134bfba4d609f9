"""DMs to the bot, read for crisis and concern: the same detector, the same crisis path
and the same concern answer as messages in the server (``bot.moderation.listening``).

Returns what was done, so whatever else answers DMs knows the person has been answered.
(A DM line that reads DMs itself calls ``ConcernService.check_in_dm`` for concern.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from bot.crisis.concern import ConcernService
from bot.crisis.domain.crisis import detect_crisis
from bot.crisis.service import CrisisService
from bot.kernel.pacing import Priority, in_lane
from bot.kernel.ports import CrisisReading

log = logging.getLogger(__name__)

CRISIS = "crisis"
CONCERN = "concern"


async def hear_dm(
    crisis: CrisisService,
    concern: ConcernService,
    message: discord.Message,
    *,
    read: Callable[[str], CrisisReading] = detect_crisis,
) -> str | None:
    """Read a DM to the bot: "crisis" (answered and alerted), "concern" (the gentle
    answer), or None (neither)."""
    if message.author.bot or message.guild is not None or not message.content:
        return None
    result = read(message.content)
    if result.is_crisis:
        response = await crisis.respond(
            user=message.author, text=message.content, where="dm", message=message,
            result=result,
        )
        try:
            with in_lane(Priority.URGENT):
                await message.channel.send(response.reply)
        except discord.HTTPException:
            log.exception("could not answer a crisis DM from %s", message.author.id)
        return CRISIS
    if result.tier == CONCERN:
        await concern.check_in_dm(message.author, message.content, message, result)
        return CONCERN
    return None
