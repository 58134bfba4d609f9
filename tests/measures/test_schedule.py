"""Which questionnaires are due in which program week, from each participant's start."""

from __future__ import annotations

from datetime import date

from bot.measures.domain.instruments import Offer, load_instruments
from bot.measures.domain.schedule import Plan, due_in_week, plans_for, program_week, reasons_due

SHIPPED = load_instruments()
DEFAULTS = plans_for(SHIPPED, None)


def due(week: int, weeks: int = 12, already: dict[str, str] | None = None,
        plans: tuple[Plan, ...] = DEFAULTS) -> list[tuple[str, str]]:  # fmt: skip
    return [(d.instrument.id, d.reason) for d in due_in_week(SHIPPED, plans, week, weeks, already)]


def test_weeks_count_from_each_participants_own_start() -> None:
    start = date(2026, 12, 9)  # a Wednesday
    assert program_week(start, date(2026, 12, 9)) == 1
    assert program_week(start, date(2026, 12, 15)) == 1
    assert program_week(start, date(2026, 12, 16)) == 2
    assert program_week(start, date(2027, 1, 6)) == 5


def test_the_default_plan_phq9_and_gad7_at_intake_every_4_weeks_and_discharge() -> None:
    assert [p.instrument for p in DEFAULTS] == ["phq2", "phq9", "gad2", "gad7"]  # BAM is off
    # Week 1: the full measures; the screens would ask the same first two questions.
    assert due(1) == [("phq9", "intake"), ("gad7", "intake")]
    assert due(2) == [("phq2", "scheduled"), ("gad2", "scheduled")]
    assert due(5) == [("phq9", "scheduled"), ("gad7", "scheduled")]
    assert due(12) == [("phq9", "discharge"), ("gad7", "discharge")]
    assert due(13) == []  # after the program


def test_what_was_offered_this_week_is_not_offered_again() -> None:
    assert due(2, already={"phq2": "skipped"}) == [("gad2", "scheduled")]
    assert due(1, already={"phq9": "completed", "gad7": "offered"}) == []


def test_a_program_chooses_its_own_instruments_and_rhythm() -> None:
    plans = plans_for(SHIPPED, [Plan("bam", Offer(4, frozenset())),
                                Plan("phq2", Offer(1, frozenset())),
                                Plan("unknown", Offer(1, frozenset()))])  # fmt: skip
    assert [p.instrument for p in plans] == ["bam", "phq2"]
    assert due(1, plans=plans) == [("phq2", "scheduled"), ("bam", "scheduled")]
    assert due(2, plans=plans) == [("phq2", "scheduled")]
    assert due(5, plans=plans) == [("phq2", "scheduled"), ("bam", "scheduled")]


def test_reasons() -> None:
    offer = Offer(4, frozenset({"intake", "discharge"}))
    assert reasons_due(offer, 1, 8) == ("intake", "scheduled")
    assert reasons_due(offer, 8, 8) == ("discharge",)
    assert reasons_due(offer, 3, 8) == ()
    assert reasons_due(offer, 0, 8) == ()
