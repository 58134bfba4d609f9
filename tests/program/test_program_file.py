"""The program file: the documented shape loads; every problem is reported at once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.program.domain.program_checks import check_program
from bot.program.domain.program_file import (
    ProgramFileError,
    check_program_text,
    export_program,
    parse_program,
)
from bot.program.domain.schedule import Participant, Program

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"

ISSUE_EXAMPLE = """
[program]
name = "Evening IOP"
timezone = "America/New_York"
reminders = ["24h", "1h"]          # default lead times
checkin_time = "20:00"             # default daily check-in
closed = [2026-12-25, 2027-01-01]  # program-wide closures

[[track]]
name = "Evening"
[[track.session]]
title = "Process group"
kind = "group"
days = ["mon", "wed", "thu"]
start = "18:00"
minutes = 180

[[participant]]
name = "alex"                      # Discord username, or id = 123...
track = "Evening"
timezone = "America/Chicago"
start = 2026-12-07
weeks = 12
reminders = ["2h"]                 # optional, overrides the program's
[[participant.appointment]]
title = "Individual counseling"
kind = "individual"
day = "tue"
start = "17:00"
minutes = 50

[[facilitator]]
name = "rivera"
"""


def problems_in(text: str) -> list[str]:
    with pytest.raises(ProgramFileError) as caught:
        parse_program(text)
    return [str(p) for p in caught.value.problems]


def test_the_documented_shape_loads() -> None:
    program = parse_program(ISSUE_EXAMPLE)
    assert (program.name, program.timezone) == ("Evening IOP", "America/New_York")
    assert program.reminders == (timedelta(hours=24), timedelta(hours=1))
    assert program.checkin_time == time(20, 0)
    assert program.closed == (date(2026, 12, 25), date(2027, 1, 1))
    [session] = program.tracks[0].sessions
    assert (session.key, session.days, session.start, session.minutes) == (
        "evening.process-group",
        (0, 2, 3),
        time(18, 0),
        180,
    )
    alex = program.participant("alex")
    assert alex is not None
    assert (alex.timezone, alex.start, alex.weeks) == ("America/Chicago", date(2026, 12, 7), 12)
    assert program.leads_for(alex) == (timedelta(hours=2),)
    [appointment] = alex.appointments
    assert (appointment.key, appointment.days, appointment.kind) == (
        "alex.individual-counseling",
        (1,),
        "individual",
    )
    assert [f.name for f in program.facilitators] == ["rivera"]


def test_the_demo_program_loads() -> None:
    program = parse_program(DEMO.read_text(encoding="utf-8"))
    assert [p.name for p in program.participants] == ["alex", "sam", "jordan", "riley", "casey"]
    zones = {p.timezone for p in program.participants}
    assert {"America/Chicago", "Europe/London", "Australia/Sydney"} <= zones
    assert program.leads_for(program.participants[2]) == ()  # jordan: reminders off
    assert check_program(program) == []


def test_many_problems_are_reported_together_with_their_locations() -> None:
    text = ISSUE_EXAMPLE.replace('days = ["mon", "wed", "thu"]', 'days = ["mon", "wdn"]')
    text = text.replace('start = "18:00"', 'start = "6pm"')
    text = text.replace('kind = "individual"', 'kind = "indivdual"')
    text = text.replace('reminders = ["2h"]', 'reminders = ["2"]\ncolour = "blue"')
    text += """
[[participant]]
name = "sam"
track = "Evenin"
start = 2026-12-07
weeks = 0

[[participant]]
name = "jordan"
track = "Evening"
timezone = "America/Chicgo"
start = "next monday"
weeks = 12

[[participant]]
id = "1234"
track = "Evening"
start = 2026-12-07
weeks = 8

[[facilitator]]
name = "Rivera"
"""
    assert problems_in(text) == [
        'track[1].session[1].days: unknown day "wdn": use one of mon, tue, wed, thu, fri, sat, sun',
        'track[1].session[1].start: time "6pm" must be written HH:MM, like "18:00"',
        "participant[1].colour: unknown key",
        'participant[1].reminders: unknown lead time "2": write a number and a unit (d, h or '
        'm), like "24h", "90m" or "2d", or "off"',
        'participant[1].appointment[1].kind: unknown kind "indivdual" (did you mean '
        '"individual"?); use one of group, individual, family, psychiatry, medication, '
        "life-skills, support, complementary",
        "participant[2].weeks: must be between 1 and 104, not 0",
        'participant[2].track: unknown track "Evenin" (did you mean "Evening"?)',
        'participant[3].timezone: unknown zone "America/Chicgo" (did you mean "America/Chicago"?)',
        'participant[3].start: date "next monday" must be written like 2026-12-25',
        "participant[4].id: must be a whole number, not '1234'",
        'facilitator[2].name: duplicate facilitator "Rivera" (also facilitator[1])',
    ]


def test_nothing_is_returned_when_anything_is_wrong() -> None:
    text = ISSUE_EXAMPLE.replace("weeks = 12", "weeks = 12.5")
    # A float is not a number of weeks; nothing else in the file is wrong.
    assert [str(p) for p in check_program_text(text)] == [
        "participant[1].weeks: must be a whole number, not 12.5"
    ]
    with pytest.raises(ProgramFileError, match="1 problem in the program file"):
        parse_program(text)


def test_unknown_keys_and_wrong_table_kinds_everywhere() -> None:
    text = """
[program]
name = "P"
timezone = "UTC"
remindrs = ["1h"]

[track]
name = "Evening"

[[participnt]]
name = "alex"
"""
    assert problems_in(text) == [
        'file.participnt: unknown key (did you mean "participant"?)',
        'program.remindrs: unknown key (did you mean "reminders"?)',
        "track: write [[track]] (a list of tables), not [track]",
    ]


def test_missing_program_table_and_fields() -> None:
    text = """
[[track]]
[[track.session]]
title = "Yoga"
"""
    assert problems_in(text) == [
        "program: missing [program] table (name and timezone)",
        "program.name: missing",
        "program.timezone: missing",
        "track[1].name: missing",
        "track[1].session[1].kind: missing",
        'track[1].session[1].days: missing (days = ["mon", "wed"] or day = "tue")',
        "track[1].session[1].start: missing",
        "track[1].session[1].minutes: missing",
    ]


def test_broken_toml_is_one_problem() -> None:
    [problem] = check_program_text('[program]\nname = "P\n')
    assert problem.location == "file"
    assert problem.message.startswith("not valid TOML")


def test_two_sessions_with_one_title_need_their_own_keys() -> None:
    text = ISSUE_EXAMPLE.replace(
        "[[participant]]",
        '[[track.session]]\ntitle = "Process group"\nkind = "group"\ndays = ["sat"]\n'
        'start = "10:00"\nminutes = 60\n\n[[participant]]',
        1,
    )
    assert problems_in(text) == [
        'track[1].session[2].key: duplicate session key "evening.process-group" (also '
        'track[1].session[1]) (give one of them its own key = "...")'
    ]
    fixed = text.replace('days = ["sat"]', 'days = ["sat"]\nkey = "evening.weekend-group"')
    assert parse_program(fixed).session("evening.weekend-group") is not None


def test_cancellations_and_moves_are_checked() -> None:
    text = (
        ISSUE_EXAMPLE
        + """
[[cancel]]
session = "evening.proces-group"
date = 2027-01-04

[[cancel]]
session = "evening.process-group"
date = 2027-01-05

[[move]]
session = "evening.process-group"
date = 2027-01-06
to = 2026-12-25T18:00:00

[[move]]
session = "evening.process-group"
date = 2027-01-06
to = 2027-01-07T18:00:00-05:00
"""
    )
    assert problems_in(text) == [
        'cancel[1].session: unknown session "evening.proces-group" (did you mean '
        '"evening.process-group"?)',
        'cancel[2].date: "Process group" does not meet on tue 2027-01-05 (it meets on '
        "mon, wed, thu)",
        "move[1].to: 2026-12-25 is a program closure (see program.closed)",
        "move[2].to: must be a local date and time without a zone, like "
        "2027-01-05T18:00:00 (it is read in the program's time zone)",
    ]


def test_participant_by_id_and_reminders_off() -> None:
    text = ISSUE_EXAMPLE.replace('name = "alex"', "id = 123456789012345678").replace(
        'reminders = ["2h"]', 'reminders = "off"'
    )
    program = parse_program(text)
    [participant] = program.participants
    assert (participant.key, participant.name) == ("123456789012345678", None)
    assert program.leads_for(participant) == ()
    assert participant.appointments[0].key == "123456789012345678.individual-counseling"


def test_check_program_finds_problems_in_a_program_built_by_hand() -> None:
    program = parse_program(ISSUE_EXAMPLE)
    stray = Participant("sam", "Mornin", "UTC", date(2027, 1, 4), 4)
    broken = Program(
        name=program.name,
        timezone=program.timezone,
        tracks=program.tracks,
        participants=(*program.participants, stray),
    )
    assert [str(p) for p in check_program(broken)] == [
        'participant[2].track: unknown track "Mornin"'
    ]


def test_a_program_round_trips_through_export() -> None:
    program = parse_program(DEMO.read_text(encoding="utf-8"))
    text = export_program(program)
    assert parse_program(text) == program
    assert export_program(parse_program(text)) == text
    assert "[[move]]" in text and "to = 2026-12-30T12:00:00" in text


def test_export_keeps_awkward_text_intact() -> None:
    program = parse_program(ISSUE_EXAMPLE)
    awkward = 'Art "open studio" \\ back room\n\ttab, DEL\x7f, é, 🌱'
    renamed = Program(
        name=awkward, timezone=program.timezone, checkin_time=program.checkin_time,
        tracks=program.tracks, participants=program.participants,
        facilitators=program.facilitators, closed=program.closed,
    )  # fmt: skip
    assert parse_program(export_program(renamed)).name == awkward


def test_move_target_must_be_a_date_and_time() -> None:
    text = ISSUE_EXAMPLE + '\n[[move]]\nsession = "evening.process-group"\ndate = 2027-01-06\n'
    assert problems_in(text) == [
        "move[1].to: missing (the new local date and time, like 2027-01-05T18:00:00)"
    ]
    good = text + "to = 2027-01-05T12:30:00\n"
    [change] = parse_program(good).changes
    assert change.moved_to == datetime(2027, 1, 5, 12, 30)
