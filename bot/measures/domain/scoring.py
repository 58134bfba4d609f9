"""Scoring a completed questionnaire: its scores, their bands, the safety item, and what
the participant is told, in plain words and without alarm. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.measures.domain.instruments import Band, Instrument, Item, Score


class AnswerError(ValueError):
    """An answer that does not fit its item, or a questionnaire not yet complete; the
    message is written for the participant."""


@dataclass(frozen=True)
class ScoreResult:
    score: Score
    value: int
    band: Band


@dataclass(frozen=True)
class Result:
    instrument: Instrument
    scores: tuple[ScoreResult, ...]
    safety: bool  # the safety item was answered above its lowest answer

    @property
    def main(self) -> ScoreResult:
        return self.scores[0]

    @property
    def positive(self) -> bool:
        """A screen at or above its cut-off (offers its follow-up)."""
        cut = self.instrument.positive_at
        return cut is not None and self.main.value >= cut


def check_answer(instrument: Instrument, item_id: str, value: int) -> Item:
    """The item, when ``value`` is one of its answers; ``AnswerError`` otherwise."""
    try:
        item = instrument.item(item_id)
    except KeyError:
        raise AnswerError(
            f"The {instrument.name} has no question {item_id!r}; this menu may be out of date."
        ) from None
    if value not in {o.score for o in item.scale.options}:
        raise AnswerError(f'"{value}" is not one of the answers to "{item.text}".')
    return item


def missing_items(instrument: Instrument, answers: Mapping[str, int]) -> list[Item]:
    return [item for item in instrument.items if item.id not in answers]


def safety_answered(instrument: Instrument, answers: Mapping[str, int]) -> bool:
    """The safety item answered above its lowest answer (PHQ-9 item 9 above "Not at all")."""
    item_id = instrument.safety_item
    if item_id is None or item_id not in answers:
        return False
    return answers[item_id] > instrument.item(item_id).scale.lowest


def score(instrument: Instrument, answers: Mapping[str, int]) -> Result:
    """Every score of a complete questionnaire. A partial one is refused rather than
    scored: it would under-score and could hide a positive screen."""
    missing = missing_items(instrument, answers)
    if missing:
        raise AnswerError(f'Please answer "{missing[0].text}" to finish the {instrument.name}.')
    for item_id, value in answers.items():
        check_answer(instrument, item_id, value)
    results = []
    for part in instrument.scores:
        value = sum(answers[item_id] for item_id in part.items)
        results.append(ScoreResult(part, value, part.band(value)))
    return Result(instrument, tuple(results), safety_answered(instrument, answers))


def participant_text(result: Result) -> str:
    """What the participant reads after finishing: the score, its band in plain words and
    what it means; never a diagnosis."""
    instrument = result.instrument
    lines = []
    for part in result.scores:
        name = instrument.name if part.score.id == "total" else part.score.name
        lines.append(
            f"**{name}: {part.value}** out of {part.score.highest} ({part.band.label}). "
            f"{part.band.meaning}"
        )
    lines.append(
        "This is a questionnaire, not a diagnosis. Your facilitators see your answers and "
        "can talk them through with you."
    )
    return "\n".join(lines)


def summary(result: Result) -> str:
    """One line for facilitators: ``PHQ-9 12/27 (moderate)``; subscales after a colon."""
    instrument = result.instrument
    if len(result.scores) == 1:
        part = result.main
        return f"{instrument.name} {part.value}/{part.score.highest} ({part.band.label})"
    parts = ", ".join(
        f"{p.score.name} {p.value}/{p.score.highest} ({p.band.label})" for p in result.scores
    )
    return f"{instrument.name}: {parts}"
