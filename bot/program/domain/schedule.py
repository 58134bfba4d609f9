"""The program model: tracks of weekly sessions, participants, facilitators, exceptions.

Everything here is a frozen value, so a ``Program`` can be compared, hashed into sets
of changes and rebuilt from the database without surprises. Wall-clock times
(``WeeklySession.start``, ``OccurrenceChange.moved_to``) are naive and always mean the
**program's** time zone; the instants people are reminded at are computed from them in
:mod:`bot.program.domain.occurrences`.

Decision on personal appointments: they are in the program's zone too. The counselor
and the clinic keep the program's clock; a participant who moves from Chicago to London
keeps the same appointment instant and merely sees it shown at a different local time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from bot.kernel.durations import DAY_NAMES
from bot.program.domain.hours import DEFAULT_HOURS, ProgramHours

KINDS: tuple[str, ...] = (
    "group",
    "individual",
    "family",
    "psychiatry",
    "medication",
    "life-skills",
    "support",
    "complementary",
)

DEFAULT_REMINDERS: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
DEFAULT_CHECKIN = time(20, 0)

# Session keys become part of occurrence keys ("<session>:<date>") and APScheduler job
# ids, so they exclude ":" and whitespace.
KEY_PATTERN = re.compile(r"[a-z0-9@][a-z0-9@._-]*")


def slug(text: str) -> str:
    """A lowercase ASCII slug: "Life skills: budgeting" → "life-skills-budgeting"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class WeeklySession:
    """A session that repeats every week on ``days`` at ``start`` (program-local)."""

    key: str
    title: str
    kind: str
    days: tuple[int, ...]  # date.weekday() numbers, sorted, no repeats
    start: time  # naive wall time in the program's zone
    minutes: int
    location: str | None = None

    def meets_on(self, day: date) -> bool:
        return day.weekday() in self.days

    @property
    def day_names(self) -> tuple[str, ...]:
        return tuple(DAY_NAMES[d] for d in self.days)


@dataclass(frozen=True)
class Track:
    """A cohort ("Evening") and its weekly sessions."""

    name: str
    sessions: tuple[WeeklySession, ...] = ()


@dataclass(frozen=True)
class Participant:
    """One person enrolled from ``start`` for ``weeks`` weeks.

    Identified by Discord ``name`` or ``discord_id`` (at least one). ``reminders`` is
    ``None`` to use the program's lead times, ``()`` for no reminders at all.
    ``paused_until`` is a leave: no sessions on program-local dates before it.
    """

    name: str | None
    track: str | None
    timezone: str
    start: date
    weeks: int
    discord_id: int | None = None
    reminders: tuple[timedelta, ...] | None = None
    appointments: tuple[WeeklySession, ...] = ()
    paused_until: date | None = None

    def __post_init__(self) -> None:
        if self.reminders is not None:
            leads = tuple(sorted(set(self.reminders), reverse=True))
            object.__setattr__(self, "reminders", leads)

    @property
    def key(self) -> str:
        """The identity used in occurrence and delivery records: the id when known."""
        if self.discord_id is not None:
            return str(self.discord_id)
        assert self.name is not None, "a participant needs a name or an id"
        return self.name

    @property
    def end(self) -> date:
        """The first program-local date after the participant's program (exclusive)."""
        return self.start + timedelta(weeks=self.weeks)

    def is_paused_on(self, day: date) -> bool:
        return self.paused_until is not None and day < self.paused_until

    @property
    def display(self) -> str:
        return self.name if self.name is not None else str(self.discord_id)


@dataclass(frozen=True)
class Facilitator:
    name: str | None
    discord_id: int | None = None

    @property
    def key(self) -> str:
        if self.discord_id is not None:
            return str(self.discord_id)
        assert self.name is not None, "a facilitator needs a name or an id"
        return self.name


@dataclass(frozen=True)
class OccurrenceChange:
    """One occurrence cancelled (``moved_to`` is None) or moved to another local time.

    ``day`` is the program-local date the occurrence was scheduled for; ``moved_to`` is
    a naive program-local date and time.
    """

    session_key: str
    day: date
    moved_to: datetime | None = None
    reason: str = ""

    @property
    def cancelled(self) -> bool:
        return self.moved_to is None


@dataclass(frozen=True)
class Program:
    name: str
    timezone: str
    reminders: tuple[timedelta, ...] = DEFAULT_REMINDERS
    checkin_time: time = DEFAULT_CHECKIN
    closed: tuple[date, ...] = ()  # program-wide closures, sorted
    tracks: tuple[Track, ...] = ()
    participants: tuple[Participant, ...] = ()
    facilitators: tuple[Facilitator, ...] = ()
    changes: tuple[OccurrenceChange, ...] = ()
    # When facilitators answer reach-out requests (issue 15).
    hours: ProgramHours = DEFAULT_HOURS

    def __post_init__(self) -> None:
        # One canonical order, so two programs that say the same thing compare equal
        # (and an export re-parses to an equal program) however they were assembled.
        object.__setattr__(self, "reminders", tuple(sorted(set(self.reminders), reverse=True)))
        object.__setattr__(self, "closed", tuple(sorted(set(self.closed))))
        object.__setattr__(
            self,
            "changes",
            tuple(
                sorted(self.changes, key=lambda c: (c.moved_to is not None, c.day, c.session_key))
            ),
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # Derived lookups, computed once per (immutable) program; not part of equality.
    @cached_property
    def closed_days(self) -> frozenset[date]:
        return frozenset(self.closed)

    @cached_property
    def changes_by_occurrence(self) -> dict[tuple[str, date], OccurrenceChange]:
        return {(c.session_key, c.day): c for c in self.changes}

    def track(self, name: str) -> Track | None:
        for track in self.tracks:
            if track.name == name:
                return track
        return None

    @cached_property
    def _participants_by_key(self) -> dict[str, Participant]:
        index: dict[str, Participant] = {}
        for participant in reversed(self.participants):  # the first one wins
            if participant.name is not None:
                index[participant.name] = participant
        for participant in reversed(self.participants):
            index[participant.key] = participant
        return index

    def participant(self, key: str) -> Participant | None:
        """By key (id or name); a name also finds a participant who has an id."""
        return self._participants_by_key.get(key)

    def sessions_for(self, participant: Participant) -> tuple[WeeklySession, ...]:
        """The participant's track sessions followed by their personal appointments."""
        track = self.track(participant.track) if participant.track else None
        shared = track.sessions if track is not None else ()
        return shared + participant.appointments

    def leads_for(self, participant: Participant) -> tuple[timedelta, ...]:
        """Effective reminder lead times, longest first (empty: reminders off)."""
        if participant.reminders is None:
            return self.reminders
        return participant.reminders

    def all_sessions(self) -> tuple[WeeklySession, ...]:
        sessions: list[WeeklySession] = []
        for track in self.tracks:
            sessions.extend(track.sessions)
        for participant in self.participants:
            sessions.extend(participant.appointments)
        return tuple(sessions)

    def session(self, key: str) -> WeeklySession | None:
        for candidate in self.all_sessions():
            if candidate.key == key:
                return candidate
        return None
