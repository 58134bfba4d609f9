"""The concern tier's answer: a gentle private DM, a quiet note for facilitators, and the
way up to the crisis path (the ``ConcernPath`` and ``ConcernDigest`` ports).

A message on the concern tier (passive wishes, hopelessness, burden, worrying use), in a
DM to the bot, a peer channel, a thread or the bot's own threads, a check-in note or a
coping request, reaches ``ConcernService.hear``. What happens then is decided by
``bot.crisis.domain.concern_response`` from the person's concerns of the last day:

* the **gentle DM**: how are you right now, the crisis lines of their region, and two
  persistent buttons, **Ask a facilitator to reach out** and **I'm OK**; always private,
  also for a message in a peer channel (nothing public is said or removed);
* a **quiet note** in the facilitators' channel: no ping, no button, no re-alert; the
  morning check-in digest lists the day's concerns again;
* the **crisis path** (``CrisisService.respond``: the supportive reply, the alert with
  **I'm on it**, re-alerts) on the button, or on a second concern within 24 hours. The
  reply goes privately too; only when the DM cannot be delivered is it posted as a reply
  to the message, because help must reach the person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import discord

from bot.crisis import concern_storage as concern_db
from bot.crisis import concern_texts as texts
from bot.crisis import storage as crisis_db
from bot.crisis.domain.concern_response import (
    ANSWER_OK,
    ANSWER_REACH_OUT,
    ESCALATE_WITHIN,
    Step,
    next_step,
)
from bot.crisis.domain.crisis import detect_crisis
from bot.crisis.service import CrisisService
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.excerpts import excerpt
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.pacing import Priority, in_lane
from bot.kernel.ports import CrisisReading, Person

log = logging.getLogger(__name__)

SOURCES = ("dm", "peer", "checkin", "coping")
DIGEST_FIELD = "Concern check-ins in the last 24 hours"
ConcernView = Callable[[int], discord.ui.View]


@dataclass(frozen=True)
class Heard:
    """What ``hear`` did: the step taken, and the crisis alert when it escalated."""

    concern_id: int
    step: Step
    alert_id: int | None = None
    dm_sent: bool = False


@dataclass(frozen=True)
class Escalation:
    """A recorded concern read again for the crisis path (the alert shows its signals)."""

    categories: tuple[str, ...]
    rule: str | None
    is_crisis: bool = True
    tier: str = "crisis"


class ConcernService:
    def __init__(
        self,
        *,
        crisis: CrisisService,
        messenger: Messenger,
        view: ConcernView | None = None,
        read: Callable[[str], CrisisReading] = detect_crisis,
    ) -> None:
        self.crisis = crisis  # the crisis path, its region lookup and settings
        self.db = crisis.db
        self.clock: Clock = crisis.clock
        self.settings: Settings = crisis.settings
        self.client: discord.Client = crisis.client
        self.messenger = messenger
        # The two buttons are Discord UI: the crisis cog's views provide them (bot/app.py
        # hands them in), so this service never imports a cog.
        self.view = view
        self.read = read  # the two-tier detector, for callers that hand in text only

    # --- hearing a message on the concern tier --------------------------------------------

    async def hear(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        result: CrisisReading,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
    ) -> Heard | None:
        """Answer a concern (``where``: "dm", "peer", "checkin" or "coping"); None when
        this message was heard before (an edit)."""
        source = where if where in SOURCES else "dm"
        now = self.clock.now()
        place = message.channel if message is not None else channel
        new = concern_db.NewConcern(
            user_id=user.id,
            source=source,
            created_at=now,
            channel_id=getattr(place, "id", None) if source == "peer" else None,
            message_id=message.id if message is not None else None,
            jump_url=message.jump_url if message is not None and source == "peer" else None,
            excerpt=excerpt(text),
            categories=", ".join(result.categories),
            rule=result.rule,
        )
        recorded = await concern_db.record(self.db, new, partial(next_step, now))
        if recorded is None:
            return None
        concern_id, step = recorded
        log.info("concern %d: user %s (%s), step %s", concern_id, user.id, source, step)
        if step is Step.ESCALATE:
            alert_id = await self._escalate_message(concern_id, user, text, result, message,
                                                    channel)
            return Heard(concern_id, step, alert_id)
        sent = False
        if step is Step.DM:
            sent = await self._send_dm(concern_id, user, source, message)
        await self._post_note(concern_id, user)
        return Heard(concern_id, step, dm_sent=sent)

    async def check_in_dm(
        self,
        user: Person,
        text: str,
        message: discord.Message | None = None,
        result: CrisisReading | None = None,
    ) -> bool:
        """For a DM line that read ``text`` as concern: the concern tier's answer; True
        when the person was answered (the check-in, or crisis help on a second concern),
        False when only facilitators were told (the caller then answers as usual)."""
        reading = result if result is not None else self.read(text)
        heard = await self.hear(
            user=user, text=text, where="dm", result=reading, message=message
        )
        return heard is not None and (heard.dm_sent or heard.step is Step.ESCALATE)

    async def _send_dm(
        self, concern_id: int, user: Person, source: str, message: discord.Message | None
    ) -> bool:
        text = await self.dm_text(user, source, message)
        view = self.view(concern_id) if self.view is not None else discord.utils.MISSING
        sent: discord.Message | None = None
        try:
            with in_lane(Priority.URGENT):
                if message is not None and isinstance(message.channel, discord.DMChannel):
                    sent = await message.channel.send(text, view=view)
                else:
                    sent = await self.messenger.send(user.id, content=text, view=view)
        except (DmClosed, NotInServer):
            log.info("concern %d: %s does not take DMs", concern_id, user.id)
        except discord.HTTPException:
            log.exception("concern %d: the DM to %s failed", concern_id, user.id)
        await concern_db.set_dm(
            self.db, concern_id, sent=sent is not None, message_id=sent.id if sent else None
        )
        return sent is not None

    async def dm_text(
        self, user: Person, source: str, message: discord.Message | None = None
    ) -> str:
        region = await self.crisis.region_for(user.id)
        said = texts.SAID.get(source, "just now")
        if source == "peer" and message is not None:
            channel = message.channel
            parent = channel.parent if isinstance(channel, discord.Thread) else None
            said = f"in a thread in <#{parent.id}>" if parent else f"in <#{channel.id}>"
        return texts.dm_text(user.display_name, said, region)

    # --- the quiet note ---------------------------------------------------------------------

    def _facilitators(self) -> discord.TextChannel | None:
        guild = program_guild(self.client, self.settings.guild_id)
        return find_text_channel(guild, self.settings.channels.facilitators)

    async def _post_note(self, concern_id: int, user: Person) -> None:
        row = await concern_db.get(self.db, concern_id)
        channel = self._facilitators()
        if row is None or channel is None:
            log.error("concern %d: no facilitators' channel for the note", concern_id)
            return
        try:
            with in_lane(Priority.URGENT):
                posted = await channel.send(texts.note_text(row))
        except discord.HTTPException:
            log.exception("concern %d: the note for facilitators failed", concern_id)
            return
        await concern_db.set_note(self.db, concern_id, posted.channel.id, posted.id)

    async def _refresh_note(self, row: concern_db.ConcernRow) -> None:
        if row.note_channel_id is None or row.note_message_id is None:
            return
        followed = await concern_db.escalation_after(
            self.db, row.user_id, row.id, row.created_at + ESCALATE_WITHIN
        )
        partial_channel = self.client.get_partial_messageable(row.note_channel_id)
        try:
            with in_lane(Priority.URGENT):
                await partial_channel.get_partial_message(row.note_message_id).edit(
                    content=texts.note_text(row, followed)
                )
        except discord.HTTPException:
            log.warning("concern %d: could not update its note", row.id)

    # --- up to the crisis path --------------------------------------------------------------

    async def _escalate_message(
        self,
        concern_id: int,
        user: Person,
        text: str,
        result: CrisisReading,
        message: discord.Message | None,
        channel: discord.abc.Messageable | None,
    ) -> int | None:
        """A second concern within a day: the crisis path, answered privately."""
        row = await concern_db.get(self.db, concern_id)
        assert row is not None
        response = await self.crisis.respond(
            user=user, text=text, where=row.source, message=message, channel=channel,
            result=Escalation(result.categories, result.rule),
        )
        await concern_db.set_alert(self.db, concern_id, response.alert_id)
        await self._deliver_reply(user, response.reply, message)
        earlier = await concern_db.latest_note(self.db, user.id, concern_id)
        if earlier is not None:
            await self._refresh_note(earlier)
        await self._explain_alert(
            response.alert_id, texts.escalation_note(self._note_link(earlier))
        )
        return response.alert_id

    async def _deliver_reply(
        self, user: Person, reply: str, message: discord.Message | None
    ) -> None:
        try:
            with in_lane(Priority.URGENT):
                if message is not None and isinstance(message.channel, discord.DMChannel):
                    await message.channel.send(reply)
                else:
                    await self.messenger.send(user.id, content=reply)
            return
        except (DmClosed, NotInServer):
            log.info("the crisis reply to %s cannot go by DM", user.id)
        except discord.HTTPException:
            log.exception("the crisis reply to %s failed by DM", user.id)
        if message is not None and message.guild is not None:
            try:
                with in_lane(Priority.URGENT):
                    await message.reply(reply, mention_author=True)
            except discord.HTTPException:
                log.exception("could not answer %s in place either", user.id)

    def _note_link(self, row: concern_db.ConcernRow | None) -> str:
        if row is None or row.note_channel_id is None or row.note_message_id is None:
            return "see the concern note above"
        return (
            f"https://discord.com/channels/{self.settings.guild_id or 0}/"
            f"{row.note_channel_id}/{row.note_message_id}"
        )

    async def _explain_alert(self, alert_id: int | None, text: str) -> None:
        """A reply to the crisis alert saying why it was raised (the alert itself reads
        like any other; no ping)."""
        # The alert is posted by a task of its own: wait for it, or the post's id may
        # not be stored (committed) yet and the explanation would be silently skipped.
        await self.crisis.drain()
        alert = await crisis_db.get_alert(self.db, alert_id) if alert_id else None
        if alert is None or alert.alert_channel_id is None or alert.alert_message_id is None:
            return
        channel = self.client.get_partial_messageable(alert.alert_channel_id)
        reference = discord.MessageReference(
            message_id=alert.alert_message_id, channel_id=alert.alert_channel_id,
            fail_if_not_exists=False,
        )
        try:
            with in_lane(Priority.URGENT):
                await channel.send(text, reference=reference)
        except discord.HTTPException:
            log.warning("could not explain crisis alert %s", alert_id)

    # --- the buttons ------------------------------------------------------------------------

    async def answer(self, concern_id: int, user: Person, value: str) -> tuple[bool, str]:
        """The person pressed a button on the DM: (first answer?, what to tell them)."""
        row = await concern_db.get(self.db, concern_id)
        if row is None or row.user_id != user.id:
            raise LookupError(f"no concern {concern_id} for user {user.id}")
        now = self.clock.now()
        first = await concern_db.answer(self.db, concern_id, value, now)
        if not first:
            row = await concern_db.get(self.db, concern_id)
            assert row is not None
            if row.answer == ANSWER_REACH_OUT:
                return False, (
                    "You already asked, and your facilitators were told. If you need someone "
                    "right now, /crisis shows your crisis lines."
                )
            if value == ANSWER_OK:
                return False, "Thanks, I have that already. /crisis is there any time."
            # "I'm OK" first, then the person asks after all: that is always honoured.
            await concern_db.answer_again(self.db, concern_id, value, now)
        if value == ANSWER_OK:
            row = await concern_db.get(self.db, concern_id)
            assert row is not None
            await self._refresh_note(row)
            return True, (
                "Thank you for letting me know. If that changes, you don't have to wait: "
                "/crisis shows your crisis lines any time, and you can still ask a "
                "facilitator to reach out with the button above."
            )
        reply = await self._escalate_request(concern_id, user)
        return True, reply

    async def _escalate_request(self, concern_id: int, user: Person) -> str:
        row = await concern_db.get(self.db, concern_id)
        assert row is not None
        message = await self._original(row)
        categories = tuple(c.strip() for c in row.categories.split(",") if c.strip())
        response = await self.crisis.respond(
            user=user,
            text=row.excerpt,
            where=row.source,
            message=message,
            result=Escalation(categories, row.rule),
        )
        await concern_db.set_alert(self.db, concern_id, response.alert_id)
        updated = await concern_db.get(self.db, concern_id)
        if updated is not None:
            await self._refresh_note(updated)
        await self._explain_alert(response.alert_id, texts.request_note(self._note_link(updated)))
        return response.reply

    async def _original(self, row: concern_db.ConcernRow) -> discord.Message | None:
        """The message the concern was about, for the alert's link (None: not found)."""
        if row.channel_id is None or row.message_id is None:
            return None
        channel = self.client.get_channel(row.channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            return None
        try:
            return await channel.fetch_message(row.message_id)
        except discord.HTTPException:
            return None

    # --- the morning digest (the ``ConcernDigest`` port) ------------------------------------

    async def digest_lines(self, now: datetime) -> list[str]:
        rows = await concern_db.since(self.db, now - timedelta(hours=24))
        return [texts.digest_line(row) for row in rows]

    async def add_to_digest(self, embed: discord.Embed) -> None:
        lines = await self.digest_lines(self.clock.now())
        text = "\n".join(lines)
        if len(text) > 1024:
            text = text[:1000].rsplit("\n", 1)[0] + "\n… and more in the facilitators' channel"
        embed.add_field(name=DIGEST_FIELD, value=text or "None", inline=False)
