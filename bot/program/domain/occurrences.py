"""Expanding weekly sessions into dated occurrences at exact UTC instants.

Rules, in the order they apply to one participant:

1. A session is *scheduled* on every program-local date in the participant's program
   (``start`` up to ``start + weeks``, end exclusive) whose weekday is one of its days.
2. A cancellation for (session, date) removes that occurrence; a move gives it a new
   program-local date and time but keeps its key, so RSVPs and attendance follow it.
3. An occurrence whose actual date (the new one, if moved) is a program closure, or is
   before the participant's ``paused_until``, does not take place for them.
4. The result is what starts in ``[start, end)`` (UTC instants), sorted by start.

Wall time to instant, deliberately (zoneinfo with ``fold=0``):

* a wall time that does not exist (the spring-forward gap, e.g. 02:30 on the US
  change day) happens when the wall clock would show it had it not jumped: shifted
  forward by the size of the gap (02:30 → 03:30 EDT). ``Occurrence.shifted`` says so;
* a wall time that happens twice (fall-back, e.g. 01:30 on the US change day) means the
  first of the two (01:30 EDT), the hour people are already awake in;
* either way a scheduled occurrence yields exactly one instant: never skipped, never twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.program.domain.schedule import Participant, Program, WeeklySession

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One session on one day for one participant."""

    key: str  # "<session key>:<scheduled program-local date>", stable across moves
    participant: str  # Participant.key
    session_key: str
    title: str
    kind: str
    minutes: int
    location: str | None
    scheduled_day: date  # the program-local date it was scheduled for
    start: datetime  # aware, UTC
    local_start: datetime  # the same instant in the program's zone
    personal: bool  # a personal appointment rather than a track session
    moved_from: datetime | None = None  # the UTC instant it was scheduled at, if moved
    shifted: bool = False  # its wall time fell in a DST gap and was moved forward
    note: str = ""  # the reason given for a move

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def delivery_key(self) -> str:
        """The key reminder deliveries are recorded under.

        A moved occurrence gets a new one: a "see you at 18:00" sent before the move
        told the wrong time, so the reminders for the new time are owed afresh.
        """
        if self.moved_from is None:
            return self.key
        return f"{self.key}@{self.start:%Y%m%dT%H%MZ}"


def occurrence_key(session_key: str, day: date) -> str:
    return f"{session_key}:{day.isoformat()}"


# Every participant of a track shares the same (date, wall time) pairs: converting each
# once keeps expanding a large program cheap.
@lru_cache(maxsize=16384)
def wall_to_instant(day: date, wall: time, zone: ZoneInfo) -> tuple[datetime, bool]:
    """The UTC instant of a program-local wall time, and whether a DST gap shifted it.

    ``fold=0`` gives exactly the documented choices: in a gap zoneinfo applies the
    offset from before the change (so the instant lands after it, the wall time moved
    forward); when a time repeats it picks the first.
    """
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    shifted = instant.astimezone(zone).replace(tzinfo=None) != naive
    return instant, shifted


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _takes_place(program: Program, participant: Participant, day: date) -> bool:
    return day not in program.closed_days and not participant.is_paused_on(day)


def _build(
    program: Program,
    participant: Participant,
    session: WeeklySession,
    scheduled: date,
    personal: bool,
    wall_day: date,
    wall: time,
    moved_from: datetime | None = None,
    note: str = "",
) -> Occurrence:
    zone = program.zone
    instant, shifted = wall_to_instant(wall_day, wall, zone)
    return Occurrence(
        key=occurrence_key(session.key, scheduled),
        participant=participant.key,
        session_key=session.key,
        title=session.title,
        kind=session.kind,
        minutes=session.minutes,
        location=session.location,
        scheduled_day=scheduled,
        start=instant,
        local_start=instant.astimezone(zone),
        personal=personal,
        moved_from=moved_from,
        shifted=shifted,
        note=note,
    )


def occurrences(
    program: Program, participant: Participant, start: datetime, end: datetime
) -> list[Occurrence]:
    """The participant's occurrences starting in ``[start, end)``, sorted by start.

    ``start`` and ``end`` must be timezone-aware; the window is half-open so that
    consecutive windows never both contain an occurrence.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end <= start:
        return []
    zone = program.zone
    # One day of margin each way: a local date's sessions can fall on the neighbouring
    # UTC date, and a DST gap can push a late wall time past midnight.
    first = max(start.astimezone(zone).date() - ONE_DAY, participant.start)
    last = min(end.astimezone(zone).date() + ONE_DAY, participant.end - ONE_DAY)
    personal_keys = {s.key for s in participant.appointments}
    changes = program.changes_by_occurrence
    found: list[Occurrence] = []
    for session in program.sessions_for(participant):
        personal = session.key in personal_keys
        day = first
        while day <= last:
            if (
                session.meets_on(day)
                and (session.key, day) not in changes
                and _takes_place(program, participant, day)
            ):
                occurrence = _build(
                    program, participant, session, day, personal, day, session.start
                )
                if start <= occurrence.start < end:
                    found.append(occurrence)
            day += ONE_DAY
    found.extend(_moved(program, participant, personal_keys, start, end))
    found.sort(key=lambda o: (o.start, o.key))
    return found


def _moved(
    program: Program,
    participant: Participant,
    personal_keys: set[str],
    start: datetime,
    end: datetime,
) -> Iterable[Occurrence]:
    sessions = {s.key: s for s in program.sessions_for(participant)}
    for change in program.changes:
        session = sessions.get(change.session_key)
        target = change.moved_to
        if session is None or target is None:
            continue
        # Only an occurrence the participant actually had can be moved for them.
        if not (participant.start <= change.day < participant.end):
            continue
        if not session.meets_on(change.day):
            continue
        if not _takes_place(program, participant, target.date()):
            continue
        original, _ = wall_to_instant(change.day, session.start, program.zone)
        occurrence = _build(
            program,
            participant,
            session,
            change.day,
            session.key in personal_keys,
            target.date(),
            target.time(),
            moved_from=original,
            note=change.reason,
        )
        if start <= occurrence.start < end:
            yield occurrence


def program_occurrences(program: Program, start: datetime, end: datetime) -> list[Occurrence]:
    """Every participant's occurrences in ``[start, end)``, sorted by start."""
    found: list[Occurrence] = []
    for participant in program.participants:
        found.extend(occurrences(program, participant, start, end))
    found.sort(key=lambda o: (o.start, o.participant, o.key))
    return found


def upcoming(
    program: Program, participant: Participant, now: datetime, days: int = 7
) -> list[Occurrence]:
    """What ``/schedule`` shows: the next ``days`` days from ``now``."""
    return occurrences(program, participant, now, now + timedelta(days=days))
