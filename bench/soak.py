"""The fault soak: a whole program in the sandbox at simulated speed, with Discord going
wrong in every way it does, and one figure for what was lost or sent twice.

    python -m bench.soak --days 28 --participants 200

What runs: participants in three time zones with a weekly schedule (two group sessions
a week, two reminders each), a daily check-in prompt at 20:00 their time and some of
them answered, medication reminders for every tenth participant, the daily skill and
the facilitators' digest, an agenda composed for every session, crisis messages in DMs
(two a day: the first acknowledged by a facilitator at once, the second left to repeat
for two hours), a reach-out request a day, a closed day and a cancelled session in the
program file and another of each made by a facilitator on the second day. Faults:
``--fault-rate`` of REST requests answered 429 or 5xx (half each; the 5xx are 500 and
502, which discord.py retries itself, and 503, which reaches the bot's own retries),
the gateway dropped every 6 simulated hours, a RESUME refused once a week, a clean
restart every simulated day and a hard kill (in-flight sends cut off, their answers
lost) twice a week, in the middle of a reminder fan-out, with answers 5 ms slow.

Discord's limits run on the sandbox's Discord clock ten times as fast as real time, and
the pacer with them (``LIMIT_SCALE``): the soak is about what arrives, not about pacing
(bench.fanout measures that at Discord's real limits). What the program owed is computed
from the program's terms and the script of events (``bench.soak_owed``), not from the
bot's records; what was delivered is read from the sandbox Discord's own log. Prints,
last: ``soak days=D participants=N owed=... delivered=... lost=... duplicated=...
repeated_after_kill=... kills=... late_p99_s=... invalid_requests_per_10min_max=...
wall_s=...``
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.soak_owed import (
    CRISIS_TEXT,
    FIRST_DAY,
    LATER_CANCELLED,
    LATER_CLOSED,
    MEDICATION_AT,
    REQUEST_TEXT,
    SESSION_KEY,
    START,
    Script,
    names_for,
    owed_count,
    program_text,
    sessions,
    tally,
)
from bot.kernel.clock import SimulatedClock
from bot.kernel.pacing import DEFAULT_WINDOW
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.faults import FaultPlan
from bot.sandbox.ratelimit import RateLimitPolicy

log = logging.getLogger(__name__)
TRACE: list[float] = []
NY_MIDNIGHT = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
DAILY_RESTART = timedelta(hours=8)
GATEWAY_DROPS = tuple(timedelta(hours=h) for h in (4, 10, 16, 22))
KILL_WEEKDAYS = (0, 3)  # in the middle of the 1 h reminder fan-out before each session
KILL_AT = timedelta(hours=17)  # 17:00 New York: the reminders an hour before the session
KILL_AT_PROMPTS = timedelta(hours=20)  # when the session is off: New York's check-ins
CRISIS_TIMES = (timedelta(hours=11), timedelta(hours=21))  # 11:00 and 21:00 New York
TAKEN_AFTER = timedelta(hours=2)  # the second crisis of a day is taken this much later
REQUEST_AT = timedelta(hours=15)
ANSWER_AT = timedelta(hours=21, minutes=30)  # New York's check-ins, answered
CHANGES_AT = timedelta(days=1, hours=10)  # a facilitator cancels one session, closes a day
KILL_LATENCY = 0.005  # seconds each answer takes while a kill's fan-out runs
LIMIT_SCALE = 0.1


def quicken(sandbox: Sandbox) -> None:
    bot: Any = sandbox.bot
    bot.pacer.window = DEFAULT_WINDOW * LIMIT_SCALE


class calm:
    """No injected REST faults meanwhile: a start-up that survives a failed command sync
    is the start-up work's (issue 22), not what this soak measures."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.plan = sandbox.server.faults.plan
        self.rates = (self.plan.rate_429, self.plan.rate_5xx)

    def __enter__(self) -> None:
        self.plan.rate_429 = self.plan.rate_5xx = 0.0

    def __exit__(self, *exc: object) -> None:
        self.plan.rate_429, self.plan.rate_5xx = self.rates


class Soak:
    def __init__(self, sandbox: Sandbox, script: Script, rng: random.Random) -> None:
        self.sandbox = sandbox
        self.script = script
        self.names = script.names
        self.rng = rng
        self.kills: list[datetime] = []

    # ---- the faults -------------------------------------------------------------------
    async def ready(self) -> None:
        """Wait (real time) until the bot is connected and ready again."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            bot: Any = self.sandbox.bot
            if self.sandbox.server.gateway.connected and bot.is_ready():
                await self.sandbox.settle()
                return
            await asyncio.sleep(0.005)
        raise RuntimeError("the bot did not reconnect within 30 s")

    async def drop_gateway(self, refuse_resume: bool) -> None:
        plan = self.sandbox.server.faults.plan
        plan.refuse_resume = refuse_resume
        await self.sandbox.server.gateway.drop()
        await self.ready()
        plan.refuse_resume = False

    async def hard_kill(self, at: datetime) -> None:
        """Cut the bot off in the middle of the fan-out due at ``at``."""
        sandbox = self.sandbox
        plan = sandbox.server.faults.plan
        plan.latency = KILL_LATENCY  # answers slow enough to leave sends on the wire
        sandbox.clock.set(at)
        bot: Any = sandbox.bot
        bot.scheduler.wakeup()
        before = len(sandbox.events)
        deadline = time.monotonic() + 5
        while len(sandbox.events) - before < 3 and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        # What a SIGKILL leaves: the sends on the wire reach Discord, their answers and
        # everything after them are lost (the running jobs are cancelled mid-request).
        bot.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)
        self.kills.append(at)
        self.script.kill_marks.append(len(sandbox.events))
        await sandbox._stop_bot()
        plan.latency = 0.0
        with calm(sandbox):
            await sandbox._start_bot()
        quicken(sandbox)

    # ---- what people do -----------------------------------------------------------------
    async def as_a_person(
        self, attempt: Callable[[], Awaitable[None]], where: str, shows: str, tries: int = 3
    ) -> bool:
        """Do something through interactions; again (as a person would on "This
        interaction failed") until ``where`` shows ``shows``."""
        since = len(self.sandbox.events)
        for _ in range(tries):
            try:
                await attempt()
            except Exception as error:  # a button gone after a failed answer, and so on
                log.info("a person's action failed: %s", error)
            if any(e.where == where and shows in e.text for e in self.sandbox.events[since:]):
                return True
        return False

    async def crisis(self, acknowledge: bool) -> None:
        sandbox = self.sandbox
        who = self.rng.choice(self.names)
        self.script.crises.append((who, len(sandbox.events), sandbox.clock.now()))
        await sandbox.dm(who, CRISIS_TEXT)
        if acknowledge:
            await sandbox.advance(timedelta(minutes=2))
            await self.take()

    async def take(self) -> None:
        try:
            await self.sandbox.click("rivera", "I'm on it", "facilitators")
        except Exception as error:  # the button may be on an older alert
            log.warning("acknowledging failed: %s", error)

    async def request(self) -> None:
        sandbox = self.sandbox
        who = self.rng.choice(self.names)
        self.script.requests.append((who, len(sandbox.events), sandbox.clock.now()))
        await sandbox.dm(who, REQUEST_TEXT)
        await sandbox.advance(timedelta(minutes=5))
        await self.take()

    async def answer_checkins(self, offset: int) -> None:
        """A few New York participants answer today's check-in."""
        day = FIRST_DAY + timedelta(days=offset)
        for index, who in enumerate(self.names):
            if index % 3 or (index // 3) % 7 != offset % 7:
                continue

            async def answer(who: str = who) -> None:
                for option, question in (
                    ("6", "How is your mood right now?"),
                    ("2", "How strong is your craving right now?"),
                    ("Fair", "How did you sleep last night?"),
                    ("Yes", "Did you take your medication as prescribed?"),
                ):
                    await self.sandbox.select(who, option, question, channel="dm")
                await self.sandbox.click(who, "Next questions", "dm")
                await self.sandbox.select(
                    who, "No", "Have you used since your last check-in?", channel="dm"
                )
                await self.sandbox.select(
                    who, "Tired", "Are you feeling any of these right now? (pick any, or none)",
                    channel="dm",
                )
                await self.sandbox.click(who, "Done", "dm")

            saved = f"Check-in saved for {day:%A} {day.day} "
            self.script.answers.append((who, day, self.sandbox.clock.now()))
            await self.as_a_person(answer, f"dm:{who}", saved)

    async def change_schedule(self) -> None:
        """A facilitator cancels a session and closes a day, mid-run."""
        sandbox = self.sandbox
        self.script.changes_at = sandbox.clock.now()
        commands = (
            (f"/session cancel session:{SESSION_KEY}:{LATER_CANCELLED.isoformat()} "
             'reason:"Facilitator unwell"', "Cancelled **Process group**"),
            (f'/closure add day:{LATER_CLOSED.isoformat()} reason:"Staff training"',
             "closed on"),
        )
        for line, confirmed in commands:

            async def run(line: str = line) -> None:
                await sandbox.slash("rivera", line, "facilitators")

            if not await self.as_a_person(run, "#facilitators", confirmed):
                raise RuntimeError(f"the facilitator could not run {line}")

    async def prepare(self) -> None:
        """Before the clock runs (calm weather): consent, medication times, agendas."""
        sandbox = self.sandbox
        for name in self.names:
            await sandbox.click(name, "I agree", "dm")
        takers = self.names[::10]
        for name in takers:
            await sandbox.slash(name, f"/medication add time:{MEDICATION_AT[0]:02d}:00")
        self.script.medication_takers = takers
        self.script.medication_from = sandbox.clock.now()
        for day in sessions(self.script.days):
            if day in (LATER_CANCELLED, LATER_CLOSED):
                continue
            title = f"Agenda for {day:%d %B}"
            await sandbox.slash(
                "rivera", f"/agenda compose session:{SESSION_KEY}:{day.isoformat()}",
                "facilitators",
            )
            await sandbox.submit("rivera", {"title": title, "items": "Check-in\nSkills"})
            await sandbox.click("rivera", "Schedule", "facilitators")
            self.script.agendas[day] = title

    # ---- the run --------------------------------------------------------------------------
    def events(self, days: int) -> list[tuple[datetime, str]]:
        script: list[tuple[datetime, str]] = [(NY_MIDNIGHT + CHANGES_AT, "changes")]
        for offset in range(days):
            midnight = NY_MIDNIGHT + timedelta(days=offset)
            script += [(midnight + d, f"drop{offset}") for d in GATEWAY_DROPS]
            script.append((midnight + DAILY_RESTART, "restart"))
            day = FIRST_DAY + timedelta(days=offset)
            if day.weekday() in KILL_WEEKDAYS:
                held = day in sessions(days) and day not in (LATER_CANCELLED, LATER_CLOSED)
                script.append((midnight + (KILL_AT if held else KILL_AT_PROMPTS), "kill"))
            script.append((midnight + CRISIS_TIMES[0], "crisis-taken"))
            script.append((midnight + CRISIS_TIMES[1], "crisis-left"))
            script.append((midnight + CRISIS_TIMES[1] + TAKEN_AFTER, "take"))
            script.append((midnight + REQUEST_AT, "request"))
            script.append((midnight + ANSWER_AT, f"answer{offset}"))
        end = START + timedelta(days=days)
        return sorted((at, what) for at, what in script if START < at < end)

    async def run(self, days: int) -> None:
        sandbox = self.sandbox
        for at, what in self.events(days):
            if TRACE:
                print(f"{time.perf_counter() - TRACE[0]:7.1f}s {at:%a %H:%M} {what}")
            if what == "kill":
                await sandbox.advance_to(at - timedelta(seconds=1))
                await self.hard_kill(at)
                continue
            await sandbox.advance_to(at)
            if what.startswith("crisis"):
                await self.crisis(acknowledge=what == "crisis-taken")
            elif what == "take":
                await self.take()
            elif what == "request":
                await self.request()
            elif what == "changes":
                await self.change_schedule()
            elif what.startswith("answer"):
                await self.answer_checkins(int(what.removeprefix("answer")))
            elif what.startswith("drop"):
                weekly = int(what.removeprefix("drop")) % 7 == 2 and at.hour == 9
                await self.drop_gateway(refuse_resume=weekly)
            elif what == "restart":
                with calm(sandbox):
                    await sandbox.restart_bot()
                quicken(sandbox)
        await sandbox.advance_to(START + timedelta(days=days))


async def run(days: int, participants: int, fault_rate: float, seed: int) -> str:
    logging.basicConfig(level=logging.CRITICAL)
    began = time.perf_counter()
    names = names_for(participants)
    faults = FaultPlan(seed=seed, rate_429=fault_rate / 2, rate_5xx=fault_rate / 2,
                       server_errors=(500, 502, 503))
    with tempfile.TemporaryDirectory() as folder:
        clock = SimulatedClock(START)
        sandbox = await Sandbox.start(database_path=Path(folder) / "soak.sqlite3", clock=clock,
                                      ratelimits=RateLimitPolicy(scale=LIMIT_SCALE))
        quicken(sandbox)
        try:
            plan = sandbox.server.faults.plan
            plan.rate_429 = plan.rate_5xx = 0.0  # enrolment first, in calm weather
            await load_program(sandbox, parse_program(program_text(names, days)), clock.now())
            script = Script(names, days, START + timedelta(days=days))
            soak = Soak(sandbox, script, random.Random(seed))
            await soak.prepare()
            sandbox.server.faults.plan = faults
            sandbox.server.faults.reseed()
            await soak.run(days)
            if TRACE:
                print(f"{time.perf_counter() - TRACE[0]:7.1f}s soak done")
            plan = sandbox.server.faults.plan
            plan.rate_429 = plan.rate_5xx = 0.0
            await sandbox.advance(timedelta(minutes=30))  # retries still waiting
            ids = {name: sandbox.member_id(name) for name in names}
            result = tally(sandbox.events, script, ids)
            if TRACE:
                for item in result.lost_items:
                    print("lost", item)
            invalid = sandbox.server.ratelimits.invalid_max
            owed_total = owed_count(script)
            kills = len(soak.kills)
        finally:
            await sandbox.stop()
    late = sorted(result.late)
    p99 = late[min(len(late) - 1, int(len(late) * 0.99))] if late else 0.0
    return (
        f"soak days={days} participants={participants} owed={owed_total} "
        f"delivered={result.delivered} lost={result.lost} duplicated={result.duplicated} "
        f"repeated_after_kill={result.repeated} kills={kills} late_p99_s={p99:.0f} "
        f"invalid_requests_per_10min_max={invalid} wall_s={time.perf_counter() - began:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--fault-rate", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--trace", action="store_true",
                        help="print each scripted event and every loss")
    args = parser.parse_args()
    if args.trace:
        TRACE.append(time.perf_counter())
    print(asyncio.run(run(args.days, args.participants, args.fault_rate, args.seed)))


if __name__ == "__main__":
    main()
