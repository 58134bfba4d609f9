"""Pure decisions about reminders: which are due, which are late, which to skip.

A reminder is owed for every (participant, occurrence, lead time); it is due at
``occurrence.start - lead``. The caller keeps a *delivery record* for each one it has
settled (sent, or skipped and logged) and passes the records back in; nothing here
reads the clock or remembers anything between calls, so running the same decision
again after a restart gives the same answer minus what was recorded.

After downtime:

* a reminder whose due time passed while its session has not started is still sent,
  marked ``late``; but when several reminders of one occurrence are overdue, only the
  nearest one (the smallest lead) is sent, since a "tomorrow at 18:00" note an hour
  before the session would only confuse: the others are skipped as ``superseded``;
* a reminder whose session has already started is skipped as ``started``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.kernel.durations import format_lead
from bot.program.domain.occurrences import Occurrence, program_occurrences
from bot.program.domain.schedule import Program

log = logging.getLogger(__name__)

# A reminder fired by the scheduler arrives a little after its due instant; only one
# that is noticeably behind (the bot was down or stalled) is called late.
LATE_AFTER = timedelta(minutes=1)
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Delivery:
    """The record that guards one reminder (unique in the database)."""

    participant: str
    occurrence: str  # Occurrence.delivery_key
    lead: timedelta


@dataclass(frozen=True)
class Reminder:
    occurrence: Occurrence
    lead: timedelta
    due: datetime
    late: bool = False

    @property
    def participant(self) -> str:
        return self.occurrence.participant

    @property
    def record(self) -> Delivery:
        return Delivery(self.participant, self.occurrence.delivery_key, self.lead)

    @property
    def job_id(self) -> str:
        """A stable scheduler job id: the same reminder always gets the same id."""
        return (
            f"reminder:{self.participant}:{self.occurrence.delivery_key}:{format_lead(self.lead)}"
        )


@dataclass(frozen=True)
class Skipped:
    occurrence: Occurrence
    lead: timedelta
    due: datetime
    reason: str  # "started" or "superseded"
    explanation: str

    @property
    def record(self) -> Delivery:
        return Delivery(self.occurrence.participant, self.occurrence.delivery_key, self.lead)


@dataclass(frozen=True)
class ReminderPlan:
    send_now: tuple[Reminder, ...]  # due at or before now; session not started
    later: tuple[Reminder, ...]  # due after now: schedule each at its ``due``
    skipped: tuple[Skipped, ...]  # settle (record) and log these

    @property
    def next_due(self) -> datetime | None:
        return min((r.due for r in self.later), default=None)


def plan_reminders(
    occurrences: Iterable[Occurrence],
    leads: Sequence[timedelta] | Mapping[str, Sequence[timedelta]],
    now: datetime,
    delivered: Collection[Delivery],
    *,
    late_after: timedelta = LATE_AFTER,
) -> ReminderPlan:
    """Decide every reminder owed for ``occurrences``.

    ``leads`` is one list for all, or a mapping from participant key to that person's
    lead times (missing key or empty list: no reminders). ``delivered`` holds settled
    records; a reminder in it is never returned again, so a decision repeated after a
    restart cannot send twice.
    """
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    send_now: list[Reminder] = []
    later: list[Reminder] = []
    skipped: list[Skipped] = []
    for occurrence in occurrences:
        if isinstance(leads, Mapping):
            own: Sequence[timedelta] = leads.get(occurrence.participant, ())
        else:
            own = leads
        start = occurrence.start
        overdue = sorted(lead for lead in set(own) if start - lead <= now)
        for lead in sorted(set(own), reverse=True):
            due = start - lead
            record = Delivery(occurrence.participant, occurrence.delivery_key, lead)
            if record in delivered:
                continue
            if due > now:
                later.append(Reminder(occurrence, lead, due))
            elif now >= start:
                skipped.append(
                    Skipped(
                        occurrence,
                        lead,
                        due,
                        "started",
                        f"the session started at {start:%Y-%m-%d %H:%M} UTC before the "
                        f"{format_lead(lead)} reminder (due {due:%Y-%m-%d %H:%M} UTC) "
                        "could be sent",
                    )
                )
            elif lead != overdue[0]:
                skipped.append(
                    Skipped(
                        occurrence,
                        lead,
                        due,
                        "superseded",
                        f"the {format_lead(lead)} reminder is overdue and the nearer "
                        f"{format_lead(overdue[0])} reminder replaces it",
                    )
                )
            else:
                send_now.append(Reminder(occurrence, lead, due, late=now - due > late_after))
    send_now.sort(key=lambda r: (r.due, r.participant, r.occurrence.key))
    later.sort(key=lambda r: (r.due, r.participant, r.occurrence.key))
    skipped.sort(key=lambda s: (s.due, s.occurrence.participant, s.occurrence.key))
    for skip in skipped:
        log.debug("skip reminder %s: %s", skip.record, skip.explanation)
    return ReminderPlan(tuple(send_now), tuple(later), tuple(skipped))


def plan_program(
    program: Program,
    now: datetime,
    delivered: Collection[Delivery],
    *,
    horizon: timedelta = timedelta(days=2),
    since: datetime | None = None,
    late_after: timedelta = LATE_AFTER,
) -> ReminderPlan:
    """Every participant's reminders: those due now, those due within ``horizon``.

    ``since`` is when the bot last ran (its last decision); reminders that fell due
    between then and ``now`` are the ones caught up or reported as skipped. Without it,
    only occurrences that have not started are looked at.
    """
    leads = {p.key: program.leads_for(p) for p in program.participants}
    longest = max((max(ls, default=timedelta()) for ls in leads.values()), default=timedelta())
    window_start = now if since is None else min(since, now)
    # An occurrence can owe a reminder due by now + horizon only if it starts by
    # now + horizon + the longest lead. Occurrence windows are half-open, so the end is
    # nudged past that instant: with no horizon, a reminder due exactly now (its session
    # exactly one lead away) is still found.
    found = program_occurrences(program, window_start, now + horizon + longest + _TICK)
    plan = plan_reminders(found, leads, now, delivered, late_after=late_after)
    until = now + horizon
    return ReminderPlan(
        send_now=plan.send_now,
        later=tuple(r for r in plan.later if r.due < until),
        skipped=tuple(s for s in plan.skipped if since is None or s.due >= since),
    )
