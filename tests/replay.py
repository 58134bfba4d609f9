"""Replaying a ClockedScheduler's jobs in tests, without a sandbox."""

from __future__ import annotations

from datetime import datetime

from bot.kernel.clock import SimulatedClock
from bot.kernel.scheduling import ClockedScheduler


async def replay_jobs_until(
    scheduler: ClockedScheduler, clock: SimulatedClock, until: datetime
) -> None:
    """Run every job due by ``until`` in time order, each at its own due instant (the
    clock set to it), including jobs those jobs schedule; then move the clock to ``until``.
    """
    while True:
        due = [
            job
            for job in scheduler.get_jobs()
            if job.next_run_time is not None and job.next_run_time <= until
        ]
        if not due:
            break
        job = min(due, key=lambda j: (j.next_run_time, j.id))
        clock.set(max(job.next_run_time, clock.now()))
        job.remove()
        await job.func(*job.args, **job.kwargs)
    clock.set(until)
