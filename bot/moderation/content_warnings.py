"""Content warnings in the peer channel: members list topics they want a heads-up about,
and the moderator asks the author of a message that touches one to wrap it in spoilers,
privately (a DM; nothing public when their DMs are closed).

The ask names the topic, never who listed it, and the author's own list does not count
(nobody is asked to warn themselves). Text already inside spoilers (``||...||``) is
warned already. One ask per message, guarded by a delivery record.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import discord

from bot.kernel.db import deliveries
from bot.kernel.messenger import DmClosed, NotInServer
from bot.kernel.roles import is_facilitator
from bot.moderation.service import ModerationService
from bot.moderation.storage import content_warnings as cw_db
from bot.moderation.texts import content_warning_ask

log = logging.getLogger(__name__)

KIND = "content-warning"


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    pattern: re.Pattern[str]


def _words(*stems: str) -> re.Pattern[str]:
    # Stems match the start of a word ("relaps" finds relapse, relapsed, relapsing).
    return re.compile(r"\b(?:" + "|".join(stems) + r")", re.IGNORECASE)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "self-harm",
        "self-harm",
        _words(r"self[- ]?harm", r"cutting", r"cut myself", r"burn(?:ed|t)? myself", r"scars?\b"),
    ),
    Topic(
        "suicide",
        "suicide",
        _words(r"suicid", r"kill(?:ing)? myself", r"end(?:ing)? my life", r"want(?:ed)? to die"),
    ),
    Topic(
        "relapse",
        "relapse and use details",
        _words(r"relaps", r"used again", r"got high", r"using again", r"slipped up"),
    ),
    Topic(
        "alcohol",
        "alcohol",
        _words(
            r"drunk",
            r"drinking",
            r"beers?\b",
            r"vodka",
            r"whiske?y",
            r"wine\b",
            r"booze",
            r"hangover",
        ),
    ),
    Topic(
        "drugs",
        "drugs",
        _words(r"heroin", r"fentanyl", r"cocaine", r"\bmeth\b", r"opioids?", r"weed\b"),
    ),
    Topic(
        "eating",
        "eating and body image",
        _words(
            r"binge", r"purg", r"calori", r"starv", r"anorexi", r"bulimi", r"weigh(?:t|ed|ing)?\b"
        ),
    ),
    Topic(
        "abuse",
        "abuse and trauma",
        _words(r"abus", r"assault", r"rape", r"molest", r"trauma", r"flashbacks?"),
    ),
    Topic("overdose", "overdose", _words(r"overdos", r"\bod'?d\b", r"narcan", r"naloxone")),
)
BY_KEY = {t.key: t for t in TOPICS}
_SPOILER = re.compile(r"\|\|.*?\|\|", re.DOTALL)


def topics_in(text: str) -> set[str]:
    """The topics a message touches outside its spoilers."""
    visible = _SPOILER.sub(" ", text)
    return {t.key for t in TOPICS if t.pattern.search(visible)}


def nudge_text(where: str, topics: set[str]) -> str:
    """The private ask (a DM): names the topics, never who listed them, mentions nobody."""
    return content_warning_ask([BY_KEY[k].label for k in topics], where)


async def check(moderation: ModerationService, message: discord.Message) -> bool:
    """Ask the author for spoilers when the message touches a topic someone else listed.
    Called by the moderator for peer-channel messages it left up; True when it asked."""
    if message.author.bot or message.guild is None:
        return False
    if not moderation.is_peer_channel(message.channel):
        return False
    if is_facilitator(message.author, moderation.settings):
        return False
    touched = topics_in(message.content)
    if not touched:
        return False
    db = moderation.db
    wanted = touched & await cw_db.listed_by_others(db, message.author.id)
    if not wanted:
        return False
    key = f"{KIND}:{message.id}"
    now = moderation.clock.now()
    if not await deliveries.claim(db, key, KIND, None, now, now):
        return False
    # Privately: the author just shared something vulnerable; a public mention right under
    # it would single them out. With DMs closed, nothing is said in public either.
    try:
        sent = await moderation.messenger.send(
            message.author.id, content=nudge_text(f"<#{message.channel.id}>", wanted)
        )
    except (DmClosed, NotInServer):
        log.info("content-warning ask for message %s not sent: DMs closed", message.id)
        await deliveries.settle(db, key, "skipped", now, detail="DMs closed")
        return False
    except discord.HTTPException:
        log.exception("could not ask for a content warning on message %s", message.id)
        await deliveries.settle(db, key, "failed", now, detail="DM failed")
        return False
    await deliveries.settle(db, key, "sent", moderation.clock.now(), message_id=sent.id)
    log.info("asked for spoilers on message %s (%s)", message.id, ", ".join(sorted(wanted)))
    return True
