"""The demo program: who is in the sandbox server, and loading a program file into it.

The sandbox driver lays out the server (channels and roles). This module adds people:
the fictional demo members for the console, or the members a ``--program`` file names,
then hands the program to the bot's program loader.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.kernel.plain import plural
from bot.program.domain.program_file import ProgramFileError, parse_program
from bot.program.domain.schedule import Program

log = logging.getLogger(__name__)

DEMO_PROGRAM = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"


@dataclass(frozen=True)
class DemoMember:
    name: str
    role: str
    timezone: str | None


# The console's cast when no program names them; the same people and zones as
# data/demo_program.toml, plus a peer (a program file names participants and
# facilitators only). README's console section is checked against ``demo_cast``.
DEMO_MEMBERS = (
    DemoMember("alex", "participant", "America/Chicago"),
    DemoMember("sam", "participant", "America/New_York"),
    DemoMember("jordan", "participant", "Europe/London"),
    DemoMember("riley", "participant", "Australia/Sydney"),
    DemoMember("casey", "participant", "America/Los_Angeles"),
    DemoMember("robin", "peer", "America/New_York"),
    DemoMember("rivera", "facilitator", "America/New_York"),
)


class ProgramError(Exception):
    """The program file cannot be used; the message lists every problem."""


class Populated(Protocol):
    """What seeding needs from the sandbox driver."""

    bot: Any

    def add_member(
        self, name: str, role: str | None = None, timezone: str | None = None
    ) -> int: ...
    async def settle(self) -> None: ...


def read_program(path: Path) -> Program:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProgramError(f"cannot read the program file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ProgramError(f"{path}: not UTF-8 text; save the program file as UTF-8") from None
    try:
        return parse_program(text)
    except ProgramFileError as exc:
        raise ProgramError(f"{path}: {exc}") from None


def program_members(program: Program) -> list[DemoMember]:
    """The members a program names (by name: members given only by id cannot be created)."""
    members = [
        DemoMember(p.name, "participant", p.timezone) for p in program.participants if p.name
    ]
    members += [DemoMember(f.name, "facilitator", None) for f in program.facilitators if f.name]
    return members


async def load_program(sandbox: Populated, program: Program, now: datetime) -> list[str]:
    """Create the members the program names, then store the program; notes to show."""
    notes = []
    for member in program_members(program):
        sandbox.add_member(member.name, member.role, member.timezone)
        notes.append(_joined(member))
    await sandbox.settle()
    # Start-up cost: the bot's modules load only when a program is applied to it.
    from bot.app import CompanionBot

    if not isinstance(sandbox.bot, CompanionBot):
        raise ProgramError("a program can only be loaded into Companion itself")
    await sandbox.bot.programs.import_program(program, now)
    await sandbox.settle()
    notes.append(f'program "{program.name}" loaded: '
                 f"{plural(len(program.participants), 'participant')}, "
                 f"{plural(len(program.tracks), 'track')}")
    return notes


def demo_program_path(given: Path | None = None) -> Path | None:
    """The program the console loads: the one given, else data/demo_program.toml."""
    if given is not None:
        return given
    return DEMO_PROGRAM if DEMO_PROGRAM.exists() else None


def first_day(program: Program, now: datetime) -> datetime:
    """When the console's clock starts: now, or 08:00 on the day most of the program
    has begun (the lower median of the start dates).

    A demo that starts weeks before anyone is enrolled would show nothing until the
    person finds ``advance to``; starting when most participants have begun shows
    their schedules and reminders at once, even if one person started a week early.
    """
    starts = sorted(p.start for p in program.participants)
    if not starts:
        return now
    zone = ZoneInfo(program.timezone)
    first = datetime.combine(starts[(len(starts) - 1) // 2], time(8, 0), tzinfo=zone)
    return first if first > now else now


def demo_cast(program: Program | None) -> list[DemoMember]:
    """Who the console starts with: the members the program names, then the demo cast
    members it does not name (so the console's examples work with any program)."""
    cast = program_members(program) if program is not None else []
    named = {m.name for m in cast}
    return cast + [m for m in DEMO_MEMBERS if m.name not in named]


def describe_member(member: DemoMember, default_zone: str) -> str:
    """One line of the console's ``members`` list (and of README's cast)."""
    zone = member.timezone or f"{default_zone} (the program's zone; none of their own)"
    return f"{member.name}: {member.role}, {zone}"


def members_listing(cast: list[DemoMember], default_zone: str) -> list[str]:
    """What the console's ``members`` prints, one line each, by name."""
    return sorted(describe_member(m, default_zone) for m in cast)


async def seed_demo(
    sandbox: Populated, now: datetime, program: Program | None = None
) -> tuple[list[str], list[DemoMember]]:
    """The console's cast (``demo_cast``), added to the sandbox, the program loaded.

    Returns notes to show and everyone who was added.
    """
    notes: list[str] = []
    cast = demo_cast(program)
    named: set[str] = set()
    if program is not None:
        named = {m.name for m in program_members(program)}
        notes = await load_program(sandbox, program, now)
    for member in cast:
        if member.name not in named:
            sandbox.add_member(member.name, member.role, member.timezone)
            notes.append(_joined(member))
    await sandbox.settle()
    return notes, cast


def _joined(member: DemoMember) -> str:
    zone = f" ({member.timezone})" if member.timezone else ""
    return f"{member.name} joins as {member.role}{zone}"
