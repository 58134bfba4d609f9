"""APScheduler, reading time from the bot's clock, with every job failure logged.

Jobs are derived from the database: services rebuild theirs at start (``bot/app.py``)
and whenever the data changes (``bot.kernel.planner``), always with a stable id and
``replace_existing=True``, so a reload never piles up duplicates. Every job is a
one-shot date trigger at an instant the domain code computed (zoneinfo, DST-correct);
recurring work schedules its next run itself.
That keeps APScheduler's cron arithmetic (and its DST bugs) out of the picture and lets
the sandbox's simulated clock drive everything.

A job that plans its own next run may name the id it is running under (a check-in
prompt that failed today plans today again at its retry time). APScheduler refuses a
second instance of a running job and drops it silently ("maximum number of running
instances reached"), so ``schedule_at`` holds such a plan back and adds it the moment
the running instance ends: no job is ever lost to its own id.

The scheduler starts paused (``bot/app.py``): nothing that posts runs before the server
and its channels are known. ``release`` starts it once they are; overdue jobs then run
in due order.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from typing import Any

import apscheduler.schedulers.base as _aps_base
from apscheduler.events import (
    EVENT_ALL_JOBS_REMOVED,
    EVENT_JOB_ADDED,
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    EVENT_JOB_REMOVED,
    JobEvent,
    JobExecutionEvent,
    SchedulerEvent,
)
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.kernel.clock import Clock
from bot.kernel.log_ids import scrubbed_job

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
        # Plans made for a job id while that job runs, added when it ends.
        self._held: dict[str, tuple[datetime, Callable[..., Awaitable[Any]], tuple[Any, ...],
                                    dict[str, Any]]] = {}
        # The ids of the jobs in the job store, sorted, so the jobs under a prefix are
        # found without listing every job: a check-in prompt replans its participant
        # after it fires, and a scan per prompt grows with the square of the program.
        self._stored_ids: list[str] = []
        self.add_listener(self._on_job_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.add_listener(self._on_job_end, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        self.add_listener(
            self._on_job_stored, EVENT_JOB_ADDED | EVENT_JOB_REMOVED | EVENT_ALL_JOBS_REMOVED
        )

    def release(self) -> None:
        """Start running jobs (the server is known); idempotent."""
        if not self.running:
            self.start()
        elif self.state == _aps_base.STATE_PAUSED:
            self.resume()

    def is_running_job(self, job_id: str) -> bool:
        executor = self._executors.get("default")
        instances = getattr(executor, "_instances", {})
        return bool(instances.get(job_id))

    def drop_held(self, prefix: str, keep: Iterable[str] = ()) -> None:
        """Forget plans held for running jobs under ``prefix`` (a replan wants others)."""
        kept = set(keep)
        for job_id in [j for j in self._held if j.startswith(prefix) and j not in kept]:
            del self._held[job_id]

    def _on_job_stored(self, event: SchedulerEvent) -> None:
        if not isinstance(event, JobEvent):  # all jobs removed
            self._stored_ids.clear()
            return
        ids = self._stored_ids
        at = bisect_left(ids, event.job_id)
        present = at < len(ids) and ids[at] == event.job_id
        if event.code == EVENT_JOB_ADDED and not present:
            ids.insert(at, event.job_id)
        elif event.code == EVENT_JOB_REMOVED and present:
            del ids[at]

    def _ids_with_prefix(self, prefix: str) -> list[str]:
        ids = self._stored_ids
        at = bisect_left(ids, prefix)
        found = []
        while at < len(ids) and ids[at].startswith(prefix):
            found.append(ids[at])
            at += 1
        return found

    def _on_job_end(self, event: JobExecutionEvent) -> None:
        held = self._held.pop(event.job_id, None)
        if held is not None:
            when, func, args, kwargs = held
            self.schedule_at(event.job_id, when, func, *args, **kwargs)

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
                "scheduled job %s missed its run time %s",
                scrubbed_job(event.job_id), event.scheduled_run_time,
            )
            return
        # The exception's own text is the bot's; the job id may carry a participant key.
        log.error(
            "scheduled job %s (due %s) raised %r\n%s",
            scrubbed_job(event.job_id),
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
    ) -> Job | None:
        """Run ``func(*args, **kwargs)`` once at ``when``; replaces a job with the same id.
        Planned from inside the running job of that id: added when that run ends (None)."""
        if when.tzinfo is None:
            raise ValueError(f"job {job_id}: the due instant must be timezone-aware")
        if self.is_running_job(job_id):
            self._held[job_id] = (when, func, args, kwargs)
            return None
        self._held.pop(job_id, None)
        return self.add_job(
            func,
            trigger=DateTrigger(run_date=when.astimezone(UTC)),
            id=job_id,
            # APScheduler's own log lines (a skipped or missed run) show the name.
            name=scrubbed_job(job_id),
            args=args,
            kwargs=kwargs,
            replace_existing=True,
        )

    def remove_jobs_with_prefix(self, prefix: str) -> int:
        """Remove every job whose id starts with ``prefix``; return how many."""
        removed = 0
        for held in [job_id for job_id in self._held if job_id.startswith(prefix)]:
            del self._held[held]
        if self.state == _aps_base.STATE_STOPPED:
            # Not started: jobs wait in APScheduler's pending list, not in the store.
            for job in self.get_jobs():
                if job.id.startswith(prefix):
                    job.remove()
                    removed += 1
            return removed
        for job_id in self._ids_with_prefix(prefix):
            try:
                self.remove_job(job_id)
            except JobLookupError:
                continue
            removed += 1
        return removed

    def next_due(self) -> datetime | None:
        """The earliest next run time of any job (the sandbox steps its clock to it)."""
        times = [job.next_run_time for job in self.get_jobs() if job.next_run_time is not None]
        times += [when for when, *_ in self._held.values()]
        return min(times) if times else None
