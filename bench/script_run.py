"""How long a 50-line conversation script takes, start-up of server and bot included.

Run: ``python -m bench.script_run [--lines N] [--repeat R]``. Prints, last, one line:
``script_run lines=N seconds=...`` (the median of R runs, each from a fresh sandbox).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import time

from bot.sandbox.cli import execute, prepare

CAST = (
    "member alex participant America/Chicago",
    "member sam participant Europe/London",
    "member jordan participant Australia/Sydney",
    "member riley peer America/New_York",
    "member rivera facilitator America/New_York",
)
ROUND = (
    "alex: /about",
    'expect dm alex "not a crisis service"',
    "sam in #general: /about",
    'expect #general "not a crisis service"',
    "expect no dm sam",
    "jordan in #general: good morning everyone",
    "riley: hello there",
    "advance 2h",
    'expect no #general "crisis"',
)


def build_script(lines: int) -> str:
    """A realistic mix of members, commands, messages, time and checks, ``lines`` long."""
    body = ["clock 2026-12-07 09:00 America/New_York", *CAST]
    while len(body) < lines:
        body.extend(ROUND)
    return "\n".join(body[:lines]) + "\n"


async def one_run(script: str) -> float:
    steps, loaded = prepare(script)
    began = time.perf_counter()
    code = await execute(steps, loaded, out=io.StringIO())
    elapsed = time.perf_counter() - began
    if code != 0:
        raise SystemExit(f"the benchmark script failed (exit {code})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    script = build_script(args.lines)
    times = [asyncio.run(one_run(script)) for _ in range(args.repeat)]
    for i, seconds in enumerate(times, 1):
        print(f"run {i}: {seconds:.3f} s")
    print(f"script_run lines={args.lines} seconds={statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
