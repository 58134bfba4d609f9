"""The alert storm (issue 15): 10 people each send 3 crisis DMs within 5 minutes.

Run: ``python -m bench.alert_storm [--people N] [--messages M] [--intervals K]``. The real
bot runs against the sandbox (Discord's rate limits on, windows 20 times shorter). Each
round, every person sends one crisis DM at the same moment (all in flight together);
rounds are two minutes apart. Then the simulated clock runs through K repeat intervals
with nobody pressing **I'm on it**. Measured: alerts opened, alerts posted, excerpts per
alert, repeats per interval, the re-alert jobs left scheduled, crisis replies sent, and
the real time the bot took. Prints, last, one line:
``alert_storm people=10 messages=3 alerts=10 posted=10 repeats_per_interval=10,10,10
jobs=10 replies=30 seconds=...``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.crisis import storage as alerts_db
from bot.crisis.service import JOB_PREFIX, REALERT_MINUTES
from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox
from bot.sandbox.ratelimit import RateLimitPolicy

START = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
MESSAGES = (
    "i want to kill myself",
    "i took 30 of my sleeping pills",
    "i'm going to end it tonight",
    "i want to end my life",
    "i have a plan to kill myself tonight",
)


@dataclass(frozen=True)
class StormFigures:
    people: int
    messages: int
    alerts: int  # distinct alerts opened
    posted: int  # first posts in #facilitators
    excerpts: list[int]  # messages recorded per alert
    repeats_per_interval: list[int]
    jobs: int  # re-alert jobs still scheduled
    replies: int  # crisis replies DMed to the people
    failed_jobs: int  # scheduler jobs that raised or were missed
    seconds: float


async def run_storm(
    directory: Path, people: int = 10, messages: int = 3, intervals: int = 3
) -> StormFigures:
    clock = SimulatedClock(START)
    sandbox = await Sandbox.start(
        database_path=directory / "storm.sqlite3",
        clock=clock,
        ratelimits=RateLimitPolicy(scale=0.05),
    )
    try:
        names = [f"p{n}" for n in range(people)]
        sandbox.add_member("rivera", "facilitator")
        for name in names:
            sandbox.add_member(name, "participant", "America/New_York")
        await sandbox.settle()
        began = time.perf_counter()
        for round_number in range(messages):
            for name in names:
                sandbox.actions.dm(name, MESSAGES[round_number % len(MESSAGES)])
            await sandbox.settle()
            if round_number < messages - 1:
                await sandbox.advance(timedelta(minutes=2))
        seconds = time.perf_counter() - began
        facilitators = [e for e in sandbox.events if e.where == "#facilitators"]
        firsts = [e for e in facilitators if e.kind == "message" and "Crisis alert #" in e.text]
        replies = sum(
            1
            for e in sandbox.events
            if e.kind == "message" and e.where.startswith("dm:p") and "988" in e.text
        )
        repeats: list[int] = []
        for _ in range(intervals):
            before = len(sandbox.events)
            await sandbox.advance(timedelta(minutes=REALERT_MINUTES))
            repeats.append(
                sum(
                    1
                    for e in sandbox.events[before:]
                    if e.kind == "message" and "Still unacknowledged" in e.text
                )
            )
        bot = sandbox.bot
        db = bot.db  # type: ignore[attr-defined]
        open_rows = await alerts_db.open_alerts(db)
        excerpts = [len(await alerts_db.messages_of(db, row.id)) for row in open_rows]
        scheduler = bot.scheduler  # type: ignore[attr-defined]
        jobs = [j for j in scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)]
        return StormFigures(
            people=people,
            messages=messages,
            alerts=len(open_rows),
            posted=len(firsts),
            excerpts=excerpts,
            repeats_per_interval=repeats,
            jobs=len(jobs),
            replies=replies,
            failed_jobs=scheduler.failures,
            seconds=seconds,
        )
    finally:
        await sandbox.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--intervals", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        figures = asyncio.run(
            run_storm(Path(directory), args.people, args.messages, args.intervals)
        )
    print(
        f"alert_storm people={figures.people} messages={figures.messages} "
        f"alerts={figures.alerts} posted={figures.posted} "
        f"excerpts_per_alert={min(figures.excerpts, default=0)}-{max(figures.excerpts, default=0)} "
        f"repeats_per_interval={','.join(map(str, figures.repeats_per_interval))} "
        f"jobs={figures.jobs} failed_jobs={figures.failed_jobs} replies={figures.replies} "
        f"seconds={figures.seconds:.2f}"
    )


if __name__ == "__main__":
    main()
