"""Crisis answered under load: messages in the peer channel while a reminder fan-out of
N DMs is being sent.

    python -m bench.crisis_load --participants 2000 --trials 5

Runs the real bot against the sandbox with Discord's rate limits on. The fan-out (as in
``bench.fanout``) starts at the session's reminder time; once it is under way, members
post crisis messages in #peer-support, one every ``--gap`` seconds, each by a different
member. For each, the time from the post until the bot's reply in the channel, and until
the facilitators' alert, is measured in real (wall) time. One concern message is posted
as well: its private check-in is a DM, paced behind the fan-out, and is reported apart.

Prints, last: ``crisis_load participants=N trials=T answered_median_s=... answered_max_s=...
alerted_median_s=... alerted_max_s=... concern_dm_s=... reminders_during=... target_s=2.0``
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fanout import LEAD, SESSION, START, enrol_quietly
from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox

TARGET_S = 2.0
CRISIS_TEXT = "i want to die tonight, i have a plan"
CONCERN_TEXT = "honestly whats even the point of living anymore"


async def _wait_for(
    sandbox: Sandbox, since: int, found: Any, limit: float
) -> float | None:
    """Seconds until an event from ``since`` on satisfies ``found``; None past ``limit``."""
    started = time.perf_counter()
    checked = since
    while time.perf_counter() - started < limit:
        events = sandbox.events
        for event in events[checked:]:
            if found(event):
                return time.perf_counter() - started
        checked = len(events)
        await asyncio.sleep(0.002)
    return None


async def _until(condition: Any, limit: float) -> bool:
    deadline = time.perf_counter() + limit
    done = condition()
    while not done and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
        done = condition()
    return bool(done)


def _reminders(sandbox: Sandbox) -> int:
    return sum(1 for e in sandbox.events if e.kind == "message" and "Reminder:" in e.text)


async def trial(sandbox: Sandbox, name: str) -> tuple[float | None, float | None]:
    """Post one crisis message as ``name``: (seconds to the reply, seconds to the alert),
    each None when it did not come within 30 s."""
    checked = len(sandbox.events)
    started = time.perf_counter()
    sandbox.actions.post(name, "peer-support", CRISIS_TEXT)
    answered: float | None = None
    alerted: float | None = None
    while time.perf_counter() - started < 30 and (answered is None or alerted is None):
        events = sandbox.events
        for event in events[checked:]:
            if event.kind != "message":
                continue
            at = time.perf_counter() - started
            if (answered is None and event.where == "#peer-support"
                    and "glad you said something" in event.text and f"{name}," in event.text):
                answered = at
            if (alerted is None and event.where == "#facilitators"
                    and "Crisis alert" in event.text and f"({name})" in event.text):
                alerted = at
        checked = len(events)
        await asyncio.sleep(0.002)
    return answered, alerted


async def run(participants: int, trials: int, gap: float) -> str:
    logging.basicConfig(level=logging.ERROR)
    names = [f"p{n:05d}" for n in range(participants)]
    posters = [f"poster{n}" for n in range(trials)]
    with tempfile.TemporaryDirectory() as folder:
        sandbox = await Sandbox.start(
            database_path=Path(folder) / "bench.sqlite3", clock=SimulatedClock(START)
        )
        try:
            for poster in [*posters, "worried"]:
                sandbox.add_member(poster, "participant", "America/New_York")
            sandbox.add_member("rivera", "facilitator", "America/New_York")
            await enrol_quietly(sandbox, names)
            bot: Any = sandbox.bot
            sandbox.clock.set(SESSION - LEAD)
            bot.scheduler.wakeup()
            fanout_started = time.perf_counter()
            # Let the fan-out get under way before the first message.
            await _until(lambda: _reminders(sandbox) >= min(100, participants // 4), 60.0)
            answered: list[float] = []
            alerted: list[float] = []
            missed = 0
            reminders_during: list[int] = []
            for poster in posters:
                before = _reminders(sandbox)
                a, b = await trial(sandbox, poster)
                reminders_during.append(_reminders(sandbox) - before)
                if a is None or b is None:
                    missed += 1
                if a is not None:
                    answered.append(a)
                if b is not None:
                    alerted.append(b)
                await asyncio.sleep(gap)
            since = len(sandbox.events)
            sandbox.actions.post("worried", "peer-support", CONCERN_TEXT)
            concern_dm = await _wait_for(
                sandbox, since,
                lambda e: e.kind == "message" and e.where == "dm:worried"
                and "How are you doing right now" in e.text,
                participants / 40 + 30,
            )
            still_sending = _reminders(sandbox) < participants
            fanout_s = time.perf_counter() - fanout_started
            # The fan-out finishes before the bot stops: every reminder, once.
            await _until(lambda: _reminders(sandbox) >= participants, participants / 40 + 30)
            await sandbox.settle()
            sent = _reminders(sandbox)
        finally:
            await sandbox.stop()
    def fmt(values: list[float], how: Any) -> str:
        return f"{how(values):.3f}" if values else "nan"
    print(f"fan-out still sending after the last trial: {still_sending} "
          f"({fanout_s:.1f} s after it started); crisis messages not answered or not "
          f"alerted within 30 s: {missed}; reminders sent: {sent} of {participants}")
    return (
        f"crisis_load participants={participants} trials={trials} "
        f"answered_median_s={fmt(answered, statistics.median)} "
        f"answered_max_s={fmt(answered, max)} "
        f"alerted_median_s={fmt(alerted, statistics.median)} "
        f"alerted_max_s={fmt(alerted, max)} "
        f"concern_dm_s={concern_dm if concern_dm is None else round(concern_dm, 3)} "
        f"reminders_during={min(reminders_during, default=0)}-{max(reminders_during, default=0)} "
        f"target_s={TARGET_S}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--gap", type=float, default=2.0, help="seconds between messages")
    args = parser.parse_args()
    print(asyncio.run(run(args.participants, args.trials, args.gap)))


if __name__ == "__main__":
    main()
