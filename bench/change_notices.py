"""How long working out a change's notices takes in a large program.

Run: ``python -m bench.change_notices [--participants N]``. A program of N participants
in four tracks (Process group Mon/Wed/Thu, Life skills Tue), in the pure domain (no
database, no Discord): the time ``notices_for`` takes for a closure of one day, one
cancelled session, one participant's pause, and a program file import that closes a
day and cancels a session. The notices are counted, so a change that finds nobody
cannot pass for a fast one. Prints, last, one line:
``change_notices participants=N closure_ms=... cancel_ms=... pause_ms=... import_ms=...``.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall

from bot.program.domain.changes import ChangeKind, ScheduleChange, notices_for
from bot.program.domain.schedule import (
    OccurrenceChange,
    Participant,
    Program,
    Track,
    WeeklySession,
)

NOW = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # Monday 7 December, 19:00 New York
WINDOW = timedelta(days=21)
WED = date(2026, 12, 9)
TRACKS = ("Evening", "Morning", "Weekend", "Alumni")


def track(name: str) -> Track:
    slug = name.lower()
    group = WeeklySession(f"{slug}.group", "Process group", "group", (0, 2, 3), wall(18), 180)
    skills = WeeklySession(f"{slug}.skills", "Life skills", "life-skills", (1,), wall(18, 30), 90)
    return Track(name, (group, skills))


def program(size: int) -> Program:
    people = tuple(
        Participant(
            f"member{n:05d}", TRACKS[n % len(TRACKS)], "America/Chicago", date(2026, 11, 30), 12
        )
        for n in range(size)
    )
    tracks = tuple(track(name) for name in TRACKS)
    return Program("Evening IOP", "America/New_York", tracks=tracks, participants=people)


def timed(change: ScheduleChange, before: Program, after: Program) -> tuple[float, int]:
    started = time.perf_counter()
    found = notices_for(change, before, after, NOW, WINDOW)
    return (time.perf_counter() - started) * 1000, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    size = parser.parse_args().participants
    before = program(size)
    closed = dataclasses.replace(before, closed=(WED,))
    cancel = OccurrenceChange("evening.group", WED, None, "Snow")
    cancelled = dataclasses.replace(before, changes=(cancel,))
    someone = before.participants[0]
    paused = dataclasses.replace(
        before,
        participants=(
            dataclasses.replace(someone, paused_until=date(2026, 12, 20)),
            *before.participants[1:],
        ),
    )
    imported = dataclasses.replace(closed, changes=(cancel,))
    cases = {
        "closure": (ScheduleChange(ChangeKind.CLOSURE, WED.isoformat(), day=WED), closed),
        "cancel": (ScheduleChange(ChangeKind.CANCEL, "evening.group:2026-12-09"), cancelled),
        "pause": (
            ScheduleChange(
                ChangeKind.PAUSE, someone.key, day=date(2026, 12, 20), participant=someone.key
            ),
            paused,
        ),
        "import": (ScheduleChange(ChangeKind.IMPORT), imported),
    }
    figures = []
    for name, (change, after) in cases.items():
        ms, count = timed(change, before, after)
        print(f"{name}: {count} notices in {ms:.0f} ms")
        assert count > 0, f"the {name} found nobody to tell"
        figures.append(f"{name}_ms={ms:.0f}")
    print(f"change_notices participants={size} " + " ".join(figures))


if __name__ == "__main__":
    main()
