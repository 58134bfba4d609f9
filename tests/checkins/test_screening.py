"""PHQ-2 / GAD-2: scored 0-6, flagged to facilitators at 3 or more, never half-scored."""

from __future__ import annotations

from datetime import date

import pytest

from bot.checkins.domain.checkin_questions import load_checkin_config
from bot.checkins.domain.screening import (
    Instrument,
    ScreeningAnswerError,
    score_instrument,
    score_screening,
    screening_due,
)


@pytest.fixture(scope="module")
def phq2() -> Instrument:
    return load_checkin_config().screening.instrument("phq2")


@pytest.fixture(scope="module")
def gad2() -> Instrument:
    return load_checkin_config().screening.instrument("gad2")


@pytest.mark.parametrize(
    ("first", "second", "score", "flagged"),
    [
        (0, 0, 0, False),
        (1, 1, 2, False),  # just under the cut-off
        (2, 0, 2, False),
        (0, 3, 3, True),  # at the cut-off
        (2, 1, 3, True),
        (2, 2, 4, True),
        (3, 3, 6, True),  # the maximum
    ],
)
def test_scores_and_flag_at_and_around_the_cut_off(
    phq2: Instrument, gad2: Instrument, first: int, second: int, score: int, flagged: bool
) -> None:
    for instrument in (phq2, gad2):
        ids = [item.id for item in instrument.items]
        result = score_instrument(instrument, {ids[0]: first, ids[1]: second})
        assert (result.score, result.flagged, result.max_score) == (score, flagged, 6)


def test_describe_is_what_facilitators_read(phq2: Instrument) -> None:
    result = score_instrument(phq2, {"phq2_interest": 2, "phq2_down": 2})
    assert result.describe() == "PHQ-2 4/6 (flagged)"
    calm = score_instrument(phq2, {"phq2_interest": 1, "phq2_down": 0})
    assert calm.describe() == "PHQ-2 1/6"


def test_an_unanswered_item_is_refused_not_scored_low(phq2: Instrument) -> None:
    with pytest.raises(ScreeningAnswerError, match="Feeling down, depressed, or hopeless"):
        score_instrument(phq2, {"phq2_interest": 3})


@pytest.mark.parametrize("bad", [4, -1, True, "2"])
def test_an_answer_off_the_scale_is_refused(phq2: Instrument, bad: object) -> None:
    with pytest.raises(ScreeningAnswerError):
        score_instrument(phq2, {"phq2_interest": bad, "phq2_down": 0})  # type: ignore[dict-item]


def test_an_item_from_another_version_is_refused(phq2: Instrument) -> None:
    with pytest.raises(ScreeningAnswerError, match="out of date"):
        score_instrument(phq2, {"phq2_interest": 0, "phq2_down": 0, "phq9_sleep": 1})


def test_weekly_screen_scores_both_instruments_independently() -> None:
    screening = load_checkin_config().screening
    results = score_screening(
        screening,
        {
            "phq2": {"phq2_interest": 1, "phq2_down": 1},
            "gad2": {"gad2_nervous": 3, "gad2_worry": 0},
        },
    )
    assert [(r.instrument_id, r.score, r.flagged) for r in results] == [
        ("phq2", 2, False),
        ("gad2", 3, True),
    ]
    with pytest.raises(ScreeningAnswerError, match="GAD-2"):
        score_screening(screening, {"phq2": {"phq2_interest": 1, "phq2_down": 1}})


def test_screen_is_due_on_the_chosen_weekday_once_a_week() -> None:
    wednesday = date(2026, 11, 25)
    assert wednesday.weekday() == 2
    assert screening_due(wednesday, 2, last_screened=None)
    assert not screening_due(date(2026, 11, 26), 2, last_screened=None)
    # Answered last Wednesday: due again this Wednesday.
    assert screening_due(wednesday, 2, last_screened=date(2026, 11, 18))
    # Answered early this week (Monday): not asked again on Wednesday.
    assert not screening_due(wednesday, 2, last_screened=date(2026, 11, 23))
