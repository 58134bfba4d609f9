"""data/checkin.toml: the shipped file loads as documented, and broken files are refused
with a message that names the entry and field at fault."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.checkins.domain.checkin_questions import (
    DEFAULT_PATH,
    CheckinConfigError,
    Kind,
    load_checkin_config,
    parse_checkin_config,
)


def shipped_raw() -> dict[str, Any]:
    with DEFAULT_PATH.open("rb") as handle:
        return tomllib.load(handle)


def problems_of(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(CheckinConfigError) as caught:
        parse_checkin_config(raw)
    return caught.value.problems


def question(raw: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in raw["question"] if q["id"] == qid)


def test_shipped_file_has_the_default_questions_in_order() -> None:
    config = load_checkin_config()
    ids = [q.id for q in config.questions]
    assert ids == ["mood", "craving", "sleep", "medication", "used", "halt", "note"]
    kinds = {q.id: q.kind for q in config.questions}
    assert kinds["mood"] is Kind.SCALE and kinds["halt"] is Kind.MULTI_CHOICE
    assert [o.id for o in config.question("sleep").options] == ["poor", "fair", "good"]
    assert [o.id for o in config.question("medication").options] == [
        "yes", "no", "not_prescribed",
    ]
    assert [o.id for o in config.question("used").options] == [
        "yes", "no", "prefer_not_to_say",
    ]
    assert {o.id for o in config.question("halt").options} == {
        "hungry", "angry", "lonely", "tired",
    }
    assert config.question("note").max_length == 1000
    assert not config.question("note").required


def test_only_the_use_question_can_be_switched_off() -> None:
    config = load_checkin_config()
    assert [q.id for q in config.questions if q.switchable] == ["used"]
    without_use = config.with_switched_off(["used"])
    assert "used" not in [q.id for q in without_use.active_questions]
    with pytest.raises(CheckinConfigError, match="'craving' cannot be switched off"):
        config.with_switched_off(["craving"])
    with pytest.raises(CheckinConfigError, match="no question with id 'alcohol'"):
        config.with_switched_off(["alcohol"])


def test_shipped_thresholds_and_policies() -> None:
    config = load_checkin_config()
    by_id = {t.id: t for t in config.thresholds}
    assert by_id["high_craving"].at_least == 8
    assert by_id["low_mood"].at_most == 2
    assert by_id["reported_use"].any_of == {"yes"}
    assert (config.missed.nudge_after_days, config.missed.digest_after_days) == (2, 3)
    assert config.late_answer_days == 1


def test_scale_with_max_not_above_min_names_entry_and_field() -> None:
    raw = shipped_raw()
    question(raw, "craving")["max"] = 0
    assert 'question[2] ("craving").max: must be greater than min' in problems_of(raw)


def test_every_problem_is_reported_at_once() -> None:
    raw = shipped_raw()
    question(raw, "sleep")["options"].append({"id": "good", "label": "Great"})
    question(raw, "note")["max_length"] = 5000
    del question(raw, "halt")["required"]
    raw["threshold"][0]["at_least"] = 11
    found = problems_of(raw)
    assert found == [
        'question[3] ("sleep").options: id \'good\' is used more than once',
        'question[6] ("halt").required: is required',
        'question[7] ("note").max_length: must be at most 4000 (got 5000)',
        'threshold[1] ("high_craving").at_least: must be at most 10 (got 11)',
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda r: question(r, "mood").update(kind="slider"),
         'question[1] ("mood").kind: \'slider\' is not one of scale, choice, multi_choice, text'),
        (lambda r: question(r, "mood").update(requird=True),
         'question[1] ("mood").requird: unknown field'),
        (lambda r: question(r, "sleep").update(id="Sleep Quality"),
         "question[3].id: 'Sleep Quality' must be lower-case letters"),
        (lambda r: question(r, "mood").update(required="yes"),
         'question[1] ("mood").required: must be true or false, not a string'),
        (lambda r: question(r, "note").update(label="x" * 46),
         'question[7] ("note").label: is 46 characters; at most 45 fit'),
        (lambda r: question(r, "medication").update(options=[]),
         'question[4] ("medication").options: must list at least one option'),
        (lambda r: r["question"].pop(1),
         "question: 'craving' is needed"),
        (lambda r: question(r, "mood").update(max=7),
         'question[1] ("mood").max: must be a 0-10 scale'),
        (lambda r: r["threshold"][2].update(any_of=["maybe"]),
         'threshold[3] ("reported_use").any_of: question \'used\' has no option \'maybe\''),
        (lambda r: r["threshold"][0].update(question="sleep"),
         'threshold[1] ("high_craving").at_least: question \'sleep\' is a choice, not a scale'),
        (lambda r: r["threshold"][1].update(question="energy"),
         'threshold[2] ("low_mood").question: no question with id \'energy\''),
        (lambda r: r.update(switched_off=["mood"]),
         "switched_off: question 'mood' cannot be switched off"),
        (lambda r: r["missed"].update(digest_after_days=1),
         "missed.digest_after_days: must not be less than nudge_after_days"),
        (lambda r: r["threshold"][2].update(any_of=[]),
         'threshold[3] ("reported_use").any_of: must name at least one option'),
        (lambda r: r["question"].append("energy"),
         "question[8]: must be a table, not a string"),
    ],
)
def test_broken_file_is_refused_with_a_precise_message(edit: Any, expected: str) -> None:
    raw = shipped_raw()
    edit(raw)
    found = problems_of(raw)
    assert any(p.startswith(expected) for p in found), found


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(CheckinConfigError, match="cannot be read"):
        load_checkin_config(tmp_path / "missing.toml")
    bad = tmp_path / "checkin.toml"
    bad.write_text('[[question]]\nid = "mood\n', encoding="utf-8")
    with pytest.raises(CheckinConfigError, match="is not valid TOML"):
        load_checkin_config(bad)
    with pytest.raises(CheckinConfigError) as caught:
        load_checkin_config(bad)
    assert str(bad) in str(caught.value), "the message names the file at fault"
