"""The sandbox console: type as any member of the demo program and see what the bot does.

Lines use the conversation-script syntax (``alex: /about``, ``advance 2h``, ``expect dm
alex "reminder"``), plus ``help``, ``members`` and ``quit``. A mistyped line is explained
and the session goes on. At a terminal, lines can be edited, earlier ones come back with
the arrow keys and Tab completes names, statements, channels, slash commands and their
options (where Python has ``readline``; elsewhere lines are read plainly). With stdin not
a terminal, lines are read until end of input, so
``printf 'alex: /about\\n' | python -m bot sandbox`` works too.
"""

from __future__ import annotations

import asyncio
import queue
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.kernel.clock import SimulatedClock
from bot.sandbox.completion import CommandShape, Vocabulary, complete
from bot.sandbox.demo import (
    DemoMember,
    ProgramError,
    demo_program_path,
    first_day,
    members_listing,
    read_program,
    seed_demo,
)
from bot.sandbox.outputs import RunOutputs, prepare_database
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
  expect file dm alex "progress"     check that the bot sent alex a file with that name
Console commands: help, members (who is here, their role and zone), quit (or end of
input). Tab completes names, commands and options; the arrow keys bring back lines."""


class LineReader:
    """Reads lines on a daemon thread so the bot keeps running while a person types.

    A daemon thread (rather than ``asyncio.to_thread``) lets the process exit on Ctrl-C
    even while ``input()`` is still waiting. At a terminal, ``readline`` (when Python has
    it) gives line editing, history and the completer.
    """

    def __init__(self, stream: TextIO, interactive: bool,
                 vocabulary: Callable[[], Vocabulary] | None = None) -> None:
        self._stream = stream
        self._interactive = interactive
        self._requests: queue.Queue[tuple[str, asyncio.Future[str | None]]] = queue.Queue()
        self._loop = asyncio.get_running_loop()
        self._vocabulary = vocabulary
        self._candidates: list[str] = []
        self._readline = _enable_readline(self._complete) if interactive else None
        self.editing = self._readline is not None
        threading.Thread(target=self._work, name="console-input", daemon=True).start()

    def _complete(self, word: str, state: int) -> str | None:
        """readline's completer: the ``state``-th candidate for ``word``."""
        if state == 0:
            line = self._readline
            before = line.get_line_buffer()[: line.get_begidx()] if line is not None else ""
            vocabulary = self._vocabulary() if self._vocabulary else Vocabulary()
            self._candidates = complete(vocabulary, before, word)
        return self._candidates[state] if state < len(self._candidates) else None

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


def _enable_readline(completer: Callable[[str, int], str | None]) -> ModuleType | None:
    """Line editing, history and Tab completion for ``input()``: the readline module, or
    None where Python has none."""
    try:
        # Only for a person at a terminal: readline changes how every input() in the
        # process reads, which piped input and script runs must not get.
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input still works
        return None
    readline.set_completer_delims(" \t\n")  # a word is what the script syntax splits on
    readline.set_completer(completer)
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")  # macOS's readline is libedit
    else:
        readline.parse_and_bind("tab: complete")
    return readline


def _resolve(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():
        future.set_result(line)


class Console:
    def __init__(self, runner: Runner, out: TextIO, cast: Iterable[DemoMember]) -> None:
        self.runner = runner
        self.out = out
        self.cast: dict[str, DemoMember] = {m.name: m for m in cast}
        self.parser = LineParser()
        self.parser.zone = runner.zone
        self.number = 0
        self.vocabulary = Vocabulary()
        self.refresh_vocabulary()

    def listing(self) -> list[str]:
        """What ``members`` prints: each member's role and zone."""
        return members_listing(list(self.cast.values()), self.runner.zone)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def prompt(self) -> str:
        return PROMPT.format(now=self.runner.sandbox.clock.now().astimezone(
            ZoneInfo(self.runner.zone)))

    def refresh_vocabulary(self) -> None:
        """A new snapshot for the completer (which runs on the input thread)."""
        commands: dict[str, CommandShape] = {}
        state = getattr(getattr(self.runner.sandbox, "server", None), "state", None)
        for command in getattr(state, "commands", {}).values():
            if command.type == 1:
                commands[command.name] = CommandShape.from_options(command.options)
        self.vocabulary = Vocabulary(
            members=tuple(sorted(self.cast)), channels=tuple(sorted(self.parser.channels)),
            commands=commands,
        )

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
            for about in self.listing():
                self.say(f"  {about}")
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
            check_members([step], set(self.cast))
        except ScriptError as exc:
            self.say(f"?? {exc.why}")
            return True
        assert not isinstance(step, ClockStep)
        if isinstance(step, MemberStep):
            self.cast[step.name] = DemoMember(step.name, step.role, step.zone)
        await self.runner.step(step)
        self.refresh_vocabulary()  # a new member or channel; after a restart, the commands
        return True


async def run_console(
    *,
    program: Path | None = None,
    database: Path | None = None,
    lines: Iterable[str] | None = None,
    out: TextIO | None = None,
    start: datetime | None = None,
    outputs: RunOutputs | None = None,
) -> int:
    """Start the sandbox with the demo program and read lines (``lines``, else stdin).

    ``outputs`` (from the command line) says where the database, files and log go;
    else ``database`` (a temporary one when None), with files saved beside it.
    """
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
        if outputs is not None:
            database = outputs.database
        if database is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="companion-sb-"))
            database = Path(folder) / "sandbox.sqlite3"
        else:
            prepare_database(database)
        files = outputs.files if outputs is not None else RunOutputs.beside(database).files
        print("Starting the sandbox (a local Discord server and the real bot)...", file=out)
        sandbox = await Sandbox.start(
            database_path=database, clock=SimulatedClock(start), seed_demo=True,
            files_dir=files,
        )
        stack.push_async_callback(sandbox.stop)
        runner = Runner(sandbox, zone=zone, emit=lambda text: print(text, file=out, flush=True))
        notes, cast = await seed_demo(sandbox, start, loaded)
        for note in notes:
            runner.note(note)
        runner.flush()
        runner.check_bot_errors(None)
        console = Console(runner, out, cast)
        console.say("Type help for what you can do, quit to leave. You can act as: "
                    + ", ".join(sorted(console.cast)) + ".")
        if lines is not None:
            for line in lines:
                if not await console.handle(line):
                    break
        else:
            reader = LineReader(sys.stdin, sys.stdin.isatty(), lambda: console.vocabulary)
            if reader.editing:
                console.say("Tab completes names, commands and options; "
                            "the arrow keys bring back earlier lines.")
            while (typed := await reader.read(console.prompt())) is not None:
                if not await console.handle(typed):
                    break
        console.say("Bye.")
    return 0
