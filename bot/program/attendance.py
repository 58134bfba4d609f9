"""Attendance: any session of the program that has started, one participant or the whole
group at once, and the CSV export (RSVPs, attendance, who marked it and when).

A session's *roster* is everyone whose schedule has it, paused or not: a pause stops
reminders, and the sessions still take place, so a paused participant can be marked
present, absent or excused like anyone else. A cancelled session, or one on a closed
day, has no roster.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.kernel.db.connection import Database
from bot.program.domain.changes import local_day_window
from bot.program.domain.occurrences import Occurrence, program_occurrences
from bot.program.domain.schedule import Participant, Program
from bot.program.storage import attendance

CSV_COLUMNS = (
    "date",
    "start_utc",
    "session",
    "title",
    "participant",
    "rsvp",
    "reason",
    "attendance",
    "marked_by",
    "marked_at",
)
RECENT_DAYS = 14  # how far back the session list offers sessions to mark
AHEAD_DAYS = 7  # and forward (only "excused" can be marked before a session starts)


class AttendanceError(ValueError):
    """A mark that cannot be made; the message says why, in the facilitator's words."""


def _unpaused(program: Program) -> Program:
    people = tuple(dataclasses.replace(p, paused_until=None) for p in program.participants)
    return dataclasses.replace(program, participants=people)


@dataclass(frozen=True)
class Roster:
    """One occurrence of a session and everyone expected at it, by name."""

    occurrence: Occurrence  # the first participant's (times are the same for all)
    participants: tuple[Participant, ...]

    @property
    def key(self) -> str:
        return self.occurrence.key

    def member(self, key: str) -> Participant | None:
        return next((p for p in self.participants if p.key == key), None)


def _rosters(program: Program, start: datetime, end: datetime) -> dict[str, Roster]:
    found: dict[str, list[Occurrence]] = {}
    for occurrence in program_occurrences(_unpaused(program), start, end):
        found.setdefault(occurrence.key, []).append(occurrence)
    rosters: dict[str, Roster] = {}
    for key, same in found.items():
        people = [program.participant(o.participant) for o in same]
        ordered = sorted((p for p in people if p is not None), key=lambda p: p.display.lower())
        rosters[key] = Roster(same[0], tuple(ordered))
    return rosters


def roster(program: Program, key: str) -> Roster | None:
    """The occurrence ``key`` ("<session>:<date>"), wherever a move put it."""
    session_key, _, day_text = key.rpartition(":")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    change = program.changes_by_occurrence.get((session_key, day))
    actual = change.moved_to.date() if change is not None and change.moved_to else day
    start, end = local_day_window(program, actual - timedelta(days=1), actual + timedelta(days=1))
    return _rosters(program, start, end).get(key)


def recent_rosters(program: Program, now: datetime) -> list[Roster]:
    """Sessions to offer for marking: those started in the last two weeks, most recent
    first, then the coming week's."""
    found = _rosters(
        program, now - timedelta(days=RECENT_DAYS), now + timedelta(days=AHEAD_DAYS)
    ).values()
    started = sorted(
        (r for r in found if r.occurrence.start <= now),
        key=lambda r: r.occurrence.start,
        reverse=True,
    )
    coming = sorted(
        (r for r in found if r.occurrence.start > now), key=lambda r: r.occurrence.start
    )
    return [*started, *coming]


def check_mark(found: Roster, participant: Participant, status: str, now: datetime) -> None:
    """Refuse what cannot be true: a mark for someone not in the session, or anything but
    "excused" before the session has started."""
    if found.member(participant.key) is None:
        raise AttendanceError(
            f"{participant.display} is not in {found.occurrence.title} on "
            f"{found.occurrence.local_start:%A %d %B}."
        )
    if found.occurrence.start > now and status != "excused":
        raise AttendanceError(
            f"{found.occurrence.title} on {found.occurrence.local_start:%A %d %B %H:%M} has not "
            'started yet: mark attendance once it has begun (only "excused" can be marked '
            "ahead)."
        )


@dataclass(frozen=True)
class RosterResult:
    present: tuple[str, ...]  # present or late, by display name
    absent: tuple[str, ...]
    excused: tuple[str, ...]
    unmarked: tuple[str, ...]


def roster_statuses(
    found: Roster, present: Iterable[str], among: Iterable[str], current: dict[str, str]
) -> dict[str, str]:
    """What a roster pick means for each participant in ``among``: picked is present
    (or stays late), not picked is absent (or stays excused)."""
    picked = set(present)
    statuses: dict[str, str] = {}
    for key in among:
        if found.member(key) is None:
            continue
        before = current.get(key)
        if key in picked:
            statuses[key] = "late" if before == "late" else "present"
        else:
            statuses[key] = "excused" if before == "excused" else "absent"
    return statuses


async def take(
    db: Database,
    found: Roster,
    present: Iterable[str],
    among: Iterable[str],
    by: int,
    now: datetime,
) -> RosterResult:
    """Mark everyone in ``among`` at once from who was picked as ``present``."""
    if found.occurrence.start > now:
        raise AttendanceError(
            f"{found.occurrence.title} on {found.occurrence.local_start:%A %d %B %H:%M} has not "
            "started yet: take attendance once it has begun."
        )
    marks = await attendance.attendance_for(db, found.key)
    current = {key: mark.status for key, mark in marks.items()}
    statuses = roster_statuses(found, present, among, current)
    await attendance.set_attendance_many(db, found.key, statuses, by, now)
    return await result(db, found)


async def result(db: Database, found: Roster) -> RosterResult:
    marks = await attendance.attendance_for(db, found.key)
    groups: dict[str, list[str]] = {"present": [], "absent": [], "excused": [], "": []}
    for participant in found.participants:
        status = marks[participant.key].status if participant.key in marks else ""
        groups["present" if status == "late" else status].append(participant.display)
    return RosterResult(
        tuple(groups["present"]), tuple(groups["absent"]), tuple(groups["excused"]),
        tuple(groups[""]),
    )  # fmt: skip


def occurrences_between(program: Program, first: date, last: date) -> list[Occurrence]:
    start, end = local_day_window(program, first, last)
    return program_occurrences(_unpaused(program), start, end)


async def attendance_csv(
    db: Database,
    program: Program,
    first: date,
    last: date,
    name_of: Callable[[int], str] = str,
) -> str:
    """Every expected participant at every occurrence in [first, last]: their RSVP, the
    attendance marked for them, and who marked it (``name_of`` a Discord id) and when."""
    found = occurrences_between(program, first, last)
    marked = {
        (mark.occurrence, mark.participant): mark
        for mark in await attendance.attendance_between(db, first.isoformat(), last.isoformat())
    }
    rsvp_cache: dict[str, dict[str, tuple[str, str | None]]] = {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for occurrence in found:
        if occurrence.key not in rsvp_cache:
            rsvp_cache[occurrence.key] = await attendance.rsvps_for(db, occurrence.key)
        rsvp, reason = rsvp_cache[occurrence.key].get(occurrence.participant, ("", None))
        who = program.participant(occurrence.participant)
        mark = marked.get((occurrence.key, occurrence.participant))
        writer.writerow(
            (
                occurrence.local_start.date().isoformat(),
                occurrence.start.strftime("%Y-%m-%dT%H:%MZ"),
                occurrence.session_key,
                occurrence.title,
                who.display if who is not None else occurrence.participant,
                rsvp,
                reason or "",
                mark.status if mark else "",
                name_of(mark.marked_by) if mark and mark.marked_by is not None else "",
                _utc_minute(mark.marked_at) if mark else "",
            )
        )
    return out.getvalue()


def _utc_minute(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def roster_token(key: str) -> str:
    """A short stable name for an occurrence key in a component's custom id (at most 100
    characters, which a long session title could exceed): its date and a digest."""
    day = key.rpartition(":")[2]
    return f"{day}:{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def roster_by_token(program: Program, token: str) -> Roster | None:
    day_text, _, digest = token.partition(":")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    # Near its date first; a moved occurrence keeps its scheduled date in its key, and
    # moves rarely go far.
    for margin in (timedelta(days=1), timedelta(days=31)):
        start, end = local_day_window(program, day - margin, day + margin)
        for key, found in _rosters(program, start, end).items():
            if digest and roster_token(key) == token:
                return found
    return None
