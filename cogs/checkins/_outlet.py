"""The check-in service's way out to Discord: DMs through the messenger, posts in the
check-in channel's daily thread and private posts in the facilitators' channel.
``bot/app.py`` builds it and hands it to the check-in service (``CheckinOutlet``)."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

import discord

from bot.checkins.domain.checkin import DayCheckin
from bot.checkins.domain.checkin_questions import CheckinConfig
from bot.checkins.plain import flag_line
from bot.checkins.reports import Digest
from bot.kernel.delivery import ChannelUnavailable
from bot.kernel.plain import long_day, plural
from bot.kernel.ports import ConcernDigest, MedicationAdherence, OpenRequests
from bot.program.domain.schedule import Participant
from bot.program.participants import MemberIndex, member_for_participant
from cogs.checkins import _views as views

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)


class ChannelMissing(ChannelUnavailable):
    """A configured channel does not exist in the program's server."""


class DiscordOutlet:
    def __init__(
        self,
        bot: CompanionBot,
        config: CheckinConfig,
        medication: MedicationAdherence,
        concerns: ConcernDigest | None = None,
        requests: OpenRequests | None = None,
    ) -> None:
        self.bot = bot
        self.config = config
        # Continuity of care (issue 11): missed medication doses join the digest.
        self.medication = medication
        # The concern tier (issue 14): the day's quiet notes are listed again.
        self.concerns = concerns
        # Issue 15: open reach-out requests and alerts join the digest.
        self.requests = requests
        # Prompts look up members not linked yet: by name in a kept index, not a scan.
        self.members = MemberIndex()

    def _channel(self, name: str) -> discord.TextChannel:
        guild = self.bot.get_guild(self.bot.settings.guild_id or 0)
        channel = discord.utils.get(guild.text_channels, name=name) if guild else None
        if channel is None:
            raise ChannelMissing(f"there is no #{name} channel in the program's server")
        return channel

    async def send_prompt(
        self, user_id: int, participant: Participant, day: date, existing: DayCheckin | None
    ) -> int:
        answers = existing.answers if existing is not None else {}
        total = len(views.pages(self.config))
        message = await self.bot.messenger.send(
            user_id,
            content=views.prompt_content(day, 0, total),
            view=views.prompt_view(self.config, day, 0, answers),
        )
        return int(message.id)

    async def send_dm(self, user_id: int, text: str) -> int:
        message = await self.bot.messenger.send(user_id, content=text)
        return int(message.id)

    async def find_member(self, participant: Participant) -> int | None:
        guild = self.bot.get_guild(self.bot.settings.guild_id or 0)
        member = member_for_participant(guild, participant, self.members) if guild else None
        return None if member is None else member.id

    async def alert_facilitators(self, text: str) -> None:
        channel = self._channel(self.bot.settings.channels.facilitators)
        await channel.send(text)

    async def open_thread(self, day: date, name: str, starter: str) -> int:
        channel = self._channel(self.bot.settings.channels.daily_checkin)
        message = await channel.send(starter)
        thread = await message.create_thread(name=name, auto_archive_duration=1440)
        return thread.id

    def _thread(self, thread_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(thread_id, type=discord.ChannelType.public_thread)

    async def post_in_thread(self, thread_id: int, text: str) -> int:
        message = await self._thread(thread_id).send(text)
        return int(message.id)

    async def edit_in_thread(self, thread_id: int, message_id: int, text: str) -> None:
        await self._thread(thread_id).get_partial_message(message_id).edit(content=text)

    async def reply_in_thread(self, thread_id: int, message_id: int, text: str) -> int:
        reference = discord.MessageReference(
            message_id=message_id, channel_id=thread_id, fail_if_not_exists=False
        )
        message = await self._thread(thread_id).send(text, reference=reference)
        return int(message.id)

    async def post_digest(self, digest: Digest) -> None:
        channel = self._channel(self.bot.settings.channels.facilitators)
        embed = digest_embed(digest)
        # Continuity of care (issue 11): missed medication doses, for those who agreed.
        await self.medication.add_to_digest(embed)
        if self.concerns is not None:
            await self.concerns.add_to_digest(embed)
        if self.requests is not None:
            await self.requests.add_to_digest(embed)
        await channel.send(embed=embed)


def digest_lines(digest: Digest) -> tuple[str, str, str]:
    """The digest's summary, its "not checking in" list and its flags, in words; the
    summary counts the same day, the same way, as ``/report checkins``."""
    if digest.expected:
        summary = (
            f"{long_day(digest.reported_day)}: {digest.checked_in} of the "
            f"{plural(digest.expected, 'participant')} due a check-in checked in."
        )
    else:
        summary = f"{long_day(digest.reported_day)}: nobody was due a check-in."
    if digest.not_over:
        summary += (
            f" For {plural(digest.not_over, 'participant')} that day is not over yet where "
            "they live; /report checkins shows them later."
        )
    missing = "\n".join(
        f"{name}: {plural(days, 'missed check-in')} in a row" for name, days in digest.missing
    )
    flags = "\n".join(f"{name}: {flag_line(kind, detail)}" for name, kind, detail in digest.flags)
    return summary, missing or "Nobody", flags[:1024] or "Nothing flagged"


def digest_embed(digest: Digest) -> discord.Embed:
    summary, missing, flags = digest_lines(digest)
    embed = discord.Embed(title=f"Check-in digest, {long_day(digest.day)}", description=summary)
    embed.add_field(name="Not checking in", value=missing, inline=False)
    embed.add_field(name="Flags in the last 24 hours", value=flags, inline=False)
    return embed
