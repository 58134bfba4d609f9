"""Reminder decisions: due times, late after downtime, skips with reasons, never twice."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kernel.durations import LeadTimeError, format_lead, parse_lead, parse_leads
from bot.program.domain.changes import ChangeKind, Effect, ScheduleChange, notices_for
from bot.program.domain.occurrences import Occurrence, occurrences
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import OccurrenceChange, Participant, Program, Track, WeeklySession
from bot.reminders.domain import Delivery, plan_program, plan_reminders
from bot.reminders.messages import leads_text, reminder_content

H = timedelta(hours=1)
LEADS = (24 * H, H)
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"


def program_with(
    days: tuple[int, ...] = (0,), wall: time = time(18), zone: str = "America/New_York"
) -> tuple[Program, Participant]:
    session = WeeklySession("evening.group", "Process group", "group", days, wall, 180)
    alex = Participant("alex", "Evening", "America/Chicago", date(2027, 1, 4), 12)
    program = Program(
        "Evening IOP", zone, reminders=LEADS, tracks=(Track("Evening", (session,)),),
        participants=(alex,),
    )  # fmt: skip
    return program, alex


def first_session() -> Occurrence:
    program, alex = program_with()
    found = occurrences(
        program, alex, datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 1, 5, tzinfo=UTC)
    )
    assert found[0].start == datetime(2027, 1, 4, 23, 0, tzinfo=UTC)  # Monday 18:00 EST
    return found[0]


SESSION_START = datetime(2027, 1, 4, 23, 0, tzinfo=UTC)


# ------------------------------------------------------------- lead times -------------


@pytest.mark.parametrize(
    ("text", "lead"),
    [("24h", 24 * H), ("1h", H), ("90m", timedelta(minutes=90)), ("2d", 48 * H),
     (" 1H30m ", timedelta(minutes=90)), ("off", None), ("OFF", None)],
)  # fmt: skip
def test_lead_times_parse(text: str, lead: timedelta | None) -> None:
    assert parse_lead(text) == lead


@pytest.mark.parametrize(
    ("text", "message"),
    [("24", "number and a unit"), ("1w", "number and a unit"), ("", "number and a unit"),
     ("-1h", "number and a unit"), ("0m", "longer than zero"), ("15d", "14 days")],
)  # fmt: skip
def test_bad_lead_times_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(LeadTimeError, match=message):
        parse_lead(text)


def test_lead_lists_sort_longest_first_and_refuse_repeats() -> None:
    assert parse_leads(["1h", "24h"]) == (24 * H, H)
    assert parse_leads("off") == ()
    assert parse_leads("24h, 1h") == (24 * H, H)
    with pytest.raises(LeadTimeError, match="twice"):
        parse_leads(["1h", "60m"])
    with pytest.raises(LeadTimeError, match="off"):
        parse_leads(["1h", "off"])


@given(st.integers(1, 14 * 24 * 60))
def test_formatted_lead_parses_back(minutes: int) -> None:
    lead = timedelta(minutes=minutes)
    assert parse_lead(format_lead(lead)) == lead


# ------------------------------------------------------------- decisions --------------


def test_each_reminder_is_due_at_start_minus_lead() -> None:
    plan = plan_reminders([first_session()], LEADS, SESSION_START - 48 * H, set())
    assert plan.send_now == ()
    assert [(r.lead, r.due) for r in plan.later] == [
        (24 * H, SESSION_START - 24 * H),
        (H, SESSION_START - H),
    ]
    assert plan.next_due == SESSION_START - 24 * H


def test_reminder_fired_on_time_is_sent_and_not_late() -> None:
    now = SESSION_START - 24 * H + timedelta(seconds=2)
    plan = plan_reminders([first_session()], LEADS, now, set())
    [reminder] = plan.send_now
    assert reminder.lead == 24 * H and not reminder.late
    assert reminder.job_id == "reminder:alex:evening.group:2027-01-04:24h"


def test_recorded_reminder_is_never_sent_again() -> None:
    now = SESSION_START - 24 * H
    plan = plan_reminders([first_session()], LEADS, now, set())
    delivered = {plan.send_now[0].record}
    again = plan_reminders([first_session()], LEADS, now + timedelta(minutes=5), delivered)
    assert again.send_now == ()
    assert [r.lead for r in again.later] == [H]


def test_after_downtime_the_nearest_overdue_reminder_is_sent_late() -> None:
    # Down from two days before until 30 minutes before the session.
    now = SESSION_START - timedelta(minutes=30)
    plan = plan_reminders([first_session()], LEADS, now, set())
    [reminder] = plan.send_now
    assert reminder.lead == H and reminder.late
    [skipped] = plan.skipped
    assert skipped.lead == 24 * H and skipped.reason == "superseded"
    assert "1h reminder replaces it" in skipped.explanation


def test_after_downtime_past_the_start_everything_is_skipped_with_a_reason() -> None:
    now = SESSION_START + timedelta(minutes=10)
    plan = plan_reminders([first_session()], LEADS, now, set())
    assert plan.send_now == () and plan.later == ()
    assert [(s.lead, s.reason) for s in plan.skipped] == [(24 * H, "started"), (H, "started")]
    assert "started at 2027-01-04 23:00 UTC" in plan.skipped[1].explanation


def test_participant_without_reminders_gets_none() -> None:
    plan = plan_reminders([first_session()], {"alex": ()}, SESSION_START - 2 * H, set())
    assert plan.send_now == plan.later == plan.skipped == ()


def test_demo_program_uses_each_participants_own_lead_times() -> None:
    demo = parse_program(DEMO.read_text(encoding="utf-8"))
    now = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
    plan = plan_program(demo, now, set(), horizon=timedelta(days=2))
    leads: dict[str, set[timedelta]] = {}
    for reminder in plan.later:
        leads.setdefault(reminder.participant, set()).add(reminder.lead)
        assert now < reminder.due < now + timedelta(days=2)
    assert leads["alex"] == {2 * H}
    assert leads["riley"] == {timedelta(minutes=90)}  # Sunday yoga, 09:00 New York
    # Nothing was recorded yet, so yoga's 24h reminder (due yesterday) is owed, late.
    [late] = plan.send_now
    assert (late.participant, late.lead, late.late) == ("riley", 24 * H, True)
    assert leads["sam"] == {24 * H, H}
    assert "jordan" not in leads  # reminders off


def test_a_reminder_due_exactly_now_is_sent_with_no_horizon() -> None:
    program, _ = program_with()
    plan = plan_program(program, SESSION_START - 24 * H, set(), horizon=timedelta(0))
    assert [(r.lead, r.late) for r in plan.send_now] == [(24 * H, False)]
    assert plan.later == ()


def test_catch_up_reports_only_what_fell_due_since_the_last_run() -> None:
    program, _ = program_with(days=(0, 2))  # Monday and Wednesday 18:00 EST
    since = SESSION_START - 30 * H  # down from Sunday 11:00 EST
    now = SESSION_START + 3 * H  # back Monday 21:00 EST
    plan = plan_program(program, now, set(), since=since)
    assert {(s.occurrence.key, s.lead, s.reason) for s in plan.skipped} == {
        ("evening.group:2027-01-04", 24 * H, "started"),
        ("evening.group:2027-01-04", H, "started"),
    }
    # Wednesday's 24h reminder falls due in the horizon: scheduled, not yet sent.
    assert next((r.occurrence.key, r.lead) for r in plan.later) == (
        "evening.group:2027-01-06",
        24 * H,
    )


def test_cancellation_notice_then_no_reminders() -> None:
    program, _ = program_with()
    cancel = OccurrenceChange("evening.group", date(2027, 1, 4))
    cancelled = dataclasses.replace(program, changes=(cancel,))
    now = SESSION_START - 48 * H
    change = ScheduleChange(ChangeKind.CANCEL, "evening.group:2027-01-04")
    [notice] = notices_for(change, program, cancelled, now, timedelta(days=14))
    assert notice.participant == "alex"
    assert [(a.effect, a.key) for a in notice.affected] == [
        (Effect.CANCELLED, "evening.group:2027-01-04")
    ]
    later = plan_program(cancelled, now, set(), horizon=timedelta(days=4)).later
    assert "evening.group:2027-01-04" not in {r.occurrence.key for r in later}


# ----------------------------------------------- never twice, whatever the downtime ---


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 60 * 24 * 16), min_size=1, max_size=40, unique=True),
    st.sets(st.sampled_from([24 * H, 2 * H, H, timedelta(minutes=90), timedelta(minutes=10)]),
            max_size=4),
)  # fmt: skip
def test_any_run_schedule_sends_each_reminder_at_most_once_and_misses_none(
    run_minutes: list[int], leads: set[timedelta]
) -> None:
    """The bot decides at arbitrary moments (restarts, long outages); delivery records
    carry over. Nothing is sent twice; a reminder is never sent before it is due or after
    its session started; every reminder with a decision between its due time and the
    session start is either sent or replaced by a nearer one that was sent."""
    program, alex = program_with(days=(0, 3, 6), wall=time(2, 30))  # Sunday 14 March: DST gap
    program = dataclasses.replace(program, reminders=tuple(leads))
    origin = datetime(2027, 3, 1, tzinfo=UTC)
    runs = sorted(origin + timedelta(minutes=m) for m in run_minutes)
    horizon = (origin, origin + timedelta(days=20))
    found = occurrences(program, alex, *horizon)
    delivered: set[Delivery] = set()
    sent: list[tuple[Delivery, datetime]] = []
    for now in runs:
        plan = plan_reminders(found, program.reminders, now, delivered)
        for reminder in plan.send_now:
            assert reminder.due <= now < reminder.occurrence.start
            assert reminder.late == (now - reminder.due > timedelta(minutes=1))
            sent.append((reminder.record, now))
            delivered.add(reminder.record)
        delivered.update(s.record for s in plan.skipped)
    records = [record for record, _ in sent]
    assert len(records) == len(set(records)), "a reminder was sent twice"
    sent_leads = {(r.occurrence, r.lead) for r in records}
    for occurrence in found:
        for lead in leads:
            due = occurrence.start - lead
            if any(due <= t < occurrence.start for t in runs):
                assert any(
                    (occurrence.delivery_key, smaller) in sent_leads
                    for smaller in leads
                    if smaller <= lead
                ), f"{format_lead(lead)} reminder for {occurrence.key} was lost"


def test_a_late_reminder_says_sorry_without_guessing_why() -> None:
    """A reminder can come late because the bot was down, because a pause was lifted
    the same day or after a retry: it apologises, and claims none of those reasons."""
    occurrence = first_session()
    on_time = plan_reminders([occurrence], (H,), SESSION_START - H, set()).send_now[0]
    late = plan_reminders([occurrence], (H,), SESSION_START - 20 * timedelta(minutes=1),
                          set()).send_now[0]
    assert not on_time.late and late.late
    assert "Sorry this comes later than planned." in reminder_content(late)
    assert "offline" not in reminder_content(late)
    assert "Sorry" not in reminder_content(on_time)


def test_lead_times_are_said_in_words_each_on_its_own() -> None:
    assert leads_text([2 * H]) == "I remind you **2 hours** before each session."
    assert leads_text([H, 24 * H]) == (
        "I remind you twice before each session: **1 day** before and **1 hour** before."
    )
    assert leads_text([timedelta(minutes=90)]) == (
        "I remind you **1 hour 30 minutes** before each session."
    )
    assert "off" in leads_text([])
