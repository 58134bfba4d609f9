"""APScheduler, reading time from the bot's clock, with every job failure logged.

Jobs are derived from the database: services rebuild theirs at start (``bot/app.py``)
and whenever the data changes (``bot.kernel.planner``), always with a stable id and
``replace_existing=True``, so a reload never piles up duplicates. Every job is a
one-shot date trigger at an instant the domain code computed (zoneinfo, DST-correct);
recurring work schedules its next run itself.
That keeps APScheduler's cron arithmetic (and its DST bugs) out of the picture and lets
the sandbox's simulated clock drive everything.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from typing import Any

import apscheduler.schedulers.base as _aps_base
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.kernel.clock import Clock

log = logging.getLogger(__name__)

# The clock of the scheduler whose pass is running right now. APScheduler 3.x reads
# ``datetime.now`` directly in its scheduling pass; while a ClockedScheduler runs that
# (synchronous) pass, ``now`` comes from the bot's clock instead. Outside of it, and
# with the system clock in production, behaviour is APScheduler's own.
_active_clock: Clock | None = None


class _ClockAwareDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> Any:
        if _active_clock is None:
            return datetime.now(tz)
        instant = _active_clock.now()
        return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)


_aps_base.datetime = _ClockAwareDatetime


@contextmanager
def _using(clock: Clock) -> Iterator[None]:
    global _active_clock
    previous, _active_clock = _active_clock, clock
    try:
        yield
    finally:
        _active_clock = previous


class ClockedScheduler(AsyncIOScheduler):
    """An AsyncIOScheduler whose notion of "now" is a ``Clock``."""

    def __init__(self, clock: Clock, **options: Any) -> None:
        options.setdefault("timezone", UTC)
        # No misfire window: whether a late job still makes sense (a reminder for a
        # session that has not started yet) is the job's own decision, made with the
        # due instant it is given. APScheduler would otherwise drop it silently.
        options.setdefault(
            "job_defaults", {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
        )
        super().__init__(**options)
        self.clock = clock
        self.failures = 0
        self.add_listener(self._on_job_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def _process_jobs(self) -> float | None:
        with _using(self.clock):
            result: float | None = super()._process_jobs()
            return result

    def _real_add_job(self, *args: Any, **kwargs: Any) -> None:
        with _using(self.clock):
            super()._real_add_job(*args, **kwargs)

    def _on_job_problem(self, event: JobExecutionEvent) -> None:
        self.failures += 1
        if event.code == EVENT_JOB_MISSED:
            log.error(
                "scheduled job %s missed its run time %s", event.job_id, event.scheduled_run_time
            )
            return
        log.error(
            "scheduled job %s (due %s) raised %r\n%s",
            event.job_id,
            event.scheduled_run_time,
            event.exception,
            event.traceback,
        )

    def schedule_at(
        self,
        job_id: str,
        when: datetime,
        func: Callable[..., Awaitable[Any]],
        *args: Any,
        **kwargs: Any,
    ) -> Job:
        """Run ``func(*args, **kwargs)`` once at ``when``; replaces a job with the same id."""
        if when.tzinfo is None:
            raise ValueError(f"job {job_id}: the due instant must be timezone-aware")
        return self.add_job(
            func,
            trigger=DateTrigger(run_date=when.astimezone(UTC)),
            id=job_id,
            name=job_id,
            args=args,
            kwargs=kwargs,
            replace_existing=True,
        )

    def remove_jobs_with_prefix(self, prefix: str) -> int:
        """Remove every job whose id starts with ``prefix``; return how many."""
        removed = 0
        for job in self.get_jobs():
            if job.id.startswith(prefix):
                job.remove()
                removed += 1
        return removed

    def next_due(self) -> datetime | None:
        """The earliest next run time of any job (the sandbox steps its clock to it)."""
        times = [job.next_run_time for job in self.get_jobs() if job.next_run_time is not None]
        return min(times) if times else None
