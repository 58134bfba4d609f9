"""One path for every message the bot reads in the program's server: where it listens
(``bot.moderation.watch``), the moderator's verdict with crisis first, and then the
concern tier.

The verdict reads the crisis tier only, inside the moderator's time budget; the concern
tier (which never removes anything) is read after it, through the ``ConcernPath`` port.
A message that went the crisis path is not read again for concern. Facilitators are
exempt from the concern tier in channels (they talk about these things for a living);
crisis help still applies to them.
"""

from __future__ import annotations

import logging

import discord

from bot.kernel.roles import is_facilitator
from bot.moderation.domain import moderation as m
from bot.moderation.service import ModerationService, Outcome

log = logging.getLogger(__name__)


async def listen(
    service: ModerationService, message: discord.Message, *, edited: bool = False
) -> tuple[bool, Outcome | None]:
    """(read?, what the moderator did): ``read`` is False where the bot does not listen."""
    if message.author.bot or message.guild is None:
        return False, None
    place = await service.watch.place_of(message.channel)
    if place is None:
        return False, None
    outcome = await service.handle(message, edited=edited, place=place)
    if outcome is not None and (
        m.CRISIS in outcome.verdict.categories or outcome.verdict.enforced_action == m.HOLD
    ):
        return True, outcome
    await _concern(service, message)
    return True, outcome


async def _concern(service: ModerationService, message: discord.Message) -> None:
    concern, read = service.concern, service.read_concern
    if concern is None or read is None or not message.content:
        return
    if is_facilitator(message.author, service.settings):
        return
    try:
        result = read(message.content)
        if result.tier != "concern":
            return
        await concern.hear(
            user=message.author,
            text=message.content,
            where="peer",
            result=result,
            message=message,
        )
    except Exception:
        # The concern tier must never stop the bot reading the next message.
        log.exception("the concern tier failed for message %s", message.id)
