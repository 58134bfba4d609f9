"""The skill of the day: posted in a channel at a program-local time, exactly once a day.

One scheduler job at a time, ``coping:daily:<date>``, whose delivery record has the same
key; each run schedules the next day. Facilitators set the time and channel with
``/skills daily`` (kept in ``bot_state``); the defaults are 09:00 in the check-in channel.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coping import storage as coping_db
from bot.coping.domain.coping import choose
from bot.coping.domain.library import Library, Skill
from bot.kernel.clock import Clock
from bot.kernel.db import deliveries, state
from bot.kernel.db.connection import Database
from bot.kernel.delivery import ChannelUnavailable, DeliveryDesk
from bot.kernel.durations import format_clock, parse_clock
from bot.kernel.pacing import Priority
from bot.kernel.scheduling import ClockedScheduler
from bot.kernel.timezones import local_instant
from bot.program.domain.schedule import Program
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

DEFAULT_AT = time(9, 0)  # program-local
PREFIX = "coping:daily:"
# A daily skill at 09:30 after a restart is still welcome; at 23:00 it is noise.
GRACE = timedelta(hours=3)
NO_REPEAT = 30  # the daily skill does not repeat within this many posts
OFF = "off"
TIME_KEY = "coping.daily.time"  # "HH:MM" or "off"
CHANNEL_KEY = "coping.daily.channel"  # channel name or id; absent = the check-in channel

# Posts one skill in ``channel`` (None: the default); the message id, or None if it can't.
Poster = Callable[[Skill, date, str | None], Awaitable[int | None]]


def daily_key(day: date) -> str:
    """The delivery key and the job id of one day's post: the same stable name."""
    return f"{PREFIX}{day.isoformat()}"


class DailySkill:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        library: Callable[[], Library],
        *,
        scheduler: ClockedScheduler | None,
        programs: ProgramService | None = None,
        rng: random.Random | None = None,
        poster: Poster | None = None,
        desk: DeliveryDesk | None = None,
    ) -> None:
        self.db = db
        # Sends, retries and given-up reasons (bot.kernel.delivery).
        self.desk = desk or DeliveryDesk(db, clock, scheduler)
        self.desk.on_retry(coping_db.DAILY_KIND, self.resend)
        self.clock = clock
        self.library = library
        self.scheduler = scheduler
        self.programs = programs
        self.rng = rng or random.Random()
        self.poster = poster
        self.at: time | None = DEFAULT_AT  # None: switched off
        self.channel: str | None = None
        self._lock = asyncio.Lock()

    async def load_settings(self) -> None:
        stored = await state.get_state(self.db, TIME_KEY)
        self.at = DEFAULT_AT
        if stored == OFF:
            self.at = None
        elif stored:
            try:
                self.at = parse_clock(stored)
            except ValueError:
                log.error("daily skill: stored time %r is not HH:MM; using 09:00", stored)
        self.channel = await state.get_state(self.db, CHANNEL_KEY)

    async def configure(self, *, at: time | None, channel: str | None) -> None:
        """Set the time (None: off) and, when given, the channel; replans at once."""
        await state.set_state(self.db, TIME_KEY, OFF if at is None else format_clock(at))
        if channel is not None:
            await state.set_state(self.db, CHANNEL_KEY, channel)
        await self.load_settings()
        await self.plan()

    async def _zone(self) -> ZoneInfo:
        program = await self.programs.current() if self.programs is not None else None
        return program.zone if program is not None else ZoneInfo("UTC")

    def due(self, day: date, zone: ZoneInfo) -> datetime:
        return local_instant(day, self.at or DEFAULT_AT, zone)

    async def start(self) -> None:
        """Read the settings and plan; plan again whenever the program changes (its time
        zone decides when 09:00 is)."""
        await self.load_settings()
        if self.programs is not None:
            self.programs.on_change(self._program_changed)
        await self.plan()

    async def _program_changed(self, before: Program | None, after: Program | None) -> None:
        await self.plan()

    async def plan(self) -> None:
        """Schedule the next post (today's if it is owed and not too late)."""
        if self.scheduler is None:
            return
        self.scheduler.remove_jobs_with_prefix(PREFIX)
        if self.at is None:
            return
        now = self.clock.now()
        zone = await self._zone()
        day = now.astimezone(zone).date()
        due = self.due(day, zone)
        # Nothing is recorded for a day passed over: the program's zone may still change
        # (a program imported at 08:00 New York makes today's 09:00 lie ahead again).
        if due <= now and (
            now - due > GRACE or await deliveries.is_settled(self.db, daily_key(day))
        ):
            day += timedelta(days=1)
        self.scheduler.schedule_at(daily_key(day), max(self.due(day, zone), now), self.post, day)

    async def post(self, day: date) -> bool:
        """Post ``day``'s skill once; True if this call posted it. Plans the next day."""
        try:
            async with self._lock:  # a second run waits, then finds it settled
                return await self._post(day)
        finally:
            await self._plan_after(day)

    async def _post(self, day: date) -> bool:
        now = self.clock.now()
        key = daily_key(day)
        zone = await self._zone()
        due = self.due(day, zone)
        if await deliveries.status_of(self.db, key) in deliveries.SETTLED:
            log.info("daily skill for %s was already posted", day)
            return False
        recent = await coping_db.recent_daily_skills(self.db, NO_REPEAT)
        skill = choose(self.library(), None, {}, recent, self.rng)
        poster = self.poster
        if skill is None or poster is None:
            if await deliveries.claim(self.db, key, coping_db.DAILY_KIND, None, due, now):
                await deliveries.settle(
                    self.db, key, "failed", now, detail="no skill or no poster"
                )
            return False
        chosen = skill

        async def send() -> int:
            message_id = await poster(chosen, day, self.channel)
            if message_id is None:
                raise ChannelUnavailable(f"#{self.channel or 'the daily check-in channel'}")
            return message_id

        # Retried (delivery desk) until the day ends in the program's zone.
        outcome = await self.desk.deliver(
            key, coping_db.DAILY_KIND, None, due, send,
            useful_until=datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone),
            late=now - due > timedelta(minutes=5), priority=Priority.NORMAL,
        )
        if outcome.delivered:
            await deliveries.note(self.db, key, skill.id)
        return outcome.delivered

    async def resend(self, key: str) -> None:
        """The daily skill's retry (the delivery desk)."""
        async with self._lock:
            await self._post(date.fromisoformat(key.rpartition(":")[2]))

    async def _plan_after(self, day: date) -> None:
        if self.scheduler is None or self.at is None:
            return
        next_day = day + timedelta(days=1)
        if self.scheduler.get_job(daily_key(next_day)) is None:
            when = max(self.due(next_day, await self._zone()), self.clock.now())
            self.scheduler.schedule_at(daily_key(next_day), when, self.post, next_day)
