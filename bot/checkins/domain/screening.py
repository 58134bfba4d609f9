"""The weekly PHQ-2 and GAD-2 screens: their shape, scoring and flag.

Both are two-item screens answered on a 0-3 scale, so each scores 0-6; a score of 3 or
more is the usual cut-off for a fuller assessment, and here it means "flag to the
facilitators", never a diagnosis. The wording lives in ``data/checkin.toml``; the
loader checks it against ``CANONICAL_ITEMS`` because a reworded item is no longer the
validated instrument.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.kernel.toml_reader import Problems, Table, check_unique

log = logging.getLogger(__name__)

MAX_LABEL = 80  # answers are buttons; Discord allows 80 characters on a button
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

CANONICAL_STEM = (
    "Over the last 2 weeks, how often have you been bothered by the following problems?"
)
CANONICAL_ANSWERS: tuple[tuple[str, int], ...] = (
    ("Not at all", 0),
    ("Several days", 1),
    ("More than half the days", 2),
    ("Nearly every day", 3),
)
# Instrument id -> its items, in order. Instruments with other ids may be added to the
# file (same 0-3 scale); only these two are held to their published wording.
CANONICAL_ITEMS: dict[str, tuple[str, ...]] = {
    "phq2": (
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
    ),
    "gad2": (
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
    ),
}


class ScreeningAnswerError(ValueError):
    """A screen answered incompletely or with a value off its scale; the message is
    written for the participant."""


@dataclass(frozen=True)
class ScreeningAnswer:
    label: str
    score: int


@dataclass(frozen=True)
class ScreeningItem:
    id: str
    text: str


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    flag_at: int
    items: tuple[ScreeningItem, ...]
    answer_max: int

    @property
    def max_score(self) -> int:
        return self.answer_max * len(self.items)


@dataclass(frozen=True)
class Screening:
    stem: str
    answers: tuple[ScreeningAnswer, ...]
    instruments: tuple[Instrument, ...]

    def instrument(self, instrument_id: str) -> Instrument:
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)


@dataclass(frozen=True)
class ScreenResult:
    instrument_id: str
    name: str
    score: int
    max_score: int
    flagged: bool

    def describe(self) -> str:
        """For the facilitators' alert and digest, e.g. ``PHQ-2 4/6 (flagged)``."""
        suffix = " (flagged)" if self.flagged else ""
        return f"{self.name} {self.score}/{self.max_score}{suffix}"


def score_instrument(instrument: Instrument, answers: Mapping[str, int]) -> ScreenResult:
    """Score one screen from ``{item id: answer score}``.

    Every item must be answered: a partial screen would under-score and could hide a
    flag, so it is refused rather than scored.
    """
    total = 0
    for item in instrument.items:
        if item.id not in answers:
            raise ScreeningAnswerError(
                f'Please answer "{item.text}" to finish the {instrument.name}.'
            )
        value = answers[item.id]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScreeningAnswerError(
                f'The answer to "{item.text}" must be a whole number, not {value!r}.'
            )
        if not 0 <= value <= instrument.answer_max:
            raise ScreeningAnswerError(
                f'The answer to "{item.text}" must be from 0 to {instrument.answer_max}'
                f" (got {value})."
            )
        total += value
    unknown = sorted(set(answers) - {item.id for item in instrument.items})
    if unknown:
        raise ScreeningAnswerError(
            f"{instrument.name} has no item {unknown[0]!r}; this button may be out of date."
        )
    return ScreenResult(
        instrument_id=instrument.id,
        name=instrument.name,
        score=total,
        max_score=instrument.max_score,
        flagged=total >= instrument.flag_at,
    )


def score_screening(
    screening: Screening, answers: Mapping[str, Mapping[str, int]]
) -> tuple[ScreenResult, ...]:
    """Score every instrument from ``{instrument id: {item id: score}}``, in file order."""
    unknown = sorted(set(answers) - {i.id for i in screening.instruments})
    if unknown:
        raise ScreeningAnswerError(f"There is no screen called {unknown[0]!r}.")
    results = tuple(
        score_instrument(instrument, answers.get(instrument.id, {}))
        for instrument in screening.instruments
    )
    for result in results:
        if result.flagged:
            log.info("screen %s scored %d: flagged", result.instrument_id, result.score)
    return results


def screening_due(local_today: date, weekday: int, last_screened: date | None) -> bool:
    """Whether the weekly screen should be offered on ``local_today``.

    ``weekday`` is the participant's chosen day (Monday 0 .. Sunday 6). A screen taken
    in the last 6 days counts for this week, so answering early (or twice) never leads
    to a second prompt in the same week.
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday}")
    if local_today.weekday() != weekday:
        return False
    return last_screened is None or local_today - last_screened > timedelta(days=6)


def parse_screening(t: Table, problems: Problems) -> Screening:
    t.name = "screening"
    t.reject_unknown({"stem", "answers", "instrument"})
    stem = t.get_str("stem") or ""
    answers: list[ScreeningAnswer] = []
    for j, a in enumerate(t.tables("answers", required=True), start=1):
        a.name = f"screening.answers[{j}]"
        a.reject_unknown({"label", "score"})
        label = a.get_str("label", max_length=MAX_LABEL)
        score = a.get_int("score", minimum=0)
        if label is not None and score is not None:
            answers.append(ScreeningAnswer(label, score))
    scores = [a.score for a in answers]
    if answers and scores != list(range(len(scores))):
        t.problem("answers", "scores must be 0, 1, 2, ... in order")
    answer_max = max(scores, default=0)
    instruments: list[Instrument] = []
    for i, it in enumerate(t.tables("instrument", required=True), start=1):
        iid = it.get_str("id", pattern=_ID)
        it.name = f'screening.instrument[{i}] ("{iid}")' if iid else f"screening.instrument[{i}]"
        it.reject_unknown({"id", "name", "flag_at", "items"})
        name = it.get_str("name", max_length=MAX_LABEL)
        items: list[ScreeningItem] = []
        for j, item in enumerate(it.tables("items", required=True), start=1):
            item.name = f"{it.name}.items[{j}]"
            item.reject_unknown({"id", "text"})
            item_id = item.get_str("id", pattern=_ID)
            text = item.get_str("text", max_length=200)
            if item_id is not None and text is not None:
                items.append(ScreeningItem(item_id, text))
        check_unique((x.id for x in items), f"{it.name}.items", problems)
        flag_at = it.get_int("flag_at", minimum=1, maximum=max(1, answer_max * len(items)))
        if iid is None or name is None or flag_at is None:
            continue
        canonical = CANONICAL_ITEMS.get(iid)
        if canonical is not None:
            if tuple(x.text for x in items) != canonical:
                it.problem("items", f"the {name} wording is validated and must not change")
            if stem != CANONICAL_STEM:
                t.problem("stem", f"the {name} stem is validated and must not change")
            if tuple((a.label, a.score) for a in answers) != CANONICAL_ANSWERS:
                t.problem("answers", f"the {name} answer scale is validated; keep it as is")
        instruments.append(Instrument(iid, name, flag_at, tuple(items), answer_max))
    check_unique((x.id for x in instruments), "screening.instrument", problems)
    all_items = [x.id for inst in instruments for x in inst.items]
    check_unique(all_items, "screening item", problems)
    return Screening(stem, tuple(answers), tuple(instruments))
