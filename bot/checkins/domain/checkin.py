"""The daily check-in's answers: validation, same-day updates, follow-up, sharing, charts.

Pure logic over ``CheckinConfig`` (``checkin_questions``); the local-time rules (which
day an answer belongs to, when the next prompt is due, missed days, streaks) are in
``checkin_time``.

Answer values are kept as plain, storable types:

- scale: ``int``
- choice: the chosen option's id (``str``)
- multi_choice: a ``frozenset`` of option ids (empty = "none of these")
- text: ``str`` (never empty; clearing a note removes the answer)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.checkins.domain.checkin_questions import CheckinConfig, Kind, Question, Threshold
from bot.kernel.plain import listing

log = logging.getLogger(__name__)

AnswerValue = int | str | frozenset[str]
MOOD_ID = "mood"
CRAVING_ID = "craving"
NOTE_ID = "note"
SHARE_MOOD_MAX = 10  # the loader holds mood to a 0-10 scale


class AnswerError(ValueError):
    """An answer the participant must correct; ``str(error)`` is written for them."""

    def __init__(self, question_id: str, message: str) -> None:
        self.question_id = question_id
        super().__init__(message)


def validate_answer(question: Question, raw: object) -> AnswerValue | None:
    """Check one raw answer (from a button, a select or the modal) against its question.

    Returns the stored value, or ``None`` when an optional answer is cleared (an empty
    note). Raises ``AnswerError`` with a message that says what is wrong.
    """
    what = f'"{question.label}"'
    if question.kind is Kind.SCALE:
        value = _as_int(raw)
        if value is None or not question.min <= value <= question.max:
            raise AnswerError(
                question.id,
                f"The answer to {what} must be a whole number from {question.min} to "
                f"{question.max} (got {_typed(raw)}).",
            )
        return value
    if question.kind is Kind.CHOICE:
        if not isinstance(raw, str) or question.option(raw) is None:
            raise AnswerError(question.id, f"{_typed(raw)} is not {_choices(question)}.")
        return raw
    if question.kind is Kind.MULTI_CHOICE:
        if isinstance(raw, str) or not isinstance(raw, Iterable):
            raise AnswerError(question.id, f"The answer to {what} must be a list of choices.")
        chosen = list(raw)
        for option_id in chosen:
            if not isinstance(option_id, str) or question.option(option_id) is None:
                raise AnswerError(question.id, f"{_typed(option_id)} is not {_choices(question)}.")
        return frozenset(chosen)
    if not isinstance(raw, str):
        raise AnswerError(question.id, f"The answer to {what} must be text.")
    text = raw.strip()
    if not text:
        if question.required:
            raise AnswerError(question.id, f"Please answer {what}; it cannot be left empty.")
        return None
    if len(text) > question.max_length:
        over = len(text) - question.max_length
        raise AnswerError(
            question.id,
            f"Your answer to {what} is {len(text):,} characters long; the limit is "
            f"{question.max_length:,}. Please shorten it by {over:,} "
            f"character{'' if over == 1 else 's'}.",
        )
    return text


def validate_answers(
    config: CheckinConfig, raw: Mapping[str, object]
) -> dict[str, AnswerValue | None]:
    """Validate a batch of answers all-or-nothing: one bad answer rejects the batch, so
    nothing half-written reaches the database."""
    active = {q.id: q for q in config.active_questions}
    result: dict[str, AnswerValue | None] = {}
    for question_id, value in raw.items():
        question = active.get(question_id)
        if question is None:
            raise AnswerError(
                question_id,
                "This check-in no longer asks that question; the button may be out of "
                "date. Use /checkin to start a fresh one.",
            )
        result[question_id] = validate_answer(question, value)
    return result


@dataclass(frozen=True)
class DayCheckin:
    """One participant's check-in for one local day (at most one per day)."""

    day: date
    answers: Mapping[str, AnswerValue]
    first_answered_at: datetime
    updated_at: datetime


def merge_checkin(
    config: CheckinConfig,
    existing: DayCheckin | None,
    day: date,
    raw: Mapping[str, object],
    now: datetime,
) -> DayCheckin:
    """Apply a (partial) set of answers to the day's check-in, creating it if needed.

    Answering again on the same day updates that day's check-in: new answers replace
    old ones, answers not given are kept, and a cleared optional answer is removed.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if existing is not None and existing.day != day:
        raise ValueError(f"check-in for {existing.day} cannot take answers for {day}")
    validated = validate_answers(config, raw)
    answers = dict(existing.answers) if existing is not None else {}
    for question_id, value in validated.items():
        if value is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = value
    return DayCheckin(
        day=day,
        answers=answers,
        first_answered_at=existing.first_answered_at if existing is not None else now,
        updated_at=now,
    )


def missing_required(config: CheckinConfig, answers: Mapping[str, object]) -> tuple[str, ...]:
    """Ids of required, active questions not yet answered, in question order."""
    return tuple(q.id for q in config.active_questions if q.required and q.id not in answers)


def is_complete(config: CheckinConfig, answers: Mapping[str, object]) -> bool:
    return not missing_required(config, answers)


@dataclass(frozen=True)
class FollowUp:
    """What the thresholds say about one check-in: the ids of the thresholds that fired
    (for matching a coping skill) and a line each for the facilitators' alert."""

    fired: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def needed(self) -> bool:
        return bool(self.fired)


def threshold_fires(threshold: Threshold, value: object) -> bool:
    if value is None:
        return False
    if threshold.any_of:
        chosen = value if isinstance(value, frozenset) else frozenset({value})
        return bool(chosen & threshold.any_of)
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    if threshold.at_least is not None:
        return value >= threshold.at_least
    return threshold.at_most is not None and value <= threshold.at_most


def follow_up(config: CheckinConfig, answers: Mapping[str, AnswerValue]) -> FollowUp:
    """Which thresholds fired. Switched-off questions are never asked, so never fire."""
    fired: list[str] = []
    reasons: list[str] = []
    for threshold in config.thresholds:
        if threshold.question in config.switched_off:
            continue
        value = answers.get(threshold.question)
        if threshold_fires(threshold, value):
            fired.append(threshold.id)
            reasons.append(_reason(config.question(threshold.question), threshold, value))
    return FollowUp(tuple(fired), tuple(reasons))


def share_summary(mood: int, note: str | None) -> str:
    """The text a participant may post in the day's check-in thread.

    It takes only the mood and (if the participant chooses) the note: craving, use and
    medication answers cannot reach a shared message because they are never passed in.
    """
    if isinstance(mood, bool) or not isinstance(mood, int) or not 0 <= mood <= SHARE_MOOD_MAX:
        raise ValueError(f"mood must be a whole number from 0 to {SHARE_MOOD_MAX}")
    lines = [f"Mood today: **{mood}/{SHARE_MOOD_MAX}**"]
    if note is not None and note.strip():
        quoted = "\n".join(f"> {line}" for line in _defuse_mass_mentions(note.strip()).split("\n"))
        lines.append(quoted)
    return "\n".join(lines)


def share_summary_for(checkin: DayCheckin, include_note: bool) -> str:
    """``share_summary`` from a stored check-in: picks out the mood and the note only."""
    mood = checkin.answers.get(MOOD_ID)
    if not isinstance(mood, int):
        raise ValueError("a check-in can be shared once its mood is answered")
    note = checkin.answers.get(NOTE_ID) if include_note else None
    return share_summary(mood, note if isinstance(note, str) else None)


@dataclass(frozen=True)
class ChartPoint:
    day: date
    mood: int | None
    craving: int | None


def chart_points(checkins: Iterable[DayCheckin]) -> list[ChartPoint]:
    """Mood and craving per day, oldest first, for ``/progress`` and facilitator views.

    Days with neither answer are left out (a gap in the line, not a zero); if a day
    appears twice, the most recently updated check-in wins.
    """
    latest: dict[date, DayCheckin] = {}
    for checkin in checkins:
        kept = latest.get(checkin.day)
        if kept is None or checkin.updated_at >= kept.updated_at:
            latest[checkin.day] = checkin
    points = []
    for day in sorted(latest):
        answers = latest[day].answers
        mood, craving = answers.get(MOOD_ID), answers.get(CRAVING_ID)
        point = ChartPoint(
            day,
            mood if isinstance(mood, int) else None,
            craving if isinstance(craving, int) else None,
        )
        if point.mood is not None or point.craving is not None:
            points.append(point)
    return points


def encode_answers(answers: Mapping[str, AnswerValue]) -> dict[str, int | str | list[str]]:
    """JSON-ready answers for the database (a multi-choice becomes a sorted list)."""
    return {
        qid: sorted(value) if isinstance(value, frozenset) else value
        for qid, value in answers.items()
    }


def decode_answers(data: Mapping[str, object]) -> dict[str, AnswerValue]:
    """The inverse of ``encode_answers``; raises ``ValueError`` on a corrupt value."""
    answers: dict[str, AnswerValue] = {}
    for qid, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            answers[qid] = frozenset(value)
        elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            answers[qid] = value
        else:
            raise ValueError(f"stored answer {qid!r} has an unexpected value {value!r}")
    return answers


def _as_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    return None


def _typed(raw: object) -> str:
    """What was given, quoted as text (never a repr)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, str):
        return f'"{raw[:40]}…"' if len(raw) > 40 else f'"{raw}"'
    return "that answer"


def _choices(question: Question) -> str:
    labels = ", ".join(o.label for o in question.options)
    return f'one of the choices for "{question.label}" ({labels})'


def _reason(question: Question, threshold: Threshold, value: object) -> str:
    """A line for the facilitators, in the words of the question: 'Craving 9/10 (7 or
    more)', 'Used since last check-in: Yes'."""
    if threshold.at_least is not None:
        return f"{question.name} {value}/{question.max} ({threshold.at_least} or more)"
    if threshold.at_most is not None:
        return f"{question.name} {value}/{question.max} ({threshold.at_most} or less)"
    chosen = sorted(value) if isinstance(value, frozenset) else [str(value)]
    labels = [o.label if (o := question.option(c)) else c for c in chosen]
    return f"{question.name}: {listing(labels)}"


def _defuse_mass_mentions(text: str) -> str:
    # The client's AllowedMentions already stops the ping; this also keeps the shared
    # text from *looking* like an announcement to everyone.
    return text.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")
