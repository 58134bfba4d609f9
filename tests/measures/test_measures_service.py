"""The week's questionnaires on a real database: offered once a week after the check-in,
a positive screen's follow-up in the same conversation, skipping recorded and not
re-offered, the safety item on the crisis path at once, and the outcomes report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.kernel.clock import SimulatedClock
from bot.kernel.db import audit as audit_log
from bot.kernel.db.connection import Database
from bot.measures import storage as measures_db
from bot.measures.domain.outcomes import CSV_COLUMNS
from bot.measures.domain.scoring import AnswerError
from bot.program.domain.program_file import ProgramFileError
from tests.measures.measures_env import (
    ALEX,
    PROGRAM,
    SAM,
    START_DAY,
    Consent,
    measures_env,
)

pytestmark = pytest.mark.asyncio


async def test_intake_offers_the_phq9_and_gad7_once_that_week(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    day = env.at_week(1)
    await env.service.after_checkin("alex", ALEX.id, day)
    assert [(u, s.kind, s.instrument.id if s.instrument else None)
            for u, s in env.outlet.offers] == [(ALEX.id, "offer", "phq9")]  # fmt: skip
    assert env.outlet.offers[0][1].remaining == 2  # the GAD-7 comes after
    # Another check-in the same week: nothing new, so nothing is sent (never nagged).
    await env.service.after_checkin("alex", ALEX.id, day)
    assert len(env.outlet.offers) == 1


async def test_nothing_is_offered_without_consent(db: Database, clock: SimulatedClock) -> None:
    env = await measures_env(db, clock)
    env.service.consent = Consent(set())
    await env.service.after_checkin("alex", ALEX.id, env.at_week(1))
    assert env.outlet.offers == []
    assert await measures_db.for_participant(db, "alex") == []


async def test_a_positive_phq2_offers_the_phq9_and_a_skip_is_kept_for_the_week(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    day = env.at_week(2)
    alex = await env.person("alex")
    await env.service.after_checkin("alex", ALEX.id, day)
    offer = env.outlet.offers[-1][1]
    assert offer.instrument is not None and offer.instrument.id == "phq2"
    assert offer.response is not None
    step = await env.answer_all(alex, ALEX, offer.response.id, [2, 1])
    # PHQ-2 of 3: the result in plain words, and the PHQ-9 offered right away.
    assert step.result is not None and step.result.main.value == 3
    assert step.kind == "offer" and step.follow_up
    assert step.instrument is not None and step.instrument.id == "phq9"
    assert step.response is not None
    follow_up_id = step.response.id
    step = await env.service.skip(alex, follow_up_id)
    assert step.instrument is not None and step.instrument.id == "gad2"  # next in the week
    rows = {r.instrument: r.status for r in await measures_db.for_participant(db, "alex")}
    assert rows == {"phq2": "completed", "phq9": "skipped", "gad2": "offered"}
    # Later that week: /questionnaire shows the GAD-2 still open, never the PHQ-9 again.
    env.clock.advance(timedelta(days=3))
    asked = await env.service.ask(alex)
    assert asked.instrument is not None and asked.instrument.id == "gad2"
    with pytest.raises(AnswerError, match="skipped"):
        await env.service.page(alex, follow_up_id, 0)
    assert any("positive screen" in note for note in env.outlet.notes)


async def test_the_ninth_item_goes_down_the_crisis_path_at_once_and_only_once(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    day = env.at_week(1)
    alex = await env.person("alex")
    await env.service.after_checkin("alex", ALEX.id, day)
    response = env.outlet.offers[-1][1].response
    assert response is not None
    # Items 1-8 "Not at all": nothing yet.
    for item in ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"):
        answered = await env.service.answer(alex, ALEX, response.id, item, 0, 0)
        assert answered.crisis_reply is None
    answered = await env.service.answer(alex, ALEX, response.id, "q9", 1, 2)
    assert answered.crisis_reply is not None
    assert "988" in answered.crisis_reply and "facilitators know" in answered.crisis_reply
    assert len(env.crisis.alerts) == 1
    user_id, text, where, categories = env.crisis.alerts[0]
    assert user_id == ALEX.id and where == "checkin"
    assert "PHQ-9 question 9" in text and '"Several days"' in text
    assert categories == ("questionnaire safety item",)
    assert env.crisis.said == [
        'answered question 9 of the PHQ-9 (thoughts of being better off dead or of self-harm) '
        'above "Not at all" in a questionnaire'
    ]
    # Changing the answer does not raise a second alert; finishing does not either.
    await env.service.answer(alex, ALEX, response.id, "q9", 2, 2)
    step = await env.service.finish_page(alex, ALEX, response.id, 2)
    assert len(env.crisis.alerts) == 1
    assert step.result is not None and step.result.main.value == 2
    assert step.result.main.band.label == "minimal"
    stored = await measures_db.get(db, response.id)
    assert stored is not None and stored.safety_alert == 1


async def test_only_your_own_questionnaire_and_only_its_answers(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    day = env.at_week(1)
    await env.service.after_checkin("alex", ALEX.id, day)
    response = env.outlet.offers[-1][1].response
    assert response is not None
    sam, alex = await env.person("sam"), await env.person("alex")
    with pytest.raises(AnswerError, match="isn't yours"):
        await env.service.answer(sam, SAM, response.id, "q1", 1, 0)
    with pytest.raises(AnswerError, match="not one of the answers"):
        await env.service.answer(alex, ALEX, response.id, "q1", 7, 0)
    with pytest.raises(AnswerError, match="Please answer"):
        await env.service.finish_page(alex, ALEX, response.id, 0)
    stored = await measures_db.get(db, response.id)
    assert stored is not None and stored.answers == {}


async def test_intake_and_four_week_phq9s_make_the_outcomes(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    alex, sam = await env.person("alex"), await env.person("sam")
    for week, alex_values, sam_values in (
        (1, [3, 3, 2, 2, 2, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 0, 0, 0]),  # 15 and 6
        (5, [1, 1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0, 0, 0, 0]),  # 6 and 5
    ):
        day = env.at_week(week)
        for who, person, values in ((alex, ALEX, alex_values), (sam, SAM, sam_values)):
            await env.service.after_checkin(who.key, person.id, day)
            rows = await measures_db.in_week(db, who.key, week)
            phq9 = next(r for r in rows if r.instrument == "phq9")
            await env.answer_all(who, person, phq9.id, values)
    found = await env.service.outcomes(999, START_DAY, START_DAY + timedelta(weeks=5))
    phq9 = next(f for f in found.figures if f.instrument.id == "phq9")
    assert (phq9.participants, phq9.measured_at_intake, phq9.with_change) == (2, 2, 2)
    assert phq9.median_change == -5.0  # alex -9, sam -1
    assert (phq9.responders, phq9.response_eligible) == (1, 2)  # alex: 60% drop
    assert (phq9.remissions, phq9.remission_eligible) == (0, 2)  # alex 6, sam 5: not below 5
    assert phq9.discharged == 0
    table = list(csv.DictReader(io.StringIO(found.csv)))
    assert tuple(table[0].keys()) == CSV_COLUMNS
    alex_row = next(r for r in table if r["participant"] == "alex" and r["instrument"] == "PHQ-9")
    assert (alex_row["intake_score"], alex_row["latest_score"], alex_row["change"]) == (
        "15", "6", "-9",
    )
    assert (alex_row["intake_band"], alex_row["latest_band"]) == ("moderately severe", "mild")
    assert (alex_row["percent_change"], alex_row["response"], alex_row["remission"]) == (
        "-60", "yes", "no",
    )
    # The facilitator's view is in the audit log.
    entries = await audit_log.entries_about(db, "period:2026-12-07..2027-01-11")
    assert [(e.actor_id, e.action) for e in entries] == [(999, "report.outcomes")]
    # ... and the 4-week note to facilitators says the change since intake.
    assert any("alex" in n and "change since intake: -9" in n for n in env.outlet.notes)


async def test_a_program_file_naming_an_unknown_questionnaire_is_refused(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    text = PROGRAM + '\n[[measure]]\ninstrument = "phq8"\nevery_weeks = 2\n'
    with pytest.raises(ProgramFileError) as caught:
        await env.programs.import_text(text, clock.now())
    assert [str(p) for p in caught.value.problems] == [
        'measure[1].instrument: there is no questionnaire "phq8" (known: phq2, phq9, gad2, '
        "gad7, bam)"
    ]


async def test_a_program_that_turns_on_the_bam(db: Database, clock: SimulatedClock) -> None:
    program = PROGRAM + '\n[[measure]]\ninstrument = "bam"\nevery_weeks = 4\n'
    env = await measures_env(db, clock, program)
    await env.service.after_checkin("alex", ALEX.id, env.at_week(1))
    step = env.outlet.offers[-1][1]
    assert step.instrument is not None and step.instrument.id == "bam"
    assert step.remaining == 1 and step.pages == 4
    exported = await env.programs.export_text()
    assert exported is not None and 'instrument = "bam"\nevery_weeks = 4' in exported
