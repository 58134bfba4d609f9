"""Helpers the program's cogs share: the loaded program, session choices, dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from discord import app_commands

from bot.kernel.errors import UserError
from bot.program.domain.occurrences import Occurrence
from bot.program.domain.schedule import Program

if TYPE_CHECKING:
    from bot.app import CompanionBot

NO_PROGRAM = "No program is loaded yet: use `/program import` with a program file."


async def loaded_program(bot: CompanionBot) -> Program:
    program = await bot.programs.current()
    if program is None:
        raise UserError(NO_PROGRAM)
    return program


def choice_name(occurrence: Occurrence) -> str:
    """ "Wed 09 Dec 18:00 · Process group · evening.process-group" (program-local)."""
    local = occurrence.local_start
    return f"{local:%a %d %b %H:%M} · {occurrence.title} · {occurrence.session_key}"[:100]


def session_choices(
    occurrences: Iterable[Occurrence], current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete: the occurrences whose label or key contains what was typed."""
    needle = current.strip().lower()
    return [
        app_commands.Choice(name=choice_name(o), value=o.key)
        for o in occurrences
        if needle in choice_name(o).lower() or needle in o.key
    ][:25]


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f'{what} "{text}" is not a date: write it as YYYY-MM-DD.') from None
