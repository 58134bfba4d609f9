"""The facilitators' alerts: one open alert per person in #facilitators (a crisis alert or
a reach-out request), its post kept up to date, its repeats, **I'm on it** and **Done**.

``AlertDesk`` is the half of ``CrisisService`` (``bot.crisis.service``) that keeps them;
the service adds the crisis path in front (the reply, the resources, the detector).

Recording comes first and touches only the database (``storage.record``: the person's open
alert is found or opened in one transaction, and its re-alert job is scheduled), so the
alert exists before anything is sent. Posting, editing and telling the person run as
tasks of their own; a lock per alert keeps one alert's post and edits in order, so a
message racing the first post edits it instead of posting a second alert. A repeat whose
first post never made it posts the whole alert. Reach-out requests are repeated during
program hours only (the program file's ``office_hours``), crisis alerts every
``REALERT_MINUTES``, day and night.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.crisis import alert_text as texts
from bot.crisis import storage as safety_db
from bot.crisis.storage import CRISIS, REQUEST, AlertRow, Incoming
from bot.kernel.channels import find_text_channel, program_guild
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.kernel.delivery import ChannelUnavailable, DeliveryDesk
from bot.kernel.excerpts import excerpt
from bot.kernel.messenger import Messenger
from bot.kernel.pacing import Priority, in_lane
from bot.kernel.ports import AlertReceipt, Person
from bot.kernel.scheduling import ClockedScheduler
from bot.program.domain.hours import DEFAULT_HOURS, ProgramHours
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

REALERT_MINUTES = 10
JOB_PREFIX = "crisis:realert:"

# The alert's buttons are Discord UI: the crisis cog's views provide them (bot/app.py
# hands the factory in), so this capability never imports a cog. Arguments: the alert
# id, the name of whoever has it (None: nobody yet) and whether it is closed.
AlertView = Callable[[int, str | None, bool], discord.ui.View]
ReplySender = Callable[[str], Awaitable[object]]


class AlertDesk:
    """The facilitators' alerts (the ``FacilitatorAlerts`` port); ``CrisisService``
    builds on it and sets these attributes in its constructor."""

    db: Database
    clock: Clock
    scheduler: ClockedScheduler
    settings: Settings
    client: discord.Client
    programs: ProgramService | None
    alert_view: AlertView | None
    messenger: Messenger | None
    interval: timedelta
    desk: DeliveryDesk

    def _init_desk(self) -> None:
        # Posting, editing and telling run as tasks of their own (crisis first); one lock
        # per alert keeps its post and its edits in order.
        self._tasks: set[asyncio.Task[None]] = set()
        self._locks: dict[int, asyncio.Lock] = {}
        # (alert id, message number) of crisis messages that took a taken alert back.
        self._reopened: dict[tuple[int, int], bool] = {}
        # Usernames of the people alerts were about, for members not in the client's cache.
        self._usernames: dict[int, str] = {}

    # --- start-up ---------------------------------------------------------------------

    async def start(self) -> int:
        """Schedule a re-alert for every alert still open; how many."""
        rows = await safety_db.open_alerts(self.db)
        for row in rows:
            assert row.next_alert_at is not None
            self._schedule(row.id, row.next_alert_at)
        if rows:
            log.warning("%d alert(s) still unacknowledged at start", len(rows))
        return len(rows)

    def _schedule(self, alert_id: int, when: datetime) -> None:
        self.scheduler.schedule_at(f"{JOB_PREFIX}{alert_id}", when, self.realert, alert_id)

    def _spawn(self, work: Coroutine[Any, Any, None], what: str) -> None:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("%s failed", what)

        task = asyncio.get_running_loop().create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for every post, edit and message in flight (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    def guild_id(self) -> int:
        return int(self.settings.guild_id or 0)

    def _alert_channel(self) -> discord.TextChannel | None:
        guild = program_guild(self.client, self.settings.guild_id)
        return find_text_channel(guild, self.settings.channels.facilitators)

    def _member(self, user_id: int | None) -> discord.Member | None:
        if user_id is None:
            return None
        guild = program_guild(self.client, self.settings.guild_id)
        return guild.get_member(user_id) if guild is not None else None

    def _name(self, user_id: int | None) -> str | None:
        """A facilitator's display name, for the participant and the alert's footer."""
        member = self._member(user_id)
        return None if member is None else member.display_name

    def _username(self, user_id: int) -> str:
        member = self._member(user_id)
        return member.name if member is not None else self._usernames.get(user_id, str(user_id))

    # --- program hours (reach-out requests repeat during them only) ---------------------

    async def program_hours(self) -> tuple[ProgramHours, ZoneInfo, frozenset[Any]]:
        program = await self.programs.current() if self.programs is not None else None
        if program is None:
            return DEFAULT_HOURS, ZoneInfo("UTC"), frozenset()
        return program.hours, program.zone, program.closed_days

    async def _first_repeat(self, kind: str, now: datetime) -> datetime:
        if kind == CRISIS:
            return now + self.interval
        hours, zone, closed = await self.program_hours()
        return hours.due_within_hours(now + hours.repeat, zone, closed)

    async def _record(self, incoming: Incoming) -> tuple[int, int]:
        """Record the message in the person's open alert (or a new one); (alert id, the
        message's number in it)."""
        now = self.clock.now()
        due = await self._first_repeat(incoming.kind, now)
        recorded = await safety_db.record(self.db, incoming, now, due)
        alert = recorded.alert
        if recorded.rescheduled and alert.next_alert_at is not None:
            # Scheduled before any post: if posting fails, the repeat still comes.
            self._schedule(alert.id, alert.next_alert_at)
        if recorded.reopened:
            self._reopened[(alert.id, alert.messages)] = True
        return alert.id, alert.messages

    # --- reach-out requests (the ``FacilitatorAlerts`` port) --------------------------------

    async def request_reach_out(
        self, user: Person, *, source: str, said: str, note: str = ""
    ) -> AlertReceipt:
        """A participant asked for a person: their open alert is updated, or a request
        is opened; posted by a task of its own."""
        where = {"command": "command", "checkin": "checkin"}.get(source, "dm")
        incoming = Incoming(
            user_id=user.id, kind=REQUEST, source=where, said=said, excerpt=excerpt(note)
        )
        self._usernames[user.id] = user.name
        alert_id, number = await self._record(incoming)
        self._spawn(self._publish(alert_id, number), f"posting request {alert_id}")
        row = await safety_db.get_alert(self.db, alert_id)
        assert row is not None
        log.info("reach-out request: alert %d for user %s (%s)", alert_id, user.id, source)
        return AlertReceipt(
            alert_id=alert_id,
            kind=row.kind,
            first=row.messages == 1,
            taken_by=self._name(row.acknowledged_by) if row.taken else None,
        )

    async def open_alert_of(self, user_id: int) -> AlertRow | None:
        return await safety_db.open_alert_of(self.db, user_id)

    # --- posting and updating in #facilitators ----------------------------------------

    def _lock(self, alert_id: int) -> asyncio.Lock:
        return self._locks.setdefault(alert_id, asyncio.Lock())

    async def render(self, alert_id: int) -> tuple[str, discord.ui.View | None] | None:
        """The alert's post as it should look now, with its buttons."""
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None:
            return None
        messages = await safety_db.messages_of(self.db, alert_id)
        hours, _, _ = await self.program_hours()
        taker = self._name(row.acknowledged_by)
        ctx = texts.AlertContext(
            person_name=self._username(row.user_id),
            crisis_every_minutes=REALERT_MINUTES,
            request_every=f"{int(hours.repeat.total_seconds() // 60)} minutes during "
            f"program hours ({hours.describe()})",
            taken_by_name=taker,
            closed_by_name=self._name(row.closed_by),
        )
        text = texts.alert_text(row, messages, ctx)
        view = None
        if self.alert_view is not None:
            name = (taker or "someone") if row.acknowledged_at else None
            view = self.alert_view(row.id, name, row.closed_at is not None)
        return text, view

    async def _publish(self, alert_id: int, number: int) -> None:
        """Post the alert, or bring its post up to date after message ``number`` came in
        (and post a line about it where an edit would go unseen: the alert was taken)."""
        async with self._lock(alert_id):
            row = await safety_db.get_alert(self.db, alert_id)
            if row is None:
                return
            if row.alert_message_id is None:
                await self._post_first(row)
                return
            await self.refresh(alert_id)
            reopened = self._reopened.pop((alert_id, number), False)
            if number < 2 or not (reopened or row.taken):
                return
            messages = await safety_db.messages_of(self.db, alert_id)
            if number <= len(messages):
                await self._post_update(row, messages[number - 1], reopened=reopened)

    async def _post_first(self, row: AlertRow) -> None:
        rendered = await self.render(row.id)
        if rendered is None:
            return
        posted = await self._send(*rendered, what=f"alert {row.id}")
        if posted is not None:
            await safety_db.set_alert_message(self.db, row.id, posted.channel.id, posted.id)

    async def refresh(self, alert_id: int) -> None:
        """Edit the alert's post to show it as it is now."""
        row = await safety_db.get_alert(self.db, alert_id)
        rendered = await self.render(alert_id)
        if row is None or rendered is None or row.alert_message_id is None:
            return
        channel = self.client.get_channel(row.alert_channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            return
        text, view = rendered
        try:
            with in_lane(Priority.URGENT):
                await channel.get_partial_message(row.alert_message_id).edit(
                    content=text, view=view
                )
        except discord.HTTPException:
            log.warning("could not update the post of alert %d", alert_id)

    async def _post_update(
        self, row: AlertRow, newest: safety_db.AlertMessage, *, reopened: bool
    ) -> None:
        text = texts.update_text(row, newest, reopened=reopened, upgraded=False)
        link = _link(self.guild_id(), row)
        view = None
        if reopened and self.alert_view is not None:
            view = self.alert_view(row.id, None, False)
        mentions = None
        if not reopened and row.acknowledged_by:
            # The one person who has it is pinged: they asked for this alert.
            mentions = discord.AllowedMentions(users=[discord.Object(id=row.acknowledged_by)])
        await self._send(text + link, view, what=f"update of alert {row.id}", mentions=mentions)

    async def _send(
        self,
        text: str,
        view: discord.ui.View | None,
        *,
        what: str,
        mentions: discord.AllowedMentions | None = None,
    ) -> discord.Message | None:
        channel = self._alert_channel()
        if channel is None:
            log.error("ALERT NOT DELIVERED: no channel %r", self.settings.channels.facilitators)
            return None
        options: dict[str, Any] = {}
        if view is not None:
            options["view"] = view
        if mentions is not None:
            options["allowed_mentions"] = mentions
        try:
            # An alert (crisis or reach-out), its updates and repeats: ahead of fan-out.
            with in_lane(Priority.URGENT):
                return await channel.send(text, **options)
        except discord.HTTPException:
            log.exception("ALERT NOT DELIVERED to #%s (%s)", channel, what)
            return None

    # --- the repeat ---------------------------------------------------------------------

    async def realert(self, alert_id: int) -> None:
        """The re-alert job: post again unless acknowledged, then plan the next one.
        A reach-out request is repeated during program hours only."""
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None or not row.is_open or row.acknowledged_at is not None:
            return
        due = row.next_alert_at
        now = self.clock.now()
        if due is None or now < due:
            return  # a duplicate or early run: this interval's re-alert is not due yet
        if row.kind == REQUEST:
            hours, zone, closed = await self.program_hours()
            if not hours.is_open(now, zone, closed):
                opening = hours.next_opening(now, zone, closed)
                if opening is not None and await safety_db.record_realert(
                    self.db, alert_id, row.realerts, opening, due
                ):
                    self._schedule(alert_id, opening)
                return
        count = row.realerts + 1
        key = f"{JOB_PREFIX}{alert_id}:{count}"
        # Catching up after downtime posts once, not once per missed interval.
        next_at = await self._first_repeat(row.kind, now)
        await self._post_repeat(key, alert_id, now)
        if await safety_db.record_realert(self.db, alert_id, count, next_at, due):
            self._schedule(alert_id, next_at)

    async def _post_repeat(self, key: str, alert_id: int, due: datetime) -> None:
        """Post one repeat (or the whole alert, when its first post never made it). A
        failed post is retried by the delivery desk until it is posted or someone is on
        it: a repeat of an open alert is always worth sending."""

        async def send() -> discord.Message | int:
            row = await safety_db.get_alert(self.db, alert_id)
            assert row is not None
            if row.alert_message_id is None:
                await self._post_first(row)
                after = await safety_db.get_alert(self.db, alert_id)
                if after is None or after.alert_message_id is None:
                    raise ChannelUnavailable(f"#{self.settings.channels.facilitators}")
                return after.alert_message_id
            text = texts.repeat_text(row, self.clock.now(), _link(self.guild_id(), row))
            view = self.alert_view(row.id, None, False) if self.alert_view else None
            posted = await self._send(text, view, what=f"repeat of alert {alert_id}")
            if posted is None:
                raise ChannelUnavailable(f"#{self.settings.channels.facilitators}")
            return posted

        async with self._lock(alert_id):
            await self.desk.deliver(
                key, "crisis_realert", None, due, send, priority=Priority.URGENT
            )

    async def resend_realert(self, key: str) -> None:
        """A repeat's retry (the delivery desk), unless the alert was taken or closed."""
        alert_id = int(key.removeprefix(JOB_PREFIX).split(":")[0])
        row = await safety_db.get_alert(self.db, alert_id)
        if row is not None and row.is_open and row.acknowledged_at is None:
            await self._post_repeat(key, alert_id, self.clock.now())

    # --- I'm on it, Done, the list ----------------------------------------------------

    async def acknowledge(self, alert_id: int, user_id: int) -> tuple[bool, AlertRow]:
        """(True, row) when this facilitator is now on it; (False, row) when someone was
        already, or it is closed. Raises LookupError for an unknown alert. The person is
        told who will reach out to them."""
        first = await safety_db.acknowledge(self.db, alert_id, user_id, self.clock.now())
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None:
            raise LookupError(f"no alert {alert_id}")
        if first:
            self.scheduler.remove_jobs_with_prefix(f"{JOB_PREFIX}{alert_id}")
            log.info("alert %d acknowledged by %s", alert_id, user_id)
            # The post is brought up to date by whoever pressed the button (the cog).
            self._spawn(self._tell_taken(row), f"telling the person about alert {alert_id}")
        return first, row

    async def _tell_taken(self, row: AlertRow) -> None:
        if self.messenger is None:
            return
        name = self._name(row.acknowledged_by) or "A facilitator"
        try:
            await self.messenger.send(
                row.user_id,
                priority=Priority.URGENT,
                content=f"**{name}** from your program has seen your message and will "
                "reach out to you. If you need help before then, use /crisis at any time.",
            )
        except Exception:
            log.warning("could not tell user %s who is reaching out", row.user_id)

    async def close(self, alert_id: int, user_id: int, note: str) -> tuple[bool, AlertRow]:
        """Done: (True, row) when this closed it; (False, row) when it was closed already."""
        closed = await safety_db.close(self.db, alert_id, user_id, note, self.clock.now())
        row = await safety_db.get_alert(self.db, alert_id)
        if row is None:
            raise LookupError(f"no alert {alert_id}")
        if closed:
            self.scheduler.remove_jobs_with_prefix(f"{JOB_PREFIX}{alert_id}")
            self._locks.pop(alert_id, None)
            self._spawn(self.refresh(alert_id), f"updating alert {alert_id}")
        return closed, row

    async def listing(self, days: int = 7) -> list[str]:
        """/requests: open, taken and closed in the last ``days`` days, one line each."""
        now = self.clock.now()
        rows = await safety_db.listing(self.db, now - timedelta(days=days))
        order = {"open": 0, "taken": 1, "closed": 2}
        rows.sort(key=lambda r: (order[_state(r)], r.created_at))
        return [texts.listing_line(r, now, self._username(r.user_id)) for r in rows]

    async def open_lines(self) -> list[str]:
        """The digest's list: alerts nobody has closed."""
        now = self.clock.now()
        rows = await safety_db.listing(self.db, now)
        return [
            texts.listing_line(r, now, self._username(r.user_id))
            for r in rows
            if r.is_open
        ]


def _state(row: AlertRow) -> str:
    if row.closed_at is not None:
        return "closed"
    return "taken" if row.acknowledged_at is not None else "open"


def place_phrase(place: object | None, source: str) -> str:
    place_id = getattr(place, "id", None)
    if place_id is None or isinstance(place, discord.DMChannel) or source in ("dm", "checkin"):
        return " (privately, to the bot)"
    return f" in <#{place_id}>"


def _link(guild_id: int, row: AlertRow) -> str:
    if not (row.alert_channel_id and row.alert_message_id):
        return ""
    return (
        f" First alert: https://discord.com/channels/{guild_id}/"
        f"{row.alert_channel_id}/{row.alert_message_id}"
    )
