"""The typed steps a conversation script is made of (see ``bot.sandbox.script``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ROLES = ("participant", "facilitator", "peer")
DEMO_CHANNELS = ("general", "agendas", "peer-support", "daily-check-in", "facilitators", "mod-log")
# Words that begin statements: a member with one of these names would make lines ambiguous.
KEYWORDS = frozenset({"clock", "member", "channel", "advance", "restart", "expect", "help", "quit"})
# A fixed start, so a script without a ``clock`` line still replays identically (a Monday).
DEFAULT_START = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("UTC"))


class ScriptError(Exception):
    """A malformed script line: ``line`` (1-based) and ``why`` (what is wrong)."""

    def __init__(self, line: int, why: str) -> None:
        super().__init__(f"line {line}: {why}")
        self.line = line
        self.why = why


@dataclass(frozen=True)
class Step:
    line: int


@dataclass(frozen=True)
class ClockStep(Step):
    start: datetime  # aware
    zone: str


@dataclass(frozen=True)
class MemberStep(Step):
    name: str
    role: str
    zone: str | None = None


@dataclass(frozen=True)
class ChannelStep(Step):
    name: str


@dataclass(frozen=True)
class PostStep(Step):
    member: str
    channel: str  # without "#"; a thread as "parent/thread-name" or "parent/latest"
    text: str


@dataclass(frozen=True)
class ThreadStep(Step):
    """``alex opens #peer-support/rough-night``: a member starts a public thread."""

    member: str
    channel: str  # the parent, without "#"
    name: str  # as written after the "/" (dashes stay dashes)


@dataclass(frozen=True)
class DmStep(Step):
    member: str
    text: str


@dataclass(frozen=True)
class SlashStep(Step):
    """``/name [subcommand] option:value ...`` as typed; the sandbox matches the options
    against the command's real ones, so ``text:two words`` and ``at:10:30`` both work."""

    member: str
    command_line: str  # starts with "/"
    channel: str | None = None  # None: in the member's DM with the bot

    @property
    def command(self) -> str:
        return self.command_line[1:].split(maxsplit=1)[0]


@dataclass(frozen=True)
class ClickStep(Step):
    member: str
    label: str


@dataclass(frozen=True)
class SelectStep(Step):
    member: str
    option: str
    select: str
    more: tuple[str, ...] = ()  # further options picked at once in a multi-select

    @property
    def options(self) -> tuple[str, ...]:
        return (self.option, *self.more)


@dataclass(frozen=True)
class SubmitStep(Step):
    member: str
    fields: dict[str, str]


@dataclass(frozen=True)
class AdvanceStep(Step):
    delta: timedelta | None = None
    until: datetime | None = None  # aware; set for "advance to ..."


@dataclass(frozen=True)
class RestartStep(Step):
    pass


@dataclass(frozen=True)
class ExpectStep(Step):
    """One check. ``what``: "dm", "channel", "pinned", "deleted", "kept" or "timeout".

    A message check (dm, channel) is about a place; a thread is a channel target written
    "parent/thread-name" (or "parent/latest"); "pinned" reads what is pinned at a place.
    """

    what: str
    # A member name, or a channel name without "#" (a thread: "parent/thread-name").
    target: str
    text: str | None = None
    count: int | None = None  # exactly this many; None: at least one
    negated: bool = False  # "expect no ..."
    source: str = ""  # the line as written, for failure messages
    file: bool = False  # "expect file ...": ``text`` is part of a file's name

    @property
    def is_message_check(self) -> bool:
        return self.what in ("dm", "channel")


ACTION_STEPS = (PostStep, DmStep, SlashStep, ClickStep, SelectStep, SubmitStep, ThreadStep)
