"""Crisis help: the reply a person gets, the facilitators' private alert with its
**I'm on it** button, and the repeat alert while nobody has taken it on.

Every path into crisis help (``/crisis``, a message in a peer channel or a DM to the bot,
a check-in note, crisis words to /coping) ends in ``CrisisService.respond`` (or, where
the caller shows its own help, ``raise_alert``): other capabilities reach it only through
the ``CrisisPath`` port (``bot.kernel.ports``), handed in by ``bot/app.py``. One alert row
in the database, one
post in the facilitators' channel, and a re-alert job ``crisis:realert:<alert id>``
every ``REALERT_MINUTES`` until someone presses the button. The jobs are rebuilt from
the database at start, so a restart never drops an unacknowledged alert.

Where the reply goes (``reply_in_place``): a crisis message in a peer channel gets its
reply *in the channel*, as a reply to the message. The person chose to speak there, the
reply reaches them within seconds whatever their DM settings are (a DM to someone who
closed DMs would silently fail, Discord error 50007), it adds nothing private that they
did not already say, and the peers reading along see that help was offered and that
facilitators were told. Everything about the follow-up (who is on it, the excerpt) stays
in the private facilitators' channel. DMs to the bot are answered in the DM.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import discord

from bot.crisis import storage as safety_db
from bot.crisis.domain.crisis import CrisisResult, detect_crisis
from bot.crisis.domain.regions import region_for_zone
from bot.crisis.resources import (
    CrisisResources,
    Region,
    load_resources,
    render_hold_reply,
    render_reply,
)
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.excerpts import EXCERPT_CHARS, excerpt
from bot.kernel.ports import CrisisReading, CrisisResponse, Person
from bot.kernel.scheduling import ClockedScheduler
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

REALERT_MINUTES = 10
DEFAULT_REGION = "US"
HELD_EXCERPT_CHARS = 600
JOB_PREFIX = "crisis:realert:"
SOURCES = {
    "command": "used /crisis",
    "coping": "asked /coping for help with thoughts of harming themselves",
    "peer": "wrote words of crisis",
    "dm": "wrote words of crisis to the bot in a DM",
    "checkin": "wrote words of crisis in their check-in note",
}


AlertView = Callable[[int], discord.ui.View]


class CrisisService:
    """The crisis path (the ``CrisisPath`` port) and the program's safety settings
    (the ``SafetySettings`` port)."""

    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        scheduler: ClockedScheduler,
        settings: Settings,
        client: discord.Client,
        programs: ProgramService | None = None,
        resources: CrisisResources | None = None,
        alert_view: AlertView | None = None,
        general_help: Sequence[str] = (),
    ) -> None:
        self.db = db
        self.clock = clock
        self.scheduler = scheduler
        self.settings = settings
        self.client = client  # finds the facilitators' channel in the program's server
        self.programs = programs  # a member's time zone picks their region
        # The alert's "I'm on it" button is Discord UI: the crisis cog's views provide it
        # (bot/app.py hands it in), so this service never imports a cog.
        self.alert_view = alert_view
        # Shown after the fallback region's lines when nothing tells where someone is.
        self.general_help = tuple(general_help)
        self.resources = resources or load_resources()
        self.interval = timedelta(minutes=REALERT_MINUTES)

    # --- start-up ---------------------------------------------------------------------

    async def start(self) -> int:
        """Schedule a re-alert for every alert still open; how many."""
        rows = await safety_db.open_alerts(self.db)
        for row in rows:
            assert row.next_alert_at is not None
            self._schedule(row.id, row.next_alert_at)
        if rows:
            log.warning("%d crisis alert(s) still unacknowledged at start", len(rows))
        return len(rows)

    def _schedule(self, alert_id: int, when: datetime) -> None:
        self.scheduler.schedule_at(f"{JOB_PREFIX}{alert_id}", when, self.realert, alert_id)

    # --- who, where ---------------------------------------------------------------------

    def guild_id(self) -> int:
        return int(self.settings.guild_id or 0)

    async def region_for(self, user_id: int) -> Region:
        """The member's own region, else the one their time zone suggests, else the
        program's, else ``DEFAULT_REGION``: a participant in London gets the UK's lines,
        not the US's, without anyone having to set it."""
        own = await safety_db.member_region(self.db, user_id)
        if own:
            return self.resources.for_region(own)
        from_zone = region_for_zone(await self._zone_of(user_id))
        if from_zone:
            return self.resources.for_region(from_zone)
        settings = await safety_db.settings(self.db, self.guild_id())
        return self.resources.for_region(settings.region or DEFAULT_REGION)

    async def _zone_of(self, user_id: int) -> str | None:
        row = await members.get(self.db, user_id)
        programs = self.programs
        if row is None or row.participant_key is None or programs is None:
            return None
        participant = await programs.participant(row.participant_key)
        return None if participant is None else participant.timezone

    async def program_contact(self) -> str:
        settings = await safety_db.settings(self.db, self.guild_id())
        if settings.program_contact:
            return settings.program_contact
        role = self.settings.facilitator_role
        return f"message any facilitator (the {role} role) here on the program's server"

    async def reply_for(self, user: Person, *, facilitators_told: bool) -> str:
        region = await self.region_for(user.id)
        return render_reply(
            region,
            name=user.display_name,
            program_contact=await self.program_contact(),
            facilitators_told=facilitators_told,
        )

    def help_text(self, zone: str | None) -> str:
        """Crisis help for someone in ``zone`` who asked for it (/coping): the lines of
        the region the zone suggests, else the fallback region's and the general help."""
        code = region_for_zone(zone)
        if code is None:
            return render_reply(self.resources.fallback, extra=[*self.general_help, ""])
        return render_reply(self.resources.for_region(code))

    async def hold_reply(self, user: Person) -> str:
        region = await self.region_for(user.id)
        return render_hold_reply(region, name=user.display_name)

    def detect(self, text: str) -> CrisisResult:
        return detect_crisis(text)

    def _alert_channel(self) -> discord.TextChannel | None:
        guild = program_guild(self.client, self.settings.guild_id)
        return find_text_channel(guild, self.settings.channels.facilitators)

    # --- the alert ---------------------------------------------------------------------

    async def respond(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
        result: CrisisReading | None = None,
        held: bool = False,
        reply_in_place: bool = False,
    ) -> CrisisResponse:
        """Alert the facilitators and build the person's reply; with ``reply_in_place``
        and a ``message``, also send it as a reply there (see the module docstring)."""
        alert_id: int | None = None
        try:
            alert_id = await self.raise_alert(
                user=user,
                text=text,
                where=where,
                message=message,
                channel=channel,
                result=result,
                held=held,
            )
        except Exception:
            # The person must get help even when the alert could not be recorded.
            log.exception("CRISIS ALERT FAILED for user %s", user.id)
        alert = await safety_db.get_alert(self.db, alert_id) if alert_id else None
        alerted = alert is not None and alert.alert_message_id is not None
        reply = await self.reply_for(user, facilitators_told=alerted)
        if reply_in_place and message is not None:
            try:
                await message.reply(reply, mention_author=True)
            except discord.HTTPException:
                log.exception("could not answer a crisis message in place")
        return CrisisResponse(reply, alert_id, alerted)

    async def raise_alert(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
        result: CrisisReading | None = None,
        held: bool = False,
    ) -> int:
        """Record the alert, post it with its button, and schedule the first re-alert."""
        source = where if where in SOURCES else "dm"
        now = self.clock.now()
        if result is None and source != "command":
            result = detect_crisis(text)
        place = message.channel if message is not None else channel
        alert_id = await safety_db.add_alert(
            self.db,
            user_id=user.id,
            source=source,
            now=now,
            next_alert_at=now + self.interval,
            channel_id=getattr(place, "id", None),
            message_id=message.id if message is not None else None,
            jump_url=message.jump_url if message is not None else None,
            excerpt=excerpt(text, HELD_EXCERPT_CHARS if held else EXCERPT_CHARS),
            categories=", ".join(result.categories) if result else "",
            rule=result.rule if result else None,
            held=held,
        )
        # Scheduled before the post: if posting fails, the re-alert still comes.
        self._schedule(alert_id, now + self.interval)
        row = await safety_db.get_alert(self.db, alert_id)
        assert row is not None
        posted = await self._post(row, self.alert_text(row, place, user), repeat=False)
        if posted is not None:
            await safety_db.set_alert_message(self.db, alert_id, posted.channel.id, posted.id)
        log.warning("crisis alert %d: user %s %s", alert_id, user.id, SOURCES[source])
        return alert_id

    def alert_text(
        self, row: safety_db.AlertRow, place: object | None, user: Person
    ) -> str:
        place_id = getattr(place, "id", None)
        if (
            place_id is None
            or isinstance(place, discord.DMChannel)
            or row.source
            in (
                "dm",
                "checkin",
            )
        ):
            where = " (privately, to the bot)"
        else:
            where = f" in <#{place_id}>"
        lines = [
            f"**Crisis alert #{row.id}**: <@{user.id}> ({user.name}) {SOURCES[row.source]}"
            f"{where}, {discord_timestamp(row.created_at, 'f')}.",
        ]
        if row.categories:
            lines.append(f"Signals: {row.categories} (rule `{row.rule}`).")
        if row.held:
            lines.append(
                "Their message gave method or dose detail, so it was **held** (removed from "
                "the channel); they got their text back privately. What they wrote:\n"
                f"> ||{row.excerpt}||"
            )
        elif row.excerpt and row.source != "command":
            lines.append(f"> {row.excerpt}")
        if row.jump_url and not row.held:
            lines.append(f"Message: {row.jump_url}")
        lines.append(
            "They were shown crisis resources straight away. Press **I'm on it** when you "
            f"reach out; until someone does, I'll post this again every {REALERT_MINUTES} "
            "minutes."
        )
        return "\n".join(lines)

    async def _post(
        self, row: safety_db.AlertRow, text: str, *, repeat: bool
    ) -> discord.Message | None:
        channel = self._alert_channel()
        if channel is None:
            log.error(
                "CRISIS ALERT NOT DELIVERED: no channel %r", self.settings.channels.facilitators
            )
            return None
        try:
            if self.alert_view is None:
                return await channel.send(text)
            return await channel.send(text, view=self.alert_view(row.id))
        except discord.HTTPException:
            log.exception("CRISIS ALERT NOT DELIVERED to #%s (repeat=%s)", channel, repeat)
            return None

    # --- the repeat ---------------------------------------------------------------------

    async def realert(self, alert_id: int) -> None:
        """The re-alert job: post again unless acknowledged, then plan the next one."""
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None or row.acknowledged_at is not None or row.next_alert_at is None:
            return
        now = self.clock.now()
        if now < row.next_alert_at:
            return  # a duplicate or early run: this interval's re-alert is not due yet
        count = row.realerts + 1
        key = f"{JOB_PREFIX}{alert_id}:{count}"
        # Catching up after downtime posts once, not once per missed interval.
        next_at = now + self.interval
        if await deliveries.claim(self.db, key, "crisis_realert", None, now, now):
            minutes = int((now - row.created_at).total_seconds() // 60)
            link = ""
            if row.alert_channel_id and row.alert_message_id:
                link = (
                    f" First alert: https://discord.com/channels/{self.guild_id()}/"
                    f"{row.alert_channel_id}/{row.alert_message_id}"
                )
            text = (
                f"**Still unacknowledged after {minutes} minutes: crisis alert #{alert_id}** "
                f"for <@{row.user_id}>. Can someone reach out now and press **I'm on it**?"
                f"{link}"
            )
            posted = await self._post(row, text, repeat=True)
            await deliveries.settle(
                self.db,
                key,
                "sent" if posted else "failed",
                now,
                message_id=posted.id if posted else None,
            )
        if await safety_db.record_realert(self.db, alert_id, count, next_at):
            self._schedule(alert_id, next_at)

    # --- acknowledging ------------------------------------------------------------------

    async def acknowledge(self, alert_id: int, user_id: int) -> tuple[bool, safety_db.AlertRow]:
        """(True, row) when this facilitator is now on it; (False, row) when someone was
        already. Raises LookupError for an unknown alert."""
        first = await safety_db.acknowledge(self.db, alert_id, user_id, self.clock.now())
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None:
            raise LookupError(f"no crisis alert {alert_id}")
        if first:
            self.scheduler.remove_jobs_with_prefix(f"{JOB_PREFIX}{alert_id}")
            log.info("crisis alert %d acknowledged by %s", alert_id, user_id)
        return first, row

    async def handle(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
    ) -> str:
        """Crisis help from anywhere: alert the facilitators (with **I'm on it** and
        repeat alerts) and return the supportive reply with the person's crisis resources.

        ``where`` is one of ``SOURCES`` ("checkin" for a check-in note, "dm", "peer",
        "command"). With a ``message`` in a peer channel the reply is also posted as a
        reply there; otherwise the caller shows the returned text (a modal's answer, a DM).
        """
        response = await self.respond(
            user=user,
            text=text,
            where=where,
            message=message,
            reply_in_place=message is not None and where == "peer",
        )
        return response.reply

    # --- the program's safety settings (the ``SafetySettings`` port) -----------------------

    async def dry_run(self) -> bool:
        return (await safety_db.settings(self.db, self.guild_id())).dry_run

    async def set_dry_run(self, on: bool) -> None:
        await safety_db.set_setting(self.db, self.guild_id(), "dry_run", int(on), self.clock.now())

    async def program_region_name(self) -> str:
        # Member 0 has no region or zone of their own: this is the program's region.
        return (await self.region_for(0)).name

    def region_codes(self) -> list[str]:
        return [r.code for r in self.resources.regions]

    def region_name(self, code: str) -> str | None:
        wanted = code.strip().upper()
        if not any(wanted in r.codes for r in self.resources.regions):
            return None
        return self.resources.for_region(wanted).name

    async def set_program_region(self, code: str) -> None:
        wanted = code.strip().upper()
        await safety_db.set_setting(self.db, self.guild_id(), "region", wanted, self.clock.now())

    async def set_program_contact(self, text: str) -> None:
        await safety_db.set_setting(
            self.db, self.guild_id(), "program_contact", text, self.clock.now()
        )
