"""The fault soak: a whole program in the sandbox at simulated speed, with Discord going
wrong in every way it does, and one figure for what was lost or sent twice.

    python -m bench.soak --days 28 --participants 200

What runs: participants in three time zones with a weekly schedule (two group sessions
a week, two reminders each), a daily check-in prompt at 20:00 their time, the daily
skill and the facilitators' digest, crisis messages in DMs (two a day; the first of each
day acknowledged by a facilitator, the second left to repeat), a closed day and a
cancelled session in the program file. Faults: ``--fault-rate`` of REST requests
answered 429 or 5xx (half each; the 5xx are 500, 502 and 503), every answer 5 ms slow,
the gateway dropped every 6 simulated hours, a RESUME refused once a week, a clean
restart every simulated day and a hard kill (in-flight sends cut off, their answers
lost) twice a week, in the middle of a reminder fan-out.

What the program owed is computed here from the program's own terms and the script of
events (not from the bot's records); what was delivered is read from the sandbox
Discord's own log. Reach-out requests, agendas, medication reminders and check-in
answers are not part of this soak (see README's delivery section). Prints, last:
``soak days=D participants=N owed=... delivered=... lost=... duplicated=...
repeated_after_kill=... late_p99_s=... invalid_requests_per_10min_max=... wall_s=...``
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.kernel.clock import SimulatedClock
from bot.kernel.pacing import DEFAULT_RATE
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.faults import FaultPlan
from bot.sandbox.ratelimit import RateLimitPolicy

TRACE: list[float] = []
START = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # Monday 06:00 in New York
FIRST_DAY = date(2026, 12, 7)
PROGRAM_ZONE = ZoneInfo("America/New_York")
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles")
SESSION_DAYS = (0, 3)  # Monday and Thursday
SESSION_AT = (18, 0)  # New York
LEADS = (timedelta(hours=24), timedelta(hours=1))
CHECKIN_HOUR = 20
CRISIS_TEXT = "i want to kill myself tonight, i have the pills ready"
TIMESTAMP = re.compile(r"<t:(\d+):F>")
DAILY_RESTART = timedelta(hours=13)  # 08:00 New York
GATEWAY_DROPS = (timedelta(hours=3), timedelta(hours=9), timedelta(hours=15),
                 timedelta(hours=21))
KILL_WEEKDAYS = (0, 3)  # in the middle of the 1 h reminder fan-out before each session
CRISIS_TIMES = (timedelta(hours=16), timedelta(hours=26))  # 11:00 and 21:00 New York


@dataclass(frozen=True)
class Owed:
    kind: str  # reminder, prompt, crisis-reply, crisis-alert
    who: str
    due: datetime
    mark: str  # what identifies it in the message (the session's start, the day)


def names_for(count: int) -> list[str]:
    return [f"p{n:04d}" for n in range(count)]


def program_text(names: list[str], days: int) -> tuple[str, date, tuple[date, datetime]]:
    """The program file, its closed day and its cancelled session (day, start)."""
    weeks = max(1, (days + 6) // 7)
    closed = FIRST_DAY + timedelta(days=10)  # a Thursday: its session is off
    cancelled_day = FIRST_DAY + timedelta(days=3)  # the first Thursday's session
    lines = [
        "[program]",
        'name = "Soak IOP"',
        'timezone = "America/New_York"',
        'reminders = ["24h", "1h"]',
        f'checkin_time = "{CHECKIN_HOUR}:00"',
        f"closed = [{closed.isoformat()}]",
        "[[track]]",
        'name = "Evening"',
        "[[track.session]]",
        'key = "group"',
        'title = "Process group"',
        'kind = "group"',
        'days = ["mon", "thu"]',
        'start = "18:00"',
        "minutes = 120",
    ]
    for index, name in enumerate(names):
        lines += [
            "[[participant]]",
            f'name = "{name}"',
            'track = "Evening"',
            f'timezone = "{ZONES[index % len(ZONES)]}"',
            f"start = {FIRST_DAY.isoformat()}",
            f"weeks = {weeks}",
        ]
    lines += ["[[facilitator]]", 'name = "rivera"']
    lines += ["[[cancel]]", 'session = "group"', f"date = {cancelled_day.isoformat()}",
              'reason = "Facilitator training"']
    start = datetime(cancelled_day.year, cancelled_day.month, cancelled_day.day, *SESSION_AT,
                     tzinfo=PROGRAM_ZONE).astimezone(UTC)
    return "\n".join(lines) + "\n", closed, (cancelled_day, start)


def owed_by_program(
    names: list[str], days: int, closed: date, cancelled: date, end: datetime
) -> list[Owed]:
    """Reminders and check-in prompts, from the program's terms alone."""
    owed: list[Owed] = []
    for index, name in enumerate(names):
        zone = ZoneInfo(ZONES[index % len(ZONES)])
        for offset in range(days + 1):
            day = FIRST_DAY + timedelta(days=offset)
            prompt = datetime(day.year, day.month, day.day, CHECKIN_HOUR, tzinfo=zone)
            if START < prompt <= end:
                owed.append(Owed("prompt", name, prompt.astimezone(UTC), f"{day:%A} {day.day}"))
            if day.weekday() in SESSION_DAYS and day not in (closed, cancelled):
                start = datetime(day.year, day.month, day.day, *SESSION_AT,
                                 tzinfo=PROGRAM_ZONE).astimezone(UTC)
                for lead in LEADS:
                    if START < start - lead <= end:
                        owed.append(Owed("reminder", name, start - lead,
                                         str(int(start.timestamp()))))
    return owed


LIMIT_SCALE = 0.1


def quicken(sandbox: Sandbox) -> None:
    bot: Any = sandbox.bot
    bot.pacer.rate = DEFAULT_RATE / LIMIT_SCALE


class calm:
    """No injected REST faults while the bot starts: a start-up that survives a failed
    command sync is the start-up work's (issue 22), not what this soak measures."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.plan = sandbox.server.faults.plan
        self.rates = (self.plan.rate_429, self.plan.rate_5xx)

    def __enter__(self) -> None:
        self.plan.rate_429 = self.plan.rate_5xx = 0.0

    def __exit__(self, *exc: object) -> None:
        self.plan.rate_429, self.plan.rate_5xx = self.rates


class Soak:
    def __init__(self, sandbox: Sandbox, names: list[str], rng: random.Random) -> None:
        self.sandbox = sandbox
        self.names = names
        self.rng = rng
        self.kills: list[datetime] = []
        self.kill_marks: list[int] = []  # event index at each kill
        self.crises: list[tuple[str, int, datetime]] = []

    async def ready(self) -> None:
        """Wait (real time) until the bot is connected and ready again."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            bot: Any = self.sandbox.bot
            if self.sandbox.server.gateway.connected and bot.is_ready():
                await self.sandbox.settle()
                return
            await asyncio.sleep(0.01)
        raise RuntimeError("the bot did not reconnect within 30 s")

    async def drop_gateway(self, refuse_resume: bool) -> None:
        plan = self.sandbox.server.faults.plan
        plan.refuse_resume = refuse_resume
        await self.sandbox.server.gateway.drop()
        await asyncio.sleep(0.05)
        await self.ready()
        plan.refuse_resume = False

    async def hard_kill(self, at: datetime) -> None:
        """Cut the bot off in the middle of the fan-out due at ``at``."""
        sandbox = self.sandbox
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
        self.kill_marks.append(len(sandbox.events))
        await sandbox._stop_bot()
        with calm(sandbox):
            await sandbox._start_bot()
        quicken(sandbox)

    async def crisis(self, at: datetime, acknowledge: bool) -> None:
        sandbox = self.sandbox
        await sandbox.advance_to(at)
        who = self.rng.choice(self.names)
        self.crises.append((who, len(sandbox.events), at))
        await sandbox.dm(who, CRISIS_TEXT)
        if acknowledge:
            await sandbox.advance(timedelta(minutes=2))
            try:
                await sandbox.click("rivera", "I'm on it")
            except Exception as error:  # the button may be on an older alert
                logging.getLogger(__name__).warning("acknowledging failed: %s", error)

    async def run(self, days: int) -> None:
        sandbox = self.sandbox
        for offset in range(days):
            midnight = datetime(2026, 12, 7, 5, 0, tzinfo=UTC) + timedelta(days=offset)
            script: list[tuple[datetime, str]] = []
            script += [(midnight + d, "drop") for d in GATEWAY_DROPS]
            script.append((midnight + DAILY_RESTART, "restart"))
            day = (FIRST_DAY + timedelta(days=offset))
            if day.weekday() in KILL_WEEKDAYS:
                # 17:00 New York: the fan-out of the reminders 1 h before the session.
                script.append((midnight + timedelta(hours=17), "kill"))
            script += [(midnight + t, f"crisis{n}") for n, t in enumerate(CRISIS_TIMES)]
            for at, what in sorted(script):
                if at <= sandbox.clock.now():
                    continue
                if TRACE:
                    print(f"{time.perf_counter() - TRACE[0]:7.1f}s {at:%a %H:%M} {what}")
                if what == "kill":
                    await sandbox.advance_to(at - timedelta(seconds=1))
                    await self.hard_kill(at)
                    continue
                if what.startswith("crisis"):
                    await self.crisis(at, acknowledge=what == "crisis0")
                    continue
                await sandbox.advance_to(at)
                if what == "drop":
                    await self.drop_gateway(refuse_resume=offset % 7 == 2 and at.hour == 8)
                elif what == "restart":
                    with calm(sandbox):
                        await sandbox.restart_bot()
                    quicken(sandbox)
        await sandbox.advance_to(START + timedelta(days=days))


def tally(
    sandbox: Sandbox, owed: list[Owed], soak: Soak
) -> tuple[int, int, int, int, list[float]]:
    """(delivered, lost, duplicated, repeated_after_kill, lateness in seconds)."""
    ids = {name: sandbox.member_id(name) for name in soak.names}
    dms: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for index, event in enumerate(sandbox.events):
        if event.kind == "message" and event.where.startswith("dm:") and event.actor != "":
            dms[event.where.removeprefix("dm:")].append((index, event))
    wanted: dict[tuple[str, str, str], list[Owed]] = defaultdict(list)
    for item in owed:
        wanted[(item.kind, item.who, item.mark)].append(item)
    got: dict[tuple[str, str, str], list[tuple[int, Any]]] = defaultdict(list)
    for who, seen in dms.items():
        for index, event in seen:
            if "Reminder:" in event.text:
                found = TIMESTAMP.search(event.text)
                if found:
                    got[("reminder", who, found.group(1))].append((index, event))
            elif "Daily check-in for" in event.text:
                for key in [k for k in wanted if k[0] == "prompt" and k[1] == who]:
                    if f"Daily check-in for {key[2]} " in event.text:
                        got[key].append((index, event))
    delivered = lost = duplicated = repeated = 0
    late: list[float] = []
    for key, items in wanted.items():
        sent = sorted(got.get(key, []), key=lambda pair: pair[0])
        delivered += min(len(sent), len(items))
        lost += max(0, len(items) - len(sent))
        if TRACE and len(items) > len(sent):
            print("lost", key, [i.due for i in items])
        for (_, event), item in zip(sent, sorted(items, key=lambda o: o.due), strict=False):
            late.append(max(0.0, (event.at - item.due).total_seconds()))
        for index, _ in sent[len(items):]:
            # A repeat right after a kill (before anything else the bot did) is the
            # in-flight window; any other extra copy is a duplicate.
            if TRACE:
                print("extra", key, index, soak.kill_marks, sandbox.events[index].at,
                      [(i, e.at) for i, e in sent])
            if any(mark <= index < mark + len(soak.names) * 4 for mark in soak.kill_marks):
                repeated += 1
            else:
                duplicated += 1
    # Crisis messages: each owed a reply to the person and an alert to facilitators.
    for who, index, _at in soak.crises:
        replies = [e for i, e in dms.get(who, []) if i > index and "Reminder:" not in e.text
                   and "Daily check-in" not in e.text and e.text != CRISIS_TEXT]
        alerts = [e for e in sandbox.events[index:] if e.where == "#facilitators"
                  and (f"<@{ids[who]}>" in e.text or who in e.text)]
        for answers in (replies, alerts):
            if answers:
                delivered += 1
            else:
                lost += 1
                if TRACE:
                    print("lost crisis", who, _at, answers is alerts)
    return delivered, lost, duplicated, repeated, late


async def run(days: int, participants: int, fault_rate: float, seed: int) -> str:
    logging.basicConfig(level=logging.CRITICAL)
    began = time.perf_counter()
    names = names_for(participants)
    text, closed, (cancelled, _) = program_text(names, days)
    faults = FaultPlan(seed=seed, rate_429=fault_rate / 2, rate_5xx=fault_rate / 2,
                       latency=0.005, server_errors=(503,))
    with tempfile.TemporaryDirectory() as folder:
        clock = SimulatedClock(START)
        # Discord's limits with windows a tenth as long, and the bot's pacer as much
        # faster: the soak is about what arrives, at simulated speed, not about pacing
        # (bench.fanout measures that at Discord's real limits).
        sandbox = await Sandbox.start(database_path=Path(folder) / "soak.sqlite3", clock=clock,
                                      ratelimits=RateLimitPolicy(scale=LIMIT_SCALE))
        quicken(sandbox)
        try:
            plan = sandbox.server.faults.plan
            plan.rate_429 = plan.rate_5xx = 0.0  # enrolment first, in calm weather
            await load_program(sandbox, parse_program(text), clock.now())
            for name in names:
                await sandbox.click(name, "I agree")
            sandbox.server.faults.plan = faults
            sandbox.server.faults.reseed()
            soak = Soak(sandbox, names, random.Random(seed))
            await soak.run(days)
            if TRACE:
                print(f"{time.perf_counter() - TRACE[0]:7.1f}s soak done")
            plan = sandbox.server.faults.plan
            plan.rate_429 = plan.rate_5xx = 0.0
            await sandbox.advance(timedelta(minutes=30))  # retries still waiting
            end = START + timedelta(days=days)
            owed = owed_by_program(names, days, closed, cancelled, end)
            delivered, lost, duplicated, repeated, late = tally(sandbox, owed, soak)
            if TRACE:
                print(f"{time.perf_counter() - TRACE[0]:7.1f}s tallied")
            invalid = sandbox.server.ratelimits.invalid_requests()
            owed_total = len(owed) + 2 * len(soak.crises)
            kills = len(soak.kills)
        finally:
            await sandbox.stop()
    late.sort()
    p99 = late[min(len(late) - 1, int(len(late) * 0.99))] if late else 0.0
    return (
        f"soak days={days} participants={participants} owed={owed_total} "
        f"delivered={delivered} lost={lost} duplicated={duplicated} "
        f"repeated_after_kill={repeated} kills={kills} late_p99_s={p99:.0f} "
        f"invalid_requests_per_10min_max={invalid} wall_s={time.perf_counter() - began:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--fault-rate", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--trace", action="store_true",
                        help="print each scripted event and every loss or extra copy")
    args = parser.parse_args()
    if args.trace:
        TRACE.append(time.perf_counter())
    print(asyncio.run(run(args.days, args.participants, args.fault_rate, args.seed)))


if __name__ == "__main__":
    main()
