"""The daily skill: posted once a day at the program's 09:00, never twice, never lost."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
import pytest_asyncio

from bot.coping.daily import DailySkill, daily_key
from bot.coping.domain.library import Skill, load_library
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.scheduling import ClockedScheduler

LIBRARY = load_library()
DAY = date(2026, 12, 7)


class Channel:
    """Stands in for the check-in channel: records what was posted."""

    def __init__(self) -> None:
        self.posts: list[tuple[date, str]] = []
        self.channels: list[str | None] = []

    async def post(self, skill: Skill, day: date, channel: str | None) -> int:
        await asyncio.sleep(0)  # a real send yields to the loop; let a rival run meanwhile
        self.posts.append((day, skill.id))
        self.channels.append(channel)
        return 1000 + len(self.posts)


@pytest_asyncio.fixture
async def scheduler() -> AsyncIterator[ClockedScheduler]:
    sched = ClockedScheduler(SimulatedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    sched.start(paused=True)  # jobs are inspected here, not run
    yield sched
    sched.shutdown(wait=False)


def make(
    db: Database, scheduler: ClockedScheduler, at: datetime
) -> tuple[DailySkill, SimulatedClock, Channel]:
    clock = SimulatedClock(at)
    scheduler.clock = clock
    daily = DailySkill(db, clock, lambda: LIBRARY, scheduler=scheduler, rng=random.Random(3))
    channel = Channel()
    daily.poster = channel.post
    return daily, clock, channel


def job_times(scheduler: ClockedScheduler) -> dict[str, datetime]:
    return {
        job.id: job.trigger.run_date for job in scheduler.get_jobs() if job.id.startswith("coping")
    }


@pytest.mark.asyncio
async def test_the_daily_skill_posts_once_even_when_the_job_runs_twice(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, clock, channel = make(db, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert await daily.post(DAY) is True
    assert await daily.post(DAY) is False
    assert len(channel.posts) == 1
    # Two runs at the same moment (a replan racing the job) still post once.
    clock.advance(timedelta(days=1))
    results = await asyncio.gather(*(daily.post(DAY + timedelta(days=1)) for _ in range(3)))
    assert sorted(results) == [False, False, True]
    assert [day for day, _ in channel.posts] == [DAY, DAY + timedelta(days=1)]
    assert await deliveries.is_settled(db, daily_key(DAY))


@pytest.mark.asyncio
async def test_after_posting_the_next_day_is_scheduled_at_nine(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, _, _ = make(db, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    await daily.post(DAY)
    assert job_times(scheduler) == {
        "coping:daily:2026-12-08": datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    }


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("hour", "job", "due"),
    [
        (7, "coping:daily:2026-12-07", datetime(2026, 12, 7, 9, 0, tzinfo=UTC)),
        # Back up at 10:30 after an outage: today's skill still goes out, now.
        (10, "coping:daily:2026-12-07", datetime(2026, 12, 7, 10, 30, tzinfo=UTC)),
        # At 15:30 it would be noise: today is skipped, tomorrow is planned.
        (15, "coping:daily:2026-12-08", datetime(2026, 12, 8, 9, 0, tzinfo=UTC)),
    ],
)
async def test_planning_at_start_up(
    db: Database, scheduler: ClockedScheduler, hour: int, job: str, due: datetime
) -> None:
    daily, _, channel = make(db, scheduler, datetime(2026, 12, 7, hour, 30, tzinfo=UTC))
    await daily.plan()
    assert job_times(scheduler) == {job: due}
    assert channel.posts == []


@pytest.mark.asyncio
async def test_a_restart_after_the_post_does_not_post_again(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, clock, channel = make(db, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    await daily.post(DAY)
    clock.advance(timedelta(minutes=30))
    restarted, _, again = make(db, scheduler, clock.now())
    await restarted.plan()
    assert list(job_times(scheduler)) == ["coping:daily:2026-12-08"]
    assert await restarted.post(DAY) is False
    assert again.posts == [] and len(channel.posts) == 1


@pytest.mark.asyncio
async def test_the_daily_skill_does_not_repeat_for_weeks(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, clock, channel = make(db, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    for n in range(30):
        await daily.post(DAY + timedelta(days=n))
        clock.advance(timedelta(days=1))
    skills = [skill for _, skill in channel.posts]
    assert len(skills) == 30 == len(set(skills))


@pytest.mark.asyncio
async def test_a_failed_post_is_recorded_and_tomorrow_still_planned(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, _, _ = make(db, scheduler, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))

    async def broken(skill: Skill, day: date, channel: str | None) -> int:
        raise RuntimeError("Discord is down")

    daily.poster = broken
    assert await daily.post(DAY) is False
    assert await deliveries.count_by_status(db, "coping_daily") == {"failed": 1}
    assert list(job_times(scheduler)) == ["coping:daily:2026-12-08"]


@pytest.mark.asyncio
async def test_facilitators_set_the_time_and_channel_or_turn_it_off(
    db: Database, scheduler: ClockedScheduler
) -> None:
    daily, clock, channel = make(db, scheduler, datetime(2026, 12, 7, 6, 0, tzinfo=UTC))
    await daily.configure(at=time(7, 30), channel="1234")
    assert job_times(scheduler) == {
        "coping:daily:2026-12-07": datetime(2026, 12, 7, 7, 30, tzinfo=UTC)
    }
    await daily.post(DAY)
    assert channel.channels == ["1234"]
    # A restart keeps the setting; "off" stops it, and no job is left behind.
    restarted, _, _ = make(db, scheduler, clock.now())
    await restarted.load_settings()
    assert restarted.at == time(7, 30) and restarted.channel == "1234"
    await restarted.configure(at=None, channel=None)
    assert job_times(scheduler) == {}
    again, _, _ = make(db, scheduler, clock.now())
    await again.load_settings()
    assert again.at is None and again.channel == "1234"
