"""What the soak's program owes, from its own terms and the script of events alone, and
what the sandbox Discord's log shows was delivered (bench/soak.py runs it).

Nothing here reads the bot's records: the program file's schedule and closures, the
changes a facilitator made and when, the medication times participants set, the agendas
composed, the crisis messages, requests and check-ins written, are all the script's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

START = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # Monday 06:00 in New York
FIRST_DAY = date(2026, 12, 7)
PROGRAM_ZONE = ZoneInfo("America/New_York")
ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles")
SESSION_DAYS = (0, 3)  # Monday and Thursday
SESSION_AT = (18, 0)  # New York
LEADS = (timedelta(hours=24), timedelta(hours=1))
CHECKIN_HOUR = 20
MEDICATION_AT = (8, 0)  # each taker's own time
CRISIS_TEXT = "i want to kill myself tonight, i have the pills ready"
REQUEST_TEXT = "can someone call me? I'm having a hard day"
TIMESTAMP = re.compile(r"<t:(\d+):F>")
# In the program file: a closed day and a cancelled session. Made mid-run by a
# facilitator (on day 1): a cancellation and a closure, each told to those it affects.
FILE_CLOSED = FIRST_DAY + timedelta(days=10)  # a Thursday
FILE_CANCELLED = FIRST_DAY + timedelta(days=14)  # a Monday
LATER_CANCELLED = FIRST_DAY + timedelta(days=3)  # the first Thursday
LATER_CLOSED = FIRST_DAY + timedelta(days=7)  # the second Monday
SESSION_KEY = "group"


def names_for(count: int) -> list[str]:
    return [f"p{n:04d}" for n in range(count)]


def zone_of(index: int) -> ZoneInfo:
    return ZoneInfo(ZONES[index % len(ZONES)])


def session_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, *SESSION_AT, tzinfo=PROGRAM_ZONE).astimezone(UTC)


def sessions(days: int) -> list[date]:
    """Session days the program file holds (before any change made mid-run)."""
    return [
        FIRST_DAY + timedelta(days=offset)
        for offset in range(days + 2)
        if (FIRST_DAY + timedelta(days=offset)).weekday() in SESSION_DAYS
        and FIRST_DAY + timedelta(days=offset) not in (FILE_CLOSED, FILE_CANCELLED)
    ]


def program_text(names: list[str], days: int) -> str:
    weeks = days // 7 + 2  # the program outlasts the soak and the changes made in it
    lines = [
        "[program]",
        'name = "Soak IOP"',
        'timezone = "America/New_York"',
        'reminders = ["24h", "1h"]',
        f'checkin_time = "{CHECKIN_HOUR}:00"',
        f"closed = [{FILE_CLOSED.isoformat()}]",
        "[[track]]",
        'name = "Evening"',
        "[[track.session]]",
        'key = "group"',
        'title = "Process group"',
        'kind = "group"',
        'days = ["mon", "thu"]',
        'start = "18:00"',
        "minutes = 120",
    ]
    for index, name in enumerate(names):
        lines += [
            "[[participant]]",
            f'name = "{name}"',
            'track = "Evening"',
            f'timezone = "{ZONES[index % len(ZONES)]}"',
            f"start = {FIRST_DAY.isoformat()}",
            f"weeks = {weeks}",
        ]
    lines += ["[[facilitator]]", 'name = "rivera"']
    lines += ["[[cancel]]", 'session = "group"', f"date = {FILE_CANCELLED.isoformat()}",
              'reason = "Facilitator training"']
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Owed:
    kind: str  # reminder, prompt, medication, notice, agenda, answer
    who: str  # a participant, or "#agendas"
    due: datetime
    mark: str  # what identifies it in the message


@dataclass
class Script:
    """What happened in the run, as the soak did it (not as the bot recorded it)."""

    names: list[str]
    days: int
    end: datetime
    changes_at: datetime | None = None  # when the facilitator cancelled and closed
    medication_takers: list[str] = field(default_factory=list)
    medication_from: datetime = START
    agendas: dict[date, str] = field(default_factory=dict)  # session day -> its title
    crises: list[tuple[str, int, datetime]] = field(default_factory=list)
    requests: list[tuple[str, int, datetime]] = field(default_factory=list)
    answers: list[tuple[str, date, datetime]] = field(default_factory=list)
    kill_marks: list[int] = field(default_factory=list)

    def off(self, day: date, due: datetime) -> bool:
        """Is the session on ``day`` off for a reminder due at ``due``?"""
        if day in (FILE_CLOSED, FILE_CANCELLED):
            return True
        later = self.changes_at is not None and due >= self.changes_at
        return later and day in (LATER_CANCELLED, LATER_CLOSED)

    def owed(self) -> list[Owed]:
        owed: list[Owed] = []
        for index, name in enumerate(self.names):
            zone = zone_of(index)
            for offset in range(self.days + 1):
                day = FIRST_DAY + timedelta(days=offset)
                prompt = datetime(day.year, day.month, day.day, CHECKIN_HOUR, tzinfo=zone)
                if START < prompt <= self.end:
                    owed.append(Owed("prompt", name, prompt.astimezone(UTC),
                                     f"{day:%A} {day.day}"))
                dose = datetime(day.year, day.month, day.day, *MEDICATION_AT, tzinfo=zone)
                if name in self.medication_takers and self.medication_from < dose <= self.end:
                    owed.append(Owed("medication", name, dose.astimezone(UTC), day.isoformat()))
            for day in sessions(self.days):
                start = session_start(day)
                for lead in LEADS:
                    due = start - lead
                    if START < due <= self.end and not self.off(day, due):
                        owed.append(Owed("reminder", name, due, str(int(start.timestamp()))))
            if self.changes_at is not None:
                for mark in ("Cancelled: **Process group**", "The program is closed on **"):
                    owed.append(Owed("notice", name, self.changes_at, mark))
        for day, title in self.agendas.items():
            posted = session_start(day) - timedelta(hours=2)  # the agendas' default lead
            if posted <= self.end:
                owed.append(Owed("agenda", "#agendas", posted, title))
        for who, day, at in self.answers:
            owed.append(Owed("answer", who, at, f"Check-in saved for {day:%A} {day.day} "))
        return owed


def _local_day(event: Any, zone: ZoneInfo) -> str:
    return str(event.at.astimezone(zone).date().isoformat())


@dataclass
class Tally:
    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    repeated: int = 0
    late: list[float] = field(default_factory=list)
    lost_items: list[str] = field(default_factory=list)


def _received(events: list[Any], names: Iterable[str]) -> dict[tuple[str, str, str], list[int]]:
    """What each participant's DMs (and #agendas) show, keyed like ``Owed``."""
    zones = {name: zone_of(i) for i, name in enumerate(names)}
    got: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        if event.kind == "edit" and "Check-in saved for" in event.text:
            # "Done" answers by bringing the check-in's own message up to date.
            got[("answer-text", event.where.removeprefix("dm:"), "")].append(index)
            continue
        if event.kind != "message" or event.actor == "":
            continue
        if event.where == "#agendas":
            got[("agenda-post", "#agendas", "")].append(index)
            continue
        if not event.where.startswith("dm:"):
            continue
        who, text = event.where.removeprefix("dm:"), event.text
        if "Reminder:" in text:
            found = TIMESTAMP.search(text)
            if found:
                got[("reminder", who, found.group(1))].append(index)
        elif "Daily check-in for" in text:
            got[("prompt-text", who, "")].append(index)
        elif "Time to take" in text and who in zones:
            got[("medication", who, _local_day(event, zones[who]))].append(index)
        for mark in ("Cancelled: **Process group**", "The program is closed on **"):
            if mark in text:
                got[("notice", who, mark)].append(index)
    return got


def tally(events: list[Any], script: Script, member_ids: dict[str, int]) -> Tally:
    """Compare what was owed with what the log shows, kind by kind."""
    got = _received(events, script.names)
    result = Tally()
    wanted: dict[tuple[str, str, str], list[Owed]] = defaultdict(list)
    for item in script.owed():
        wanted[(item.kind, item.who, item.mark)].append(item)
    for key, items in wanted.items():
        kind, who, mark = key
        if kind == "prompt":
            indexes = [i for i in got.get(("prompt-text", who, ""), [])
                       if f"Daily check-in for {mark} " in events[i].text]
        elif kind == "answer":
            indexes = [i for i in got.get(("answer-text", who, ""), []) if mark in events[i].text]
            indexes = indexes[:1]  # pressing Done again after a failed answer is the person's
        elif kind == "agenda":
            indexes = [i for i in got.get(("agenda-post", "#agendas", ""), [])
                       if mark in events[i].text]
        else:
            indexes = got.get(key, [])
        sent = sorted(indexes)
        result.delivered += min(len(sent), len(items))
        if len(items) > len(sent):
            result.lost += len(items) - len(sent)
            result.lost_items.append(f"{key} owed at {[str(i.due) for i in items]}")
        for index, item in zip(sent, sorted(items, key=lambda o: o.due), strict=False):
            result.late.append(max(0.0, (events[index].at - item.due).total_seconds()))
        for index in sent[len(items):]:
            # A repeat right after a kill (before anything else the bot did) is the
            # in-flight window; any other extra copy is a duplicate.
            if any(mark_at <= index < mark_at + len(script.names) * 4
                   for mark_at in script.kill_marks):
                result.repeated += 1
            else:
                result.duplicated += 1
    # A crisis message is owed a reply and an alert; a reach-out request an answer and
    # the facilitators' alert (new, or added to the person's open one).
    for asked, skip in ((script.crises, CRISIS_TEXT), (script.requests, REQUEST_TEXT)):
        for who, index, at in asked:
            replies = [e for e in events[index:] if e.where == f"dm:{who}" and e.actor != ""
                       and e.kind == "message" and "Reminder:" not in e.text
                       and "Daily check-in" not in e.text and e.text != skip]
            alerts = [e for e in events[index:] if e.where == "#facilitators"
                      and (f"<@{member_ids[who]}>" in e.text or who in e.text)]
            for answers, what in ((replies, "reply"), (alerts, "alert")):
                if answers:
                    result.delivered += 1
                else:
                    result.lost += 1
                    result.lost_items.append(f"{what} to {who}'s message at {at}")
    return result


def owed_count(script: Script) -> int:
    return len(script.owed()) + 2 * (len(script.crises) + len(script.requests))
