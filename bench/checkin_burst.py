"""200 participants answering their check-in at the same moment, through the service.

Run: ``python -m bench.checkin_burst [--participants N]``. Each participant sends a
full set of answers and presses "Done" at once, against a real SQLite database (WAL,
on disk, in a temporary folder). Measured: the time from the answer call to its
committed row, per participant. Afterwards every row is read back: ``lost`` counts
participants whose answers are missing or differ. Prints, last, one line:
``checkin_burst participants=N p50_ms=... p99_ms=... lost=0``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import discord

from bot.checkins.domain.checkin import DayCheckin
from bot.checkins.domain.checkin_questions import load_checkin_config
from bot.checkins.reports import Digest
from bot.checkins.service import CheckinService
from bot.checkins.storage import checkins as checkin_db
from bot.continuity.alumni import AlumniRoster
from bot.coping.checkin_offer import CheckinOffers
from bot.crisis.domain.crisis import detect_crisis
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.privacy.service import PrivacyService
from bot.program.domain.schedule import Participant
from bot.program.service import ProgramService

NOW = datetime.fromisoformat("2026-12-08T02:00:00+00:00")  # 20:00 in Chicago
ZONES = ("America/Chicago", "Europe/London", "Australia/Sydney", "America/New_York")


class NoMedication:
    """Nobody in the burst has medication reminders (the ``MedicationAdherence`` port)."""

    async def adherence_line(self, participant_key: str) -> str:
        return ""

    async def add_to_digest(self, embed: discord.Embed) -> None:
        return None


class NullOutlet:
    """Discord is not part of this measurement: sends cost nothing here."""

    async def send_prompt(
        self, user_id: int, participant: Participant, day: date, existing: DayCheckin | None
    ) -> int:
        return 1

    async def find_member(self, participant: Participant) -> int | None:
        return None

    async def send_dm(self, user_id: int, text: str) -> int:
        return 1

    async def alert_facilitators(self, text: str) -> None:
        return None

    async def open_thread(self, day: date, name: str, starter: str) -> int:
        return 1

    async def post_in_thread(self, thread_id: int, text: str) -> int:
        return 1

    async def edit_in_thread(self, thread_id: int, message_id: int, text: str) -> None:
        return None

    async def reply_in_thread(self, thread_id: int, message_id: int, text: str) -> int:
        return 1

    async def post_digest(self, digest: Digest) -> None:
        return None


def program_text(count: int) -> str:
    lines = [
        "[program]",
        'name = "Burst"',
        'timezone = "America/New_York"',
        "",
        "[[track]]",
        'name = "Evening"',
        "",
    ]
    for n in range(count):
        lines += [
            "[[participant]]",
            f'name = "p{n:04d}"',
            'track = "Evening"',
            f'timezone = "{ZONES[n % len(ZONES)]}"',
            "start = 2026-11-30",
            "weeks = 12",
            "",
        ]
    return "\n".join(lines)


def answers_for(n: int) -> dict[str, object]:
    return {
        "mood": str(n % 11),
        "craving": str((n * 7) % 11),
        "sleep": ("poor", "fair", "good")[n % 3],
        "medication": "yes",
        "used": "no",
        "halt": ["tired"] if n % 2 else [],
    }


async def run(count: int) -> tuple[list[float], int]:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "burst.db")
        await migrate(db)
        clock = SimulatedClock(NOW)
        scheduler = ClockedScheduler(clock)
        scheduler.start(paused=True)
        programs = ProgramService(db, guild_id=1)
        await programs.import_text(program_text(count), NOW)
        for n in range(count):
            await members.upsert(db, 10_000 + n, f"p{n:04d}", NOW, participant_key=f"p{n:04d}")
        service = CheckinService(
            Planning(db, clock, scheduler, programs),
            outlet=NullOutlet(),
            config=load_checkin_config(),
            consent=PrivacyService(db=db, clock=clock, providers=()),
            detect_crisis=detect_crisis,
            alumni=AlumniRoster(db),
            offers=CheckinOffers(),
            medication=NoMedication(),
        )
        await service.start()
        people = [await programs.participant(f"p{n:04d}") for n in range(count)]
        gate = asyncio.Event()

        async def one(n: int, participant: Participant) -> float:
            await gate.wait()
            started = time.perf_counter()
            await service.record_answers(participant, None, answers_for(n))
            elapsed = time.perf_counter() - started
            await service.finish(participant, None)
            return elapsed

        tasks = [asyncio.create_task(one(n, p)) for n, p in enumerate(people) if p is not None]
        await asyncio.sleep(0)
        gate.set()  # everyone at the same moment
        timings = await asyncio.gather(*tasks)
        lost = 0
        for n, participant in enumerate(people):
            assert participant is not None
            rows = await checkin_db.for_participant(db, participant.key)
            expected = answers_for(n)
            if (
                len(rows) != 1
                or rows[0].finished_at is None
                or rows[0].checkin.answers["mood"] != int(str(expected["mood"]))
            ):
                lost += 1
        scheduler.shutdown(wait=False)
        await db.close()
        return list(timings), lost


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    args = parser.parse_args()
    timings, lost = asyncio.run(run(args.participants))
    ms = [t * 1000 for t in timings]
    print(f"mean_ms={statistics.mean(ms):.1f} max_ms={max(ms):.1f}")
    print(
        f"checkin_burst participants={args.participants} p50_ms={percentile(ms, 0.5):.1f} "
        f"p99_ms={percentile(ms, 0.99):.1f} lost={lost}"
    )


if __name__ == "__main__":
    main()
