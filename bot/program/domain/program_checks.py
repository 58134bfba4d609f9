"""Checks that need the whole program: names that must be unique, references that must
resolve, exceptions that must point at a real occurrence.

They work on the model, so a program assembled from slash commands can be checked the
same way as one loaded from a file. Locations count from 1, as a person counts the
``[[participant]]`` blocks in a file: ``participant[3]`` is the third one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.kernel.durations import DAY_NAMES
from bot.program.domain.schedule import (
    Facilitator,
    OccurrenceChange,
    Participant,
    Program,
    Track,
    WeeklySession,
)


@dataclass(frozen=True)
class Problem:
    location: str  # e.g. "participant[3].timezone"
    message: str  # e.g. 'unknown zone "America/Chicgo" (did you mean "America/Chicago"?)'

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` when a choice is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check_program(program: Program) -> list[Problem]:
    """Every cross-reference problem in a program (empty when it is consistent)."""
    return check_parts(
        program,
        list(enumerate(program.tracks, 1)),
        list(enumerate(program.participants, 1)),
        list(enumerate(program.facilitators, 1)),
        [(f"cancel[{i}]", c) for i, c in enumerate(_cancels(program), 1)]
        + [(f"move[{i}]", c) for i, c in enumerate(_moves(program), 1)],
        known_tracks=[t.name for t in program.tracks],
    )


def _cancels(program: Program) -> list[OccurrenceChange]:
    return [c for c in program.changes if c.cancelled]


def _moves(program: Program) -> list[OccurrenceChange]:
    return [c for c in program.changes if not c.cancelled]


def check_parts(
    program: Program,
    tracks: Sequence[tuple[int, Track]],
    participants: Sequence[tuple[int, Participant]],
    facilitators: Sequence[tuple[int, Facilitator]],
    changes: Sequence[tuple[str, OccurrenceChange]],
    known_tracks: Sequence[str],
) -> list[Problem]:
    """The checks behind :func:`check_program`, on entries that keep their positions.

    The file loader passes only the entries it could read, with their original
    positions, so these problems come out next to the per-field ones in one report.
    """
    problems: list[Problem] = []
    _unique(problems, [(f"track[{i}].name", t.name) for i, t in tracks], "track")
    _unique(
        problems,
        [(f"participant[{i}].name", p.name) for i, p in participants if p.name is not None],
        "participant",
    )
    _unique(
        problems,
        [(f"participant[{i}].id", str(p.discord_id)) for i, p in participants if p.discord_id],
        "participant id",
    )
    _unique(
        problems,
        [(f"facilitator[{i}].name", f.name) for i, f in facilitators if f.name is not None],
        "facilitator",
    )
    _unique(
        problems,
        [(f"facilitator[{i}].id", str(f.discord_id)) for i, f in facilitators if f.discord_id],
        "facilitator id",
    )
    for i, participant in participants:
        if participant.track is not None and participant.track not in known_tracks:
            problems.append(
                Problem(
                    f"participant[{i}].track",
                    f'unknown track "{participant.track}"'
                    + did_you_mean(participant.track, known_tracks),
                )
            )
    sessions: list[tuple[str, WeeklySession]] = []
    for i, track in tracks:
        sessions += [(f"track[{i}].session[{j}]", s) for j, s in enumerate(track.sessions, 1)]
    for i, participant in participants:
        sessions += [
            (f"participant[{i}].appointment[{j}]", s)
            for j, s in enumerate(participant.appointments, 1)
        ]
    _unique(
        problems,
        [(f"{where}.key", s.key) for where, s in sessions],
        "session key",
        hint=' (give one of them its own key = "...")',
    )
    _check_changes(problems, program, dict((s.key, s) for _, s in sessions), changes)
    return problems


def _unique(
    problems: list[Problem], named: Sequence[tuple[str, str]], what: str, hint: str = ""
) -> None:
    first_seen: dict[str, str] = {}
    for location, name in named:
        folded = name.casefold()
        if folded in first_seen:
            problems.append(
                Problem(location, f'duplicate {what} "{name}" (also {first_seen[folded]}){hint}')
            )
        else:
            first_seen[folded] = location.rsplit(".", 1)[0]


def _check_changes(
    problems: list[Problem],
    program: Program,
    sessions: dict[str, WeeklySession],
    changes: Sequence[tuple[str, OccurrenceChange]],
) -> None:
    seen: dict[tuple[str, object], str] = {}
    closed = set(program.closed)
    for where, change in changes:
        session = sessions.get(change.session_key)
        if session is None:
            problems.append(
                Problem(
                    f"{where}.session",
                    f'unknown session "{change.session_key}"'
                    + did_you_mean(change.session_key, sessions),
                )
            )
            continue
        if not session.meets_on(change.day):
            days = ", ".join(session.day_names)
            problems.append(
                Problem(
                    f"{where}.date",
                    f'"{session.title}" does not meet on {DAY_NAMES[change.day.weekday()]} '
                    f"{change.day.isoformat()} (it meets on {days})",
                )
            )
        occurrence = (change.session_key, change.day)
        if occurrence in seen:
            problems.append(
                Problem(
                    where,
                    f"{change.session_key} on {change.day.isoformat()} is already "
                    f"cancelled or moved by {seen[occurrence]}",
                )
            )
        else:
            seen[occurrence] = where
        if change.moved_to is not None and change.moved_to.date() in closed:
            problems.append(
                Problem(
                    f"{where}.to",
                    f"{change.moved_to.date().isoformat()} is a program closure "
                    "(see program.closed)",
                )
            )
