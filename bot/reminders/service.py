"""Reminders: planned from the database, fired by APScheduler, delivered exactly once.

One scheduler job per due *instant* (``reminders:due:<ISO>``), not per reminder: a
session that starts at the same minute for everyone makes hundreds of reminders due
at once, and the job fans them out through the shared pacer. Each job plans afresh
from the database when it fires, so a change made after it was scheduled (a
cancellation, a new time zone, reminders turned off) is honoured, and a reminder
that was already settled is never sent again.

Notices of changes to someone's sessions are not reminders: ``bot/program/notices.py``
sends them (with reminders off too), rendered by ``bot/reminders/messages.py``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.kernel.db import deliveries, state
from bot.kernel.durations import LeadTimeError, format_lead, parse_lead
from bot.kernel.log_ids import scrubbed
from bot.kernel.messenger import DmClosed, Messenger
from bot.kernel.planner import PlannedJob, Planning, ProgramPlanner
from bot.program.domain.schedule import Participant, Program
from bot.reminders.domain import Delivery, Reminder, plan_program

log = logging.getLogger(__name__)

DUE_JOB_PREFIX = "reminders:due:"
REPLAN_JOB = "reminders:replan"
HORIZON_HOURS = 48
HORIZON = timedelta(hours=HORIZON_HOURS)
REPLAN_EVERY = timedelta(hours=12)
FAN_OUT_WORKERS = 8
LAST_PLANNED = "reminders.last_planned"

RenderReminder = Callable[[Reminder, Participant], Awaitable[dict[str, Any]]]
DmClosedHook = Callable[[Participant, int], Awaitable[None]]


def delivery_key(record: Delivery) -> str:
    return f"reminder:{record.participant}:{record.occurrence}:{format_lead(record.lead)}"


def parse_delivery_key(key: str) -> Delivery | None:
    try:
        _, participant, rest = key.split(":", 2)
        occurrence, lead_text = rest.rsplit(":", 1)
        lead = parse_lead(lead_text)
    except (ValueError, LeadTimeError):
        return None
    return None if lead is None else Delivery(participant, occurrence, lead)


class ReminderService(ProgramPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        messenger: Messenger,
        render_reminder: RenderReminder,
        on_dm_closed: DmClosedHook,
    ) -> None:
        super().__init__(planning)
        self.messenger = messenger
        self.render_reminder = render_reminder
        self.on_dm_closed = on_dm_closed
        self.sent = 0
        self.desk.on_retry("reminder", self.resend)

    async def _delivered(self) -> set[Delivery]:
        keys = await deliveries.settled_keys(self.db, "reminder")
        return {d for d in map(parse_delivery_key, keys) if d is not None}

    async def _since(self) -> datetime | None:
        value = await state.get_state(self.db, LAST_PLANNED)
        return None if value is None else datetime.fromisoformat(value)

    async def replan(self) -> None:
        """Derive the reminder jobs from the database; stale jobs are removed."""
        async with self._lock:
            now = self.clock.now()
            program = await self.programs.current()
            wanted: dict[str, PlannedJob] = {}
            if program is not None:
                since = await self._since()
                plan = plan_program(
                    program, now, await self._delivered(), horizon=HORIZON, since=since
                )
                await self._record_skips(plan.skipped, now)
                overdue = await self._skip_not_owed(plan.send_now, since, now)
                for reminder in plan.later:
                    due = reminder.due
                    wanted[DUE_JOB_PREFIX + due.isoformat()] = PlannedJob(due, self.fire, (due,))
                if overdue:
                    wanted[DUE_JOB_PREFIX + now.isoformat()] = PlannedJob(now, self.fire, (now,))
            self.replace_jobs(DUE_JOB_PREFIX, wanted)
            self.scheduler.schedule_at(REPLAN_JOB, now + REPLAN_EVERY, self.replan)
            await state.set_state(self.db, LAST_PLANNED, now.isoformat())
            log.info(
                "planned reminders: %d due instants in the next %s h", len(wanted), HORIZON_HOURS
            )

    async def _skip_not_owed(
        self, overdue: Iterable[Reminder], since: datetime | None, now: datetime
    ) -> list[Reminder]:
        """Keep the overdue reminders that were owed while the bot was away.

        The bot was planning at ``since``: a reminder due before then that was neither
        sent nor claimed was not owed at its time (the participant was enrolled, or
        changed their lead times, afterwards), so it is skipped rather than sent late.
        """
        claimed = await deliveries.claimed_keys(self.db, "reminder")
        owed: list[Reminder] = []
        skips: list[deliveries.Skip] = []
        for reminder in overdue:
            key = delivery_key(reminder.record)
            if since is not None and reminder.due < since and key not in claimed:
                skips.append(
                    deliveries.Skip(key, "reminder", None, reminder.due, "not owed at its time")
                )
                continue
            owed.append(reminder)
        # One transaction for all (a program of thousands enrolled at once skips thousands).
        await deliveries.record_skipped_many(self.db, skips, now)
        return owed

    async def fire(self, due: datetime) -> None:
        """Send every reminder due by now (the job's own instant, or later if late)."""
        async with self._lock:
            now = self.clock.now()
            program = await self.programs.current()
            if program is None:
                return
            plan = plan_program(program, now, await self._delivered(), horizon=timedelta(0))
            await self._record_skips(plan.skipped, now)
            if plan.send_now:
                log.info("sending %d reminders due at %s", len(plan.send_now), due.isoformat())
                await self._fan_out(plan.send_now, program)
            await state.set_state(self.db, LAST_PLANNED, now.isoformat())

    async def _record_skips(self, skipped: Iterable[Any], now: datetime) -> None:
        skips: list[deliveries.Skip] = []
        for skip in skipped:
            key = delivery_key(skip.record)
            log.info("reminder %s skipped: %s", scrubbed(key, skip.record.participant),
                     skip.explanation)
            skips.append(deliveries.Skip(key, "reminder", None, skip.due, skip.reason))
        await deliveries.record_skipped_many(self.db, skips, now)

    async def _fan_out(self, reminders: Iterable[Reminder], program: Program) -> None:
        queue: asyncio.Queue[Reminder] = asyncio.Queue()
        for reminder in reminders:
            queue.put_nowait(reminder)

        async def worker() -> None:
            while not queue.empty():
                reminder = queue.get_nowait()
                try:
                    await self._deliver(reminder, program)
                except Exception:
                    # A bug, not a send (the desk records every send's failure): logged,
                    # and the other reminders still go.
                    log.exception("reminder %s could not be sent", reminder.job_id)

        await asyncio.gather(*(worker() for _ in range(FAN_OUT_WORKERS)))

    async def _deliver(self, reminder: Reminder, program: Program) -> None:
        participant = program.participant(reminder.participant)
        key = delivery_key(reminder.record)
        if participant is None:
            return
        now = self.clock.now()
        user_id = await self.user_id_for(participant)
        if user_id is None:
            await deliveries.record_skipped(
                self.db, key, "reminder", None, reminder.due, now, "not linked to a member"
            )
            log.warning("reminder %s: not linked to a member", scrubbed(key, participant.key))
            return

        async def send() -> discord.Message:
            return await self.messenger.send(
                user_id, **await self.render_reminder(reminder, participant)
            )

        # Retried (delivery desk) until the session starts; given up after that.
        outcome = await self.desk.deliver(
            key, "reminder", user_id, reminder.due, send,
            useful_until=reminder.occurrence.start, late=reminder.late,
        )
        if outcome.delivered:
            self.sent += 1
        elif isinstance(outcome.error, DmClosed) and outcome.error.first_time:
            await self.on_dm_closed(participant, user_id)

    async def resend(self, key: str) -> None:
        """A reminder's retry (the delivery desk): send it if it is still owed."""
        async with self._lock:
            record = parse_delivery_key(key)
            program = await self.programs.current()
            if record is None or program is None:
                return
            now = self.clock.now()
            delivered = await self._delivered()
            plan = plan_program(program, now, delivered - {record}, horizon=timedelta(0))
            for reminder in plan.send_now:
                if reminder.record == record:
                    await self._deliver(reminder, program)
