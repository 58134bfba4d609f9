"""The program file (TOML): read and validate it whole, all or nothing.

:func:`parse_program` returns a :class:`~bot.program.domain.schedule.Program` or raises
:class:`ProgramFileError` carrying *every* problem found, each with its location
(``participant[3].timezone: unknown zone "America/Chicgo" (did you mean
"America/Chicago"?)``; positions count from 1). Nothing is half-applied: the caller
gets a program only when the file has no problem at all.

Beyond the documented shape, the file may hold ``id = 123`` instead of (or with) a
participant's or facilitator's ``name``, ``paused_until = DATE`` for a participant,
``location`` and ``key`` for sessions, and program-wide exceptions::

    [[cancel]]
    session = "evening.process-group"
    date = 2026-12-31
    reason = "Staff training"

    [[move]]
    session = "evening.process-group"
    date = 2027-01-06
    to = 2027-01-05T18:00:00            # program-local date and time

A session's key defaults to "<track>.<title>" slugs ("evening.process-group"), an
appointment's to "<participant>.<title>" ("alex.individual-counseling").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from bot.kernel.durations import format_lead, parse_day, parse_lead
from bot.program.domain.hours import (
    ANSWER_TIME_CHARS,
    DEFAULT_ANSWER_TIME,
    DEFAULT_HOURS,
    MAX_REPEAT,
    MIN_REPEAT,
    ProgramHours,
    parse_office_hours,
)
from bot.program.domain.program_checks import Problem, check_parts, did_you_mean
from bot.program.domain.program_export import export_program
from bot.program.domain.program_fields import FieldReader
from bot.program.domain.schedule import (
    DEFAULT_CHECKIN,
    DEFAULT_REMINDERS,
    KEY_PATTERN,
    KINDS,
    MEASURE_TIMES,
    Facilitator,
    MeasurePlan,
    OccurrenceChange,
    Participant,
    Program,
    Track,
    WeeklySession,
    slug,
)

__all__ = [
    "Problem",
    "ProgramFileError",
    "check_program_text",
    "export_program",
    "parse_program",
    "program_from_data",
]

# Issue 15: when the program's people answer (bot.program.domain.hours).
HOURS_KEYS = ("office_hours", "office_days", "answer_time", "reach_out_repeat")
MAX_MINUTES = 24 * 60
MAX_WEEKS = 104
# What every message that shows a text can hold, with room for the words around it (an
# embed title holds 256 characters, a message 2,000; a welcome or a reminder carries
# several of these at once).
MAX_NAME = 100  # the program's and a track's name
MAX_TITLE = 100  # a session's title (a reminder's and an agenda's embed title)
MAX_KIND = 40
MAX_LOCATION = 200
MAX_KEY = 100
MAX_PERSON = 100  # a participant's or facilitator's name (Discord names are at most 32)
MAX_REASON = 300  # why a session was cancelled or moved (in every notice about it)
# Every date of a program lies within this many years of its start (its first
# participant's first day): further out it is a typo.
YEARS_AROUND_START = 5


class ProgramFileError(ValueError):
    """A program file with problems; ``problems`` lists all of them, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the program file"
        super().__init__("\n".join([header, *(str(p) for p in problems)]))


def parse_program(text: str) -> Program:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProgramFileError([Problem("file", f"not valid TOML: {error}")]) from None
    except RecursionError:
        # Python's TOML reader recurses once per nested array or inline table.
        raise ProgramFileError(
            [Problem("file", "arrays or tables are nested too deeply to be a program file")]
        ) from None
    return program_from_data(data)


def check_program_text(text: str) -> list[Problem]:
    """Every problem in a file (empty: it would load). For a preview command."""
    try:
        parse_program(text)
    except ProgramFileError as error:
        return list(error.problems)
    return []


def program_from_data(data: Mapping[str, Any]) -> Program:
    reader = _Reader()
    program = reader.read(data)
    if reader.problems or program is None:
        raise ProgramFileError(sorted(reader.problems, key=_file_order))
    return program


_SECTIONS = (
    "file", "program", "track", "participant", "facilitator", "cancel", "move", "measure",
)  # fmt: skip


def _file_order(problem: Problem) -> tuple[int, ...]:
    """Problems in the order of the file: by section, then by block number; the stable
    sort keeps each block's problems in the order its fields were read."""
    head = problem.location.split(".", 1)[0].split("[", 1)[0]
    rank = _SECTIONS.index(head) if head in _SECTIONS else len(_SECTIONS)
    numbers = tuple(int(n) for n in re.findall(r"\[(\d+)\]", problem.location))
    return (rank, *numbers)


class _Reader(FieldReader):
    """Reads each entity, substituting a placeholder for a wrong field and going on,
    so one pass finds everything. A placeholder never escapes: any problem makes the
    whole load fail."""

    # -- entities -----------------------------------------------------------------
    def read(self, data: Mapping[str, Any]) -> Program | None:
        self.keys(
            "file",
            data,
            ("program", "track", "participant", "facilitator", "cancel", "move", "measure"),
        )
        head = data.get("program")
        if not isinstance(head, dict):
            self.problem("program", "missing [program] table (name and timezone)")
            head = {}
        self.keys("program", head, ("name", "timezone", "reminders", "checkin_time", "closed",
                                    *HOURS_KEYS))
        name = self.text("program", head, "name", required=True, limit=MAX_NAME) or "?"
        zone = head.get("timezone")
        if zone is None:
            self.problem("program.timezone", "missing")
        timezone = self.zone("program.timezone", zone) if zone is not None else None
        reminders = DEFAULT_REMINDERS
        if "reminders" in head:
            parsed = self.leads("program.reminders", head["reminders"])
            reminders = reminders if parsed is None else parsed
        checkin = DEFAULT_CHECKIN
        if "checkin_time" in head:
            parsed_time = self.clock("program.checkin_time", head["checkin_time"])
            checkin = checkin if parsed_time is None else parsed_time
        closed: list[date] = []
        raw_closed = head.get("closed", [])
        if not isinstance(raw_closed, list):
            self.problem("program.closed", "must be a list of dates like [2026-12-25]")
            raw_closed = []
        for i, value in enumerate(raw_closed, 1):
            day = self.day_value(f"program.closed[{i}]", value)
            if day is not None:
                closed.append(day)
        home = timezone or "UTC"
        hours = self.hours(head)

        tracks = [
            (i, self.track(f"track[{i}]", t))
            for i, t in enumerate(self.tables("track", data.get("track")), 1)
        ]
        participants = [
            (i, self.participant(f"participant[{i}]", p, home))
            for i, p in enumerate(self.tables("participant", data.get("participant")), 1)
        ]
        facilitators = [
            (i, self.facilitator(f"facilitator[{i}]", f))
            for i, f in enumerate(self.tables("facilitator", data.get("facilitator")), 1)
        ]
        changes = [
            (f"cancel[{i}]", self.change(f"cancel[{i}]", c, moved=False))
            for i, c in enumerate(self.tables("cancel", data.get("cancel")), 1)
        ] + [
            (f"move[{i}]", self.change(f"move[{i}]", c, moved=True))
            for i, c in enumerate(self.tables("move", data.get("move")), 1)
        ]
        measures = [
            self.measure(f"measure[{i}]", m)
            for i, m in enumerate(self.tables("measure", data.get("measure")), 1)
        ]
        seen: set[str] = set()
        for i, plan in enumerate(measures, 1):
            if plan is not None and plan.instrument in seen:
                self.problem(f"measure[{i}].instrument", f'"{plan.instrument}" is listed twice')
            if plan is not None:
                seen.add(plan.instrument)
        program = Program(
            name=name,
            timezone=home,
            reminders=reminders,
            checkin_time=checkin,
            closed=tuple(closed),
            tracks=tuple(t for _, t in tracks),
            participants=tuple(p for _, p in participants if p is not None),
            facilitators=tuple(f for _, f in facilitators if f is not None),
            changes=tuple(c for _, c in changes if c is not None),
            measures=tuple(m for m in measures if m is not None),
            hours=hours,
        )
        self.problems += check_parts(
            program,
            tracks,
            [(i, p) for i, p in participants if p is not None],
            [(i, f) for i, f in facilitators if f is not None],
            [(w, c) for w, c in changes if c is not None],
            known_tracks=[t.name for _, t in tracks],
        )
        self.check_dates()
        return program

    def hours(self, head: Mapping[str, Any]) -> ProgramHours:
        """Office hours, answer time and the reach-out repeat; defaults for what is absent."""
        hours = DEFAULT_HOURS
        if "office_hours" in head:
            value = head["office_hours"]
            try:
                if not isinstance(value, str):
                    raise ValueError(f'must be a range like "09:00-17:00", not {value!r}')
                opens, closes = parse_office_hours(value)
                hours = replace(hours, opens=opens, closes=closes)
            except ValueError as error:
                self.problem("program.office_hours", str(error))
        if "office_days" in head:
            days = self.office_days(head["office_days"])
            if days:
                hours = replace(hours, days=days)
        if "answer_time" in head:
            text = self.text("program", head, "answer_time", required=False)
            if text is not None and ("\n" in text or len(text) > ANSWER_TIME_CHARS):
                self.problem(
                    "program.answer_time",
                    f"one line of at most {ANSWER_TIME_CHARS} characters, like "
                    f'"{DEFAULT_ANSWER_TIME}" (this one has {len(text)})',
                )
            elif text is not None:
                hours = replace(hours, answer_time=text.strip())
        if "reach_out_repeat" in head:
            value = head["reach_out_repeat"]
            repeat = None
            try:
                repeat = parse_lead(value) if isinstance(value, str) else None
            except ValueError:
                repeat = None
            if repeat is None or not MIN_REPEAT <= repeat <= MAX_REPEAT:
                self.problem(
                    "program.reach_out_repeat",
                    f'must be a duration from "{format_lead(MIN_REPEAT)}" to '
                    f'"{format_lead(MAX_REPEAT)}", like "60m", not {value!r}',
                )
            else:
                hours = replace(hours, repeat=repeat)
        return hours

    def office_days(self, values: Any) -> tuple[int, ...]:
        where = "program.office_days"
        if not isinstance(values, list) or not values:
            self.problem(where, 'must be a list like ["mon", "tue", "wed", "thu", "fri"]')
            return ()
        numbers: set[int] = set()
        for value in values:
            try:
                numbers.add(parse_day(value if isinstance(value, str) else repr(value)))
            except ValueError as error:
                self.problem(where, str(error))
        return tuple(sorted(numbers))

    def check_dates(self) -> None:
        """Every date within a few years of the program's start."""
        starts = [day for where, day in self.dates if where.endswith(".start")]
        if not starts:
            return
        first = min(starts)
        low = first.replace(year=max(first.year - YEARS_AROUND_START, 1))
        high = first.replace(year=first.year + YEARS_AROUND_START, day=min(first.day, 28))
        for where, day in self.dates:
            if not low <= day <= high:
                self.problem(
                    where,
                    f"{day.isoformat()} is more than {YEARS_AROUND_START} years from the "
                    f"program's start ({first.isoformat()}): a typo in the year?",
                )

    def track(self, where: str, raw: dict[str, Any]) -> Track:
        self.keys(where, raw, ("name", "session"))
        name = self.text(where, raw, "name", required=True, limit=MAX_NAME) or f"?{where}"
        sessions = [
            self.session(f"{where}.session[{j}]", s, owner=name)
            for j, s in enumerate(self.tables(f"{where}.session", raw.get("session")), 1)
        ]
        return Track(name=name, sessions=tuple(s for s in sessions if s is not None))

    def session(self, where: str, raw: dict[str, Any], owner: str) -> WeeklySession | None:
        allowed = ("key", "title", "kind", "days", "day", "start", "minutes", "location")
        self.keys(where, raw, allowed)
        before = len(self.problems)
        title = self.text(where, raw, "title", required=True, limit=MAX_TITLE) or ""
        kind = self.text(where, raw, "kind", required=True, limit=MAX_KIND) or ""
        if kind and kind not in KINDS:
            self.problem(
                f"{where}.kind",
                f'unknown kind "{kind}"{did_you_mean(kind, KINDS)}; use one of {", ".join(KINDS)}',
            )
        days = self.days(where, raw)
        start = None
        if "start" not in raw:
            self.problem(f"{where}.start", "missing")
        else:
            start = self.clock(f"{where}.start", raw["start"])
        minutes = self.integer(where, raw, "minutes", 1, MAX_MINUTES)
        if "minutes" not in raw:
            self.problem(f"{where}.minutes", "missing")
        location = self.text(where, raw, "location", required=False, limit=MAX_LOCATION)
        key = self.text(where, raw, "key", required=False, limit=MAX_KEY)
        if key is not None and KEY_PATTERN.fullmatch(key) is None:
            self.problem(f"{where}.key", f'key "{key}" may hold only a-z, 0-9, ".", "-", "_"')
        if key is None and title:
            key = f"{slug(owner)}.{slug(title)}"
            if not slug(title):
                self.problem(f"{where}.key", 'the title gives no key: add key = "..."')
        if len(self.problems) > before:
            return None
        assert start is not None and minutes is not None and key is not None
        return WeeklySession(key, title, kind, days, start, minutes, location)

    def days(self, where: str, raw: dict[str, Any]) -> tuple[int, ...]:
        if "days" in raw and "day" in raw:
            self.problem(f"{where}.day", 'give either day = "tue" or days = [...], not both')
            return ()
        if "day" in raw:
            values, field = [raw["day"]], "day"
        elif "days" in raw:
            values, field = raw["days"], "days"
            if not isinstance(values, list) or not values:
                self.problem(f"{where}.days", 'must be a list like ["mon", "wed"]')
                return ()
        else:
            self.problem(f"{where}.days", 'missing (days = ["mon", "wed"] or day = "tue")')
            return ()
        numbers: list[int] = []
        for value in values:
            try:
                number = parse_day(value) if isinstance(value, str) else parse_day(repr(value))
            except ValueError as error:
                self.problem(f"{where}.{field}", str(error))
                continue
            if number in numbers:
                self.problem(f"{where}.{field}", f'"{value}" is listed twice')
            numbers.append(number)
        return tuple(sorted(set(numbers)))

    def identity(self, where: str, raw: dict[str, Any]) -> tuple[str | None, int | None]:
        name = self.text(where, raw, "name", required=False, limit=MAX_PERSON)
        ident = self.integer(where, raw, "id", 1, 2**63 - 1)
        if name is None and ident is None and "name" not in raw and "id" not in raw:
            self.problem(f"{where}.name", "missing (a Discord username, or id = 123...)")
        return name, ident

    def participant(self, where: str, raw: dict[str, Any], home: str) -> Participant | None:
        allowed = (
            "name", "id", "track", "timezone", "start", "weeks", "reminders",
            "paused_until", "appointment",
        )  # fmt: skip
        self.keys(where, raw, allowed)
        name, ident = self.identity(where, raw)
        track = self.text(where, raw, "track", required=False, limit=MAX_NAME)
        timezone = home
        if "timezone" in raw:
            timezone = self.zone(f"{where}.timezone", raw["timezone"]) or home
        start = date(2000, 1, 3)
        if "start" not in raw:
            self.problem(f"{where}.start", "missing (the first day, like 2026-12-07)")
        else:
            start = self.day_value(f"{where}.start", raw["start"]) or start
        weeks = self.integer(where, raw, "weeks", 1, MAX_WEEKS)
        if "weeks" not in raw:
            self.problem(f"{where}.weeks", "missing (how many weeks, like 12)")
        reminders = None
        if "reminders" in raw:
            reminders = self.leads(f"{where}.reminders", raw["reminders"])
        paused = None
        if "paused_until" in raw:
            paused = self.day_value(f"{where}.paused_until", raw["paused_until"])
        if name is None and ident is None:
            return None
        owner = str(ident) if ident is not None else str(name)
        appointments = [
            self.session(f"{where}.appointment[{j}]", a, owner=owner)
            for j, a in enumerate(self.tables(f"{where}.appointment", raw.get("appointment")), 1)
        ]
        return Participant(
            name=name,
            track=track,
            timezone=timezone,
            start=start,
            weeks=weeks or 1,
            discord_id=ident,
            reminders=reminders,
            appointments=tuple(a for a in appointments if a is not None),
            paused_until=paused,
        )

    def facilitator(self, where: str, raw: dict[str, Any]) -> Facilitator | None:
        self.keys(where, raw, ("name", "id"))
        name, ident = self.identity(where, raw)
        if name is None and ident is None:
            return None
        return Facilitator(name=name, discord_id=ident)

    def change(self, where: str, raw: dict[str, Any], moved: bool) -> OccurrenceChange | None:
        self.keys(where, raw, ("session", "date", "to", "reason") if moved else
                  ("session", "date", "reason"))  # fmt: skip
        before = len(self.problems)
        session = self.text(where, raw, "session", required=True, limit=MAX_KEY)
        day = None
        if "date" not in raw:
            self.problem(f"{where}.date", "missing (the date it was scheduled for)")
        else:
            day = self.day_value(f"{where}.date", raw["date"])
        target = None
        if moved:
            target = self.moment(f"{where}.to", raw.get("to"))
        reason = self.text(where, raw, "reason", required=False, limit=MAX_REASON) or ""
        if len(self.problems) > before or session is None or day is None:
            return None
        return OccurrenceChange(session, day, target, reason)

    def measure(self, where: str, raw: dict[str, Any]) -> MeasurePlan | None:
        """A questionnaire the program uses (issue 20): ``instrument = "phq9"`` with
        ``every_weeks = 4`` and/or ``at = ["intake", "discharge"]``."""
        self.keys(where, raw, ("instrument", "every_weeks", "at"))
        before = len(self.problems)
        instrument = self.text(where, raw, "instrument", required=True)
        if instrument is not None and not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", instrument):
            self.problem(f"{where}.instrument", f'"{instrument}" is not an instrument id')
        every = self.integer(where, raw, "every_weeks", 1, MAX_WEEKS)
        at_raw = raw.get("at", [])
        at: list[str] = []
        if not isinstance(at_raw, list) or not all(isinstance(a, str) for a in at_raw):
            self.problem(f"{where}.at", 'must be a list like ["intake", "discharge"]')
        else:
            for value in at_raw:
                if value not in MEASURE_TIMES:
                    self.problem(
                        f"{where}.at",
                        f'"{value}"{did_you_mean(value, MEASURE_TIMES)} is not one of '
                        + ", ".join(MEASURE_TIMES),
                    )
                elif value not in at:
                    at.append(value)
        if "every_weeks" not in raw and not at and "at" not in raw:
            self.problem(
                f"{where}.every_weeks", 'missing (every_weeks = 4, at = ["intake"], or both)'
            )
        if len(self.problems) > before or instrument is None:
            return None
        return MeasurePlan(instrument, every, tuple(sorted(at, key=MEASURE_TIMES.index)))

    def moment(self, where: str, value: Any) -> datetime | None:
        if value is None:
            self.problem(where, "missing (the new local date and time, like 2027-01-05T18:00:00)")
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        if not isinstance(value, datetime) or value.tzinfo is not None:
            self.problem(
                where,
                "must be a local date and time without a zone, like 2027-01-05T18:00:00 "
                "(it is read in the program's time zone)",
            )
            return None
        if value.second or value.microsecond:
            self.problem(where, "must fall on a whole minute")
            return None
        if self.calendar_day(where, value.date()) is None:
            return None
        return value
