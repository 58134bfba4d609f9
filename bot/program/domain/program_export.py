"""Writing a Program back to program-file TOML (the inverse of ``parse_program``).

The output re-parses to an equal Program. A session key that is derived from its
title is left out, so an exported file reads like a hand-written one; everything
else is written out in full, defaults included, so the file says what is in force.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.kernel.durations import DAY_NAMES, format_clock, format_lead, format_leads
from bot.program.domain.hours import ProgramHours
from bot.program.domain.schedule import OccurrenceChange, Participant, Program, WeeklySession, slug

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    """A TOML basic string; control characters escaped as TOML requires."""
    out: list[str] = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: object) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return toml_string(format_clock(value))
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _leads(leads: tuple[timedelta, ...]) -> str:
    return _value(format_leads(leads)) if leads else toml_string("off")


def _hours(hours: ProgramHours) -> list[str]:
    days = [DAY_NAMES[d] for d in hours.days]
    span = f"{format_clock(hours.opens)}-{format_clock(hours.closes)}"
    return [
        f"office_hours = {toml_string(span)}",
        f"office_days = {_value(days)}",
        f"answer_time = {_value(hours.answer_time)}",
        f"reach_out_repeat = {toml_string(format_lead(hours.repeat))}",
    ]


def export_program(program: Program) -> str:
    lines = [
        # No names in comments: a comment cannot hold a line break, a string can.
        "# Program file. Session times are wall-clock times in the program's zone.",
        "[program]",
        f"name = {_value(program.name)}",
        f"timezone = {_value(program.timezone)}",
        f"reminders = {_leads(program.reminders)}",
        f"checkin_time = {_value(program.checkin_time)}",
        f"closed = {_value(list(program.closed))}",
        *_hours(program.hours),
    ]
    for track in program.tracks:
        lines += ["", "[[track]]", f"name = {_value(track.name)}"]
        for session in track.sessions:
            lines += ["", "[[track.session]]", *_session(session, track.name, "days")]
    for participant in program.participants:
        lines += ["", "[[participant]]", *_participant(participant, program)]
    for facilitator in program.facilitators:
        lines += ["", "[[facilitator]]"]
        if facilitator.name is not None:
            lines.append(f"name = {_value(facilitator.name)}")
        if facilitator.discord_id is not None:
            lines.append(f"id = {facilitator.discord_id}")
    for change in program.changes:
        lines += ["", *_change(change)]
    return "\n".join(lines) + "\n"


def _session(session: WeeklySession, owner: str, days_field: str) -> list[str]:
    lines = []
    if session.key != f"{slug(owner)}.{slug(session.title)}":
        lines.append(f"key = {_value(session.key)}")
    lines += [f"title = {_value(session.title)}", f"kind = {_value(session.kind)}"]
    names = list(session.day_names)
    if days_field == "day" and len(names) == 1:
        lines.append(f"day = {_value(names[0])}")
    else:
        lines.append(f"days = {_value(names)}")
    lines += [f"start = {_value(session.start)}", f"minutes = {session.minutes}"]
    if session.location is not None:
        lines.append(f"location = {_value(session.location)}")
    return lines


def _participant(participant: Participant, program: Program) -> list[str]:
    lines = []
    if participant.name is not None:
        lines.append(f"name = {_value(participant.name)}")
    if participant.discord_id is not None:
        lines.append(f"id = {participant.discord_id}")
    if participant.track is not None:
        lines.append(f"track = {_value(participant.track)}")
    lines += [
        f"timezone = {_value(participant.timezone)}",
        f"start = {_value(participant.start)}",
        f"weeks = {participant.weeks}",
    ]
    if participant.reminders is not None:
        lines.append(f"reminders = {_leads(participant.reminders)}")
    if participant.paused_until is not None:
        lines.append(f"paused_until = {_value(participant.paused_until)}")
    for appointment in participant.appointments:
        lines += ["", "[[participant.appointment]]", *_session(appointment, participant.key, "day")]
    return lines


def _change(change: OccurrenceChange) -> list[str]:
    table = "[[cancel]]" if change.moved_to is None else "[[move]]"
    lines = [table, f"session = {_value(change.session_key)}", f"date = {_value(change.day)}"]
    if change.moved_to is not None:
        lines.append(f"to = {_value(change.moved_to)}")
    if change.reason:
        lines.append(f"reason = {_value(change.reason)}")
    return lines
