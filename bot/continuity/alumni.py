"""Stepping down to the alumni track: graduation, weekly check-ins, milestones.

A participant graduates when their program ends (a daily sweep, for programs that
ended within ``AUTO_GRADUATE_WITHIN``) or when a facilitator says so. Graduation turns
their daily check-in prompts and session reminders off (through the settings those
features already read, so they replan themselves), gives the Alumni role, and plans a
weekly check-in and the milestones still ahead. Every DM is guarded by a delivery
record with a stable key; jobs are derived from the database at start and on change.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.continuity.domain import alumni as dom
from bot.continuity.storage import alumni as alumni_db
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.log_ids import person
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.planner import PlannedJob, Planning, ProgramPlanner
from bot.kernel.ports import DailyCheckinSettings
from bot.kernel.timezones import local_day, local_instant
from bot.program.domain.schedule import Participant, Program

log = logging.getLogger(__name__)

JOB_PREFIX = "alumni:"
SWEEP_JOB = "alumni:sweep"
SWEEP_AT = time(9, 0)  # program-local
KIND = "alumni"
FEELINGS = ("good", "okay", "struggling")

WeeklyView = Callable[[date], Any]
RoleGiver = Callable[[int], Awaitable[None]]
Alert = Callable[[str], Awaitable[None]]


class AlumniError(ValueError):
    """The message is for the person who asked."""


@dataclass(frozen=True)
class Graduated:
    participant: Participant
    next_checkin: datetime | None
    note_sent: bool


def graduation_note(participant: Participant, next_checkin: datetime | None) -> str:
    when = (
        f" The first one comes {discord_timestamp(next_checkin, 'F')}."
        if next_checkin is not None else ""
    )
    return (
        f"🎓 Congratulations, {participant.display}: you've completed the program. That "
        "takes real work.\n\nYou're now on the **alumni track**: instead of a daily "
        "check-in I'll ask how you're doing once a week, your program's session reminders "
        f"have stopped, and I'll mark your milestones along the way.{when} You can still "
        "use /coping and /crisis any time, and leave the alumni track with /alumni leave."
    )


def milestone_text(participant: Participant, label: str) -> str:
    return (
        f"🌱 **{label}** since you started your program, {participant.display}. Whatever "
        "the days have held, you kept going. If you'd like support, /coping has skills for "
        "hard moments, and your program is still there for you."
    )


WEEKLY_TEXT = (
    "👋 **Alumni check-in.** How are you doing this week? One tap is enough."
)


class AlumniRoster:
    """Who is on the alumni track (the ``AlumniRoster`` port: check-in digests leave
    alumni out). Privacy's retention waits for alumni through continuity's personal-data
    provider (bot/continuity/personal_data.py)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def alumni_keys(self) -> set[str]:
        return await alumni_db.keys(self.db)


class AlumniService(ProgramPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        messenger: Messenger,
        checkins: DailyCheckinSettings,
        weekly_view: WeeklyView,
        give_role: RoleGiver,
        alert: Alert,
    ) -> None:
        super().__init__(planning)
        self.messenger = messenger
        self.checkins = checkins
        self.weekly_view = weekly_view
        self.give_role = give_role
        self.alert = alert

    # ---- planning -----------------------------------------------------------------------

    async def replan(self) -> None:
        async with self._lock:
            program = await self.programs.current()
            now = self.clock.now()
            wanted: dict[str, PlannedJob] = {}
            if program is not None:
                day = local_day(now, program.zone)
                sweep = local_instant(day, SWEEP_AT, program.zone)
                if sweep <= now:
                    sweep = local_instant(day + timedelta(days=1), SWEEP_AT, program.zone)
                wanted[SWEEP_JOB] = PlannedJob(sweep, self.sweep)
                settled = await deliveries.settled_keys(self.db, KIND)
                for alum in await alumni_db.active(self.db):
                    participant = program.participant(alum.participant)
                    if participant is None:
                        continue
                    wanted.update(await self._jobs_for(alum, participant, program, settled))
            self.replace_jobs(JOB_PREFIX, wanted)

    async def _jobs_for(
        self, alum: alumni_db.Alum, participant: Participant, program: Program, settled: set[str]
    ) -> dict[str, PlannedJob]:
        now = self.clock.now()
        zone = ZoneInfo(participant.timezone)
        jobs: dict[str, PlannedJob] = {}
        at = await self._checkin_time(participant, program)
        # A day back, so a check-in that fell due while the bot was down is still sent.
        after = now - timedelta(days=1)
        while True:
            day, when = dom.next_weekly_checkin(alum.graduated_on, after, zone, at)
            if weekly_key(participant.key, day) not in settled:
                break
            after = when
        jobs[f"{JOB_PREFIX}checkin:{participant.key}:{day.isoformat()}"] = PlannedJob(
            max(when, now), self.fire_weekly, (participant.key, day.isoformat())
        )
        for milestone in dom.owed_milestones(alum.started_on, alum.graduated_on):
            if milestone_key(participant.key, milestone.key) in settled:
                continue
            when = milestone.instant(zone)
            if when < now - timedelta(days=1):
                continue  # long past (the bot was down for days): not sent stale
            jobs[f"{JOB_PREFIX}milestone:{participant.key}:{milestone.key}"] = PlannedJob(
                max(when, now), self.fire_milestone, (participant.key, milestone.key)
            )
            break  # one at a time: the next is planned when this one is sent
        return jobs

    async def _checkin_time(self, participant: Participant, program: Program) -> time:
        return await self.checkins.checkin_time(participant.key) or program.checkin_time

    # ---- graduating ---------------------------------------------------------------------

    async def sweep(self) -> None:
        """Graduate everyone whose program ended recently; then plan tomorrow's sweep."""
        try:
            program = await self.programs.current()
            if program is None:
                return
            done = await alumni_db.keys(self.db)
            for participant in program.participants:
                today = local_day(self.clock.now(), ZoneInfo(participant.timezone))
                if participant.key in done or not dom.should_auto_graduate(participant.end, today):
                    continue
                try:
                    await self.graduate(participant, by=None)
                except Exception:
                    log.exception("could not graduate %s at the end of their program",
                                  person(participant.key))
        finally:
            await self.replan()

    async def graduate(self, participant: Participant, by: int | None) -> Graduated:
        now = self.clock.now()
        zone = ZoneInfo(participant.timezone)
        today = local_day(now, zone)
        if today < participant.start:
            raise AlumniError(
                f"{participant.display}'s program has not started yet, so they can't graduate."
            )
        user_id = await self.user_id_for(participant)
        recorded = await alumni_db.graduate(
            self.db, participant.key, user_id, participant.start, today, by, now
        )
        if not recorded:
            raise AlumniError(f"{participant.display} is already on the alumni track.")
        log.info("%s graduated to the alumni track (%s)", person(participant.key),
                 "by a facilitator" if by else "program ended")
        # Weekly instead of daily check-ins, and no more IOP session reminders: both
        # through the settings those features already honour. The reminders change
        # notifies every program listener, so prompts and reminders replan at once.
        await self.checkins.stop_daily_prompts(participant.key)
        await self.programs.set_reminders(participant.key, ())
        await self.replan()
        next_checkin = self.next_checkin(participant.key)
        sent = False
        if user_id is not None:
            try:
                await self.give_role(user_id)
            except Exception:
                log.exception("could not give %s the alumni role", person(participant.key))
            sent = await self._send_once(
                f"alumni-note:{participant.key}", user_id,
                content=graduation_note(participant, next_checkin),
            )
        return Graduated(participant, next_checkin, sent)

    def next_checkin(self, key: str) -> datetime | None:
        prefix = f"{JOB_PREFIX}checkin:{key}:"
        times = [
            j.next_run_time for j in self.scheduler.get_jobs()
            if j.id.startswith(prefix) and j.next_run_time is not None
        ]
        return min(times) if times else None

    async def leave(self, participant: Participant) -> None:
        if not await alumni_db.end(self.db, participant.key, self.clock.now()):
            raise AlumniError("You're not on the alumni track, so there is nothing to leave.")
        await self.replan()

    # ---- sending ------------------------------------------------------------------------

    async def _send_once(self, key: str, user_id: int, **content: Any) -> bool:
        now = self.clock.now()
        if not await deliveries.claim(self.db, key, KIND, user_id, now, now):
            return False
        try:
            message = await self.messenger.send(user_id, **content)
        except (DmClosed, NotInServer) as error:
            await deliveries.settle(self.db, key, "failed", now, detail=type(error).__name__)
            return False
        await deliveries.settle(self.db, key, "sent", self.clock.now(), message_id=message.id)
        return True

    async def _active(self, key: str) -> tuple[alumni_db.Alum, Participant, int] | None:
        alum = await alumni_db.get(self.db, key)
        participant = await self.programs.participant(key)
        if alum is None or not alum.active or participant is None:
            return None
        user_id = await self.user_id_for(participant)
        return None if user_id is None else (alum, participant, user_id)

    async def fire_weekly(self, key: str, day_text: str) -> None:
        try:
            found = await self._active(key)
            if found is not None:
                await self._send_once(
                    weekly_key(key, date.fromisoformat(day_text)), found[2],
                    content=WEEKLY_TEXT, view=self.weekly_view(date.fromisoformat(day_text)),
                )
        finally:
            await self.replan()

    async def fire_milestone(self, key: str, milestone: str) -> None:
        try:
            found = await self._active(key)
            if found is not None:
                alum, participant, user_id = found
                label = {m.key: m.label for m in dom.milestones(alum.started_on)}[milestone]
                await self._send_once(
                    milestone_key(key, milestone), user_id,
                    content=milestone_text(participant, label),
                )
        finally:
            await self.replan()

    async def record_weekly(self, participant: Participant, day: date, feeling: str) -> str:
        """The alum's answer; 'struggling' tells the facilitators privately."""
        if feeling not in FEELINGS:
            raise AlumniError("That button is out of date.")
        alum = await alumni_db.get(self.db, participant.key)
        if alum is None or not alum.active:
            raise AlumniError("This check-in is for the alumni track, which you're not on.")
        now = self.clock.now()
        if not await alumni_db.record_checkin(self.db, participant.key, day, feeling, now):
            raise AlumniError("You already answered this week's check-in. Thank you!")
        if feeling == "struggling":
            await self.alert(
                f"**{participant.display}** (alumni) said they are struggling in this week's "
                "check-in. Could someone from the program reach out?"
            )
            return (
                "Thank you for telling me. I've let your program's facilitators know, and "
                "someone will reach out. If you need help right now, use /crisis or /coping."
            )
        return "Thank you for checking in. See you next week."


def weekly_key(key: str, day: date) -> str:
    return f"alumni-checkin:{key}:{day.isoformat()}"


def milestone_key(key: str, milestone: str) -> str:
    return f"alumni-milestone:{key}:{milestone}"
