"""``python -m bot sandbox [--script FILE] [--program FILE] [--database PATH]``.

Without a script: the interactive console. With one: replay it, print the transcript,
and exit 0 when every ``expect`` held, 1 when one failed (or an action could not be
done), 2 when the script (or the program file) is malformed.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.kernel.clock import SimulatedClock
from bot.program.domain.schedule import Program
from bot.sandbox.console import run_console
from bot.sandbox.demo import ProgramError, load_program, program_members, read_program
from bot.sandbox.ratelimit import RateLimitPolicy
from bot.sandbox.runner import Runner, RunResult
from bot.sandbox.script import ScriptError, check_members, parse_script
from bot.sandbox.steps import DEFAULT_START, ClockStep, MemberStep, Step

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_MALFORMED = 0, 1, 2


def main(script: str | None, program: str | None, database: str | None) -> int:
    """The entry point ``python -m bot sandbox`` calls; returns the exit code."""
    # The transcript tells what happened; routine INFO logs (connects, migrations, syncs)
    # would only interleave with it. Warnings still show, and LOG_LEVEL=DEBUG shows all.
    root = logging.getLogger()
    if root.level == logging.INFO:
        root.setLevel(logging.WARNING)
    logging.getLogger("discord").setLevel(max(logging.WARNING, root.level))
    if script is None:
        try:
            return asyncio.run(run_console(program=_path(program), database=_path(database)))
        except KeyboardInterrupt:
            # Ctrl-C is how many people leave a terminal program: no traceback for it.
            print("\nBye.")
            return 130
    return run_script(Path(script), program=_path(program), database=_path(database))


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def run_script(
    path: Path,
    *,
    program: Path | None = None,
    database: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Read, check and replay a script file; the exit code."""
    err = err or sys.stderr
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{path}: cannot read the script: {exc.strerror}", file=err)
        return EXIT_MALFORMED
    try:
        steps, loaded = prepare(text, program)
    except ScriptError as exc:
        print(f"{path}: {exc}", file=err)
        return EXIT_MALFORMED
    except ProgramError as exc:
        print(str(exc), file=err)
        return EXIT_MALFORMED
    return asyncio.run(execute(steps, loaded, database=database, out=out))


def prepare(text: str, program: Path | None = None) -> tuple[list[Step], Program | None]:
    """Parse the script and the program file and check that they fit together.

    Raises ``ScriptError`` or ``ProgramError``: everything a script can get wrong is
    found here, before any bot starts.
    """
    steps = parse_script(text)
    loaded = read_program(program) if program is not None else None
    named = {m.name for m in program_members(loaded)} if loaded is not None else set()
    _check_no_clash(steps, named)
    check_members(steps, named)
    return steps, loaded


async def execute(
    steps: list[Step],
    loaded: Program | None = None,
    *,
    database: Path | None = None,
    out: TextIO | None = None,
    ratelimits: RateLimitPolicy | None = None,
) -> int:
    """Run prepared steps, printing the transcript and then a summary; the exit code."""
    out = out or sys.stdout
    first = steps[0] if steps else None
    start = first.start if isinstance(first, ClockStep) else DEFAULT_START
    zone = first.zone if isinstance(first, ClockStep) else "UTC"

    def emit(line: str) -> None:
        print(line, file=out, flush=True)

    result = await _run(steps, start, zone, loaded, database, emit, ratelimits)
    _summarise(result, zone, out)
    return result.exit_code


async def _run(
    steps: list[Step],
    start: datetime,
    zone: str,
    loaded: Program | None,
    database: Path | None,
    emit: Callable[[str], None],
    ratelimits: RateLimitPolicy | None = None,
) -> RunResult:
    from bot.sandbox.driver import Sandbox  # discord.py and the server: only when running

    async with AsyncExitStack() as stack:
        if database is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="companion-sb-"))
            database = Path(folder) / "sandbox.sqlite3"
        clock = SimulatedClock(start)
        sandbox = await Sandbox.start(
            database_path=database, clock=clock, seed_demo=True, ratelimits=ratelimits
        )
        stack.push_async_callback(sandbox.stop)
        runner = Runner(sandbox, zone=zone, emit=emit)
        if loaded is not None:
            # Loaded at the script's clock time, before its first line runs.
            for note in await load_program(sandbox, loaded, clock.now()):
                runner.note(note)
            runner.flush()
        return await runner.run(steps)
    raise AssertionError("unreachable")  # pragma: no cover - the with block returns


def _check_no_clash(steps: list[Step], named: set[str]) -> None:
    for step in steps:
        if isinstance(step, MemberStep) and step.name in named:
            raise ScriptError(
                step.line, f"member {step.name} is already named by the program file"
            )


def _summarise(result: RunResult, zone: str, out: TextIO) -> None:
    print("", file=out)
    if not result.failures:
        print(f"PASSED: all {result.checked} expectations held", file=out)
        return
    failed_expects = sum(1 for f in result.failures if f.source.startswith("expect"))
    heading = f"FAILED: {failed_expects} of {result.checked} expectations did not hold"
    if result.stopped:
        heading += "; the script stopped at an action that could not be done"
    print(heading, file=out)
    for failure in result.failures:
        print(failure.report(zone), file=out)
