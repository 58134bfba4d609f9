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
from bot.sandbox.outputs import (
    DatabaseRefused,
    RunOutputs,
    check_database,
    logs_to_file,
    prepare_database,
)
from bot.sandbox.ratelimit import RateLimitPolicy
from bot.sandbox.runner import Runner, RunResult
from bot.sandbox.script import ScriptError, check_members, parse_script
from bot.sandbox.steps import DEFAULT_START, ClockStep, MemberStep, Step

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_MALFORMED = 0, 1, 2


def main(script: str | None, program: str | None, database: str | None) -> int:
    """The entry point ``python -m bot sandbox`` calls; returns the exit code.

    Logs go to a file beside the run's database (its path printed first); the terminal
    shows the transcript and, for an error, one short line.
    """
    loaded_script: tuple[list[Step], Program | None] | None = None
    if script is not None:
        loaded_script = load_script(Path(script), _path(program), sys.stderr)
        if loaded_script is None:
            return EXIT_MALFORMED
    try:
        if database:
            check_database(Path(database))
    except DatabaseRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_MALFORMED
    outputs = RunOutputs.plan(_path(database))
    with logs_to_file(outputs.log):
        outputs.announce(sys.stdout)
        try:
            if loaded_script is None:
                return asyncio.run(run_console(program=_path(program), outputs=outputs))
            steps, loaded = loaded_script
            return asyncio.run(execute(steps, loaded, database=outputs.database,
                                       files=outputs.files))
        except DatabaseRefused as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_MALFORMED
        except KeyboardInterrupt:
            # Ctrl-C is how many people leave a terminal program: no traceback for it.
            print("\nBye.")
            return 130


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def load_script(
    path: Path, program: Path | None, err: TextIO
) -> tuple[list[Step], Program | None] | None:
    """Read, parse and check a script (and its program file); None after saying why not."""
    try:
        text = read_text_file(path, "script")
    except OSError as exc:
        print(f"{path}: cannot read the script: {exc.strerror}", file=err)
        return None
    except ValueError as exc:
        print(f"{path}: {exc}", file=err)
        return None
    try:
        return prepare(text, program)
    except ScriptError as exc:
        print(f"{path}: {exc}", file=err)
    except ProgramError as exc:
        print(str(exc), file=err)
    return None


def run_script(
    path: Path,
    *,
    program: Path | None = None,
    database: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    files: Path | None = None,
) -> int:
    """Read, check and replay a script file; the exit code."""
    err = err or sys.stderr
    prepared = load_script(path, program, err)
    if prepared is None:
        return EXIT_MALFORMED
    steps, loaded = prepared
    try:
        return asyncio.run(execute(steps, loaded, database=database, out=out, files=files))
    except DatabaseRefused as exc:
        print(str(exc), file=err)
        return EXIT_MALFORMED


def read_text_file(path: Path, what: str) -> str:
    """A text file's contents; ``ValueError`` saying why when it is not UTF-8 text."""
    data = path.read_bytes()
    if b"\0" in data:
        raise ValueError(f"this is a binary file, not a {what} (a {what} is plain text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(
            f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the {what} "
            "as UTF-8"
        ) from None


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
    files: Path | None = None,
) -> int:
    """Run prepared steps, printing the transcript and then a summary; the exit code.

    ``database``: where the run's database is kept (an earlier sandbox run there is
    replaced; ``DatabaseRefused`` for any other file); ``files``: where the files the
    bot sends are saved (by default beside the database).
    """
    out = out or sys.stdout
    first = steps[0] if steps else None
    start = first.start if isinstance(first, ClockStep) else DEFAULT_START
    zone = first.zone if isinstance(first, ClockStep) else "UTC"

    def emit(line: str) -> None:
        print(line, file=out, flush=True)

    result = await _run(steps, start, zone, loaded, database, emit, ratelimits, files)
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
    files: Path | None = None,
) -> RunResult:
    from bot.sandbox.driver import Sandbox  # discord.py and the server: only when running

    async with AsyncExitStack() as stack:
        if database is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="companion-sb-"))
            database = Path(folder) / "sandbox.sqlite3"
        else:
            prepare_database(database)
        clock = SimulatedClock(start)
        sandbox = await Sandbox.start(
            database_path=database, clock=clock, seed_demo=True, ratelimits=ratelimits,
            files_dir=files or RunOutputs.beside(database).files,
        )
        stack.push_async_callback(sandbox.stop)
        runner = Runner(sandbox, zone=zone, emit=emit)
        if loaded is not None:
            # Loaded at the script's clock time, before its first line runs.
            for note in await load_program(sandbox, loaded, clock.now()):
                runner.note(note)
            runner.flush()
        runner.check_bot_errors(None)  # what broke while the bot started or the program loaded
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
    parts = []
    if failed_expects or not result.bot_errors:
        parts.append(f"{failed_expects} of {result.checked} expectations did not hold")
    if result.bot_errors:
        plural = "s" if result.bot_errors != 1 else ""
        parts.append(f"the bot raised {result.bot_errors} unhandled exception{plural}")
    heading = "FAILED: " + "; ".join(parts)
    if result.stopped:
        heading += "; the script stopped at an action that could not be done"
    print(heading, file=out)
    for failure in result.failures:
        print(failure.report(result.viewer), file=out)
