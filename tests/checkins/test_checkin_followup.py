"""Follow-up thresholds and the facilitator alert, the crisis path for notes, and the
weekly PHQ-2 / GAD-2 at and around the cut-off."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.checkins import screening as checkin_screening
from bot.checkins.domain.checkin import AnswerError
from bot.checkins.domain.screening import ScreeningAnswerError, ScreenResult
from bot.checkins.storage import checkins as checkin_db
from bot.coping.checkin_offer import BREATHING, offer_for
from tests.checkins.checkin_env import ANSWERS, Env, checkin_env

pytestmark = pytest.mark.asyncio

MONDAY = date(2027, 3, 8)


async def test_a_high_craving_offers_help_and_alerts_facilitators_only_when_asked(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, {**ANSWERS, "craving": "9"})
        finished = await env.service.finish(alex, None)
        assert finished.follow_up.fired == ("high_craving",)
        assert env.outlet.alerts == []  # nothing leaves until the participant says yes
        offer = offer_for(finished.checkin.answers, "alex")
        assert offer.steps and offer.title
        assert await env.service.request_reach_out(alex, None)
        assert not await env.service.request_reach_out(alex, None)  # a second click
        assert len(env.outlet.alerts) == 1
        assert "alex" in env.outlet.alerts[0] and "Craving 9/10" in env.outlet.alerts[0]
        kinds = {f.kind for f in await checkin_db.flags_for(env.db, "alex")}
        assert kinds == {"threshold", "reach_out"}


@pytest.mark.parametrize(
    ("answers", "fired"),
    [
        ({"craving": "7", "mood": "3", "used": "no"}, ()),
        ({"craving": "8"}, ("high_craving",)),
        ({"mood": "2"}, ("low_mood",)),
        ({"used": "yes"}, ("reported_use",)),
        ({"used": "prefer_not_to_say"}, ()),
    ],
)
async def test_thresholds_fire_at_their_limits_and_not_below(
    tmp_path: Path, answers: dict[str, str], fired: tuple[str, ...]
) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, {**ANSWERS, **answers})
        assert (await env.service.finish(alex, None)).follow_up.fired == fired


async def test_done_before_every_required_answer_names_what_is_missing(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, {"mood": "5"})
        with pytest.raises(AnswerError, match="How strong is your craving"):
            await env.service.finish(alex, None)


async def test_the_coping_offer_falls_back_to_breathing_when_nothing_matches() -> None:
    assert offer_for({"mood": 5, "craving": 0}, "seed") == BREATHING


async def test_a_note_that_shows_crisis_is_answered_and_escalated_and_kept(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, ANSWERS)
        note = "I want to kill myself tonight, I have the pills ready"
        saved = await env.service.save_texts(alex, None, {"note": note})
        assert saved.crisis.is_crisis
        assert saved.resources is not None and "988" in saved.resources
        # The facilitators' alert goes through the bot's one crisis path (the cog calls
        # bot.crisis.service.handle_crisis); the service itself must not raise a second one.
        assert env.outlet.alerts == []
        stored = await checkin_db.get(env.db, "alex", MONDAY)
        assert stored is not None and stored.checkin.answers["note"] == note


async def test_an_ordinary_note_is_just_saved(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        saved = await env.service.save_texts(alex, None, {"note": "Group helped today."})
        assert not saved.crisis.is_crisis and saved.resources is None
        assert env.outlet.alerts == []


async def _screen(env: Env, name: str, scores: dict[str, int]) -> tuple[ScreenResult, ...]:
    participant = await env.participant(name)
    for item, score in scores.items():
        await checkin_screening.answer_item(env.service, participant, None, item, str(score))
    return await checkin_screening.submit(env.service, participant, None)


@pytest.mark.parametrize(
    ("phq", "gad", "flagged"),
    [
        ((1, 1), (0, 0), set()),  # 2: below the cut-off
        ((2, 1), (0, 0), {"phq2"}),  # 3: at the cut-off
        ((3, 3), (1, 1), {"phq2"}),  # 6 and 2
        ((0, 0), (2, 2), {"gad2"}),  # 4
        ((1, 2), (3, 0), {"phq2", "gad2"}),
    ],
)
async def test_phq2_and_gad2_are_scored_and_flagged_from_3(
    tmp_path: Path, phq: tuple[int, int], gad: tuple[int, int], flagged: set[str]
) -> None:
    async with checkin_env(tmp_path) as env:
        results = await _screen(
            env,
            "alex",
            {"phq2_interest": phq[0], "phq2_down": phq[1],
             "gad2_nervous": gad[0], "gad2_worry": gad[1]},
        )
        scores = {r.instrument_id: r.score for r in results}
        assert scores == {"phq2": sum(phq), "gad2": sum(gad)}
        assert {r.instrument_id for r in results if r.flagged} == flagged
        assert len(env.outlet.alerts) == (1 if flagged else 0)
        if flagged:
            assert "PHQ-2" in env.outlet.alerts[0] and "not a diagnosis" in env.outlet.alerts[0]


async def test_an_incomplete_screen_is_refused_not_under_scored(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        with pytest.raises(ScreeningAnswerError, match="Feeling down"):
            await _screen(env, "alex", {"phq2_interest": 3, "gad2_nervous": 3, "gad2_worry": 3})
        assert await checkin_db.screens_for(env.db, "alex") == []
        alex = await env.participant("alex")
        with pytest.raises(ScreeningAnswerError, match="from 0 to 3"):
            await checkin_screening.answer_item(env.service, alex, None, "phq2_down", "4")


async def test_the_screen_is_due_weekly_on_the_chosen_day(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        # The program started on a Monday: the default screen day.
        assert await checkin_screening.is_due(env.service, alex, MONDAY)
        await _screen(env, "alex", dict.fromkeys(
            ("phq2_interest", "phq2_down", "gad2_nervous", "gad2_worry"), 0))
        assert not await checkin_screening.is_due(env.service, alex, MONDAY)
        assert not await checkin_screening.is_due(env.service, alex, MONDAY + timedelta(days=3))
        assert await checkin_screening.is_due(env.service, alex, MONDAY + timedelta(days=7))
        await env.service.set_time(alex, None, enabled=True, screen_weekday=4)
        assert await checkin_screening.is_due(env.service, alex, date(2027, 3, 19))  # a Friday
        assert not await checkin_screening.is_due(env.service, alex, MONDAY + timedelta(days=7))
