"""The shipped coping library, and what a broken one tells the person who edits it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.coping.domain.library import (
    MIN_PER_SITUATION,
    SITUATIONS,
    LibraryError,
    ProgramSkillError,
    load_library,
    parse_library,
    program_skill,
)

GOOD = """
[[skill]]
id = "first"
title = "First"
steps = ["one", "two"]
minutes = 3
situations = ["craving"]
source = "Test"

[[skill]]
id = "urge-surfing"
title = "Surf the urge"
steps = ["only one step"]
minutes = 5
situations = ["craving"]
source = "Urge surfing"
"""


def problems_of(text: str) -> tuple[str, ...]:
    with pytest.raises(LibraryError) as caught:
        parse_library(text)
    return caught.value.problems


def entry(**fields: object) -> str:
    """One [[skill]] table with sensible values, overridden or removed (None) by fields."""
    values: dict[str, object] = {
        "id": "my-skill",
        "title": "My skill",
        "steps": ["a", "b"],
        "minutes": 5,
        "situations": ["stress"],
        "source": "Test",
    }
    values.update(fields)
    lines = ["[[skill]]"]
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


# --- the shipped library ---------------------------------------------------------------


def test_shipped_library_validates() -> None:
    library = load_library()
    assert len(library.skills) >= 40
    ids = [s.id for s in library.skills]
    assert len(ids) == len(set(ids))


def test_every_situation_has_at_least_three_skills() -> None:
    library = load_library()
    for situation in SITUATIONS:
        fitting = library.for_situation(situation.key)
        assert len(fitting) >= MIN_PER_SITUATION, situation.key


def test_shipped_library_covers_the_named_techniques() -> None:
    library = load_library()
    sources = " ".join(s.source for s in library.skills).casefold()
    for technique in (
        "tipp",
        "stop",
        "accepts",
        "self-soothe",
        "opposite action",
        "check the facts",
        "thought record",
        "behavioural activation",
        "5-4-3-2-1",
        "paced breathing",
        "progressive muscle relaxation",
        "urge surfing",
        "halt",
        "playing the tape through",
        "sober",
        "delay-distract-decide",
        "sponsor",
    ):
        assert technique in sources, technique


def test_cold_water_carries_its_caution() -> None:
    cold = load_library().get("tipp-cold-water")
    assert cold is not None
    assert "heart" in cold.caution and "eating disorder" in cold.caution


# --- what a broken file reports ------------------------------------------------------------


def test_a_broken_entry_is_reported_with_its_index_id_field_and_line() -> None:
    (problem,) = problems_of(GOOD)
    assert 'skill[1] ("urge-surfing").steps: needs 2-6 steps, found 1' in problem
    assert problem.startswith("line 10: ")


def test_the_error_message_names_the_file_and_every_problem() -> None:
    text = entry(id="a", minutes=0) + entry(id="b", situations=["panicking"])
    with pytest.raises(LibraryError) as caught:
        parse_library(text, source="coping_tips.toml")
    message = str(caught.value)
    assert message.startswith("coping_tips.toml: 2 problems")
    assert 'skill[0] ("a").minutes: must be 1-60, found 0' in message
    assert "skill[1] (\"b\").situations: unknown 'panicking'" in message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": None}, "title: missing"),
        ({"source": None}, "source: missing"),
        ({"steps": ["a", "b", "c", "d", "e", "f", "g"]}, "steps: needs 2-6 steps, found 7"),
        ({"steps": "do it"}, "steps: must be a list of text, found text"),
        ({"steps": ["a", " "]}, "steps[1]: must be non-empty text"),
        ({"minutes": "five"}, "minutes: must be a whole number, found text"),
        ({"minutes": True}, "minutes: must be a whole number, found true/false"),
        ({"situations": []}, "situations: needs at least one"),
        ({"situations": ["sadness"]}, "situations: unknown 'sadness'"),
        ({"situations": ["grief", "grief"]}, "situations: listed twice"),
        ({"tags": ["breathe"]}, "tags: unknown 'breathe'"),
        ({"title": ""}, "title: must not be empty"),
        ({"title": "x" * 81}, "title: at most 80 characters, found 81"),
        ({"id": "Urge Surfing"}, "id: use lowercase words joined by '-'"),
        ({"id": "program:1"}, "id: the 'program:' namespace is for facilitator-added"),
        ({"id": "a" * 41}, "id: at most 40 characters, found 41"),
        ({"cautions": "careful"}, "cautions: unknown field"),
    ],
)
def test_each_kind_of_mistake_names_entry_and_field(fields: dict, expected: str) -> None:
    problems = problems_of(entry(**fields))
    assert any(p.startswith('line 1: skill[0] ("') and expected in p for p in problems), problems


def test_entry_without_id_is_still_located() -> None:
    (problem,) = problems_of(entry() + entry(id=None))
    assert problem == "line 8: skill[1].id: missing"


def test_duplicate_ids_point_at_the_first_use() -> None:
    problems = problems_of(entry(id="twice") + entry(id="other") + entry(id="twice"))
    assert problems == ('line 15: skill[2] ("twice").id: duplicate id, first used by skill[0]',)


def test_too_few_skills_for_a_situation_is_reported() -> None:
    problems = problems_of(entry())
    assert "situation 'stress': needs at least 3 skills, found 1" in problems
    assert len(problems) == len(SITUATIONS)


def test_invalid_toml_is_reported_with_its_position() -> None:
    problems = problems_of('[[skill]]\nid = "a\n')
    assert problems[0].startswith("not valid TOML:")
    assert "line 2" in problems[0]


def test_missing_file_is_a_library_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="cannot read the file"):
        load_library(tmp_path / "nope.toml")


# --- program skills from the facilitator's modal -------------------------------------------


def test_program_skill_from_modal_text() -> None:
    skill = program_skill(
        7,
        title="Phone a group buddy",
        steps_text="1. Pick a buddy from Tuesday group\n- Call them\n\n• Tell them how it's going",
        minutes_text=" 10 ",
        situations_text="Loneliness, craving",
        source="Program: Tuesday group (rivera)",
    )
    assert skill.id == "program:7" and skill.is_program
    assert skill.steps == (
        "Pick a buddy from Tuesday group",
        "Call them",
        "Tell them how it's going",
    )
    assert skill.situations == ("loneliness", "craving")
    assert skill.minutes == 10


def test_program_skill_problems_are_all_reported_once() -> None:
    with pytest.raises(ProgramSkillError) as caught:
        program_skill(
            8,
            title="",
            steps_text="just one",
            minutes_text="ten",
            situations_text="cravings",
            source="rivera",
        )
    problems = caught.value.problems
    assert any(p.startswith("situations: I don't know 'cravings'") for p in problems)
    assert any(p.startswith("minutes: write a whole number") for p in problems)
    assert "steps: needs 2-6 steps, found 1" in problems
    assert "title: must not be empty" in problems
    assert len([p for p in problems if p.startswith("situations")]) == 1


def test_steps_numbered_on_one_line_are_split_at_the_numbers() -> None:
    def steps(text: str) -> tuple[str, ...]:
        return program_skill(
            1,
            title="Box breathing",
            steps_text=text,
            minutes_text="4",
            situations_text="anxiety",
            source="group",
        ).steps

    assert steps("1. Breathe in for 4. 2. Hold for 4. 3. Breathe out for 4.") == (
        "Breathe in for 4.",
        "Hold for 4.",
        "Breathe out for 4.",
    )
    # Only numbers counting up from 1 split; a lone number inside a step stays put.
    assert steps("1) Count to 3. Then 2) rest") == ("Count to 3. Then", "rest")
    assert steps("Count to 3. Then\nrest") == ("Count to 3. Then", "rest")
