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

from bot.program.domain.program_file import ProgramFileError, parse_program
from bot.program.domain.schedule import Program

log = logging.getLogger(__name__)

DEMO_PROGRAM = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"


@dataclass(frozen=True)
class DemoMember:
    name: str
    role: str
    timezone: str | None


DEMO_MEMBERS = (
    DemoMember("alex", "participant", "America/Chicago"),
    DemoMember("sam", "participant", "Europe/London"),
    DemoMember("jordan", "participant", "Australia/Sydney"),
    DemoMember("casey", "participant", "America/Los_Angeles"),
    DemoMember("riley", "peer", "America/New_York"),
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
    notes.append(f'program "{program.name}" loaded: {len(program.participants)} participants, '
                 f"{len(program.tracks)} tracks")
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


async def seed_demo(
    sandbox: Populated, now: datetime, program: Program | None = None
) -> tuple[list[str], list[DemoMember]]:
    """The console's cast: the demo members, plus those the program names.

    Returns notes to show and everyone who was added.
    """
    notes: list[str] = []
    cast: list[DemoMember] = []
    named: set[str] = set()
    if program is not None:
        cast = program_members(program)
        named = {m.name for m in cast}
        notes = await load_program(sandbox, program, now)
    # The demo cast is always there, so the console's examples work with any program.
    for member in DEMO_MEMBERS:
        if member.name not in named:
            sandbox.add_member(member.name, member.role, member.timezone)
            notes.append(_joined(member))
            cast.append(member)
    await sandbox.settle()
    return notes, cast


def _joined(member: DemoMember) -> str:
    zone = f" ({member.timezone})" if member.timezone else ""
    return f"{member.name} joins as {member.role}{zone}"
