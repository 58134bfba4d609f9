"""Medication reminders: one job per reminder time for its next dose, delivered once.

Job ids are stable, ``med:<participant>:<schedule id>:<local date>``; a snooze replaces
that day's job with one 30 minutes later (same id). Every DM is guarded by a delivery
record (the job id for the first reminder, ``...:s<n>`` for the n-th snooze), so a
restart never sends one twice. The drug's name (a schedule's label) goes only into the
owner's own DM: it is never logged and never shown to facilitators, who see adherence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.continuity.domain import medication as dom
from bot.continuity.storage import medication as med_db
from bot.kernel.db import deliveries, state
from bot.kernel.log_ids import scrubbed
from bot.kernel.messenger import Messenger
from bot.kernel.planner import PlannedJob, Planning, ProgramPlanner
from bot.kernel.timezones import local_day, local_instant
from bot.program.domain.schedule import Participant

log = logging.getLogger(__name__)

JOB_PREFIX = "med:"
KIND = "medication"
THRESHOLD_STATE = "medication.missed_threshold"
DEFAULT_THRESHOLD = 3

# (schedule, local day, snooze number, participant) -> messenger.send keyword arguments
Render = Callable[[med_db.Schedule, date, int, Participant], dict[str, Any]]


class MedicationError(ValueError):
    """Something the participant can fix or should know; the message is for them."""


def job_id(participant: str, schedule_id: int, day: date) -> str:
    return f"{JOB_PREFIX}{participant}:{schedule_id}:{day.isoformat()}"


def delivery_key(participant: str, schedule_id: int, day: date, snooze: int) -> str:
    base = job_id(participant, schedule_id, day)
    return base if snooze == 0 else f"{base}:s{snooze}"


@dataclass(frozen=True)
class Answered:
    status: str  # taken, skipped, snoozed
    until: datetime | None = None


@dataclass(frozen=True)
class MissedDoses:
    name: str
    missed: int
    reminded: int


class MedicationService(ProgramPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        messenger: Messenger,
        render: Render,
    ) -> None:
        super().__init__(planning)
        self.messenger = messenger
        self.render = render
        self.sent = 0
        self.desk.on_retry(KIND, self.resend)

    # ---- planning -----------------------------------------------------------------------

    async def replan(self) -> None:
        """Derive every medication job from the database; stale ones are removed."""
        async with self._lock:
            program = await self.programs.current()
            wanted: dict[str, PlannedJob] = {}
            if program is not None:
                settled = await deliveries.settled_keys(self.db, KIND)
                for schedule in await med_db.all_schedules(self.db):
                    participant = program.participant(schedule.participant)
                    if participant is None:
                        continue
                    found = await self._next(schedule, participant, settled)
                    if found is not None:
                        day, when = found
                        wanted[job_id(participant.key, schedule.id, day)] = PlannedJob(
                            when, self.fire, (participant.key, schedule.id, day.isoformat())
                        )
                for row in await med_db.snoozed(self.db):
                    if row.snoozed_until is not None and program.participant(row.participant):
                        at = max(row.snoozed_until, self.clock.now())
                        wanted[job_id(row.participant, row.schedule_id, row.day)] = PlannedJob(
                            at, self.fire, (row.participant, row.schedule_id, row.day.isoformat())
                        )
            self.replace_jobs(JOB_PREFIX, wanted)
            log.info("planned %d medication reminders", len(wanted))

    async def _next(
        self, schedule: med_db.Schedule, participant: Participant, settled: set[str]
    ) -> tuple[date, datetime] | None:
        now = self.clock.now()
        zone = ZoneInfo(participant.timezone)
        today = local_day(now, zone)
        recent = await med_db.doses_since(self.db, participant.key, today - timedelta(days=2))
        answered_or_sent = {
            d.day for d in recent if d.schedule_id == schedule.id
        } | {
            day
            for day in (today + timedelta(days=n) for n in (-1, 0, 1))
            if delivery_key(participant.key, schedule.id, day, 0) in settled
        }
        day, instant = dom.next_dose(
            now - dom.CATCH_UP, zone, schedule.at, skip=answered_or_sent
        )
        return day, max(instant, now)

    async def _plan_one(self, participant_key: str, schedule_id: int) -> None:
        """After a dose: plan the schedule's next one (the day's job is done)."""
        program = await self.programs.current()
        schedule = await med_db.schedule(self.db, schedule_id)
        participant = program.participant(participant_key) if program else None
        if schedule is None or participant is None:
            return
        settled = await deliveries.settled_keys(self.db, KIND)
        found = await self._next(schedule, participant, settled)
        if found is not None:
            day, when = found
            self.scheduler.schedule_at(
                job_id(participant.key, schedule.id, day), when, self.fire, participant.key,
                schedule.id, day.isoformat(),
            )

    # ---- sending ------------------------------------------------------------------------

    async def fire(self, participant_key: str, schedule_id: int, day_text: str) -> None:
        day = date.fromisoformat(day_text)
        try:
            await self._send(participant_key, schedule_id, day)
        finally:
            await self._plan_one(participant_key, schedule_id)

    async def _send(self, participant_key: str, schedule_id: int, day: date) -> None:
        schedule = await med_db.schedule(self.db, schedule_id)
        participant = await self.programs.participant(participant_key)
        if schedule is None or participant is None:
            return
        dose = await med_db.dose(self.db, schedule_id, day)
        if dose is not None and dose.status in dom.ANSWERED:
            return
        snooze = dose.snoozes if dose is not None and dose.status == "snoozed" else 0
        if dose is not None and dose.status == "due":
            return  # reminded already; the participant has not answered yet
        now = self.clock.now()
        key = delivery_key(participant.key, schedule_id, day, snooze)
        user_id = await self.user_id_for(participant)
        if user_id is None:
            await deliveries.record_skipped(
                self.db, key, KIND, None, now, now, "not linked to a member"
            )
            return

        async def send() -> discord.Message:
            return await self.messenger.send(
                user_id, **self.render(schedule, day, snooze, participant)
            )

        # Retried (delivery desk) until the dose's window ends (as long as a reminder
        # missed during downtime is still sent).
        dose_at = local_instant(day, schedule.at, ZoneInfo(participant.timezone))
        outcome = await self.desk.deliver(
            key, KIND, user_id, now, send, useful_until=max(dose_at, now) + dom.CATCH_UP
        )
        if not outcome.delivered:
            if outcome.status != "held":
                log.info(
                    "medication reminder %s not delivered yet: %s",
                    scrubbed(key, participant.key),
                    outcome.reason,
                )
            return
        await med_db.reminded(self.db, schedule_id, participant.key, day, now)
        self.sent += 1
        log.info("medication reminder %s sent", scrubbed(key, participant.key))  # no medication

    async def resend(self, key: str) -> None:
        """A reminder's retry (the delivery desk): ``med:<participant>:<id>:<day>[:s<n>]``."""
        parts = key.removeprefix(JOB_PREFIX).split(":")
        if parts[-1].startswith("s"):
            parts = parts[:-1]
        participant_key, schedule_id, day_text = ":".join(parts[:-2]), parts[-2], parts[-1]
        await self._send(participant_key, int(schedule_id), date.fromisoformat(day_text))

    # ---- the participant's answers ------------------------------------------------------

    async def answer(
        self, participant: Participant, schedule_id: int, day: date, action: str
    ) -> Answered:
        """Taken, Skip today or Snooze (30 minutes) on the reminder for ``day``."""
        schedule = await med_db.schedule(self.db, schedule_id)
        if schedule is None or schedule.participant != participant.key:
            raise MedicationError(
                "This reminder time was removed, so there is nothing to record. "
                "See your times with /medication list."
            )
        now = self.clock.now()
        zone = ZoneInfo(participant.timezone)
        if not dom.answer_open(day, now, zone):
            raise MedicationError("This reminder is too old to answer now.")
        current = await med_db.dose(self.db, schedule_id, day)
        if current is not None and current.status in dom.ANSWERED:
            done = "taken" if current.status == "taken" else "skipped for today"
            raise MedicationError(f"This dose is already marked {done}.")
        if action in ("taken", "skipped"):
            await med_db.answer(self.db, schedule_id, participant.key, day, action, now)
            log.info("dose %s:%s answered %s", schedule_id, day, action)
            return Answered(action)
        if action != "snooze":
            raise MedicationError("That button is out of date.")
        if current is not None and not dom.can_snooze(current.snoozes):
            raise MedicationError(
                "I've reminded you a few times already, so I'll stop snoozing this one. "
                "Press Taken or Skip today when you can."
            )
        until = now + dom.SNOOZE
        await med_db.snooze(self.db, schedule_id, participant.key, day, until, now)
        self.scheduler.schedule_at(
            job_id(participant.key, schedule_id, day), until, self.fire, participant.key,
            schedule_id, day.isoformat(),
        )
        return Answered("snoozed", until)

    # ---- settings -----------------------------------------------------------------------

    async def add_times(
        self, participant: Participant, times: tuple[time, ...], label: str | None, by: int
    ) -> list[med_db.Schedule]:
        existing = await med_db.schedules_for(self.db, participant.key)
        new = {t for t in times} - {s.at for s in existing}
        if len(existing) + len(new) > dom.MAX_TIMES:
            raise MedicationError(
                f"At most {dom.MAX_TIMES} reminder times a day; remove one first."
            )
        now = self.clock.now()
        for at in times:
            await med_db.add_schedule(self.db, participant.key, at, label, by, now)
        await self.replan()
        return await med_db.schedules_for(self.db, participant.key)

    async def remove_time(self, participant: Participant, at: time) -> None:
        removed = await med_db.remove_schedule(self.db, participant.key, at)
        if removed is None:
            raise MedicationError(
                f"You have no medication reminder at {at:%H:%M}. See yours with /medication list."
            )
        await self.replan()

    async def next_reminder(self, participant_key: str) -> datetime | None:
        prefix = f"{JOB_PREFIX}{participant_key}:"
        due = [
            job.next_run_time for job in self.scheduler.get_jobs()
            if job.id.startswith(prefix) and job.next_run_time is not None
        ]
        return min(due) if due else None

    # ---- adherence ----------------------------------------------------------------------

    async def adherence(self, participant: Participant) -> dom.Adherence:
        today = local_day(self.clock.now(), ZoneInfo(participant.timezone))
        rows = await med_db.doses_since(self.db, participant.key, today - timedelta(days=7))
        return dom.adherence((r.dose() for r in rows), today)

    async def progress_line(self, participant: Participant) -> str:
        """For /progress: empty when the participant has no medication reminders."""
        if not await med_db.schedules_for(self.db, participant.key):
            return ""
        found = await self.adherence(participant)
        return f"\nMedication: {found.sentence()}."

    async def adherence_line(self, participant_key: str) -> str:
        """``progress_line`` by key (the ``MedicationAdherence`` port check-ins use)."""
        participant = await self.programs.participant(participant_key)
        return "" if participant is None else await self.progress_line(participant)

    async def threshold(self) -> int:
        value = await state.get_state(self.db, THRESHOLD_STATE)
        return DEFAULT_THRESHOLD if value is None else int(value)

    async def set_threshold(self, count: int) -> None:
        if not 1 <= count <= 50:
            raise MedicationError("Give a number of missed doses from 1 to 50.")
        await state.set_state(self.db, THRESHOLD_STATE, str(count))

    async def missed_for_digest(self) -> list[MissedDoses]:
        """Participants who agreed to share it, with missed doses at or over the
        threshold in the last 7 days. Names of medications are never part of this."""
        program = await self.programs.current()
        if program is None:
            return []
        limit = await self.threshold()
        found = []
        for key in sorted(await med_db.consenting(self.db)):
            participant = program.participant(key)
            if participant is None:
                continue
            counted = await self.adherence(participant)
            if counted.missed >= limit:
                found.append(MissedDoses(participant.display, counted.missed, counted.reminded))
        return found

    async def add_to_digest(self, embed: discord.Embed) -> None:
        """A field in the facilitators' check-in digest, only when someone is over the
        threshold, so a digest without anything to say stays as it was."""
        found = await self.missed_for_digest()
        if not found:
            return
        lines = "\n".join(
            f"{row.name}: {row.missed} of {row.reminded} doses not taken in 7 days"
            for row in found
        )
        embed.add_field(name="Missed medication (shared with consent)", value=lines[:1024],
                        inline=False)
