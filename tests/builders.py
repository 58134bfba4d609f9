"""Program files for tests, written from the few facts a test cares about.

``program_file(participant("alex", "America/Chicago", start=..., weeks=4), ...)`` gives
the TOML text of a one-track program (one weekly group session, facilitator rivera) as a
facilitator would write it, so a test names who takes part and when, not TOML syntax.
Tests of the file format itself (tests/program/test_program_file.py) keep writing TOML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date


def _value(value: object) -> str:
    """A TOML value: strings quoted (JSON's escapes are TOML's), dates bare."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


def _table(header: str, fields: dict[str, object]) -> str:
    lines = [header]
    lines += [f"{key} = {_value(value)}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


def participant(
    name: str, timezone: str, *, start: date, weeks: int, track: str = "Evening"
) -> str:
    """One ``[[participant]]`` entry."""
    return _table(
        "[[participant]]",
        {"name": name, "track": track, "timezone": timezone, "start": start, "weeks": weeks},
    )


def program_file(
    *participants: str,
    name: str = "Evening IOP",
    timezone: str = "America/New_York",
    reminders: Sequence[str] | None = None,
    checkin_time: str | None = None,
    track: str = "Evening",
    days: Sequence[str] = ("mon", "wed"),
    start: str = "18:00",
    minutes: int = 180,
    location: str | None = None,
    facilitators: Sequence[str] = ("rivera",),
) -> str:
    """A program with one track holding one weekly "Process group" session."""
    parts = [
        _table(
            "[program]",
            {
                "name": name,
                "timezone": timezone,
                "reminders": None if reminders is None else list(reminders),
                "checkin_time": checkin_time,
            },
        ),
        _table("[[track]]", {"name": track}),
        _table(
            "[[track.session]]",
            {
                "title": "Process group",
                "kind": "group",
                "days": list(days),
                "start": start,
                "minutes": minutes,
                "location": location,
            },
        ),
        *participants,
        *(_table("[[facilitator]]", {"name": who}) for who in facilitators),
    ]
    return "\n".join(parts)
