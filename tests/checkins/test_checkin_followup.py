"""Follow-up thresholds and the facilitator alert, and the crisis path for notes. (The
weekly PHQ-2 / GAD-2 moved to the measures capability: tests/measures.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.checkins.domain.checkin import AnswerError
from bot.checkins.storage import checkins as checkin_db
from bot.coping.checkin_offer import BREATHING, offer_for
from tests.checkins.checkin_env import ANSWERS, checkin_env

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
