"""The daily check-in's questions and policies, loaded from ``data/checkin.toml``.

Loading checks everything a cog would otherwise trip over at the worst moment (a
participant in the middle of a check-in): every problem is reported at once, each
naming the entry (counted from 1) and the field at fault, e.g.
``question[2] ("craving").max: must be greater than min``. Limits that come from
Discord's components (25 select options, 45-character modal labels, 4000-character
text inputs) are checked here too.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from bot.checkins.domain.screening import Screening, parse_screening
from bot.kernel.paths import DATA_DIR
from bot.kernel.toml_reader import Problems, Table, check_unique

log = logging.getLogger(__name__)

DEFAULT_PATH = DATA_DIR / "checkin.toml"

# Discord component limits the cog will build against.
MAX_SELECT_OPTIONS = 25
MAX_OPTION_LABEL = 80  # a button label; select option labels allow 100
MAX_MODAL_LABEL = 45
MAX_MODAL_PLACEHOLDER = 100
MAX_TEXT_INPUT = 4000
MAX_MODAL_INPUTS = 5

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# The chart and the shareable summary are built from these; they cannot be dropped.
REQUIRED_SCALES = ("mood", "craving")
NOTE_ID = "note"


class CheckinConfigError(ValueError):
    """``data/checkin.toml`` is unusable; ``problems`` lists every fault found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s):\n{lines}")


class Kind(StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    label: str
    required: bool
    switchable: bool
    min: int = 0
    max: int = 0
    min_label: str | None = None
    max_label: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int = 0
    placeholder: str | None = None
    short: str | None = None  # the answer's name in summaries ("Mood", "Used")

    @property
    def name(self) -> str:
        """How summaries and reports name the answer: ``short``, else the id in words."""
        return self.short or self.id.replace("_", " ").capitalize()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Threshold:
    """One follow-up condition on one question (see ``checkin.fired_thresholds``)."""

    id: str
    question: str
    at_least: int | None = None
    at_most: int | None = None
    any_of: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MissedPolicy:
    nudge_after_days: int
    digest_after_days: int


@dataclass(frozen=True)
class CheckinConfig:
    questions: tuple[Question, ...]
    switched_off: frozenset[str]
    thresholds: tuple[Threshold, ...]
    screening: Screening
    missed: MissedPolicy
    late_answer_days: int
    unanswered_nudge_hours: int

    @property
    def active_questions(self) -> tuple[Question, ...]:
        """The questions asked, in order: all but those this program switched off."""
        return tuple(q for q in self.questions if q.id not in self.switched_off)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def with_switched_off(self, question_ids: Iterable[str]) -> CheckinConfig:
        """A copy with a program's own choice of switched-off questions.

        Raises ``CheckinConfigError`` for an unknown or non-switchable question, so a
        facilitator's typo is refused rather than silently ignored.
        """
        ids = frozenset(question_ids)
        problems = _check_switched_off(self.questions, ids)
        if problems:
            raise CheckinConfigError("switched_off", problems)
        return replace(self, switched_off=ids)


def load_checkin_config(path: Path = DEFAULT_PATH) -> CheckinConfig:
    """Read and validate the check-in file; raise ``CheckinConfigError`` if unusable."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except OSError as error:
        raise CheckinConfigError(str(path), [f"cannot be read: {error.strerror}"]) from error
    except tomllib.TOMLDecodeError as error:
        raise CheckinConfigError(str(path), [f"is not valid TOML: {error}"]) from error
    return parse_checkin_config(raw, source=str(path))


def parse_checkin_config(raw: dict[str, object], source: str = "checkin.toml") -> CheckinConfig:
    problems = Problems()
    root = Table(raw, "", problems)
    root.reject_unknown(
        {
            "switched_off",
            "late_answer_days",
            "missed",
            "sharing",
            "question",
            "threshold",
            "screening",
        }
    )

    parsed: list[Question] = []
    names: dict[str, str] = {}  # question id -> 'question[2] ("craving")', for messages
    for i, t in enumerate(root.tables("question", required=True), start=1):
        question = _parse_question(t, i)
        if question is not None:
            parsed.append(question)
            names.setdefault(question.id, t.name)
    questions = tuple(parsed)
    _check_questions(questions, names, problems)

    switched_off = frozenset(root.str_list("switched_off", default=[]))
    for message in _check_switched_off(questions, switched_off):
        problems.add(message)

    by_id = {q.id: q for q in questions}
    thresholds = tuple(
        th
        for i, t in enumerate(root.tables("threshold", required=False), start=1)
        if (th := _parse_threshold(t, i, by_id)) is not None
    )
    check_unique((t.id for t in thresholds), "threshold", problems)

    missed_table = root.table("missed")
    nudge = missed_table.get_int("nudge_after_days", minimum=1, default=2)
    digest = missed_table.get_int("digest_after_days", minimum=1, default=3)
    missed_table.reject_unknown({"nudge_after_days", "digest_after_days"})
    if nudge is not None and digest is not None and digest < nudge:
        # The participant hears from the bot before their name reaches the digest.
        missed_table.problem("digest_after_days", "must not be less than nudge_after_days")
    sharing = root.table("sharing")
    nudge_hours = sharing.get_int("unanswered_nudge_hours", minimum=1, default=6)
    sharing.reject_unknown({"unanswered_nudge_hours"})
    late_days = root.get_int("late_answer_days", minimum=0, default=1)

    screening = parse_screening(root.table("screening", required=True), problems)

    if problems:
        raise CheckinConfigError(source, list(problems))
    log.info(
        "check-in config: %d questions (%d switched off), %d thresholds, %d screens",
        len(questions),
        len(switched_off),
        len(thresholds),
        len(screening.instruments),
    )
    return CheckinConfig(
        questions=questions,
        switched_off=switched_off,
        thresholds=thresholds,
        screening=screening,
        missed=MissedPolicy(_checked(nudge), _checked(digest)),
        late_answer_days=_checked(late_days),
        unanswered_nudge_hours=_checked(nudge_hours),
    )


def _checked(value: int | None) -> int:
    # Reached only with no problems recorded, and every None read above records one.
    if value is None:
        raise AssertionError("a missing setting was not reported as a problem")
    return value


def _parse_question(t: Table, index: int) -> Question | None:
    qid = t.get_str("id", pattern=_ID)
    t.name = f'question[{index}] ("{qid}")' if qid else f"question[{index}]"
    kind_text = t.get_str("kind", choices=[k.value for k in Kind])
    label = t.get_str("label", max_length=MAX_MODAL_LABEL if kind_text == Kind.TEXT else 200)
    required = t.get_bool("required")
    switchable = t.get_bool("switchable", default=False)
    short = t.get_str("short", default=None, max_length=40)
    common = {"id", "kind", "label", "required", "switchable", "short"}
    if qid is None or kind_text is None or label is None or required is None:
        return None
    kind = Kind(kind_text)
    question = Question(qid, kind, label, required, bool(switchable), short=short)
    if kind is Kind.SCALE:
        t.reject_unknown(common | {"min", "max", "min_label", "max_label"})
        low, high = t.get_int("min"), t.get_int("max")
        if low is None or high is None:
            return None
        if high <= low:
            t.problem("max", "must be greater than min")
            return None
        if high - low + 1 > MAX_SELECT_OPTIONS:
            t.problem("max", f"a scale may have at most {MAX_SELECT_OPTIONS} values")
            return None
        return replace(
            question,
            min=low,
            max=high,
            min_label=t.get_str("min_label", default=None, max_length=MAX_OPTION_LABEL),
            max_label=t.get_str("max_label", default=None, max_length=MAX_OPTION_LABEL),
        )
    if kind is Kind.TEXT:
        t.reject_unknown(common | {"max_length", "placeholder"})
        length = t.get_int("max_length", minimum=1, maximum=MAX_TEXT_INPUT)
        placeholder = t.get_str("placeholder", default=None, max_length=MAX_MODAL_PLACEHOLDER)
        if length is None:
            return None
        return replace(question, max_length=length, placeholder=placeholder)
    t.reject_unknown(common | {"options"})
    options: list[Option] = []
    for j, o in enumerate(t.tables("options", required=True), start=1):
        oid = o.get_str("id", pattern=_ID)
        o.name = f'{t.name}.options[{j}] ("{oid}")' if oid else f"{t.name}.options[{j}]"
        olabel = o.get_str("label", max_length=MAX_OPTION_LABEL)
        o.reject_unknown({"id", "label"})
        if oid is not None and olabel is not None:
            options.append(Option(oid, olabel))
    if not options and t.has("options"):
        t.problem("options", "must list at least one option")
    if len(options) > MAX_SELECT_OPTIONS:
        t.problem("options", f"at most {MAX_SELECT_OPTIONS} options fit one select")
    check_unique((o.id for o in options), f"{t.name}.options", t.problems)
    return replace(question, options=tuple(options))


def _check_questions(
    questions: tuple[Question, ...], names: dict[str, str], problems: Problems
) -> None:
    check_unique((q.id for q in questions), "question", problems)
    by_id = {q.id: q for q in questions}
    for qid in REQUIRED_SCALES:
        found = by_id.get(qid)
        if found is None:
            problems.add(f"question: {qid!r} is needed (the chart is built from it)")
        elif found.kind is not Kind.SCALE:
            problems.add(f'{names[qid]}.kind: must be "scale" (the chart plots it)')
        elif found.switchable:
            problems.add(f"{names[qid]}.switchable: must be false (the chart needs it)")
        elif (found.min, found.max) != (0, 10):
            # One 0-10 axis for both lines of the chart, and "7/10" in shared summaries.
            problems.add(f"{names[qid]}.max: must be a 0-10 scale (the chart's axis)")
    note = by_id.get(NOTE_ID)
    if note is not None and note.kind is not Kind.TEXT:
        problems.add(f'{names[NOTE_ID]}.kind: must be "text" (it is the shareable note)')
    texts = [q for q in questions if q.kind is Kind.TEXT]
    if len(texts) > MAX_MODAL_INPUTS:
        problems.add(
            f"question: {len(texts)} text questions, but the check-in's one modal holds "
            f"at most {MAX_MODAL_INPUTS}"
        )


def _check_switched_off(questions: Iterable[Question], ids: frozenset[str]) -> list[str]:
    by_id = {q.id: q for q in questions}
    problems = []
    for qid in sorted(ids):
        question = by_id.get(qid)
        if question is None:
            problems.append(f"switched_off: no question with id {qid!r}")
        elif not question.switchable:
            problems.append(f"switched_off: question {qid!r} cannot be switched off")
    return problems


def _parse_threshold(t: Table, index: int, questions: dict[str, Question]) -> Threshold | None:
    tid = t.get_str("id", pattern=_ID)
    t.name = f'threshold[{index}] ("{tid}")' if tid else f"threshold[{index}]"
    t.reject_unknown({"id", "question", "at_least", "at_most", "any_of"})
    qid = t.get_str("question")
    if tid is None or qid is None:
        return None
    question = questions.get(qid)
    if question is None:
        t.problem("question", f"no question with id {qid!r}")
        return None
    conditions = [k for k in ("at_least", "at_most", "any_of") if t.has(k)]
    if len(conditions) != 1:
        t.problem("question", "give exactly one of at_least, at_most, any_of")
        return None
    if conditions[0] == "any_of":
        if question.kind not in (Kind.CHOICE, Kind.MULTI_CHOICE):
            t.problem("any_of", f"question {qid!r} is a {question.kind.value}, not a choice")
            return None
        chosen = t.str_list("any_of")
        if not chosen:
            t.problem("any_of", "must name at least one option")
        for option_id in chosen:
            if question.option(option_id) is None:
                t.problem("any_of", f"question {qid!r} has no option {option_id!r}")
        return Threshold(tid, qid, any_of=frozenset(chosen))
    if question.kind is not Kind.SCALE:
        t.problem(conditions[0], f"question {qid!r} is a {question.kind.value}, not a scale")
        return None
    value = t.get_int(conditions[0], minimum=question.min, maximum=question.max)
    if value is None:
        return None
    if conditions[0] == "at_least":
        return Threshold(tid, qid, at_least=value)
    return Threshold(tid, qid, at_most=value)
