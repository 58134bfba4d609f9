"""Typed reads from a parsed TOML table that record problems instead of raising.

Collecting every problem (rather than stopping at the first) lets whoever edits a data
file fix it in one pass; each message starts with the path of the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final


class Problems:
    """An ordered, duplicate-free list of problem messages."""

    def __init__(self) -> None:
        self._items: dict[str, None] = {}

    def add(self, message: str) -> None:
        self._items[message] = None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


class _Required:
    pass


REQUIRED: Final = _Required()


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


class Table:
    def __init__(self, raw: dict[str, Any], name: str, problems: Problems) -> None:
        self.raw = raw
        self.name = name
        self.problems = problems

    def path(self, key: str) -> str:
        return f"{self.name}.{key}" if self.name else key

    def problem(self, key: str, message: str) -> None:
        self.problems.add(f"{self.path(key)}: {message}")

    def has(self, key: str) -> bool:
        return key in self.raw

    def _get(self, key: str, default: object) -> tuple[bool, Any]:
        """(found, value); records "is required" when absent without a default."""
        if key in self.raw:
            return True, self.raw[key]
        if default is REQUIRED:
            self.problem(key, "is required")
        return False, default

    def get_str(
        self,
        key: str,
        *,
        default: str | _Required | None = REQUIRED,
        pattern: re.Pattern[str] | None = None,
        choices: Iterable[str] | None = None,
        max_length: int | None = None,
    ) -> str | None:
        found, value = self._get(key, default)
        if not found:
            return None if value is REQUIRED else value
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            self.problem(key, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.problem(
                key, f"{value!r} must be lower-case letters, digits and _ (start with a letter)"
            )
            return None
        if choices is not None:
            allowed = list(choices)
            if value not in allowed:
                self.problem(key, f"{value!r} is not one of {', '.join(allowed)}")
                return None
        if max_length is not None and len(value) > max_length:
            self.problem(key, f"is {len(value)} characters; at most {max_length} fit")
            return None
        return value

    def get_int(
        self,
        key: str,
        *,
        default: int | _Required | None = REQUIRED,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        found, value = self._get(key, default)
        if not found:
            return None if value is REQUIRED else value
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"must be an integer, not {_type_name(value)}")
            return None
        if minimum is not None and value < minimum:
            self.problem(key, f"must be at least {minimum} (got {value})")
            return None
        if maximum is not None and value > maximum:
            self.problem(key, f"must be at most {maximum} (got {value})")
            return None
        return value

    def get_bool(self, key: str, *, default: bool | _Required | None = REQUIRED) -> bool | None:
        found, value = self._get(key, default)
        if not found:
            return None if value is REQUIRED else value
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_type_name(value)}")
            return None
        return value

    def str_list(self, key: str, *, default: list[str] | _Required = REQUIRED) -> list[str]:
        found, value = self._get(key, default)
        if not found:
            return [] if value is REQUIRED else list(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "must be an array of strings")
            return []
        return value

    def table(self, key: str, *, required: bool = False) -> Table:
        """A sub-table; an empty one (after recording a problem if required) when absent."""
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return Table({}, self.path(key), self.problems)
        if not isinstance(value, dict):
            self.problem(key, f"must be a table, not {_type_name(value)}")
            return Table({}, self.path(key), self.problems)
        return Table(value, self.path(key), self.problems)

    def tables(self, key: str, *, required: bool) -> list[Table]:
        """An array of tables (``[[key]]`` or ``key = [{...}]``), each named ``key[n]``.

        Entries are numbered from 1, the way a person counts the blocks in the file.
        """
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return []
        if not isinstance(value, list):
            self.problem(key, f"must be an array of tables, not {_type_name(value)}")
            return []
        result = []
        for index, entry in enumerate(value, start=1):
            name = f"{self.path(key)}[{index}]"
            if isinstance(entry, dict):
                result.append(Table(entry, name, self.problems))
            else:
                self.problems.add(f"{name}: must be a table, not {_type_name(entry)}")
        return result

    def reject_unknown(self, allowed: set[str]) -> None:
        """Unknown keys are usually typos (``requird``); silently ignoring one would drop
        the setting its author meant to make."""
        for key in self.raw:
            if key not in allowed:
                self.problem(key, f"unknown field (expected one of {', '.join(sorted(allowed))})")


def check_unique(ids: Iterable[str], where: str, problems: Problems) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            problems.add(f"{where}: id {item_id!r} is used more than once")
        seen.add(item_id)
