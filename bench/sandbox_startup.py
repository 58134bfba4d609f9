"""Start-up of the sandbox server plus the real Companion bot, up to the bot's on_ready.

Run: ``python -m bench.sandbox_startup [--runs N]``. Each run starts a fresh server and
a fresh bot on a new database in a temporary folder (migrations, cogs, command sync,
gateway IDENTIFY, READY, GUILD_CREATE) and stops them again. Prints one line per run,
then, last: ``sandbox_startup runs=N median_s=... max_s=...``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox


async def one_run(folder: Path, index: int) -> float:
    clock = SimulatedClock(datetime(2026, 12, 7, 14, 0, tzinfo=UTC))
    began = time.perf_counter()
    # Sandbox.start returns once on_ready has fired (and the bot has settled).
    sandbox = await Sandbox.start(database_path=folder / f"run-{index}.sqlite3", clock=clock)
    elapsed = time.perf_counter() - began
    await sandbox.stop()
    return elapsed


async def main(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(runs):
            elapsed = await one_run(Path(folder), index)
            print(f"run {index + 1}: {elapsed:.3f} s")
            times.append(elapsed)
    return times


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results = asyncio.run(main(args.runs))
    print(
        f"sandbox_startup runs={len(results)} median_s={statistics.median(results):.3f} "
        f"max_s={max(results):.3f}"
    )
