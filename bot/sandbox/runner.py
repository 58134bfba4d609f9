"""Runs conversation-script steps against a sandbox and checks their ``expect`` lines.

Each action returns once the driver has settled (the bot has finished reacting), so the
events recorded by then are everything that action caused. A run of consecutive
``expect`` lines shares one window: the events since the previous run of ``expect``
lines, or since the start. An expectation that fails is reported and the script goes on
(so one run shows every broken expectation); an action that cannot be done (no such
button, no open modal) stops the script, since what follows would be meaningless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.kernel.clock import SimulatedClock
from bot.sandbox.bot_errors import BotError
from bot.sandbox.expectations import Outcome, check
from bot.sandbox.steps import (
    AdvanceStep,
    ChannelStep,
    ClickStep,
    ClockStep,
    DmStep,
    ExpectStep,
    MemberStep,
    PostStep,
    RestartStep,
    SelectStep,
    SlashStep,
    Step,
    SubmitStep,
    ThreadStep,
)
from bot.sandbox.transcript import Entry, EventLike, Note, TranscriptWriter, Viewer

log = logging.getLogger(__name__)
WINDOW_SHOWN = 40  # events of a failed window printed at most (the newest ones)


class SandboxLike(Protocol):
    """The part of ``bot.sandbox.driver.Sandbox`` the runner uses."""

    clock: SimulatedClock

    @property
    def events(self) -> Sequence[EventLike]: ...
    def add_member(
        self, name: str, role: str | None = None, timezone: str | None = None
    ) -> int: ...
    def add_channel(self, name: str) -> int: ...
    async def post(self, member: str, channel: str, content: str) -> int: ...
    async def dm(self, member: str, content: str) -> int: ...
    async def open_thread(self, member: str, channel: str, name: str) -> int: ...
    async def slash(self, member: str, command_line: str, channel: str | None = None) -> None: ...
    async def click(self, member: str, label: str) -> None: ...
    async def select(
        self, member: str, option: str, in_: str, more: tuple[str, ...] = ()
    ) -> None: ...
    async def submit(self, member: str, fields: dict[str, str]) -> None: ...
    async def advance(self, delta: timedelta) -> None: ...
    async def advance_to(self, instant: datetime) -> None: ...
    async def restart_bot(self) -> None: ...
    async def settle(self) -> None: ...


def _member_zones(sandbox: object) -> Callable[[str], str | None] | None:
    member_tz = getattr(sandbox, "member_tz", None)
    return member_tz if callable(member_tz) else None


def _take_errors(sandbox: object) -> list[BotError]:
    """Unhandled exceptions the sandbox saw since the last call (none for a fake one)."""
    watch = getattr(sandbox, "bot_errors", None)
    return watch.take() if watch is not None else []


@dataclass(frozen=True)
class Failure:
    """An expectation that did not hold, or an action that could not be done."""

    line: int
    source: str
    detail: str
    since_line: int | None  # the window began after this line (None: at the start)
    window: tuple[EventLike, ...]

    tail: tuple[str, ...] = ()  # a bot error: the traceback's last lines

    def report(self, viewer: Viewer | str = "UTC") -> str:
        if isinstance(viewer, str):
            viewer = Viewer(viewer)
        since = f"since line {self.since_line}" if self.since_line else "since the start"
        where = f"line {self.line}: {self.source}" if self.line else self.source
        out = [where, f"  failed: {self.detail}"]
        out.extend("    " + line for line in self.tail)
        if self.tail:
            return "\n".join(out)
        if not self.window:
            out.append(f"  seen {since}: nothing")
            return "\n".join(out)
        shown = self.window[-WINDOW_SHOWN:]
        skipped = len(self.window) - len(shown)
        out.append(f"  seen {since}:" + (f" ({skipped} earlier events not shown)" if skipped
                                         else ""))
        writer = TranscriptWriter(viewer.zone.key, viewer=viewer)
        out.extend("    " + line for line in writer.render(shown).splitlines())
        return "\n".join(out)


@dataclass
class RunResult:
    entries: list[Entry] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    checked: int = 0
    stopped: bool = False  # an action failed and the rest of the script was skipped
    bot_errors: int = 0  # unhandled exceptions in the bot: each one fails the run
    viewer: Viewer = field(default_factory=Viewer)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


def describe(step: Step) -> str:
    """A step as a line of the script (the source of a parsed line is not kept)."""
    if isinstance(step, SlashStep):
        where = f" in #{step.channel}" if step.channel else ""
        return f"{step.member}{where}: {step.command_line}"
    if isinstance(step, ClickStep):
        return f'{step.member} clicks "{step.label}"'
    if isinstance(step, SelectStep):
        picked = " ".join(f'"{option}"' for option in step.options)
        return f'{step.member} selects {picked} in "{step.select}"'
    if isinstance(step, SubmitStep):
        fields = " ".join(f'{k}="{v}"' for k, v in step.fields.items())
        return f"{step.member} submits {fields}".rstrip()
    if isinstance(step, PostStep):
        return f"{step.member} in #{step.channel}: {step.text}"
    if isinstance(step, DmStep):
        return f"{step.member}: {step.text}"
    if isinstance(step, ThreadStep):
        return f"{step.member} opens #{step.channel}/{step.name}"
    if isinstance(step, MemberStep):
        return " ".join(filter(None, ["member", step.name, step.role, step.zone]))
    if isinstance(step, ChannelStep):
        return f"channel {step.name}"
    if isinstance(step, AdvanceStep):
        if step.until is not None:
            return f"advance to {step.until:%Y-%m-%d %H:%M}"
        return f"advance {_duration(step.delta or timedelta())}"
    if isinstance(step, RestartStep):
        return "restart"
    if isinstance(step, ExpectStep):
        return step.source
    if isinstance(step, ClockStep):
        return f"clock {step.start:%Y-%m-%d %H:%M} {step.zone}"
    return type(step).__name__


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts) or "0s"


class Runner:
    """Executes steps one by one; ``emit`` receives transcript lines as they happen."""

    def __init__(
        self,
        sandbox: SandboxLike,
        *,
        zone: str = "UTC",
        emit: Callable[[str], None] | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.zone = zone
        self.viewer = Viewer(zone, _member_zones(sandbox))
        self.result = RunResult(viewer=self.viewer)
        self._writer = TranscriptWriter(zone, viewer=self.viewer)
        self._emit = emit
        self._seen = len(sandbox.events)  # events already shown in the transcript
        self._mark = self._seen  # where the next window of expectations begins
        self._mark_line: int | None = None
        self._window: tuple[EventLike, ...] | None = None  # the open run of expects
        self._window_since: int | None = None
        self._last_expect_line = 0

    # -- transcript ----------------------------------------------------------------------

    def _add(self, entry: Entry) -> None:
        self.result.entries.append(entry)
        if self._emit is not None:
            for line in self._writer.lines(entry):
                self._emit(line)

    def note(self, text: str, mark: str = "--") -> None:
        self._add(Note(self.sandbox.clock.now(), text, mark))

    def flush(self) -> None:
        """Move the events recorded since the last flush into the transcript."""
        events = self.sandbox.events
        for event in events[self._seen:]:
            self._add(event)
        self._seen = len(events)

    # -- steps ---------------------------------------------------------------------------

    async def run(self, steps: Sequence[Step]) -> RunResult:
        for step in steps:
            if not await self.step(step):
                self.result.stopped = True
                break
        self.flush()
        self.check_bot_errors(None)
        return self.result

    def check_bot_errors(self, step: Step | None) -> None:
        """Each unhandled exception in the bot since the last check fails the run."""
        for error in _take_errors(self.sandbox):
            line = step.line if step is not None else 0
            # Without a step: during start-up or the program's load, before the first line.
            source = describe(step) if step is not None else "while the sandbox started"
            self.result.bot_errors += 1
            detail = f"the bot raised {error.summary} ({error.context})"
            self._add(Note(error.at, "\n".join([f"line {line}: {source}: {detail}"
                                                if line else f"{source}: {detail}",
                                                *error.tail]), "FAIL"))
            self.result.failures.append(
                Failure(line, source, detail, self._mark_line, (), error.tail)
            )

    async def step(self, step: Step) -> bool:
        """Run one step; False when it was an action that could not be done."""
        if isinstance(step, ExpectStep):
            self.expect(step)
            return True
        if self._window is not None:
            self._mark_line = self._last_expect_line
            self._window = None
        try:
            await self._act(step)
        except Exception as exc:
            self.flush()
            self.check_bot_errors(step)
            # A member's impossible action is the script's business; anything else may be a
            # bug in the bot or the sandbox, and its traceback belongs in the log.
            expected = type(exc).__module__.startswith("bot.sandbox")
            log.log(logging.DEBUG if expected else logging.WARNING,
                    "line %d (%s) failed", step.line, describe(step), exc_info=True)
            self._fail(step.line, describe(step), _reason(exc), self._pending_window(),
                       self._mark_line)
            return False
        self.flush()
        self.check_bot_errors(step)
        return True

    async def _act(self, step: Step) -> None:
        box = self.sandbox
        if isinstance(step, ClockStep):
            # The sandbox already started at this instant; shown so the transcript says so.
            self.note(describe(step))
        elif isinstance(step, MemberStep):
            self.note(f"{step.name} joins as {step.role}" + (f" ({step.zone})" if step.zone
                                                               else ""))
            box.add_member(step.name, step.role, step.zone)
            await box.settle()
        elif isinstance(step, ChannelStep):
            self.note(f"channel #{step.name} is created")
            box.add_channel(step.name)
            await box.settle()
        elif isinstance(step, PostStep):
            await box.post(step.member, step.channel, step.text)
        elif isinstance(step, DmStep):
            await box.dm(step.member, step.text)
        elif isinstance(step, ThreadStep):
            await box.open_thread(step.member, step.channel, step.name)
        elif isinstance(step, SlashStep):
            where = f"#{step.channel}" if step.channel else "DM"
            self.note(f"{step.member} runs {step.command_line} (in {where})")
            await box.slash(step.member, step.command_line, step.channel)
        elif isinstance(step, ClickStep):
            self.note(describe(step))
            await box.click(step.member, step.label)
        elif isinstance(step, SelectStep):
            self.note(describe(step))
            await box.select(step.member, step.option, step.select, step.more)
        elif isinstance(step, SubmitStep):
            self.note(describe(step))
            await box.submit(step.member, dict(step.fields))
        elif isinstance(step, AdvanceStep):
            self.note(describe(step))
            if step.until is not None:
                await box.advance_to(step.until)
            else:
                await box.advance(step.delta or timedelta())
        elif isinstance(step, RestartStep):
            self.note("restart: the bot stops and starts again on the same database")
            await box.restart_bot()
            waited = getattr(box, "rate_limited_for", 0.0)
            if waited >= 1:
                self.note(f"the bot waited {waited:.0f} s for Discord's rate limits while it "
                          "started (it syncs its commands at every start)")
        else:  # pragma: no cover - every parsed step type is handled above
            raise TypeError(f"unknown step {step!r}")

    # -- expectations --------------------------------------------------------------------

    def _pending_window(self) -> tuple[EventLike, ...]:
        return tuple(self.sandbox.events[self._mark:])

    def expect(self, step: ExpectStep) -> Outcome:
        self.flush()
        if self._window is None:
            # The first expect of a run: the window is everything since the last run.
            self._window = self._pending_window()
            self._window_since = self._mark_line
            self._mark = len(self.sandbox.events)
        self._last_expect_line = step.line
        outcome = check(step, self._window, self.sandbox.events, self.sandbox.clock.now(),
                        self.viewer.text)
        self.result.checked += 1
        if outcome.ok:
            self.note(f"line {step.line}: {step.source} ({outcome.detail})", "ok")
        else:
            self._fail(step.line, step.source, outcome.detail, self._window,
                       self._window_since)
        return outcome

    def _fail(
        self,
        line: int,
        source: str,
        detail: str,
        window: tuple[EventLike, ...],
        since: int | None,
    ) -> None:
        self.note(f"line {line}: {source}: {detail}", "FAIL")
        self.result.failures.append(Failure(line, source, detail, since, window))


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if type(exc).__module__.startswith("bot.") else f"{type(exc).__name__}: {text}"
