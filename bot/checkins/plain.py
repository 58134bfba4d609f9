"""Check-in answers, flags and screens in words a person reads (on top of
``bot.kernel.plain``): option labels from data/checkin.toml instead of option ids,
"6/10" for a scale, "GAD-2" for an instrument. Every check-in message, report and
digest line that shows an answer goes through here."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import datetime, time

from bot.checkins.domain.checkin_questions import CheckinConfig, Kind, Question
from bot.kernel.plain import (
    clock_time,
    instrument_name,
    listing,
    plural,
    sentence_case,
    words,
    zone_name,
)

FLAG_KINDS = {
    "threshold": "Follow-up offered",
    "reach_out": "Asked to be contacted",
    "screen": "Weekly screen",
    "crisis": "Crisis path",
}


def _question(config: CheckinConfig, question_id: str) -> Question | None:
    try:
        return config.question(question_id)
    except KeyError:
        return None


def value_text(question: Question | None, value: object) -> str:
    """One answer in words: '6/10', 'Not prescribed', 'Tired and lonely', 'none'."""
    if question is None:
        return words(str(value))
    if question.kind is Kind.SCALE and isinstance(value, int):
        return f"{value}/{question.max}"
    if isinstance(value, frozenset | set | list | tuple):
        labels = [_label(question, str(v)) for v in sorted(value)]
        if not labels:
            return "none"
        return sentence_case(listing([labels[0], *(lb.lower() for lb in labels[1:])]))
    if question.kind is Kind.CHOICE:
        return _label(question, str(value))
    return str(value)


def _label(question: Question, option_id: str) -> str:
    option = question.option(option_id)
    return option.label if option is not None else sentence_case(words(option_id))


def answer_text(config: CheckinConfig, question_id: str, value: object) -> str:
    return value_text(_question(config, question_id), value)


def answer_cell(config: CheckinConfig, question_id: str, value: object) -> str:
    """An answer in a report's CSV: a scale as its number (a spreadsheet sums it), a
    choice as its label."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return answer_text(config, question_id, value)


def question_name(config: CheckinConfig, question_id: str) -> str:
    question = _question(config, question_id)
    return question.name if question is not None else sentence_case(words(question_id))


def checkin_summary(config: CheckinConfig, answers: Mapping[str, object]) -> str:
    """'Mood 6/10, Craving 2/10, Sleep: Good, Medication: Not prescribed, ...' (the note
    is not repeated: the participant just wrote it)."""
    parts = []
    for question in config.active_questions:
        if question.id not in answers or question.kind is Kind.TEXT:
            continue
        shown = value_text(question, answers[question.id])
        sep = " " if question.kind is Kind.SCALE else ": "
        parts.append(f"{question.name}{sep}{shown}")
    return ", ".join(parts)


def flag_kind(kind: str) -> str:
    return FLAG_KINDS.get(kind, sentence_case(words(kind)))


def flag_line(kind: str, detail: str) -> str:
    return f"{flag_kind(kind)}: {detail}"


def screen_line(instrument: str, score: int, max_score: int, flagged: bool) -> str:
    """'GAD-2 4/6 (flagged)'."""
    return f"{instrument_name(instrument)} {score}/{max_score}" + (" (flagged)" if flagged else "")


def checkin_time_text(
    at: time | None, zone: str, upcoming: datetime | None, screen_weekday: int | None
) -> str:
    """The answer to /checkin-time: 'Your daily check-in will arrive at 20:00 your time
    (Los Angeles). The next one: <t:...:f>. Weekly screens: on Mondays.'"""
    if at is None:
        text = "Daily check-in prompts are off. You can still check in any time with /checkin."
    else:
        text = f"Your daily check-in will arrive at {clock_time(at)} your time ({zone_name(zone)})."
        if upcoming is not None:
            text += f" The next one: <t:{int(upcoming.timestamp())}:f>."
    if screen_weekday is not None:
        text += f" Weekly screens: on {calendar.day_name[screen_weekday]}s."
    return text


def checkins_so_far(count: int) -> str:
    return f"{plural(count, 'check-in')} so far"


def streak_text(streak: int, longest: int, checked: int) -> str:
    """The /progress line: 'Your streak: **1 day** (longest 3 days); 4 check-ins so far.'"""
    return (
        f"Your streak: **{plural(streak, 'day')}** (longest {plural(longest, 'day')}); "
        f"{checkins_so_far(checked)}."
    )


MESSAGE_LIMIT = 2000  # Discord's limit for one message's content
GIVE_BACK_INTRO = "Here is what you wrote, so nothing is lost; copy it and try again:"


def give_back(texts: Mapping[str, str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """What a person typed, returned in full after a refusal: each text in a code block
    (so Discord shows it as typed), split over as many messages as it needs."""
    typed = [t for t in texts.values() if t.strip()]
    if not typed:
        return []
    fence = "```"
    room = limit - 2 * len(fence) - 2
    # A fence inside the text must not close ours (a zero-width space breaks it up).
    safe = [t.replace(fence, "`\u200b``") for t in typed]
    chunks = [t[i : i + room] for t in safe for i in range(0, len(t), room)]
    return [GIVE_BACK_INTRO, *(f"{fence}\n{chunk}{fence}" for chunk in chunks)]
