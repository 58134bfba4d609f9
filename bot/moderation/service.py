"""The peer-channel moderator: runs the rules on a message (created or edited), carries
out the verdict and records every action in the database and in #mod-log.

Crisis comes first: a message that shows crisis is answered and stays up (through the
crisis path, the ``CrisisPath`` port); with method or dose detail it is held, never
silently. A removed message's text always goes back to its author by DM; when their
DMs are closed (Discord 50007) the moderation log keeps it for facilitators and says so.

Every text says only what happened: the DM and the #mod-log line are built from what
the service actually did (``texts.Outcome``), never from what it meant to do.

The last day's peer messages are kept in memory for the preview of a new moderator term
(``bot/moderation/recent.py``).
"""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import discord

from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.crisis_lines import help_for_user
from bot.kernel.db.connection import Database
from bot.kernel.excerpts import excerpt
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.ports import ConcernPath, CrisisDetector, CrisisPath, SafetySettings
from bot.kernel.roles import is_facilitator
from bot.moderation import texts
from bot.moderation.domain import content as c
from bot.moderation.domain import moderation as m
from bot.moderation.domain.rules import (
    CompiledRules,
    ModerationConfig,
    ServerOverrides,
    compile_rules,
    load_config,
)
from bot.moderation.domain.terms import TermPreview, TermRefused, check_term, preview_term
from bot.moderation.recent import RecentTexts
from bot.moderation.storage import moderation as mod_db
from bot.moderation.watch import Place, WatchList

__all__ = ["ModerationService", "Outcome", "TermRefused"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the moderator did with one message (for tests and the log)."""

    verdict: m.Verdict
    deleted: bool = False
    timed_out: bool = False
    dm_status: str | None = None
    action_id: int | None = None
    alert_id: int | None = None
    # The author got their own text back in the DM.
    text_returned: bool = False
    warning_recorded: bool = False


class ModerationService:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        settings: Settings,
        client: discord.Client,
        messenger: Messenger,
        crisis: CrisisPath,
        safety: SafetySettings,
        read_crisis: CrisisDetector,
        config: ModerationConfig | None = None,
        watch: WatchList | None = None,
        concern: ConcernPath | None = None,
        read_concern: CrisisDetector | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.client = client  # finds the #mod-log and facilitators' channels
        self.messenger = messenger
        # Crisis help and the program's safety settings are crisis's (ports); the rules
        # read crisis with its detector (on normalised text).
        self.crisis = crisis
        self.safety = safety
        self.read_crisis = read_crisis
        self.config = config or load_config()
        # Where the bot listens: peer channels and their threads, the bot's own threads,
        # and the channels facilitators added (bot/moderation/watch.py).
        self.watch = watch or WatchList(db, settings, client)
        # The concern tier, read after the verdict on raw text (bot/moderation/listening.py).
        self.concern = concern
        self.read_concern = read_concern
        self._rules: CompiledRules | None = None
        # Each author's recent message times per channel, for flooding (memory only:
        # after a restart a flood simply starts counting again).
        self._recent: dict[tuple[int, int], deque[datetime]] = defaultdict(deque)
        # The last day's peer messages (time, author id, text), for /mod terms preview.
        self._recent_texts = RecentTexts()

    def guild_id(self) -> int:
        return int(self.settings.guild_id or 0)

    # --- rules ----------------------------------------------------------------------

    async def rules(self) -> CompiledRules:
        """The shipped rules with this server's changes, compiled once per change."""
        if self._rules is None:
            changes = await mod_db.rule_changes(self.db, self.guild_id())
            overrides = ServerOverrides(
                extra_terms={
                    "harassment": changes["harassment"],
                    "drug_sourcing": changes["drug_sourcing"],
                },
                allow_list=changes["allow"],
                exempt_channels=changes["exempt"],
                dry_run=await self.safety.dry_run(),
            )
            self._rules = compile_rules(self.config, overrides, crisis=self.read_crisis)
        return self._rules

    def rules_changed(self) -> None:
        self._rules = None

    def is_peer_channel(self, channel: object) -> bool:
        names = {n.casefold() for n in self.settings.channels.peer_support}
        name = str(getattr(channel, "name", "") or "").casefold()
        return name in names or str(getattr(channel, "id", "")) in names

    # --- one message ----------------------------------------------------------------

    async def handle(
        self, message: discord.Message, *, edited: bool = False, place: Place | None = None
    ) -> Outcome | None:
        """Moderate a message where the bot listens (``self.watch``); None when the
        moderator leaves it alone."""
        author = message.author
        if author.bot or message.guild is None:
            return None
        if place is None:
            place = await self.watch.place_of(message.channel)
        if place is None:
            return None
        if edited and await mod_db.action_for_message(self.db, message.id) is not None:
            return None  # already acted on (an edit that only unfurled a link, say)
        now = self.clock.now()
        rules = await self.rules()
        # A thread follows its channel's rules (an exempt channel's threads are exempt).
        channel_name = place.channel_name
        if str(place.channel_id) in rules.exempt_channels:
            channel_name = str(place.channel_id)
        facilitator = is_facilitator(author, self.settings)
        recent: list[datetime] = []
        if not edited:
            recent = self._remember(author.id, message.channel.id, now, rules)
            if not facilitator:
                self._recent_texts.add(now, author.id, message.content)
        chat = m.ChatMessage(
            author=str(author.id),
            channel=channel_name,
            content=message.content,
            timestamp=now,
            # People and roles; a typed @everyone/@here is read from the text itself.
            mention_count=len(message.mentions) + len(message.role_mentions),
        )
        warnings = [
            m.PastWarning(at, category)
            for at, category in await mod_db.active_warnings(self.db, self.guild_id(), author.id)
        ]
        verdict = m.moderate(chat, rules, recent=recent, past_warnings=warnings, now=now)
        if facilitator:
            # Facilitators are exempt from the moderator; crisis help still applies.
            if m.CRISIS not in verdict.categories:
                return None
            verdict = m.Verdict(
                (m.CRISIS,),
                m.SUPPORT,
                (f"crisis.{verdict.crisis.rule}",),
                verdict.crisis,
                alert=True,
            )
        if not verdict.categories:
            return None
        return await self._enforce(message, verdict, now, rules)

    def _remember(
        self, author_id: int, channel_id: int, now: datetime, rules: CompiledRules
    ) -> list[datetime]:
        window = rules.config.limits.flood_window
        times = self._recent[(author_id, channel_id)]
        while times and now - times[0] >= window:
            times.popleft()
        earlier = list(times)
        times.append(now)
        return earlier

    async def _enforce(
        self, message: discord.Message, verdict: m.Verdict, now: datetime, rules: CompiledRules
    ) -> Outcome:
        if verdict.already_warned:
            # The same burst of messages was warned about moments ago: say nothing again.
            return Outcome(verdict)
        action = verdict.enforced_action
        author = message.author
        crisis = m.CRISIS in verdict.categories
        hold = action == m.HOLD
        acting = not verdict.dry_run
        removed = False
        if acting and verdict.remove_message:
            removed = await self._delete(message)
        warning = verdict.warning if acting else None
        action_id = await mod_db.log_action(
            self.db,
            guild_id=self.guild_id(),
            user_id=author.id,
            rule=",".join(verdict.rules) or "none",
            action=verdict.action,
            now=now,
            categories=verdict.categories,
            channel_id=message.channel.id,
            message_id=message.id,
            dry_run=verdict.dry_run,
            content=message.content if removed or hold or verdict.dry_run else None,
            warning=warning,
        )
        alert_id: int | None = None
        if crisis or hold:
            response = await self.crisis.respond(
                user=author,
                text=message.content,
                where="peer",
                message=message,
                result=verdict.crisis if crisis else None,
                held=hold,
                reply_in_place=not hold,
            )
            alert_id = response.alert_id
        dm_status: str | None = None
        text_returned = False
        timed_out = False
        where = f"<#{message.channel.id}>"
        if hold:
            dm_status = await self._dm(
                author, await self.crisis.hold_reply(author), message.content
            )
            text_returned = dm_status == "sent"
            if dm_status != "sent":
                await self._tell_in_channel(message, held=True)
        elif action in (m.REMOVE, m.WARN, m.TIMEOUT):
            if action == m.TIMEOUT:
                length = verdict.timeout or rules.config.limits.timeout
                timed_out = await self._timeout(author, length, verdict)
            give_back = removed and verdict.return_text
            minutes = int((verdict.timeout or rules.config.limits.timeout).total_seconds() // 60)
            so_far = texts.Outcome(removed=removed, timed_out=timed_out)
            body = texts.dm_text(verdict, so_far, where=where, minutes=minutes)
            if body:
                dm_status = await self._dm(author, body, message.content if give_back else None)
                text_returned = give_back and dm_status == "sent"
                if dm_status != "sent" and removed:
                    await self._tell_in_channel(message, held=False)
        if c.DRUG_SOURCING in verdict.categories and action != m.NONE:
            await self._alert_sourcing(message, verdict, removed)
        if dm_status is not None:
            await mod_db.set_dm_status(self.db, action_id, dm_status)
        told = texts.Outcome(
            removed=removed,
            dm_delivered=dm_status == "sent",
            text_returned=text_returned,
            dm_problem=dm_status if dm_status in ("closed", "failed") else None,
            timed_out=timed_out,
            warning_recorded=warning is not None,
            alert_id=alert_id,
        )
        await self.post_mod_log(
            texts.log_line(
                verdict,
                told,
                who=f"<@{author.id}> ({author.name})",
                where=where,
                excerpt=excerpt(message.content),
            )
        )
        return Outcome(
            verdict,
            deleted=removed,
            timed_out=timed_out,
            dm_status=dm_status,
            action_id=action_id,
            alert_id=alert_id,
            text_returned=text_returned,
            warning_recorded=warning is not None,
        )

    # --- doing it -------------------------------------------------------------------

    async def _delete(self, message: discord.Message) -> bool:
        try:
            await message.delete()
            return True
        except discord.NotFound:
            return True  # the author deleted it first
        except discord.HTTPException:
            log.exception("could not remove message %s", message.id)
            return False

    async def _dm(self, user: discord.abc.User, text: str, original: str | None) -> str:
        """DM the author (with their own text when given); 'sent', 'closed' or 'failed'."""
        body = text
        if original:
            quoted = "\n".join(f"> {line}" for line in original[:1500].splitlines()) or ">"
            body = f"{text}\n\nHere is what you wrote, so nothing is lost:\n{quoted}"
        try:
            await self.messenger.send(user.id, content=body[:2000])
            return "sent"
        except (DmClosed, NotInServer):
            return "closed"
        except discord.HTTPException:
            log.exception("could not DM %s about a moderation action", user.id)
            return "failed"

    async def _tell_in_channel(self, message: discord.Message, *, held: bool) -> None:
        """Closed DMs: a short notice in the channel (never the removed text itself)."""
        what = "paused for a facilitator to read" if held else "removed"
        text = (
            f"{message.author.mention}, I {what} your message and couldn't DM you. Nothing "
            "you wrote is lost: a facilitator has it and will talk it through with you. "
            f"If you need someone now, {await help_for_user(message.author.id)}, or type /crisis."
        )
        try:
            await message.channel.send(
                text, allowed_mentions=discord.AllowedMentions(users=[message.author])
            )
        except discord.HTTPException:
            log.exception("could not tell %s about their removed message", message.author.id)

    async def _timeout(self, user: discord.abc.User, length: timedelta, verdict: m.Verdict) -> bool:
        if not isinstance(user, discord.Member):
            return False
        try:
            # An instant from the bot's clock, not a length: discord.py would add the
            # length to the wall clock, which the sandbox's simulated time does not use.
            until = self.clock.now() + length
            await user.timeout(until, reason=f"moderator: {', '.join(verdict.rules)}")
            return True
        except discord.HTTPException:
            log.exception("could not time out %s", user.id)
            return False

    async def _alert_sourcing(
        self, message: discord.Message, verdict: m.Verdict, removed: bool
    ) -> None:
        channel = self._channel(self.settings.channels.facilitators)
        if channel is None:
            log.error("no facilitators' channel for a drug-sourcing alert")
            return
        rule = next((r for r in verdict.rules if r.startswith(c.DRUG_SOURCING)), "?")
        text = texts.sourcing_alert(
            f"<@{message.author.id}> ({message.author.name})",
            f"<#{message.channel.id}>",
            rule,
            removed,
            excerpt(message.content),
        )
        try:
            await channel.send(text)
        except discord.HTTPException:
            log.exception("drug-sourcing alert not delivered")

    def _channel(self, name: str) -> discord.TextChannel | None:
        return find_text_channel(program_guild(self.client, self.settings.guild_id), name)

    async def post_mod_log(self, text: str) -> None:
        channel = self._channel(self.settings.channels.mod_log)
        if channel is None:
            log.error("no #%s channel: %s", self.settings.channels.mod_log, text)
            return
        try:
            await channel.send(text[:2000])
        except discord.HTTPException:
            log.exception("could not post to the moderation log channel")

    # --- facilitators' terms ---------------------------------------------------------

    async def check_new_term(self, category: str, term: str) -> str:
        """The term as it will be stored (folded), or ``TermRefused`` with a sentence."""
        return check_term(term, category, await self.rules())

    async def preview_new_term(self, category: str, term: str) -> TermPreview:
        """What ``term`` would have matched in the last day's peer messages."""
        rules = await self.rules()
        return preview_term(term, category, rules, self._recent_texts.within(self.clock.now()))

    def forget_texts_of(self, user_id: int) -> int:
        """Drop a person's messages from the preview buffer (erasure); how many."""
        return self._recent_texts.forget(user_id)

    # --- facilitators lifting -------------------------------------------------------

    async def lift_warnings(self, member: discord.Member, by: discord.abc.User) -> int:
        now = self.clock.now()
        lifted = await mod_db.lift_warnings(self.db, self.guild_id(), member.id, by.id, now)
        await mod_db.log_action(
            self.db,
            guild_id=self.guild_id(),
            user_id=member.id,
            rule="manual.warnings_lift",
            action="lift_warnings",
            now=now,
            by_user_id=by.id,
        )
        await self.post_mod_log(
            f"**Warnings lifted**: {by.mention} lifted {lifted} warning(s) of {member.mention}."
        )
        return lifted

    async def lift_timeout(self, member: discord.Member, by: discord.abc.User) -> bool:
        """False when the member was not timed out."""
        until = member.timed_out_until
        if until is None or until <= self.clock.now():
            return False
        await member.timeout(None, reason=f"lifted by {by.name}")
        await mod_db.log_action(
            self.db,
            guild_id=self.guild_id(),
            user_id=member.id,
            rule="manual.timeout_lift",
            action="lift_timeout",
            now=self.clock.now(),
            by_user_id=by.id,
        )
        await self.post_mod_log(
            f"**Timeout lifted**: {by.mention} lifted {member.mention}'s timeout."
        )
        return True

    async def forget_old_content(self) -> int:
        return await mod_db.forget_old_content(self.db, self.clock.now())
