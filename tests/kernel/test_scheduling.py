import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.kernel.clock import SimulatedClock
from bot.kernel.log_ids import person
from bot.kernel.scheduling import ClockedScheduler

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


async def _until(condition: object, rounds: int = 200) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never became true")


@pytest.mark.asyncio
async def test_job_fires_when_the_simulated_clock_reaches_it() -> None:
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    seen: list[tuple[str, datetime]] = []

    async def remind(who: str) -> None:
        seen.append((who, clock.now()))

    scheduler.start()
    try:
        scheduler.schedule_at("reminder:alex:1", START + timedelta(hours=1), remind, "alex")
        assert scheduler.next_due() == START + timedelta(hours=1)
        scheduler.wakeup()
        for _ in range(20):
            await asyncio.sleep(0)
        assert seen == []

        clock.set(START + timedelta(hours=1))
        scheduler.wakeup()
        await _until(lambda: seen)
        assert seen == [("alex", START + timedelta(hours=1))]
        assert scheduler.get_jobs() == []
        assert scheduler.next_due() is None
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.asyncio
async def test_stable_ids_replace_instead_of_piling_up() -> None:
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)

    async def noop() -> None:
        return None

    scheduler.start()
    try:
        for minutes in (10, 20, 30):
            scheduler.schedule_at("checkin:alex", START + timedelta(minutes=minutes), noop)
        jobs = scheduler.get_jobs()
        assert [job.id for job in jobs] == ["checkin:alex"]
        assert jobs[0].next_run_time == START + timedelta(minutes=30)
        scheduler.schedule_at("checkin:sam", START + timedelta(minutes=5), noop)
        assert scheduler.remove_jobs_with_prefix("checkin:") == 2
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.asyncio
async def test_a_job_due_while_the_bot_was_down_still_runs() -> None:
    """No misfire window: the job decides itself whether it is too late."""
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    ran: list[datetime] = []

    async def job() -> None:
        ran.append(clock.now())

    scheduler.schedule_at("late", START - timedelta(hours=3), job)
    scheduler.start()
    try:
        await _until(lambda: ran)
        assert ran == [START]
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.asyncio
async def test_a_failing_job_is_logged_with_its_id_without_naming_the_person(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)

    async def broken() -> None:
        raise RuntimeError("the DM could not be built")

    scheduler.start()
    try:
        with caplog.at_level(logging.ERROR, logger="bot.kernel.scheduling"):
            scheduler.schedule_at("checkin-prompt:sam:2026-12-07", START, broken)
            await _until(lambda: scheduler.failures == 1)
        messages = [r.getMessage() for r in caplog.records if r.name == "bot.kernel.scheduling"]
        # The participant key "sam" is a name: the log follows the job by a pseudonym.
        shown = f"checkin-prompt:{person('sam')}:2026-12-07"
        assert any(shown in m and "the DM could not be built" in m for m in messages)
        assert not any("sam" in m for m in messages)
    finally:
        scheduler.shutdown(wait=False)


@pytest.mark.asyncio
async def test_apschedulers_own_lines_about_a_job_do_not_name_the_person() -> None:
    async def job() -> None:
        pass

    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    scheduler.start()
    try:
        planned = scheduler.schedule_at("reminder:sam:2026-12-07T23:00", START + timedelta(1), job)
        # A skipped or missed run is logged by APScheduler with str(job).
        assert planned is not None and "sam" not in str(planned)
        assert scheduler.get_job("reminder:sam:2026-12-07T23:00") is not None  # the id is kept
    finally:
        scheduler.shutdown(wait=False)


def test_naive_due_time_is_refused() -> None:
    scheduler = ClockedScheduler(SimulatedClock(START))

    async def noop() -> None:
        return None

    with pytest.raises(ValueError, match="timezone-aware"):
        scheduler.schedule_at("x", datetime(2026, 12, 7, 9, 0), noop)


@pytest.mark.asyncio
async def test_removing_one_participants_jobs_leaves_everyone_elses() -> None:
    clock = SimulatedClock(START)
    scheduler = ClockedScheduler(clock)
    ran: list[str] = []

    async def job(name: str) -> None:
        ran.append(name)

    scheduler.start(paused=True)
    try:
        for who in ("alex", "alex2", "sam"):
            for day in (1, 2):
                scheduler.schedule_at(f"prompt:{who}:{day}", START + timedelta(days=day), job, who)
        # Planned again under the same id: still one job.
        scheduler.schedule_at("prompt:sam:1", START + timedelta(hours=5), job, "sam")
        assert scheduler.remove_jobs_with_prefix("prompt:alex:") == 2
        assert sorted(j.id for j in scheduler.get_jobs()) == [
            "prompt:alex2:1", "prompt:alex2:2", "prompt:sam:1", "prompt:sam:2",
        ]
        # A job that ran is gone from the store, and from what a removal finds.
        clock.set(START + timedelta(hours=5))
        scheduler.resume()
        await _until(lambda: ran == ["sam"])
        await _until(lambda: "prompt:sam:1" not in {j.id for j in scheduler.get_jobs()})
        assert scheduler.remove_jobs_with_prefix("prompt:sam:") == 1
        assert scheduler.remove_jobs_with_prefix("prompt:alex2:") == 2
        assert scheduler.get_jobs() == []
        scheduler.remove_all_jobs()
        scheduler.schedule_at("prompt:riley:1", START + timedelta(days=1), job, "riley")
        assert scheduler.remove_jobs_with_prefix("prompt:riley:") == 1
    finally:
        scheduler.shutdown(wait=False)
