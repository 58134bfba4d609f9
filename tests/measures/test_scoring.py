"""Scoring by hand-computed examples, the safety item, refusals, and what people read."""

from __future__ import annotations

import pytest

from bot.measures.domain.instruments import load_instruments
from bot.measures.domain.scoring import (
    AnswerError,
    participant_text,
    safety_answered,
    score,
    summary,
)

SHIPPED = load_instruments()


def answers(instrument: str, *values: int) -> dict[str, int]:
    items = SHIPPED.get(instrument).items
    assert len(values) == len(items)
    return {item.id: value for item, value in zip(items, values, strict=True)}


@pytest.mark.parametrize(
    ("instrument", "values", "total", "band"),
    [
        # 0+1+2+3+0+1+2+3+0 = 12
        ("phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0), 12, "moderate"),
        # 3*6 + 1 + 0 + 0 = 19: the top of "moderately severe"
        ("phq9", (3, 3, 3, 3, 3, 3, 1, 0, 0), 19, "moderately severe"),
        ("phq9", (3, 3, 3, 3, 3, 3, 1, 1, 0), 20, "severe"),
        ("phq9", (1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal"),
        ("phq9", (1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild"),
        # 2+2+2+1+1+1+0 = 9
        ("gad7", (2, 2, 2, 1, 1, 1, 0), 9, "mild"),
        ("gad7", (2, 2, 2, 1, 1, 1, 1), 10, "moderate"),
        ("gad7", (3, 3, 3, 3, 3, 0, 0), 15, "severe"),
        ("phq2", (1, 1), 2, "below the screening cut-off"),
        ("phq2", (2, 1), 3, "at or above the screening cut-off"),
        ("gad2", (3, 3), 6, "at or above the screening cut-off"),
    ],
)
def test_totals_and_bands(instrument: str, values: tuple[int, ...], total: int, band: str) -> None:
    result = score(SHIPPED.get(instrument), answers(instrument, *values))
    assert (result.main.value, result.main.band.label) == (total, band)


def test_a_screen_is_positive_from_3() -> None:
    assert not score(SHIPPED.get("phq2"), answers("phq2", 1, 1)).positive
    assert score(SHIPPED.get("phq2"), answers("phq2", 0, 3)).positive
    assert not score(SHIPPED.get("phq9"), answers("phq9", *[3] * 9)).positive  # not a screen


def test_the_bam_subscales() -> None:
    bam = SHIPPED.get("bam")
    values = dict.fromkeys((i.id for i in bam.items), 0)
    # Use: q4 1 + q5 0 + q6 2 = 3. Risk: q1 3 + q2 2 + q3 2 + q8 3 + q11 1 + q15 1 = 12.
    # Protective: q9 4 + q10 2 + q12 0 + q13 4 + q14 4 + q16 3 = 17. q17 is on no subscale.
    values.update(q4=1, q6=2, q1=3, q2=2, q3=2, q8=3, q11=1, q15=1,
                  q9=4, q10=2, q13=4, q14=4, q16=3, q17=4)  # fmt: skip
    result = score(bam, values)
    assert [(p.score.id, p.value, p.band.label) for p in result.scores] == [
        ("use", 3, "some use"), ("risk", 12, "more risk factors"),
        ("protective", 17, "more supports"),
    ]
    assert summary(result).startswith("BAM: Use 3/12 (some use), Risk factors 12/24")


def test_the_ninth_item_above_not_at_all_is_the_safety_signal_whatever_the_total() -> None:
    phq9 = SHIPPED.get("phq9")
    low = answers("phq9", 0, 0, 0, 0, 0, 0, 0, 0, 1)
    result = score(phq9, low)
    assert result.safety and result.main.band.label == "minimal"
    assert not score(phq9, answers("phq9", *[3] * 8, 0)).safety
    assert safety_answered(phq9, {"q9": 2}) and not safety_answered(phq9, {"q9": 0})
    assert not safety_answered(SHIPPED.get("gad7"), {"q7": 3})  # GAD-7 has no safety item


def test_a_partial_or_off_scale_questionnaire_is_refused_not_scored() -> None:
    phq9 = SHIPPED.get("phq9")
    partial = answers("phq9", *[1] * 9)
    del partial["q9"]
    with pytest.raises(AnswerError, match="better off dead"):
        score(phq9, partial)
    with pytest.raises(AnswerError, match="not one of the answers"):
        score(phq9, {**answers("phq9", *[1] * 9), "q3": 4})


def test_the_participant_reads_plain_words_without_alarm() -> None:
    text = participant_text(score(SHIPPED.get("phq9"), answers("phq9", 2, 2, 1, 1, 1, 1, 1, 1, 0)))
    assert text.startswith("**PHQ-9: 10** out of 27 (moderate).")
    assert "what might help" in text and "not a diagnosis" in text
    for word in ("disorder", "depression", "alarm", "danger", "phq9", "None", "_"):
        assert word not in text
