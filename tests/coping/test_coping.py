"""Choosing a coping skill: feedback, "Another one", program skills, check-ins, crisis."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest

from bot.coping.domain.coping import (
    CRISIS,
    CheckinAnswers,
    CheckinMatch,
    Crisis,
    Feedback,
    choose,
    complete_situations,
    helped_skills,
    match_checkin,
    resolve_situation,
    skill_for_checkin,
)
from bot.coping.domain.library import (
    SITUATION_BY_KEY,
    SITUATIONS,
    Library,
    Skill,
    load_library,
    program_skill,
)

LIBRARY = load_library()
SEEDS = range(300)
HELPED, NOT_FOR_ME = Feedback.HELPED, Feedback.NOT_FOR_ME


def pick(
    situation: str | None,
    seed: int,
    feedback: Mapping[str, Feedback] | None = None,
    recent: Sequence[str] = (),
    library: Library = LIBRARY,
) -> Skill | None:
    return choose(library, situation, feedback or {}, recent, random.Random(seed))


def pick_id(
    situation: str | None,
    seed: int,
    feedback: Mapping[str, Feedback] | None = None,
    library: Library = LIBRARY,
) -> str:
    skill = pick(situation, seed, feedback, library=library)
    assert skill is not None
    return skill.id


def another_one_until_repeat(
    situation: str,
    feedback: Mapping[str, Feedback] | None = None,
    library: Library = LIBRARY,
    seed: int = 1,
) -> list[str]:
    """Press "Another one" until a skill comes back; the ids shown, in order."""
    rng = random.Random(seed)
    shown: list[str] = []
    while True:
        skill = choose(library, situation, feedback or {}, shown, rng)
        assert skill is not None
        if skill.id in shown:
            return [*shown, skill.id]
        shown.append(skill.id)


def small_skill(
    skill_id: str, situations: tuple[str, ...], tags: frozenset[str] = frozenset()
) -> Skill:
    return Skill(skill_id, skill_id.title(), ("a", "b"), 5, situations, "Test", tags=tags)


# --- choosing by situation -------------------------------------------------------------------


def test_the_same_seed_gives_the_same_skill() -> None:
    assert pick("craving", 42) == pick("craving", 42)


@pytest.mark.parametrize("situation", [s.key for s in SITUATIONS])
def test_a_skill_fits_the_asked_situation(situation: str) -> None:
    for seed in range(20):
        skill = pick(situation, seed)
        assert skill is not None and situation in skill.situations


def test_without_a_situation_any_skill_can_come() -> None:
    seen = {pick_id(None, seed) for seed in SEEDS}
    covered = {k for skill in LIBRARY.skills if skill.id in seen for k in skill.situations}
    assert covered == set(SITUATION_BY_KEY)


def test_an_unknown_situation_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown situation 'panicky'"):
        pick("panicky", 0)


# --- feedback -------------------------------------------------------------------------------


def test_a_skill_that_helped_comes_up_more_often() -> None:
    def times_chosen(feedback: Mapping[str, Feedback]) -> int:
        return sum(pick_id("anxiety", seed, feedback) == "box-breathing" for seed in SEEDS)

    before = times_chosen({})
    after = times_chosen({"box-breathing": HELPED})
    assert after >= 2 * before > 0


def test_not_for_me_changes_what_comes_next() -> None:
    first = pick_id("craving", 7)
    assert pick_id("craving", 7, {first: NOT_FOR_ME}) != first


def test_a_skill_marked_not_for_me_never_comes_back() -> None:
    feedback = {"urge-surfing": NOT_FOR_ME, "delay-distract-decide": HELPED}
    assert all(pick_id("craving", seed, feedback) != "urge-surfing" for seed in SEEDS)
    cycle = another_one_until_repeat("craving", feedback)
    assert "urge-surfing" not in cycle


def test_when_every_fitting_skill_is_not_for_me_there_is_none() -> None:
    feedback = {s.id: NOT_FOR_ME for s in LIBRARY.for_situation("grief")}
    assert pick("grief", 0, feedback) is None


def test_helped_skills_are_listed_for_myskills() -> None:
    feedback = {"grounding-54321": HELPED, "urge-surfing": NOT_FOR_ME, "dear-man": HELPED}
    assert [s.id for s in helped_skills(LIBRARY, feedback)] == ["grounding-54321", "dear-man"]


# --- "Another one" --------------------------------------------------------------------------


def test_another_one_always_differs_until_every_skill_was_shown() -> None:
    for situation in SITUATION_BY_KEY:
        cycle = another_one_until_repeat(situation)
        fitting = {s.id for s in LIBRARY.for_situation(situation)}
        shown, repeat = cycle[:-1], cycle[-1]
        assert len(shown) == len(set(shown)) and set(shown) == fitting, situation
        # Only then does one come back: the one shown longest ago.
        assert repeat == shown[0]


def test_another_one_with_a_single_skill_left_offers_it_again() -> None:
    fitting = LIBRARY.for_situation("grief")
    feedback = {s.id: NOT_FOR_ME for s in fitting[1:]}
    again = pick("grief", 3, feedback, recent=[fitting[0].id])
    assert again == fitting[0]


# --- program skills -------------------------------------------------------------------------


def rivera_skill(number: int) -> Skill:
    return program_skill(
        number,
        title="Look at your recovery photo",
        steps_text="Open the photo from week one\nRead what you wrote on the back",
        minutes_text="2",
        situations_text="craving, after a lapse",
        source="Program: rivera's Thursday group",
    )


def test_program_skills_join_the_pool() -> None:
    library = LIBRARY.with_program([rivera_skill(1)])
    assert "program:1" in another_one_until_repeat("after_lapse", library=library)
    assert "program:1" not in another_one_until_repeat("grief", library=library)


def test_retired_skills_never_appear() -> None:
    library = LIBRARY.with_program([rivera_skill(1)], retired=["program:1", "urge-surfing"])
    for seed in SEEDS:
        skill = pick("craving", seed, {"urge-surfing": HELPED}, library=library)
        assert skill is not None and skill.id not in {"program:1", "urge-surfing"}
    # Still known by id, and still counts for /myskills: it helped when it was offered.
    assert library.get("urge-surfing") is not None
    assert [s.id for s in helped_skills(library, {"urge-surfing": HELPED})] == ["urge-surfing"]


def test_program_skill_ids_are_checked_when_merged() -> None:
    with pytest.raises(ValueError, match="duplicate skill id 'program:1'"):
        LIBRARY.with_program([rivera_skill(1), rivera_skill(1)])
    with pytest.raises(ValueError, match="program:<n>"):
        LIBRARY.with_program([small_skill("sneaky", ("grief",))])


# --- check-ins ------------------------------------------------------------------------------


def checkin_skill(
    answers: Mapping[str, object],
    seed: int = 0,
    feedback: Mapping[str, Feedback] | None = None,
    library: Library = LIBRARY,
) -> tuple[Skill, CheckinMatch] | Crisis | None:
    return skill_for_checkin(
        library, CheckinAnswers.from_mapping(answers), feedback or {}, [], random.Random(seed)
    )


def test_high_craving_gets_urge_surfing_or_delay_distract_decide() -> None:
    for seed in range(50):
        result = checkin_skill({"mood": 6, "craving": 8, "sleep": "good", "halt": ["lonely"]}, seed)
        assert isinstance(result, tuple)
        skill, match = result
        assert skill.id in {"urge-surfing", "delay-distract-decide"}
        assert match.because == "your craving was 8 out of 10"


def test_another_one_after_a_check_in_tip_moves_on_to_other_craving_skills() -> None:
    shown = ["urge-surfing", "delay-distract-decide"]
    for seed in range(20):
        rng = random.Random(seed)
        following = choose(LIBRARY, "craving", {}, shown, rng, prefer={"urge", "delay"})
        assert following is not None and following.id not in shown
        assert "craving" in following.situations


def test_a_mild_craving_is_left_alone() -> None:
    assert checkin_skill({"mood": 7, "craving": 3, "sleep": "good"}) is None


@pytest.mark.parametrize(
    ("answers", "situation", "kinds"),
    [
        ({"gad2": 4}, "anxiety", {"breathing", "grounding"}),
        ({"tags": ["panic"]}, "anxiety", {"breathing", "grounding"}),
        ({"halt": ["lonely"]}, "loneliness", {"reaching-out"}),
        ({"mood": 2}, "low_mood", {"activation"}),
        ({"sleep": "poor"}, "sleep", {"sleep"}),
        ({"used": "yes"}, "after_lapse", {"self-compassion", "reaching-out"}),
        ({"halt": ["angry"]}, "anger", {"pause", "breathing"}),
    ],
)
def test_check_in_answers_map_to_fitting_skills(
    answers: dict[str, object], situation: str, kinds: set[str]
) -> None:
    for seed in range(30):
        result = checkin_skill(answers, seed)
        assert isinstance(result, tuple)
        skill, match = result
        assert match.situation == situation
        assert situation in skill.situations and skill.tags & kinds, skill.id


def test_the_most_pressing_need_comes_first() -> None:
    answers = CheckinAnswers(mood=1, craving=9, sleep="poor", halt=frozenset({"lonely"}))
    matches = match_checkin(answers)
    assert isinstance(matches, list)
    assert [m.situation for m in matches] == ["craving", "loneliness", "low_mood", "sleep"]


def test_check_in_falls_back_to_the_next_need_when_one_has_nothing_left() -> None:
    library = Library(
        (
            small_skill("surf", ("craving",), frozenset({"urge"})),
            small_skill("call", ("loneliness",), frozenset({"reaching-out"})),
        )
    )
    answers = {"craving": 9, "halt": ["lonely"]}
    result = checkin_skill(answers, feedback={"surf": NOT_FOR_ME}, library=library)
    assert isinstance(result, tuple) and result[0].id == "call"


def test_a_crisis_note_in_a_check_in_gets_crisis_help_not_a_tip() -> None:
    assert checkin_skill({"craving": 9, "note": "honestly I want to kill myself"}) is CRISIS


def test_check_in_answers_as_the_check_in_stores_them() -> None:
    answers = CheckinAnswers.from_mapping(
        {
            "mood": 5,
            "craving": 2,
            "sleep": "fair",
            "medication": "yes",
            "used": "prefer_not_to_say",
            "halt": frozenset({"tired"}),
            "note": "",
        }
    )
    assert answers.used == "prefer_not_to_say" and answers.halt == {"tired"}
    assert CheckinAnswers.from_mapping({"used": "prefer-not"}).used == "prefer_not_to_say"
    for bad in ({"mood": 11}, {"craving": "high"}, {"sleep": "awful"}, {"halt": ["sad"]}):
        with pytest.raises(ValueError):
            CheckinAnswers.from_mapping(bad)


# --- free text, autocomplete and crisis ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "suicide",
        "Suicidal",
        "I want to kill myself",
        "self-harm",
        "self harm",
        "thinking about hurting myself",
        "overdose",
        "I might OD tonight",
        "I want to die",
        "I don't want to be alive",
        "crisis",
        "craving, and honestly I've thought of suicide",
    ],
)
def test_crisis_words_route_to_crisis_help(text: str) -> None:
    assert resolve_situation(text) is CRISIS
    assert complete_situations(text)[0] is CRISIS


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("craving", "craving"),
        ("Craving or urge", "craving"),
        ("low_mood", "low_mood"),
        ("low mood", "low_mood"),
        ("panic", "anxiety"),
        ("can't sleep", "sleep"),
        ("I'm so lonely tonight", "loneliness"),
        ("slipped", "after_lapse"),
        ("griev", "grief"),
        ("good mood", None),
        ("", None),
    ],
)
def test_free_text_resolves_to_a_situation(text: str, key: str | None) -> None:
    resolved = resolve_situation(text)
    assert (resolved.key if resolved is not None else None) == key


def test_autocomplete_matches_prefix_then_substring() -> None:
    assert complete_situations("") == list(SITUATIONS)
    keys = [s.key for s in complete_situations("an")]
    assert keys[:2] == ["anxiety", "anger"]
    assert [s.key for s in complete_situations("panic")] == ["anxiety"]
    assert [s.key for s in complete_situations("TROUBLE")] == ["sleep"]
    assert [s.key for s in complete_situations("hard con")] == ["hard_conversation"]
    assert complete_situations("zzz") == []
    assert len(complete_situations("", limit=3)) == 3
