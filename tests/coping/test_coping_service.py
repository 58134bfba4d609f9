"""The coping service against a real temporary database: what a participant gets offered."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from bot.coping import storage as coping_db
from bot.coping.domain.coping import CheckinAnswers, Feedback
from bot.coping.domain.library import ProgramSkillError, load_library
from bot.coping.service import (
    CopingError,
    CopingService,
    CrisisRoute,
    NoneLeft,
    Offer,
    situation_choices,
)
from bot.crisis.domain.crisis import detect_crisis
from bot.kernel.clock import SimulatedClock
from bot.kernel.db.connection import Database

LIBRARY = load_library()
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest_asyncio.fixture
async def service(db: Database, clock: SimulatedClock) -> CopingService:
    svc = CopingService(db, clock, LIBRARY, rng=random.Random(7), detect_crisis=detect_crisis)
    await svc.reload()
    return svc


async def offer(service: CopingService, who: str, situation: str | None) -> Offer:
    answer = await service.suggest(who, situation)
    assert isinstance(answer, Offer), answer
    return answer


def fitting(situation: str) -> set[str]:
    return {s.id for s in LIBRARY.for_situation(situation)}


@pytest.mark.asyncio
async def test_coping_offers_a_skill_that_fits_the_situation(service: CopingService) -> None:
    got = await offer(service, "alex", "craving")
    assert got.skill.id in fitting("craving")
    assert got.situation == "craving"
    # Everyday words and display names work as well as keys.
    assert (await offer(service, "alex", "panic")).situation == "anxiety"
    assert (await offer(service, "alex", "Trouble sleeping")).situation == "sleep"


@pytest.mark.asyncio
async def test_unknown_words_still_get_a_skill_and_say_so(service: CopingService) -> None:
    got = await offer(service, "alex", "zebra crossing")
    assert got.situation is None
    assert "not sure" in got.note


@pytest.mark.asyncio
async def test_another_one_differs_and_walks_every_fitting_skill(
    service: CopingService,
) -> None:
    first = await offer(service, "sam", "grief")
    seen = [first.skill.id]
    for _ in range(len(fitting("grief")) - 1):
        nxt = await service.another("sam", "grief", seen[-1])
        assert isinstance(nxt, Offer)
        assert nxt.skill.id != seen[-1]
        seen.append(nxt.skill.id)
    assert set(seen) == fitting("grief")


@pytest.mark.asyncio
async def test_not_for_me_never_comes_back(
    service: CopingService, clock: SimulatedClock
) -> None:
    first = await offer(service, "jordan", "anxiety")
    await service.give_feedback("jordan", first.skill.id, Feedback.NOT_FOR_ME)
    shown: list[str] = []
    for _ in range(40):
        clock.advance(timedelta(hours=13))  # a new day: nothing counts as recent
        got = await offer(service, "jordan", "anxiety")
        shown.append(got.skill.id)
        more = await service.another("jordan", "anxiety", got.skill.id)
        assert isinstance(more, Offer)
        shown.append(more.skill.id)
    assert first.skill.id not in shown
    # Someone else's "not for me" is theirs alone.
    others = [(await offer(service, f"p{n}", "anxiety")).skill.id for n in range(60)]
    assert first.skill.id in others


@pytest.mark.asyncio
async def test_a_skill_that_helped_comes_up_more_often(
    service: CopingService, clock: SimulatedClock
) -> None:
    favourite = sorted(fitting("stress"))[0]
    await service.give_feedback("casey", favourite, Feedback.HELPED)
    days = 120
    picks: Counter[str] = Counter()
    baseline: Counter[str] = Counter()
    for _ in range(days):
        clock.advance(timedelta(days=1))
        picks[(await offer(service, "casey", "stress")).skill.id] += 1
        baseline[(await offer(service, "riley", "stress")).skill.id] += 1
    # Three times as likely as an unrated skill; with this many days, clearly more often.
    assert picks[favourite] > 1.6 * baseline[favourite]
    assert [s.id for s in await service.helped("casey")] == [favourite]
    assert await service.helped("riley") == []


@pytest.mark.asyncio
async def test_the_latest_verdict_wins(service: CopingService) -> None:
    skill = sorted(fitting("sleep"))[0]
    await service.give_feedback("alex", skill, Feedback.HELPED)
    await service.give_feedback("alex", skill, Feedback.NOT_FOR_ME)
    assert await service.helped("alex") == []


@pytest.mark.asyncio
async def test_when_every_skill_is_set_aside_none_is_left(service: CopingService) -> None:
    for skill_id in fitting("hard_conversation"):
        await service.give_feedback("sam", skill_id, Feedback.NOT_FOR_ME)
    assert await service.suggest("sam", "hard conversation") == NoneLeft("hard_conversation")


@pytest.mark.asyncio
async def test_another_one_says_so_when_only_one_skill_is_left(service: CopingService) -> None:
    keep, *rest = sorted(fitting("loneliness"))
    for skill_id in rest:
        await service.give_feedback("casey", skill_id, Feedback.NOT_FOR_ME)
    first = await offer(service, "casey", "loneliness")
    again = await service.another("casey", "loneliness", first.skill.id)
    assert isinstance(again, Offer)
    assert again.skill.id == keep == first.skill.id
    assert "only skill" in again.note


@pytest.mark.asyncio
async def test_feedback_on_an_unknown_skill_is_refused(service: CopingService) -> None:
    with pytest.raises(CopingError):
        await service.give_feedback("alex", "no-such-skill", Feedback.HELPED)


# --- crisis ------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "said",
    ["crisis", "I'm thinking of hurting myself", "i want to kill myself", "I took an overdose"],
)
async def test_crisis_words_get_crisis_help_not_a_tip(
    service: CopingService, db: Database, said: str
) -> None:
    assert await service.suggest("alex", said) == CrisisRoute(said)
    assert await coping_db.shown_since(db, "alex", START - timedelta(days=1)) == []


def test_the_crisis_choice_is_always_offered() -> None:
    for typed in ("", "cr", "anx", "zzz", "sleep"):
        assert ("crisis" in [value for _, value in situation_choices(typed)]), typed
    name, value = situation_choices("hurting myself")[0]
    assert value == "crisis" and "hurting myself" in name
    assert len(situation_choices("")) <= 25


@pytest.mark.asyncio
async def test_a_checkin_note_in_crisis_routes_to_help(service: CopingService) -> None:
    answers = CheckinAnswers(craving=9, note="honestly I want to die")
    assert isinstance(await service.for_checkin("alex", answers), CrisisRoute)


@pytest.mark.asyncio
async def test_a_high_craving_checkin_gets_a_craving_skill(service: CopingService) -> None:
    got = await service.for_checkin("alex", CheckinAnswers.from_mapping({"craving": 9}))
    assert isinstance(got, Offer)
    assert got.situation == "craving"
    assert got.skill.tags & {"urge", "delay"}
    assert "craving was 9" in got.note
    assert await service.for_checkin("alex", CheckinAnswers(mood=8, craving=1)) is None


# --- program skills ---------------------------------------------------------------------


async def add_porch_steps(service: CopingService, situations: str = "grief") -> str:
    skill = await service.add_program_skill(
        by=42,
        title="Porch steps",
        steps_text="Step outside.\nBreathe the air for a minute.",
        minutes_text="3",
        situations_text=situations,
        source="Our Tuesday group",
    )
    return skill.id


@pytest.mark.asyncio
async def test_a_program_skill_appears_at_once_and_retires(
    service: CopingService, db: Database, clock: SimulatedClock
) -> None:
    for skill_id in fitting("grief"):
        await service.give_feedback("alex", skill_id, Feedback.NOT_FOR_ME)
    skill_id = await add_porch_steps(service)
    assert skill_id == "program:1"
    got = await offer(service, "alex", "grief")
    assert got.skill.id == skill_id and got.skill.is_program
    assert skill_id in [s.id for s in service.retire_choices("porch")]
    await service.give_feedback("alex", skill_id, Feedback.HELPED)

    retired, empty = await service.retire(skill_id, by=42)
    assert retired.title == "Porch steps"
    assert empty == []  # other grief skills exist; alex set them aside, others did not
    assert await service.suggest("alex", "grief") == NoneLeft("grief")
    assert skill_id not in [s.id for s in service.retire_choices("")]
    # It still helped: /myskills keeps naming it.
    assert [s.id for s in await service.helped("alex")] == [skill_id]
    with pytest.raises(CopingError, match="already retired"):
        await service.retire(skill_id, by=42)

    # Both survive a restart: a new service on the same database knows them.
    again = CopingService(db, clock, LIBRARY, rng=random.Random(1), detect_crisis=detect_crisis)
    await again.reload()
    assert again.library.get(skill_id) is not None
    assert skill_id in again.library.retired


@pytest.mark.asyncio
async def test_a_shipped_skill_can_be_retired(service: CopingService) -> None:
    await service.retire("tipp-cold-water", by=42)
    for n in range(80):
        got = await offer(service, f"p{n}", None)
        assert got.skill.id != "tipp-cold-water"
    with pytest.raises(CopingError, match="no skill"):
        await service.retire("not-a-skill", by=42)
    # A title typed instead of picked works too.
    retired, _ = await service.retire("surf the urge", by=42)
    assert retired.id == "urge-surfing"


@pytest.mark.asyncio
async def test_a_bad_program_skill_saves_nothing(service: CopingService, db: Database) -> None:
    with pytest.raises(ProgramSkillError) as caught:
        await service.add_program_skill(
            by=42,
            title="",
            steps_text="Only one step",
            minutes_text="ten",
            situations_text="craving, sadness",
            source="Group",
        )
    text = str(caught.value)
    for field in ("title", "steps", "minutes", "situations"):
        assert field in text
    assert await coping_db.program_skills(db) == []
    assert await add_porch_steps(service) == "program:1"


@pytest.mark.asyncio
async def test_a_participants_coping_data_can_be_exported_and_deleted(
    service: CopingService, db: Database
) -> None:
    got = await offer(service, "alex", "anger")
    await service.give_feedback("alex", got.skill.id, Feedback.HELPED)
    await offer(service, "sam", "anger")
    exported = await coping_db.export_participant(db, "alex")
    assert exported["feedback"] == [
        {"skill_id": got.skill.id, "verdict": "helped", "updated_at": START.isoformat()}
    ]
    assert await coping_db.delete_participant(db, "alex") == 2
    assert await service.helped("alex") == []
    assert (await coping_db.export_participant(db, "sam"))["shown"]
