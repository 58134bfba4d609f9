"""The sandbox console: type as any member of the demo program and see what the bot does.

Lines use the conversation-script syntax (``alex: /about``, ``advance 2h``, ``expect dm
alex "reminder"``), plus ``help``, ``members`` and ``quit``. A mistyped line is explained
and the session goes on. With stdin not a terminal, lines are read until end of input, so
``printf 'alex: /about\\n' | python -m bot sandbox`` works too.
"""

from __future__ import annotations

import asyncio
import queue
import sys
import tempfile
import threading
from collections.abc import Iterable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.kernel.clock import SimulatedClock
from bot.sandbox.demo import (
    ProgramError,
    demo_program_path,
    first_day,
    read_program,
    seed_demo,
)
from bot.sandbox.runner import Runner
from bot.sandbox.script import LineParser, ScriptError, check_members
from bot.sandbox.steps import ClockStep, MemberStep

CONSOLE_ZONE = "America/New_York"  # the demo program's own zone: times are shown in it
PROMPT = "[{now:%a %H:%M %Z}] > "

HELP = """\
Type a line as a member of the demo program (the same syntax as conversation scripts):
  alex: hello                        alex sends the bot a DM
  alex in #peer-support: rough day   alex posts in a channel
  alex: /about                       a slash command in DM (or "alex in #general: /about")
  alex: /coping situation:craving    options as name:value (quote values with spaces)
  alex clicks "I'll be there"        a button on the newest bot message alex can see
  alex selects "7" in "Mood"         an option of a select menu
  alex submits note="Tired but ok"   fill in and submit the open form
  advance 2h | advance to 2026-12-08 18:00    move simulated time; due reminders fire
  restart                            stop the bot and start it again on the same data
  member casey participant Europe/Paris       add a member; channel NAME adds a channel
  expect dm alex "text"              check what the bot did since the last expect
Console commands: help, members, quit (or end of input)."""


class LineReader:
    """Reads lines on a daemon thread so the bot keeps running while a person types.

    A daemon thread (rather than ``asyncio.to_thread``) lets the process exit on Ctrl-C
    even while ``input()`` is still waiting.
    """

    def __init__(self, stream: TextIO, interactive: bool) -> None:
        self._stream = stream
        self._interactive = interactive
        self._requests: queue.Queue[tuple[str, asyncio.Future[str | None]]] = queue.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._work, name="console-input", daemon=True).start()

    def _work(self) -> None:
        while True:
            prompt, future = self._requests.get()
            line: str | None
            try:
                if self._interactive:
                    line = input(prompt)
                else:
                    line = self._stream.readline() or None
            except (EOFError, KeyboardInterrupt):
                line = None
            self._loop.call_soon_threadsafe(_resolve, future, line)
            if line is None:
                return

    async def read(self, prompt: str) -> str | None:
        future: asyncio.Future[str | None] = self._loop.create_future()
        self._requests.put((prompt, future))
        return await future


def _resolve(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():
        future.set_result(line)


class Console:
    def __init__(self, runner: Runner, out: TextIO, members: dict[str, str]) -> None:
        self.runner = runner
        self.out = out
        self.members = members  # name → "role (zone)"
        self.parser = LineParser()
        self.parser.zone = runner.zone
        self.number = 0

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def prompt(self) -> str:
        return PROMPT.format(now=self.runner.sandbox.clock.now().astimezone(
            ZoneInfo(self.runner.zone)))

    async def handle(self, raw: str) -> bool:
        """Act on one typed line; False when the person wants to stop."""
        self.number += 1
        line = raw.strip()
        word = line.split(maxsplit=1)[0].lower() if line else ""
        if word in ("quit", "exit"):
            return False
        if word in ("help", "?"):
            self.say(HELP)
            return True
        if word in ("members", "who"):
            for name, about in sorted(self.members.items()):
                self.say(f"  {name}: {about}")
            return True
        if word == "clock":
            self.say("The console's clock is already running: use advance 2h or "
                     "advance to YYYY-MM-DD HH:MM to move it.")
            return True
        self.parser.now = self.runner.sandbox.clock.now()
        try:
            step = self.parser.parse(raw, self.number)
            if step is None:
                return True
            check_members([step], set(self.members))
        except ScriptError as exc:
            self.say(f"?? {exc.why}")
            return True
        assert not isinstance(step, ClockStep)
        if isinstance(step, MemberStep):
            self.members[step.name] = step.role + (f" ({step.zone})" if step.zone else "")
        await self.runner.step(step)
        return True


async def run_console(
    *,
    program: Path | None = None,
    database: Path | None = None,
    lines: Iterable[str] | None = None,
    out: TextIO | None = None,
    start: datetime | None = None,
) -> int:
    """Start the sandbox with the demo program and read lines (``lines``, else stdin)."""
    out = out or sys.stdout
    path = demo_program_path(program)
    try:
        loaded = read_program(path) if path is not None else None
    except ProgramError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if start is None:
        start = datetime.now(UTC).replace(second=0, microsecond=0)
        if loaded is not None:
            start = first_day(loaded, start)
    zone = loaded.timezone if loaded is not None else CONSOLE_ZONE
    from bot.sandbox.driver import Sandbox  # discord.py and the server: only when running

    async with AsyncExitStack() as stack:
        if database is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="companion-sb-"))
            database = Path(folder) / "sandbox.sqlite3"
        print("Starting the sandbox (a local Discord server and the real bot)...", file=out)
        sandbox = await Sandbox.start(
            database_path=database, clock=SimulatedClock(start), seed_demo=True
        )
        stack.push_async_callback(sandbox.stop)
        runner = Runner(sandbox, zone=zone, emit=lambda text: print(text, file=out, flush=True))
        notes, cast = await seed_demo(sandbox, start, loaded)
        for note in notes:
            runner.note(note)
        runner.flush()
        members = {m.name: m.role + (f" ({m.timezone})" if m.timezone else "") for m in cast}
        console = Console(runner, out, members)
        console.say("Type help for what you can do, quit to leave. You can act as: "
                    + ", ".join(sorted(members)) + ".")
        if lines is not None:
            for line in lines:
                if not await console.handle(line):
                    break
        else:
            reader = LineReader(sys.stdin, sys.stdin.isatty())
            while (typed := await reader.read(console.prompt())) is not None:
                if not await console.handle(typed):
                    break
        console.say("Bye.")
    return 0
