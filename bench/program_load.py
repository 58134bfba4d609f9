"""Loading a large program into the sandbox: members join, the program is stored, every
participant is enrolled and welcomed.

Run: ``python -m bench.program_load [--participants N] [--paced]``. Builds a program of
N participants (default 10,000) in five zones, starts the sandbox and the real bot on a
new database, and times the three phases the script runner's ``--program`` goes through:
members joining (GUILD_MEMBER_ADD each), the import (store, plan reminders, enrol: link
each participant to their member and send the welcome and privacy notice), and settling.

By default Discord's rate limits are off and the bot's pacer is opened, so the figure is
the work the sandbox and the bot do per participant (a lookup that scans the member list
shows up here as quadratic time). With ``--paced`` both stay as on Discord: the welcome
DMs then take at least requests / 45 per second, as they would on Discord itself.

Prints, last: ``program_load participants=N join_s=... import_s=... total_s=...
requests=... paced=no``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.app import CompanionBot
from bot.kernel.clock import SimulatedClock
from bot.kernel.pacing import Pacer
from bot.program.domain.schedule import Participant, Program, Track, WeeklySession
from bot.sandbox.demo import program_members
from bot.sandbox.driver import Sandbox
from bot.sandbox.ratelimit import RateLimitPolicy

ZONES = ("America/Chicago", "America/New_York", "Europe/London", "Australia/Sydney",
         "America/Los_Angeles")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def big_program(participants: int) -> Program:
    group = WeeklySession(
        key="evening.process-group", title="Process group", kind="group",
        days=(0, 2, 3), start=datetime(2026, 1, 1, 18, 0).time(), minutes=180,
    )
    people = tuple(
        Participant(name=f"p{i:05d}", track="Evening", timezone=ZONES[i % len(ZONES)],
                    start=date(2026, 12, 7), weeks=8)
        for i in range(participants)
    )
    return Program(name="Large IOP", timezone="America/New_York",
                   tracks=(Track("Evening", (group,)),), participants=people)


async def run(participants: int, paced: bool) -> dict[str, float]:
    program = big_program(participants)
    with tempfile.TemporaryDirectory() as folder:
        limits = None if paced else RateLimitPolicy(enabled=False)
        sandbox = await Sandbox.start(database_path=Path(folder) / "big.sqlite3",
                                      clock=SimulatedClock(START), ratelimits=limits)
        bot = sandbox.bot
        assert isinstance(bot, CompanionBot)
        try:
            if not paced:
                bot.messenger.pacer = Pacer(limit=10**9, burst=10**9)
            began = time.perf_counter()
            for member in program_members(program):
                sandbox.add_member(member.name, member.role, member.timezone)
            await sandbox.settle()
            joined = time.perf_counter()
            await bot.programs.import_program(program, START)
            await sandbox.settle()
            done = time.perf_counter()
            welcomed = sum(1 for e in sandbox.events if e.kind == "message"
                           and e.where.startswith("dm:") and "Welcome" in e.text)
            if welcomed != participants:
                raise SystemExit(f"only {welcomed} of {participants} participants were welcomed")
            return {"join_s": joined - began, "import_s": done - joined,
                    "total_s": done - began, "requests": sandbox.server.request_count}
        finally:
            await sandbox.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--paced", action="store_true",
                        help="keep Discord's rate limits and the bot's pacer")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    figures = asyncio.run(run(args.participants, args.paced))
    print(
        f"program_load participants={args.participants} join_s={figures['join_s']:.1f} "
        f"import_s={figures['import_s']:.1f} total_s={figures['total_s']:.1f} "
        f"requests={figures['requests']:.0f} paced={'yes' if args.paced else 'no'}"
    )
