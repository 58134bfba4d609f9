"""Daily check-in prompts: one job per participant for their next prompt, at their
local check-in time, id ``checkin:<participant>:<local date>``.

Jobs are derived from the database (the source of truth), rebuilt at start and on every
program change; each prompt and missed-days nudge is guarded by a delivery record, so
a restart never sends one twice, and a prompt missed by less than ``CATCH_UP`` during
downtime is still sent. Discord is behind ``CheckinOutlet`` (``cogs/checkins/_outlet.py``,
handed in by ``bot/app.py``). The jobs' shape (start, replan on every program change, a
lock) is the kernel's ``ProgramPlanner``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from apscheduler.triggers.date import DateTrigger

from bot.checkins.domain.checkin import DayCheckin
from bot.checkins.domain.checkin_questions import CheckinConfig
from bot.checkins.domain.checkin_time import (
    ParticipantDays,
    Pause,
    ProgramWindow,
    missed_run,
    next_prompt_at,
)
from bot.checkins.storage import checkins as checkin_db
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.log_ids import scrubbed
from bot.kernel.messenger import DmClosed, NotInServer
from bot.kernel.plain import long_day
from bot.kernel.planner import PlannedJob, ProgramPlanner
from bot.kernel.ports import ConsentStatus
from bot.kernel.timezones import local_day
from bot.program.domain.schedule import Participant, Program

if TYPE_CHECKING:
    from bot.checkins.reports import Digest

log = logging.getLogger(__name__)

PROMPT_JOB_PREFIX = "checkin:"
PROMPT_KIND = checkin_db.PROMPT_KIND
MISSED_KIND = "checkin-missed"
# After downtime, a prompt whose time passed less than this long ago is still sent.
CATCH_UP = timedelta(hours=6)

MISSED_NUDGE = (
    "Hi, I haven't heard from you for a couple of check-ins, and that's okay. Whenever "
    "you're ready, today's check-in takes less than a minute. If things are hard right "
    "now, your facilitators are glad to hear from you."
)


class CheckinOutlet(Protocol):
    """What the service needs from Discord (the cog implements it)."""

    async def send_prompt(
        self, user_id: int, participant: Participant, day: date, existing: DayCheckin | None
    ) -> int: ...

    async def send_dm(self, user_id: int, text: str) -> int: ...

    async def find_member(self, participant: Participant) -> int | None: ...

    async def alert_facilitators(self, text: str) -> None: ...

    async def open_thread(self, day: date, name: str, starter: str) -> int: ...

    async def post_in_thread(self, thread_id: int, text: str) -> int: ...

    async def edit_in_thread(self, thread_id: int, message_id: int, text: str) -> None: ...

    async def reply_in_thread(self, thread_id: int, message_id: int, text: str) -> int: ...

    async def post_digest(self, digest: Digest) -> None: ...


def nice_day(day: date, *, year: bool = False) -> str:
    """'Monday 7 December' (with ' 2026' when asked): how people write a date."""
    return long_day(day, year=year)


def participant_zone(participant: Participant) -> ZoneInfo:
    return ZoneInfo(participant.timezone)


def program_window(participant: Participant) -> ProgramWindow:
    # ``Participant.end`` is exclusive; a window's end is the last day in the program.
    return ProgramWindow(participant.start, participant.end - timedelta(days=1))


def participant_pauses(participant: Participant) -> tuple[Pause, ...]:
    if participant.paused_until is None:
        return ()
    return (Pause(date.min, participant.paused_until - timedelta(days=1)),)


async def participant_days(
    db: Database, participants: Iterable[Participant]
) -> dict[str, ParticipantDays]:
    """The one definition of each participant's days (``ParticipantDays``): their
    program window, current pause, check-ins and the days the bot prompted them."""
    wanted = list(participants)
    if not wanted:
        return {}
    since = min(p.start for p in wanted)
    # One participant (a nudge, /progress): read their rows only.
    only = wanted[0].key if len(wanted) == 1 else None
    checked = await checkin_db.days_by_participant(db, since, only)
    prompted = await checkin_db.prompted_days(db, since, only)
    return {
        p.key: ParticipantDays(
            window=program_window(p),
            checked_in=frozenset(checked.get(p.key, ())),
            prompted=frozenset(prompted.get(p.key, ())),
            pauses=participant_pauses(p),
        )
        for p in wanted
    }


def prompt_job_id(key: str, day: date) -> str:
    return f"{PROMPT_JOB_PREFIX}{key}:{day.isoformat()}"


def prompt_key(key: str, day: date) -> str:
    return f"{PROMPT_KIND}:{key}:{day.isoformat()}"


class DailyCheckinSettingsStore:
    """A participant's daily check-in settings as other capabilities may change them
    (the ``DailyCheckinSettings`` port: graduation turns daily prompts off)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def checkin_time(self, participant_key: str) -> time | None:
        return (await checkin_db.get_settings(self.db, participant_key)).at

    async def stop_daily_prompts(self, participant_key: str) -> None:
        current = await checkin_db.get_settings(self.db, participant_key)
        await checkin_db.save_settings(
            self.db, participant_key, dataclasses.replace(current, enabled=False)
        )


class PromptPlanner(ProgramPlanner):
    """Plans and sends the daily prompts (and the missed-days nudge that rides with them).

    The base of ``CheckinService``, which sets what is declared here."""

    outlet: CheckinOutlet
    config: CheckinConfig
    consent: ConsentStatus  # privacy: someone who said "Not now" gets no prompt
    thread_lock: asyncio.Lock
    prompts_sent: int

    async def replan(self) -> None:
        await self.plan_prompts()

    async def user_id_for(self, participant: Participant) -> int | None:
        row = await members.by_participant(self.db, participant.key)
        if row is not None:
            return row.user_id
        # Not linked yet (enrolment runs after this service hears of a new program):
        # the server's member list knows them; link them as enrolment would, since
        # delivery records refer to the member.
        user_id = participant.discord_id or await self.outlet.find_member(participant)
        if user_id is not None and await members.get(self.db, user_id) is None:
            await members.upsert(
                self.db,
                user_id,
                participant.display,
                self.clock.now(),
                participant_key=participant.key,
            )
        return user_id

    # ---- planning -----------------------------------------------------------------------

    async def plan_prompts(self) -> None:
        """Derive every prompt job from the database; jobs no longer wanted are removed."""
        async with self._lock:
            now = self.clock.now()
            program = await self.programs.current()
            wanted: dict[str, PlannedJob] = {}
            if program is not None:
                settings = await checkin_db.all_settings(self.db)
                days = await checkin_db.days_by_participant(
                    self.db, (now - timedelta(days=2)).date()
                )
                settled = await deliveries.settled_keys(self.db, PROMPT_KIND)
                for participant in program.participants:
                    found = self._next_prompt(
                        program,
                        participant,
                        now,
                        settings.get(participant.key, checkin_db.CheckinSettings()),
                        days.get(participant.key, set()),
                        settled,
                    )
                    if found is not None:
                        day, when = found
                        wanted[prompt_job_id(participant.key, day)] = PlannedJob(
                            when, self.fire_prompt, (participant.key, day.isoformat())
                        )
            self.replace_jobs(PROMPT_JOB_PREFIX, wanted)
            log.info("planned %d check-in prompts", len(wanted))

    def _next_prompt(
        self,
        program: Program,
        participant: Participant,
        now: datetime,
        settings: checkin_db.CheckinSettings,
        checked_in: set[date],
        settled: set[str],
    ) -> tuple[date, datetime] | None:
        if not settings.enabled:
            return None
        at = settings.at or program.checkin_time
        zone = participant_zone(participant)
        after = now - CATCH_UP
        while True:
            found = next_prompt_at(
                after,
                zone,
                at,
                program_window(participant),
                participant_pauses(participant),
                skip_days=checked_in,
            )
            if found is None:
                return None
            day, instant = found
            if prompt_key(participant.key, day) not in settled:
                return day, max(instant, now)
            after = instant

    async def _plan_one(self, participant_key: str) -> None:
        program = await self.programs.current()
        participant = program.participant(participant_key) if program else None
        self.scheduler.remove_jobs_with_prefix(f"{PROMPT_JOB_PREFIX}{participant_key}:")
        if program is None or participant is None:
            return
        now = self.clock.now()
        # This participant's rows only: a prompt fires for each participant every day,
        # and reading everyone's check-ins and prompts each time grows with the square
        # of the program's size.
        since = (now - timedelta(days=2)).date()
        found = self._next_prompt(
            program,
            participant,
            now,
            await checkin_db.get_settings(self.db, participant.key),
            (await checkin_db.days_by_participant(self.db, since, participant.key)).get(
                participant.key, set()
            ),
            await deliveries.settled_keys(
                self.db, PROMPT_KIND, prefix=f"{PROMPT_KIND}:{participant.key}:"
            ),
        )
        if found is not None:
            day, when = found
            self.scheduler.schedule_at(
                prompt_job_id(participant.key, day),
                when,
                self.fire_prompt,
                participant.key,
                day.isoformat(),
            )

    # ---- prompts ------------------------------------------------------------------------

    async def fire_prompt(self, participant_key: str, day_text: str) -> None:
        """Send one participant's prompt for ``day`` (once), then plan their next."""
        day = date.fromisoformat(day_text)
        try:
            await self._send_prompt(participant_key, day)
        finally:
            await self._plan_one(participant_key)

    async def _send_prompt(self, participant_key: str, day: date) -> None:
        participant = await self.programs.participant(participant_key)
        if participant is None:
            return
        now = self.clock.now()
        key = prompt_key(participant.key, day)
        user_id = await self.user_id_for(participant)
        existing = await checkin_db.get(self.db, participant.key, day)
        why = None
        if user_id is None:
            why = "not linked to a member"
        elif existing is not None:
            why = "already checked in"
        elif await self.consent.has_declined(user_id):
            # "Not now" to the privacy notice: a prompt they could not answer is noise.
            why = "declined the privacy notice"
        elif local_day(now, participant_zone(participant)) - day > timedelta(
            days=self.config.late_answer_days
        ):
            why = "too late to answer"
        if why is not None or user_id is None:
            await deliveries.record_skipped(self.db, key, PROMPT_KIND, user_id, now, now, why or "")
            return
        await self._missed_nudge(participant, user_id, day, now)

        async def send() -> int:
            return await self.outlet.send_prompt(user_id, participant, day, None)

        # Retried (delivery desk) until the participant's day ends.
        zone = participant_zone(participant)
        day_ends = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        outcome = await self.desk.deliver(
            key, PROMPT_KIND, user_id, now, send, useful_until=day_ends
        )
        if outcome.delivered:
            self.prompts_sent += 1
        elif outcome.status != "held":
            log.info(
                "check-in prompt %s not delivered yet: %s",
                scrubbed(key, participant.key),
                outcome.reason,
            )

    async def resend_prompt(self, key: str) -> None:
        """A prompt's retry (the delivery desk): ``checkin-prompt:<participant>:<day>``."""
        participant_key, _, day_text = key.removeprefix(f"{PROMPT_KIND}:").rpartition(":")
        await self._send_prompt(participant_key, date.fromisoformat(day_text))

    async def _missed_nudge(
        self, participant: Participant, user_id: int, today: date, now: datetime
    ) -> None:
        days = (await participant_days(self.db, [participant]))[participant.key]
        run = missed_run(today, days, self.config.missed)
        if not run.nudge or run.first_missed is None:
            return
        key = f"{MISSED_KIND}:{participant.key}:{run.first_missed.isoformat()}"
        if not await deliveries.claim(self.db, key, MISSED_KIND, user_id, now, now):
            return
        try:
            message_id = await self.outlet.send_dm(user_id, MISSED_NUDGE)
        except (DmClosed, NotInServer) as error:
            await deliveries.settle(self.db, key, "failed", now, detail=type(error).__name__)
            return
        await deliveries.settle(self.db, key, "sent", now, message_id=message_id)

    # ---- answers ------------------------------------------------------------------------

    def next_prompt_for(self, participant_key: str) -> datetime | None:
        """When the participant's next prompt job is due (None: none planned)."""
        prefix = f"{PROMPT_JOB_PREFIX}{participant_key}:"
        due = [
            job.trigger.run_date
            for job in self.scheduler.get_jobs()
            if job.id.startswith(prefix) and isinstance(job.trigger, DateTrigger)
        ]
        return min(due) if due else None
