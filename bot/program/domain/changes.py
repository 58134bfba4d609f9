"""What a change to the program did to each participant's sessions, in words that are true.

A *change* is one thing a person did (a facilitator cancelled, moved or restored a
session, closed or reopened a day, imported the program file; a participant paused or
resumed). Comparing the program before and after it gives, for every participant it
touched, the *affected* sessions, each with its *effect* found from the programs
themselves, not from the command: a session that is gone because its day is now a
closure is "closed", one gone because the participant paused is "paused" (their
sessions still take place), one that came back because a cancellation was undone is
"back on". So a program file re-import that does several things at once is described
as truthfully as a single command.

Pure: no clock, no database; the caller passes the window and ``now``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.program.domain.occurrences import Occurrence, occurrences
from bot.program.domain.schedule import Participant, Program

ONE_DAY = timedelta(days=1)


class ChangeKind(enum.StrEnum):
    CANCEL = "cancel"
    MOVE = "move"
    RESTORE = "restore"  # a cancellation or move undone
    CLOSURE = "closure"
    REOPEN = "reopen"  # a closure removed
    IMPORT = "import"  # the program file (re-)imported
    PAUSE = "pause"
    RESUME = "resume"


# The change each undo takes back: its notice goes to those told of that change.
UNDOES = {ChangeKind.REOPEN: ChangeKind.CLOSURE, ChangeKind.RESTORE: ChangeKind.CANCEL}


@dataclass(frozen=True)
class ScheduleChange:
    """One change as it was made. ``subject`` names what it is about (the occurrence key
    for cancel/move/restore, the ISO day for closure/reopen, the participant key for
    pause/resume), which is how an undo finds the change it undoes."""

    kind: ChangeKind
    subject: str = ""
    reason: str = ""
    day: date | None = None  # the closure's day; the first day back for a pause
    participant: str | None = None  # set when only this participant is concerned
    by: int | None = None


class Effect(enum.StrEnum):
    CANCELLED = "cancelled"
    CLOSED = "closed"  # its day is a program closure
    PAUSED = "paused"  # the participant paused: it takes place, without reminders
    REMOVED = "removed"  # no longer on their schedule (the program file changed)
    MOVED = "moved"
    UPDATED = "updated"  # same time; title, length or place changed
    BACK = "back"  # a cancellation or closure undone
    RESUMED = "resumed"  # the participant's pause ended
    ADDED = "added"  # new on their schedule


@dataclass(frozen=True)
class Affected:
    """One of a participant's sessions and what the change did to it."""

    effect: Effect
    before: Occurrence | None
    after: Occurrence | None
    reason: str = ""

    @property
    def occurrence(self) -> Occurrence:
        found = self.after if self.after is not None else self.before
        assert found is not None
        return found

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def sort_start(self) -> datetime:
        """Where it sits in date order: its new time when it has one, else its old."""
        return self.occurrence.start


@dataclass(frozen=True)
class ParticipantNotice:
    """The one notice a participant gets about one change: their sessions in date order."""

    participant: str
    change: ScheduleChange
    affected: tuple[Affected, ...]

    @property
    def occurrence_keys(self) -> tuple[str, ...]:
        return tuple(a.key for a in self.affected)


def local_day_window(program: Program, first: date, last: date) -> tuple[datetime, datetime]:
    """The instants from the start of ``first`` to the end of ``last``, program-local."""
    zone = program.zone
    return (
        datetime.combine(first, time(), zone),
        datetime.combine(last + ONE_DAY, time(), zone),
    )


def _find(program: Program, participant: Participant, key: str, near: date) -> Occurrence | None:
    """The participant's occurrence ``key`` if it happens within a day of ``near``."""
    start, end = local_day_window(program, near - ONE_DAY, near + ONE_DAY)
    for occurrence in occurrences(program, participant, start, end):
        if occurrence.key == key:
            return occurrence
    return None


def _actual_day(program: Program, occurrence: Occurrence) -> date:
    """The program-local date ``occurrence`` would fall on in ``program`` (a move counts)."""
    change = program.changes_by_occurrence.get((occurrence.session_key, occurrence.scheduled_day))
    if change is not None and change.moved_to is not None:
        return change.moved_to.date()
    return occurrence.scheduled_day


def _elsewhere(program: Program, participant: Participant, gone: Occurrence) -> Occurrence | None:
    """``gone`` (missing from a window) where a move in ``program`` put it, if anywhere."""
    return _find(program, participant, gone.key, _actual_day(program, gone))


def _why_gone(after: Program, participant: Participant, gone: Occurrence) -> Affected:
    change = after.changes_by_occurrence.get((gone.session_key, gone.scheduled_day))
    if change is not None and change.cancelled:
        return Affected(Effect.CANCELLED, gone, None, change.reason)
    day = _actual_day(after, gone)
    if day in after.closed_days:
        return Affected(Effect.CLOSED, gone, None)
    if participant.is_paused_on(day):
        return Affected(Effect.PAUSED, gone, None)
    return Affected(Effect.REMOVED, gone, None)


def _why_new(before: Program, participant: Participant, new: Occurrence) -> Affected:
    change = before.changes_by_occurrence.get((new.session_key, new.scheduled_day))
    if change is not None and change.cancelled:
        return Affected(Effect.BACK, None, new, new.note)
    day = _actual_day(before, new)
    if day in before.closed_days:
        return Affected(Effect.BACK, None, new, new.note)
    if participant.is_paused_on(day):
        return Affected(Effect.RESUMED, None, new)
    return Affected(Effect.ADDED, None, new, new.note)


def _compared(old: Occurrence, new: Occurrence) -> Affected | None:
    if old.start != new.start:
        return Affected(Effect.MOVED, old, new, new.note)
    if (old.title, old.minutes, old.location) != (new.title, new.minutes, new.location):
        return Affected(Effect.UPDATED, old, new)
    return None


def participant_affected(
    before: Program,
    after: Program,
    key: str,
    start: datetime,
    end: datetime,
) -> list[Affected]:
    """How the participant ``key``'s sessions starting in ``[start, end)`` changed.

    A session moved into or out of the window is found where it went. Only someone in
    both programs is compared: a new participant is welcomed rather than told of
    changes, and one who left cannot be told.
    """
    old_self, new_self = before.participant(key), after.participant(key)
    if old_self is None or new_self is None:
        return []
    old = {o.key: o for o in occurrences(before, old_self, start, end)}
    new = {o.key: o for o in occurrences(after, new_self, start, end)}
    found: list[Affected] = []
    for occurrence_key, was in old.items():
        now_is = new.get(occurrence_key) or _elsewhere(after, new_self, was)
        if now_is is None:
            found.append(_why_gone(after, new_self, was))
        elif (compared := _compared(was, now_is)) is not None:
            found.append(compared)
    for occurrence_key, is_now in new.items():
        if occurrence_key in old:
            continue
        was_then = _elsewhere(before, old_self, is_now)
        if was_then is None:
            found.append(_why_new(before, old_self, is_now))
        elif (compared := _compared(was_then, is_now)) is not None:
            found.append(compared)
    found.sort(key=lambda a: (a.sort_start, a.key))
    return found


def affected_by_participant(
    before: Program,
    after: Program,
    start: datetime,
    end: datetime,
    *,
    only: Iterable[str] | None = None,
) -> dict[str, list[Affected]]:
    """Every participant whose sessions in ``[start, end)`` changed (or just ``only``)."""
    keys = list(only) if only is not None else [p.key for p in after.participants]
    found: dict[str, list[Affected]] = {}
    for key in keys:
        affected = participant_affected(before, after, key, start, end)
        if affected:
            found[key] = affected
    return found


def window_for(
    change: ScheduleChange, before: Program, after: Program, now: datetime, horizon: timedelta
) -> tuple[datetime, datetime]:
    """The instants worth comparing for ``change``: its own day(s) when it has one, the
    next ``horizon`` otherwise. Never before ``now``: what has started is not news."""
    days: list[date] = []
    if change.kind in (ChangeKind.CLOSURE, ChangeKind.REOPEN) and change.day is not None:
        days = [change.day]
    elif change.kind in (ChangeKind.CANCEL, ChangeKind.MOVE, ChangeKind.RESTORE):
        session_key, _, day_text = change.subject.rpartition(":")
        scheduled = date.fromisoformat(day_text)
        days = [scheduled]
        for program in (before, after):
            moved = program.changes_by_occurrence.get((session_key, scheduled))
            if moved is not None and moved.moved_to is not None:
                days.append(moved.moved_to.date())
    if not days:
        return now, now + horizon
    start, end = local_day_window(after, min(days), max(days))
    return max(start, now), max(end, now)


def unpaused(program: Program) -> Program:
    """``program`` with nobody paused: a pause stops reminders, not sessions, so a paused
    participant is told of a change to the sessions that still take place for them."""
    if not any(p.paused_until for p in program.participants):
        return program
    people = tuple(dataclasses.replace(p, paused_until=None) for p in program.participants)
    return dataclasses.replace(program, participants=people)


PAUSE_KINDS = (ChangeKind.PAUSE, ChangeKind.RESUME)


def notices_for(
    change: ScheduleChange,
    before: Program,
    after: Program,
    now: datetime,
    horizon: timedelta,
) -> list[ParticipantNotice]:
    """One notice per participant the change touched, their sessions in date order.

    A pause or its end is told as such; any other change is worked out as if nobody
    were paused (paused participants' sessions still take place, so they hear of it).
    An import that also changed someone's pause tells them both, in one notice.
    """
    start, end = window_for(change, before, after, now, horizon)
    if end <= start:
        return []
    only = [change.participant] if change.participant is not None else None
    if only is None and change.kind in (ChangeKind.CANCEL, ChangeKind.MOVE, ChangeKind.RESTORE):
        # One session's occurrence: only those who have that session can be affected.
        session_key = change.subject.rpartition(":")[0]
        only = [
            p.key
            for p in after.participants
            if any(s.key == session_key for s in after.sessions_for(p))
        ]
    if change.kind in PAUSE_KINDS:
        found = affected_by_participant(before, after, start, end, only=only)
    else:
        found = affected_by_participant(unpaused(before), unpaused(after), start, end, only=only)
    if change.kind is ChangeKind.IMPORT:
        for person in after.participants:
            was = before.participant(person.key)
            if was is None or was.paused_until == person.paused_until:
                continue
            pauses = [
                a
                for a in participant_affected(before, after, person.key, start, end)
                if a.effect in (Effect.PAUSED, Effect.RESUMED)
            ]
            merged = found.get(person.key, []) + pauses
            if merged:
                found[person.key] = sorted(merged, key=lambda a: (a.sort_start, a.key))
    return [ParticipantNotice(key, change, tuple(affected)) for key, affected in found.items()]


def restricted(notice: ParticipantNotice, keys: Iterable[str]) -> ParticipantNotice | None:
    """The notice limited to the occurrences in ``keys`` (None when nothing is left)."""
    wanted = set(keys)
    kept = tuple(a for a in notice.affected if a.key in wanted)
    return dataclasses.replace(notice, affected=kept) if kept else None
