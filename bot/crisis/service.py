"""Crisis help and the facilitators' alerts: the reply a person gets, the one alert per
person in #facilitators (a crisis alert or a reach-out request) with **I'm on it** and
**Done**, and its repeats while nobody has taken it on.

Every path into crisis help (``/crisis``, a message in a peer channel or a DM to the bot,
a check-in note, crisis words to /coping) ends in ``CrisisService.respond`` (or, where
the caller shows its own help, ``raise_alert``); reach-out requests come in through
``request_reach_out``. Other capabilities reach these only through ports
(``CrisisPath``, ``FacilitatorAlerts`` in ``bot.kernel.ports``), handed in by
``bot/app.py``.

Crisis first: the alert is *recorded* in the database before anything is sent (so its
re-alert job exists even if Discord is failing), then the person's reply and the post in
#facilitators go out as two independent tasks. The reply never waits for the alert's
post or its retries, and the post never waits for the reply.

One open alert per person: while a person has an alert that nobody closed with **Done**,
further crisis messages and requests update it (the post is edited: count, excerpts,
links) instead of opening another; its repeat clock keeps running, so repeats never
stack. A crisis message turns a reach-out request into a crisis alert, and puts an alert
someone had taken back into the unacknowledged state: a crisis is never left with one
facilitator who may not see it. The re-alert job ``crisis:realert:<alert id>`` is rebuilt
from the database at start. The alerts themselves (recording, posting, repeats, I'm on it,
Done, the list) live in ``bot.crisis.alerts``; this module adds the crisis path.

Where the reply goes (``reply_in_place``): a crisis message in a peer channel gets its
reply *in the channel*, as a reply to the message (it reaches them whatever their DM
settings, and adds nothing private they did not already say). DMs are answered in the DM.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

import discord

from bot.crisis import alert_text as texts
from bot.crisis import storage as safety_db
from bot.crisis.alerts import (
    JOB_PREFIX,
    REALERT_MINUTES,
    AlertDesk,
    AlertView,
    ReplySender,
    place_phrase,
)
from bot.crisis.domain.crisis import CrisisResult, detect_crisis
from bot.crisis.domain.regions import region_for_zone
from bot.crisis.resources import (
    CrisisResources,
    Region,
    load_resources,
    render_hold_reply,
    render_reply,
    resource_lines,
)
from bot.crisis.storage import CRISIS, Incoming
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.delivery import DeliveryDesk
from bot.kernel.excerpts import EXCERPT_CHARS, excerpt
from bot.kernel.messenger import Messenger
from bot.kernel.pacing import Priority, in_lane
from bot.kernel.ports import (
    CrisisReading,
    CrisisResponse,
    Person,
    SafetyPlanLookup,
)
from bot.kernel.scheduling import ClockedScheduler
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

DEFAULT_REGION = "US"
HELD_EXCERPT_CHARS = 600
SOURCES = texts.SOURCES


class CrisisService(AlertDesk):
    """The crisis path (``CrisisPath``), the facilitators' alerts (``FacilitatorAlerts``)
    and the program's safety settings (``SafetySettings``)."""

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
        messenger: Messenger | None = None,
        safety_plans: SafetyPlanLookup | None = None,
        desk: DeliveryDesk | None = None,
    ) -> None:
        self.db = db
        # Re-alerts that fail are retried until posted (bot.kernel.delivery).
        self.desk = desk or DeliveryDesk(db, clock, scheduler)
        self.desk.on_retry("crisis_realert", self.resend_realert)
        self.clock = clock
        self.scheduler = scheduler
        self.settings = settings
        self.client = client  # finds the facilitators' channel in the program's server
        self.programs = programs  # a member's time zone picks their region; program hours
        self.alert_view = alert_view
        # Shown after the fallback region's lines when nothing tells where someone is.
        self.general_help = tuple(general_help)
        self.resources = resources or load_resources()
        self.interval = timedelta(minutes=REALERT_MINUTES)
        self.messenger = messenger  # tells a person who is reaching out to them
        self.safety_plans = safety_plans  # set by the app once the outreach service exists
        self._init_desk()

    # --- who, where ---------------------------------------------------------------------

    async def region_for(self, user_id: int) -> Region:
        """The member's own region, else the one their time zone suggests, else the
        program's, else ``DEFAULT_REGION``."""
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

    async def lines_for(self, user_id: int) -> str:
        """The person's crisis lines alone (the DM reply's **Crisis lines** button, a
        reach-out request outside program hours)."""
        region = await self.region_for(user_id)
        return "\n".join(
            [f"You can reach someone any time ({region.name}):", *resource_lines(region)]
        )

    def help_text(self, zone: str | None) -> str:
        """Crisis help for someone in ``zone``: the lines of the region the zone suggests,
        else the fallback region's and the general help."""
        code = region_for_zone(zone)
        if code is None:
            return render_reply(self.resources.fallback, extra=[*self.general_help, ""])
        return render_reply(self.resources.for_region(code))

    async def hold_reply(self, user: Person) -> str:
        region = await self.region_for(user.id)
        return render_hold_reply(region, name=user.display_name)

    def detect(self, text: str) -> CrisisResult:
        return detect_crisis(text)

    async def has_safety_plan(self, user_id: int) -> bool:
        return self.safety_plans is not None and await self.safety_plans.has_plan(user_id)

    # --- the crisis path --------------------------------------------------------------

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
        send_reply: ReplySender | None = None,
    ) -> CrisisResponse:
        """Record the alert, then send the person's reply and post the alert as two
        independent tasks. The reply goes as a reply to ``message`` with
        ``reply_in_place``, or through ``send_reply``; otherwise the caller shows it.
        Everything sent from here (the reply, the alert's post) goes in the pacer's
        urgent lane, ahead of any fan-out."""
        with in_lane(Priority.URGENT):
            return await self._respond(
                user=user, text=text, where=where, message=message, channel=channel,
                result=result, held=held, reply_in_place=reply_in_place,
                send_reply=send_reply,
            )

    async def _respond(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None,
        channel: discord.abc.Messageable | None,
        result: CrisisReading | None,
        held: bool,
        reply_in_place: bool,
        send_reply: ReplySender | None,
    ) -> CrisisResponse:
        recorded: tuple[int, int] | None = None
        try:
            recorded = await self._record_crisis(
                user, text, where, message, channel, result, held, publish=False
            )
        except Exception:
            # The person must get help even when the alert could not be recorded.
            log.exception("CRISIS ALERT FAILED for user %s", user.id)
        alert_id = recorded[0] if recorded is not None else None
        # Told: recorded, and there is a channel to post it in (the post itself is retried
        # by the repeat if Discord fails it now).
        told = alert_id is not None and self._alert_channel() is not None
        reply = await self.reply_for(user, facilitators_told=told)
        sending: asyncio.Task[object] | None = None
        if reply_in_place and message is not None:
            sending = asyncio.ensure_future(message.reply(reply, mention_author=True))
        elif send_reply is not None:
            sending = asyncio.ensure_future(send_reply(reply))
        if recorded is not None:
            self._spawn(self._publish(*recorded), f"posting alert {alert_id}")
        if sending is not None:
            try:
                await sending
            except discord.HTTPException:
                log.exception("could not send the crisis reply to %s", user.id)
        offer = await self.has_safety_plan(user.id)
        return CrisisResponse(reply, alert_id, told, offer)

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
        said: str | None = None,
    ) -> int:
        """Only the alert (the caller shows its own help): recorded now, posted by a task
        of its own; the alert's id. ``said`` replaces the source's phrase (a questionnaire
        answer is not "words of crisis")."""
        with in_lane(Priority.URGENT):
            alert_id, _ = await self._record_crisis(
                user, text, where, message, channel, result, held, publish=True, said=said
            )
        return alert_id

    async def _record_crisis(
        self,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None,
        channel: discord.abc.Messageable | None,
        result: CrisisReading | None,
        held: bool,
        *,
        publish: bool,
        said: str | None = None,
    ) -> tuple[int, int]:
        source = where if where in SOURCES else "dm"
        if result is None and source != "command":
            result = detect_crisis(text)
        place = message.channel if message is not None else channel
        incoming = Incoming(
            user_id=user.id,
            kind=CRISIS,
            source=source,
            said=(said or SOURCES[source]) + place_phrase(place, source),
            excerpt=""
            if source == "command"
            else excerpt(text, HELD_EXCERPT_CHARS if held else EXCERPT_CHARS),
            channel_id=getattr(place, "id", None),
            message_id=message.id if message is not None else None,
            # A DM's link opens nothing for a facilitator: only links into the server.
            jump_url=message.jump_url
            if message is not None and not isinstance(place, discord.DMChannel)
            else None,
            categories=", ".join(result.categories) if result else "",
            rule=result.rule if result else None,
            held=held,
        )
        self._usernames[user.id] = user.name
        alert_id, number = await self._record(incoming)
        if publish:
            self._spawn(self._publish(alert_id, number), f"posting alert {alert_id}")
        log.warning("crisis alert %d: user %s %s", alert_id, user.id, SOURCES[source])
        return alert_id, number

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

    async def handle(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
    ) -> str:
        """``respond`` for callers that show the reply themselves (a modal's answer, a
        DM); with a ``message`` in a peer channel the reply is also posted there."""
        response = await self.respond(
            user=user,
            text=text,
            where=where,
            message=message,
            reply_in_place=message is not None and where == "peer",
        )
        return response.reply


__all__ = ["JOB_PREFIX", "REALERT_MINUTES", "AlertView", "CrisisService"]
