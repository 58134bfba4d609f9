"""Answering a check-in: specific messages for bad input, same-day updates, follow-up
thresholds, what a shared summary may contain, and the chart's points."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.domain.checkin import (
    AnswerError,
    ChartPoint,
    DayCheckin,
    chart_points,
    decode_answers,
    encode_answers,
    follow_up,
    is_complete,
    merge_checkin,
    missing_required,
    share_summary,
    share_summary_for,
    validate_answer,
)
from bot.checkins.domain.checkin_questions import load_checkin_config

CONFIG = load_checkin_config()
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 27)
FULL = {
    "mood": 6, "craving": 3, "sleep": "fair", "medication": "yes", "used": "no",
    "halt": ["tired"], "note": "Walked with riley after group.",
}


def test_valid_answers_are_stored_as_plain_values() -> None:
    checkin = merge_checkin(CONFIG, None, DAY, FULL, NOON)
    assert checkin.answers == {
        "mood": 6, "craving": 3, "sleep": "fair", "medication": "yes", "used": "no",
        "halt": frozenset({"tired"}), "note": "Walked with riley after group.",
    }
    assert is_complete(CONFIG, checkin.answers)


@pytest.mark.parametrize(
    ("qid", "raw", "message"),
    [
        ("mood", 11, 'must be a whole number from 0 to 10 (got 11)'),
        ("craving", -1, "from 0 to 10 (got -1)"),
        ("mood", "seven", 'from 0 to 10 (got "seven")'),
        ("mood", True, "from 0 to 10"),
        ("sleep", "great", '"great" is not one of the choices for "How did you sleep'),
        ("used", "maybe", "(Yes, No, Prefer not to say)"),
        ("halt", ["tired", "bored"], '"bored" is not one of the choices'),
        ("halt", "tired", "must be a list of choices"),
        ("note", "x" * 1001, "is 1,001 characters long; the limit is 1,000. "
                             "Please shorten it by 1 character."),
        ("note", "x" * 1250, "Please shorten it by 250 characters."),
    ],
)
def test_bad_answer_gets_a_specific_message(qid: str, raw: object, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answer(CONFIG.question(qid), raw)
    assert message in str(caught.value)
    assert caught.value.question_id == qid


def test_scale_answers_from_a_button_id_are_accepted() -> None:
    assert validate_answer(CONFIG.question("mood"), "7") == 7
    assert validate_answer(CONFIG.question("mood"), 0) == 0
    assert validate_answer(CONFIG.question("note"), "  " + "x" * 1000 + "\n") == "x" * 1000


def test_one_bad_answer_rejects_the_whole_batch() -> None:
    existing = merge_checkin(CONFIG, None, DAY, {"mood": 4}, NOON)
    with pytest.raises(AnswerError):
        merge_checkin(CONFIG, existing, DAY, {"craving": 2, "sleep": "great"}, NOON)
    assert existing.answers == {"mood": 4}, "nothing half-written"


def test_switched_off_question_cannot_be_answered_by_a_stale_button() -> None:
    config = CONFIG.with_switched_off(["used"])
    with pytest.raises(AnswerError, match="out of date"):
        merge_checkin(config, None, DAY, {"used": "no"}, NOON)
    assert "used" not in missing_required(config, {})


def test_answering_again_the_same_day_updates_it() -> None:
    first = merge_checkin(CONFIG, None, DAY, FULL, NOON)
    later = NOON + timedelta(hours=5)
    second = merge_checkin(CONFIG, first, DAY, {"mood": 2, "note": ""}, later)
    assert second.answers["mood"] == 2
    assert second.answers["craving"] == 3, "answers not given again are kept"
    assert "note" not in second.answers, "an emptied note is removed"
    assert (second.first_answered_at, second.updated_at) == (NOON, later)
    with pytest.raises(ValueError, match="cannot take answers for"):
        merge_checkin(CONFIG, second, DAY + timedelta(days=1), {"mood": 5}, later)


def test_partial_check_in_lists_what_is_still_missing() -> None:
    partial = merge_checkin(CONFIG, None, DAY, {"mood": 5, "sleep": "good"}, NOON)
    assert missing_required(CONFIG, partial.answers) == ("craving", "medication", "used")
    assert not is_complete(CONFIG, partial.answers)


@pytest.mark.parametrize(
    ("changes", "fired"),
    [
        ({}, ()),
        ({"craving": 7}, ()),
        ({"craving": 8}, ("high_craving",)),
        ({"mood": 3}, ()),
        ({"mood": 2}, ("low_mood",)),
        ({"used": "prefer_not_to_say"}, ()),
        ({"used": "yes"}, ("reported_use",)),
        ({"craving": 10, "mood": 0, "used": "yes"}, ("high_craving", "low_mood", "reported_use")),
    ],
)
def test_follow_up_fires_the_configured_thresholds(
    changes: dict[str, object], fired: tuple[str, ...]
) -> None:
    answers = merge_checkin(CONFIG, None, DAY, {**FULL, **changes}, NOON).answers
    result = follow_up(CONFIG, answers)
    assert result.fired == fired
    assert result.needed == bool(fired)


def test_follow_up_reason_is_readable_for_facilitators() -> None:
    answers = merge_checkin(CONFIG, None, DAY, {**FULL, "craving": 9}, NOON).answers
    assert follow_up(CONFIG, answers).reasons == ("Craving 9/10 (8 or more)",)


def test_switched_off_use_question_never_fires() -> None:
    config = CONFIG.with_switched_off(["used"])
    assert follow_up(config, {"used": "yes", "mood": 5, "craving": 1}).fired == ()


def test_share_summary_takes_only_mood_and_note() -> None:
    # Structural guarantee: there is no parameter through which private answers could
    # reach a shared message.
    assert list(inspect.signature(share_summary).parameters) == ["mood", "note"]
    assert share_summary(7, None) == "Mood today: **7/10**"
    assert share_summary(4, "Rough day,\nbut I went to group.") == (
        "Mood today: **4/10**\n> Rough day,\n> but I went to group."
    )


def test_shared_note_cannot_look_like_a_mass_mention() -> None:
    text = share_summary(5, "thanks @everyone and @here")
    assert "@everyone" not in text and "@here" not in text


def test_share_summary_for_leaves_the_note_out_unless_chosen() -> None:
    checkin = merge_checkin(CONFIG, None, DAY, FULL, NOON)
    assert "Walked with riley" not in share_summary_for(checkin, include_note=False)
    assert "Walked with riley" in share_summary_for(checkin, include_note=True)


PRIVATE_VALUES = st.fixed_dictionaries(
    {
        "craving": st.integers(0, 10),
        "medication": st.sampled_from(["yes", "no", "not_prescribed"]),
        "used": st.sampled_from(["yes", "no", "prefer_not_to_say"]),
        "sleep": st.sampled_from(["poor", "fair", "good"]),
        "halt": st.lists(st.sampled_from(["hungry", "angry", "lonely", "tired"])),
    }
)


@given(
    mood=st.integers(0, 10),
    note=st.text(max_size=200),
    include_note=st.booleans(),
    private_a=PRIVATE_VALUES,
    private_b=PRIVATE_VALUES,
)
def test_shared_summary_never_depends_on_private_answers(
    mood: int,
    note: str,
    include_note: bool,
    private_a: dict[str, object],
    private_b: dict[str, object],
) -> None:
    # Whatever the craving, use, medication (and other private) answers are, the shared
    # text is the same: none of them can leak, not even as a count or a wording change.
    def shared(private: dict[str, object]) -> str:
        checkin = merge_checkin(CONFIG, None, DAY, {"mood": mood, "note": note, **private}, NOON)
        return share_summary_for(checkin, include_note=include_note)

    text = shared(private_a)
    assert text == shared(private_b)
    lowered = text.lower()
    if "crav" not in note.lower():
        assert "crav" not in lowered
    if "medic" not in note.lower():
        assert "medic" not in lowered
    if "prescri" not in note.lower():
        assert "prescri" not in lowered


def _checkin(day: date, answers: dict[str, object], at: datetime = NOON) -> DayCheckin:
    return merge_checkin(CONFIG, None, day, answers, at)


def test_chart_points_one_per_day_oldest_first() -> None:
    start = date(2026, 11, 1)
    checkins = [
        _checkin(start + timedelta(days=2), {"mood": 5, "craving": 6}),
        _checkin(start, {"mood": 3, "craving": 8}),
        _checkin(start + timedelta(days=1), {"sleep": "good"}),  # neither value: no point
        _checkin(start + timedelta(days=3), {"mood": 7}),
    ]
    assert chart_points(checkins) == [
        ChartPoint(start, 3, 8),
        ChartPoint(start + timedelta(days=2), 5, 6),
        ChartPoint(start + timedelta(days=3), 7, None),
    ]


def test_chart_uses_the_latest_version_of_a_day() -> None:
    early = _checkin(DAY, {"mood": 2, "craving": 9})
    late = _checkin(DAY, {"mood": 6, "craving": 4}, NOON + timedelta(hours=3))
    assert chart_points([late, early]) == [ChartPoint(DAY, 6, 4)]


def test_answers_survive_a_round_trip_through_storage() -> None:
    answers = _checkin(DAY, {**FULL, "halt": ["tired", "lonely"]}).answers
    encoded = encode_answers(answers)
    assert encoded["halt"] == ["lonely", "tired"]
    assert decode_answers(encoded) == answers
    with pytest.raises(ValueError, match="unexpected value"):
        decode_answers({"mood": 4.5})


