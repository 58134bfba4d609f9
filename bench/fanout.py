"""Reminder fan-out at Discord's limits: N participants, one session, one due instant.

    python -m bench.fanout --participants 2000
    python -m bench.fanout --participants 2000 --crisis 5 --fail-rate 0.1

Runs the real bot against the sandbox with Discord's rate limits on. Enrolment happens
before the clock starts (DM channels stored, welcomes recorded), so each reminder costs
one request and the floor is N / 50 seconds. With ``--crisis K``, K participants write a
crisis message to the bot in a DM while the fan-out runs (spread over it), and the time
until each is answered is measured; ``--fail-rate`` answers that fraction of REST
requests with 500/502 (half) or 429 (half) from the moment the fan-out starts. Prints,
last: ``fanout participants=N elapsed_s=... floor_s=... ratio=... first_s=... http429=0
lost=0 duplicated=0`` and, with --crisis, ``crisis_answer_s_max=... crisis_answer_s_p50=...``
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries, members
from bot.kernel.pacing import DISCORD_GLOBAL_LIMIT
from bot.program.domain.schedule import Participant, Program, Track, WeeklySession
from bot.sandbox.driver import Sandbox

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
SESSION = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # 18:00 New York
LEAD = timedelta(hours=1)


def program_for(names: list[str]) -> Program:
    session = WeeklySession(
        key="evening.process-group",
        title="Process group",
        kind="group",
        days=(0,),
        start=clock_time(18, 0),
        minutes=180,
    )
    return Program(
        name="Benchmark IOP",
        timezone="America/New_York",
        tracks=(Track("Evening", (session,)),),
        participants=tuple(
            Participant(
                name=n,
                track="Evening",
                timezone="America/Chicago",
                start=date(2026, 12, 7),
                weeks=1,
                reminders=(LEAD,),
            )
            for n in names
        ),
    )


async def enrol_quietly(sandbox: Sandbox, names: list[str]) -> None:
    """What enrolment leaves behind, written directly: the measurement starts after it."""
    bot: Any = sandbox.bot
    db = bot.db
    now = sandbox.clock.now()
    for name in names:
        user_id = sandbox.add_member(name, "participant", "America/Chicago")
        channel = sandbox.server.state.dm_channel(user_id)
        await members.upsert(db, user_id, name, now, participant_key=name)
        await members.set_dm_channel(db, user_id, channel.id)
        await deliveries.claim(db, f"welcome:{name}", "welcome", user_id, now, now)
        await deliveries.settle(db, f"welcome:{name}", "sent", now)
    await sandbox.settle()
    await bot.programs.import_program(program_for(names), now)
    await sandbox.settle()


CRISIS_TEXT = "i want to kill myself tonight, i have the pills ready"


async def run(participants: int, crisis: int = 0, fail_rate: float = 0.0) -> str:
    logging.basicConfig(level=logging.WARNING)
    names = [f"p{n:05d}" for n in range(participants)]
    with tempfile.TemporaryDirectory() as folder:
        sandbox = await Sandbox.start(
            database_path=Path(folder) / "bench.sqlite3", clock=SimulatedClock(START)
        )
        try:
            await enrol_quietly(sandbox, names)
            limited_before = sandbox.server.ratelimits.limited_count
            if fail_rate:
                plan = sandbox.server.faults.plan
                plan.rate_429, plan.rate_5xx = fail_rate / 2, fail_rate / 2
            asked: dict[str, float] = {}
            asked_index: dict[str, int] = {}
            answered: dict[str, float] = {}
            spacing = participants / DISCORD_GLOBAL_LIMIT / (crisis + 1)
            seen: dict[int, float] = {}
            first_at: float | None = None
            sandbox.clock.set(SESSION - LEAD)
            due_at = time.perf_counter()
            bot: Any = sandbox.bot
            bot.scheduler.wakeup()
            deadline = due_at + participants / DISCORD_GLOBAL_LIMIT * 3 + 30
            last_count = 0
            while time.perf_counter() < deadline:
                events = sandbox.events
                for index in range(last_count, len(events)):
                    event = events[index]
                    if event.kind == "message" and "Reminder:" in event.text:
                        seen[index] = time.perf_counter()
                        first_at = first_at or seen[index]
                    if event.kind == "message" and event.where.startswith("dm:"):
                        who = event.where.removeprefix("dm:")
                        if (
                            who in asked and who not in answered
                            and index > asked_index[who] and "Reminder:" not in event.text
                        ):
                            answered[who] = time.perf_counter()
                last_count = len(events)
                now = time.perf_counter()
                if len(asked) < crisis and now - due_at >= spacing * (len(asked) + 1):
                    who = names[len(asked) * 7 % participants]
                    asked_index[who] = len(sandbox.events)
                    sandbox.actions.dm(who, CRISIS_TEXT)
                    asked[who] = time.perf_counter()
                if len(seen) >= participants and len(answered) >= crisis:
                    break
                await asyncio.sleep(0.01)
            await sandbox.settle()
            sandbox.server.faults.plan.rate_429 = sandbox.server.faults.plan.rate_5xx = 0.0
            counts = Counter(
                e.where for e in sandbox.events if e.kind == "message" and "Reminder:" in e.text
            )
            waits = sorted(answered.get(w, float("inf")) - t for w, t in asked.items())
            elapsed = max(seen.values()) - due_at if seen else float("nan")
            first = (first_at - due_at) if first_at else float("nan")
            floor = participants / DISCORD_GLOBAL_LIMIT
            http429 = sandbox.server.ratelimits.limited_count - limited_before
            lost = participants - len(counts)
            duplicated = sum(c - 1 for c in counts.values() if c > 1)
        finally:
            await sandbox.stop()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak_rss_mib={peak_mib:.0f}")
    line = (
        f"fanout participants={participants} elapsed_s={elapsed:.2f} floor_s={floor:.2f} "
        f"ratio={elapsed / floor:.3f} first_s={first:.3f} http429={http429} "
        f"lost={lost} duplicated={duplicated}"
    )
    if crisis:
        line += (
            f" fail_rate={fail_rate:.2f} crisis_asked={len(waits)} "
            f"crisis_answer_s_max={waits[-1]:.2f} "
            f"crisis_answer_s_p50={waits[len(waits) // 2]:.2f}"
        )
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--crisis", type=int, default=0,
                        help="crisis messages written during the fan-out")
    parser.add_argument("--fail-rate", type=float, default=0.0,
                        help="fraction of REST requests failing (429 and 5xx) meanwhile")
    args = parser.parse_args()
    print(asyncio.run(run(args.participants, args.crisis, args.fail_rate)))


if __name__ == "__main__":
    main()
