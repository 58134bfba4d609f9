"""What facilitators see: the day report (embed + CSV), one participant's history, and
the daily digest posted in the facilitators' channel. Also the participant's own
progress (chart points and streak), which shows only their own answers."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.checkins.domain.checkin import ChartPoint, chart_points, is_complete
from bot.checkins.domain.checkin_time import (
    DayStatus,
    ParticipantDays,
    current_streak,
    longest_streak,
    missed_run,
)
from bot.checkins.plain import answer_cell, flag_line
from bot.checkins.prompts import participant_days, participant_zone
from bot.checkins.storage import checkins as checkin_db
from bot.kernel.db import audit as audit_log
from bot.kernel.db import deliveries
from bot.kernel.timezones import local_day, local_instant
from bot.program.domain.schedule import Participant

if TYPE_CHECKING:
    # Type only: the service calls into this module, never the other way.
    from bot.checkins.service import CheckinService

log = logging.getLogger(__name__)

DIGEST_AT = time(8, 0)  # program-local
DIGEST_JOB_PREFIX = "checkin-digest:"
DIGEST_KIND = "checkin-digest"


# ---- the day report ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    participant: str
    name: str
    status: str  # a DayStatus value: "checked in", "started", "missed", "not yet", ...
    answers: dict[str, str]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class DayCount:
    """One participant's local ``day``, by the one definition of a day."""

    participant: Participant
    status: DayStatus
    days: ParticipantDays
    today: date  # the participant's local today at ``now``


async def day_statuses(service: CheckinService, day: date, now: datetime) -> list[DayCount]:
    """Every participant's own local ``day`` as seen at ``now``: what the day report and
    the digest both count, so they cannot disagree. Alumni check in weekly, so their
    days are expected only when they checked in."""
    program = await service.programs.current()
    if program is None:
        return []
    alumni = await service.alumni.alumni_keys()
    facts = await participant_days(service.db, program.participants)
    found = []
    for participant in program.participants:
        days = facts[participant.key]
        if participant.key in alumni:
            days = replace(days, prompted=frozenset())
        today = local_day(now, participant_zone(participant))
        found.append(DayCount(participant, days.status(day, today), days, today))
    return found


async def day_report(service: CheckinService, day: date) -> list[ReportRow]:
    """Every participant's check-in for their local ``day``, with that day's flags."""
    counts = await day_statuses(service, day, service.clock.now())
    stored = await checkin_db.on_day(service.db, day)
    flags: dict[str, list[str]] = {}
    for flag in await checkin_db.flags_on(service.db, day):
        flags.setdefault(flag.participant, []).append(flag_line(flag.kind, flag.detail))
    rows = []
    for count in counts:
        participant = count.participant
        found = stored.get(participant.key)
        status = count.status
        if found is not None and not is_complete(service.config, found.checkin.answers):
            status = DayStatus.STARTED
        answers = (
            {q: answer_cell(service.config, q, v) for q, v in found.checkin.answers.items()}
            if found is not None
            else {}
        )
        rows.append(
            ReportRow(
                participant.key,
                participant.display,
                status.value,
                answers,
                tuple(flags.get(participant.key, ())),
            )
        )
    return rows


def report_csv(service: CheckinService, day: date, rows: list[ReportRow]) -> bytes:
    questions = [q.id for q in service.config.active_questions]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "participant", "status", *questions, "flags"])
    for row in rows:
        writer.writerow(
            [day.isoformat(), row.name, row.status]
            + [row.answers.get(q, "") for q in questions]
            + [" | ".join(row.flags)]
        )
    return out.getvalue().encode("utf-8")


# ---- one participant ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    points: list[ChartPoint]
    streak: int
    longest: int
    days_checked_in: int
    missed_days: int
    today: date


async def progress(service: CheckinService, participant: Participant) -> Progress:
    """The participant's own history: never anyone else's (keyed by their key only)."""
    stored = await checkin_db.for_participant(service.db, participant.key)
    today = local_day(service.clock.now(), participant_zone(participant))
    days = (await participant_days(service.db, [participant]))[participant.key]
    return Progress(
        points=chart_points(s.checkin for s in stored),
        streak=current_streak(today, days),
        longest=longest_streak(today, days),
        days_checked_in=len({s.day for s in stored}),
        missed_days=days.missed_days(today),
        today=today,
    )


@dataclass(frozen=True)
class ParticipantView:
    progress: Progress
    screens: list[checkin_db.ScreenRow]
    flags: list[checkin_db.Flag]


async def participant_view(
    service: CheckinService, viewer_id: int, participant: Participant
) -> ParticipantView:
    """What a facilitator sees of one participant; the view is written to the audit log
    first, so no data is shown without its record."""
    await audit_log.record(
        service.db, viewer_id, "report.participant", participant.key, service.clock.now()
    )
    return ParticipantView(
        await progress(service, participant),
        await checkin_db.screens_for(service.db, participant.key),
        await checkin_db.flags_for(service.db, participant.key),
    )


async def day_view(service: CheckinService, viewer_id: int, day: date) -> list[ReportRow]:
    """The day report for a facilitator, audit-logged like every view of check-in data."""
    await audit_log.record(
        service.db, viewer_id, "report.checkins", f"day:{day.isoformat()}", service.clock.now()
    )
    return await day_report(service, day)


# ---- the daily digest ---------------------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    day: date  # program-local: the morning it is posted
    reported_day: date  # program-local yesterday, counted in each participant's own day
    expected: int
    checked_in: int
    not_over: int  # participants whose ``reported_day`` has not ended yet where they are
    missing: tuple[tuple[str, int], ...]  # (name, consecutive missed days)
    flags: tuple[tuple[str, str, str], ...]  # (name, kind, detail) in the last 24 hours


async def build_digest(service: CheckinService, now: datetime) -> Digest:
    """The morning digest: yesterday counted exactly as ``/report checkins`` counts it
    (each participant's own local day of that date), and who has missed a run of days."""
    program = await service.programs.current()
    if program is None:
        return Digest(now.date(), now.date() - timedelta(days=1), 0, 0, 0, (), ())
    today = local_day(now, program.zone)
    reported = today - timedelta(days=1)
    counts = await day_statuses(service, reported, now)
    checked = sum(c.status is DayStatus.CHECKED_IN for c in counts)
    missed = sum(c.status is DayStatus.MISSED for c in counts)
    not_over = sum(c.status is DayStatus.NOT_YET for c in counts)
    missing = []
    for count in counts:
        run = missed_run(count.today, count.days, service.config.missed)
        if run.digest:
            missing.append((count.participant.display, run.days))
    names = {p.key: p.display for p in program.participants}
    flags = tuple(
        (names.get(f.participant, f.participant), f.kind, f.detail)
        for f in await checkin_db.flags_since(service.db, now - timedelta(hours=24))
    )
    return Digest(
        today, reported, checked + missed, checked, not_over, tuple(sorted(missing)), flags
    )


async def plan_digest(service: CheckinService) -> None:
    """Schedule the next digest at DIGEST_AT program-local (today's if not yet posted)."""
    program = await service.programs.current()
    if program is None:
        return
    now = service.clock.now()
    day = local_day(now, program.zone)
    if await deliveries.is_settled(service.db, f"{DIGEST_KIND}:{day.isoformat()}"):
        day += timedelta(days=1)
    when = max(local_instant(day, DIGEST_AT, program.zone), now)
    service.scheduler.remove_jobs_with_prefix(DIGEST_JOB_PREFIX)
    service.scheduler.schedule_at(
        f"{DIGEST_JOB_PREFIX}{day.isoformat()}", when, fire_digest, service, day.isoformat()
    )


async def fire_digest(service: CheckinService, day_text: str) -> None:
    key = f"{DIGEST_KIND}:{day_text}"
    now = service.clock.now()
    try:
        if await deliveries.claim(service.db, key, DIGEST_KIND, None, now, now):
            try:
                digest = await build_digest(service, now)
                await service.outlet.post_digest(digest)
            except Exception:
                # Settled as failed so the next plan moves on to tomorrow instead of
                # retrying in a tight loop; the log says what went wrong.
                log.exception("check-in digest for %s could not be posted", day_text)
                await deliveries.settle(service.db, key, "failed", now, detail="post failed")
            else:
                await deliveries.settle(service.db, key, "sent", service.clock.now())
    finally:
        await plan_digest(service)
