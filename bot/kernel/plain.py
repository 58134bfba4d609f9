"""Plain language: the one place a value becomes words a person reads.

Enums, booleans, ids such as ``not_prescribed``, dates, times, durations and records
(dataclasses, dicts) are turned into words here, never with ``str()`` or an f-string of
the raw value: a person in a hard moment should read "Not prescribed", "Mon 7 Dec",
"1 check-in" and "GAD-2", not ``not_prescribed``, ``2026-12-07``, "1 check-ins" or
``GAD2``. ``flat_row`` does the same for exports, so a CSV holds flat columns (dates,
times, names) and never a Python repr.

Check-ins render through it first (``bot.checkins.plain`` adds the question labels);
other capabilities may adopt it as they touch their messages.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

# Validated instruments are written with a hyphen before their item count.
_INSTRUMENT = re.compile(r"^([a-z]+)-?(\d+)$", re.IGNORECASE)
_IRREGULAR = {"person": "people", "child": "children", "entry": "entries"}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 check-in', '2 check-ins', '0 days'; irregular words take ``plural_form``."""
    if count == 1:
        return f"1 {singular}"
    if plural_form is None:
        plural_form = _IRREGULAR.get(singular) or (
            singular[:-1] + "ies"
            if singular.endswith("y") and singular[-2:-1] not in "aeiou"
            else singular + ("es" if singular.endswith(("s", "sh", "ch", "x")) else "s")
        )
    return f"{count} {plural_form}"


def words(identifier: str) -> str:
    """An identifier as words: 'not_prescribed' -> 'not prescribed', 'reach-out' ->
    'reach out'. Use a label from the data file where there is one; this is the
    fallback that still never shows an underscore."""
    return re.sub(r"[_\s]+", " ", identifier.replace("-", " ")).strip()


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def instrument_name(code: str) -> str:
    """'gad2' -> 'GAD-2', 'PHQ9' -> 'PHQ-9'; anything else in capitals with spaces."""
    match = _INSTRUMENT.match(code.strip())
    if match:
        return f"{match.group(1).upper()}-{match.group(2)}"
    return words(code).upper()


def short_day(day: date) -> str:
    """'Mon 7 Dec': a chart tick, a table cell."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date, *, year: bool = False) -> str:
    """'Monday 7 December' (with ' 2026' when asked): how people write a date."""
    text = f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def zone_name(zone: str) -> str:
    """An IANA zone as a place: 'America/Los_Angeles' -> 'Los Angeles', 'UTC' -> 'UTC'."""
    return words(zone.rsplit("/", 1)[-1])


def clock_time(value: time) -> str:
    """'17:00' (24-hour, as the program file writes times)."""
    return f"{value:%H:%M}"


def duration(value: timedelta) -> str:
    """'1 day 2 hours', '30 minutes', '0 minutes'."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")) if n
    ]
    return " ".join(parts) or "0 minutes"


def listing(items: Iterable[str], *, empty: str = "none") -> str:
    """'a', 'a and b', 'a, b and c'."""
    found = [i for i in items if i]
    if not found:
        return empty
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + " and " + found[-1]


def plain(value: Any) -> str:
    """Any value as words for a person (records as 'field: value; ...')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, enum.Enum):
        raw = value.value
        return raw if isinstance(raw, str) and " " in raw else words(str(raw).lower())
    if isinstance(value, datetime):
        return f"{long_day(value.date(), year=True)}, {clock_time(value.time())}"
    if isinstance(value, date):
        return long_day(value, year=True)
    if isinstance(value, time):
        return clock_time(value)
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{words(str(k))}: {plain(v)}" for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, Iterable):
        return ", ".join(
            sorted(plain(v) for v in value)
            if isinstance(value, frozenset | set)
            else (plain(v) for v in value)
        )
    return words(type(value).__name__)


# ---- exports ---------------------------------------------------------------------------

Scalar = str | int | float | None


def cell(value: Any) -> Scalar:
    """One export cell: numbers and text as they are, dates and times in ISO (a
    spreadsheet sorts them), booleans as yes/no, anything else in words."""
    if (
        value is None
        or isinstance(value, str | float)
        or (isinstance(value, int) and not isinstance(value, bool))
    ):
        return value
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return clock_time(value)
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, enum.Enum):
        return plain(value)
    return plain(value)


def flat_row(row: Mapping[str, Any], prefix: str = "") -> dict[str, Scalar]:
    """A record as flat columns: nested records become '<field> <name>' columns, a list
    of plain values one '; '-joined cell, a list of records numbered columns
    ('appointments 1 title'). Never a repr."""
    out: dict[str, Scalar] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        if isinstance(value, Mapping):
            out.update(flat_row(value, f"{name} "))
        elif isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
            if any(isinstance(i, Mapping) or dataclasses.is_dataclass(i) for i in items):
                for n, item in enumerate(items, start=1):
                    out.update(flat_row({str(n): item}, f"{name} "))
            else:
                out[name] = "; ".join(str(cell(i)) for i in items)
        else:
            out[name] = cell(value)
    return out


def jsonable(value: Any) -> Any:
    """``json.dumps(default=jsonable)``: records as objects, dates in ISO, never a repr."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return cell(value)
