"""Reading single fields of a program file, collecting problems instead of stopping.

Each method reads one value, records a :class:`Problem` at its location when the value
is wrong and returns ``None``, so one pass over a file finds every problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.kernel.durations import parse_clock, parse_leads
from bot.kernel.timezones import UnknownTimezoneError, resolve_timezone
from bot.program.domain.program_checks import Problem, did_you_mean

# The calendar a program can live in. Far outside it a date is a typo (9999-12-20), and
# date arithmetic on it overflows: the bot would plan nothing for anyone.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class FieldReader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every date read, with its location, for the checks against the program's start.
        self.dates: list[tuple[str, date]] = []

    def problem(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    # -- containers ---------------------------------------------------------------
    def keys(self, where: str, table: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(f"{where}.{key}", "unknown key" + did_you_mean(key, allowed))

    def tables(self, where: str, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if isinstance(value, dict):
            self.problem(where, f"write [[{where}]] (a list of tables), not [{where}]")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, f"must be a list of [[{where}]] tables")
            return []
        return value

    # -- scalars ------------------------------------------------------------------
    def text(
        self, where: str, table: Mapping[str, Any], key: str, required: bool,
        limit: int | None = None,
    ) -> str | None:
        """A string; ``limit``: at most that many characters (what every message that
        carries it can hold)."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}.{key}", "must be a non-empty string")
            return None
        if limit is not None and len(value) > limit:
            self.problem(
                f"{where}.{key}",
                f"is {len(value)} characters long; at most {limit} fit in the messages that "
                "show it",
            )
            return None
        return value

    def integer(
        self, where: str, table: Mapping[str, Any], key: str, low: int, high: int
    ) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{where}.{key}", f"must be a whole number, not {value!r}")
            return None
        if not low <= value <= high:
            self.problem(f"{where}.{key}", f"must be between {low} and {high}, not {value}")
            return None
        return value

    def day_value(self, where: str, value: Any) -> date | None:
        if isinstance(value, datetime) or not isinstance(value, date | str):
            self.problem(where, f"must be a date like 2026-12-25, not {value!r}")
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                self.problem(where, f'date "{value}" must be written like 2026-12-25')
                return None
        return self.calendar_day(where, value)

    def calendar_day(self, where: str, day: date) -> date | None:
        if not EARLIEST <= day <= LATEST:
            self.problem(
                where,
                f"{day.isoformat()} is outside the years {EARLIEST.year} to {LATEST.year} "
                "(a typo in the year?)",
            )
            return None
        self.dates.append((where, day))
        return day

    def clock(self, where: str, value: Any) -> time | None:
        if isinstance(value, time):
            if value.second or value.microsecond or value.tzinfo is not None:
                self.problem(where, "a time of day is hours and minutes only, like 18:00")
                return None
            return value
        if not isinstance(value, str):
            self.problem(where, f'must be a time like "18:00", not {value!r}')
            return None
        try:
            return parse_clock(value)
        except ValueError as error:
            self.problem(where, str(error))
            return None

    def leads(self, where: str, value: Any) -> tuple[timedelta, ...] | None:
        if not isinstance(value, str | list) or not all(isinstance(v, str) for v in value):
            self.problem(where, 'must be a list like ["24h", "1h"], or "off"')
            return None
        try:
            return parse_leads(value)
        except ValueError as error:
            self.problem(where, str(error))
            return None

    def zone(self, where: str, value: Any) -> str | None:
        if not isinstance(value, str):
            self.problem(where, f'must be a zone name like "America/New_York", not {value!r}')
            return None
        try:
            resolve_timezone(value)
        except UnknownTimezoneError as error:
            self.problem(where, str(error))
            return None
        return value
