"""First-person crisis detection: a pure function from text to a scored result.

The detector is a small, measured rule set (``crisis_rules``), not a model. It looks for
a person speaking about themselves, now: intent, a plan, means, timing, a goodbye,
self-harm or an overdose. It stays quiet on recovery talk: the distant past and
milestones, other people, group topics, support for others, coping plans and idioms.

``python -m bench.crisis_eval`` measures it on the Reddit C-SSRS data set.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.crisis.domain import guards as cg
from bot.crisis.domain import rules as cr
from bot.crisis.domain.anchors import candidate_rules
from bot.kernel.text_normalise import plain as normalise

log = logging.getLogger(__name__)

_SENTENCES = re.compile(r"[.!?;\n]+|\s+but\s+|\s+although\s+|\s+except\s+")
_PREFIX_WINDOW = 60
_CATEGORY_CAP = 3.0
_NEAR_DANGER = (cr.INTENT, cr.PLAN, cr.MEANS)


@dataclass(frozen=True, slots=True)
class Signal:
    """One rule that matched: which, in what category, how much it weighs, on what."""

    rule: str
    category: str
    weight: float
    excerpt: str


@dataclass(frozen=True, slots=True)
class CrisisResult:
    is_crisis: bool
    score: float
    signals: tuple[Signal, ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        """The crisis categories that contributed, in a stable order."""
        found = {s.category for s in self.signals}
        return tuple(c for c in cr.CATEGORIES if c in found)

    @property
    def confidence(self) -> float:
        """0..1: the score against twice the threshold (a plan plus intent reads as 1)."""
        return min(1.0, self.score / (2 * cr.CRISIS_THRESHOLD))

    @property
    def rule(self) -> str | None:
        """The strongest rule that matched, for logs and the facilitators' alert."""
        if not self.signals:
            return None
        return max(self.signals, key=lambda s: s.weight).rule


NOT_CRISIS = CrisisResult(is_crisis=False, score=0.0)


def detect_crisis(text: str) -> CrisisResult:
    """Score ``text`` for first-person crisis. Pure and fast on ordinary messages."""
    return detect_crisis_normalised(normalise(text))


def detect_crisis_normalised(norm: str) -> CrisisResult:
    """``detect_crisis`` for text already passed through ``normalise``."""
    if ">" in norm:
        norm = cg.QUOTED_LINE.sub("", norm)
    # Only rules whose anchors occur, and that match somewhere in the whole text, are
    # tried sentence by sentence: most messages stop after a few substring checks.
    rules = [r for r in candidate_rules(norm) if r.pattern.search(norm) is not None]
    if not rules:
        return NOT_CRISIS
    signals: list[Signal] = []
    for sentence in _SENTENCES.split(norm):
        if sentence:
            signals.extend(_sentence_signals(sentence, rules))
    return _score(signals)


def _sentence_signals(sentence: str, rules: list[cr.Rule]) -> list[Signal]:
    found: list[Signal] = []
    cache: dict[str, bool] = {}
    for rule in rules:
        # Every match counts, not only the first: "i was planning to kill myself in 8th
        # grade, and im planning to kill myself tonight" is history, then a crisis.
        for match in rule.pattern.finditer(sentence):
            signal = _judge(rule, match, sentence, cache)
            if signal is not None:
                found.append(signal)
                break
    return found


def _judge(
    rule: cr.Rule, match: re.Match[str], sentence: str, cache: dict[str, bool]
) -> Signal | None:
    """The signal one match gives, or None when a guard rules it out."""
    if rule.category == cr.INTENT:
        if "idiom" not in cache:
            cache["idiom"] = cg.IDIOM.search(sentence) is not None
        if cache["idiom"]:
            return None
    start = match.start()
    clause_start = sentence.rfind(",", 0, start) + 1
    prefix = sentence[max(clause_start, start - _PREFIX_WINDOW) : start]
    # A match that opens with "i"/"im" carries its own subject and negation.
    if match.group(0).split(" ", 1)[0] not in cg.FIRST_PERSON:
        # "myself" names its own subject: "(i could go into her closet and) shoot
        # myself" is the speaker, whoever the clause mentioned last.
        if "myself" not in match.group(0):
            # Who is speaking may be named before a comma ("ive been like this for
            # years, with constant suicidal thoughts"), so look back across the clause.
            speaker = _speaker(prefix)
            if speaker is None:
                speaker = _speaker(sentence[max(0, start - _PREFIX_WINDOW) : start])
            if speaker is False or (speaker is None and rule.needs_subject):
                return None
        if rule.negatable and _negated(prefix):
            return None
    if cg.CONDITIONAL.search(prefix) is not None or cg.DISCLAIMED.search(prefix) is not None:
        return None
    weight = rule.weight
    if rule.ongoing and cg.ONGOING.search(sentence) is not None:
        weight *= 2
    if rule.pastable:
        if "past" not in cache:
            cache["past"] = cg.DISTANT_PAST.search(sentence) is not None
        # "i used to cut, 90 days clean" is history; "...and tonight i want to again"
        # in the same clause is not.
        clause_end = sentence.find(",", start)
        clause = sentence[clause_start : clause_end if clause_end >= 0 else len(sentence)]
        if cache["past"] and cg.NOW.search(clause) is None:
            return None
        # "i wanted to die" with no time said: it may be last night or last year, so
        # it needs a second signal before it alerts anyone.
        if _past_tense(prefix, sentence):
            weight /= 2
    return Signal(rule.rule_id, rule.category, weight, match.group(0))


def _speaker(prefix: str) -> bool | None:
    """Whether the last person the clause names is the speaker (None: nobody named)."""
    last = None
    for last in cg.PERSON.finditer(prefix):  # noqa: B007 - only the last one matters
        pass
    if last is None:
        return None
    return last.group(0) in cg.FIRST_PERSON


def _negated(prefix: str) -> bool:
    """A negation between the speaker and the match ("i would never kill myself")."""
    subjects = list(cg.SUBJECT.finditer(prefix))
    tail = prefix[subjects[-1].end() :] if subjects else prefix[-25:]
    tail = cg.DOUBLE_NEGATION.sub(" ", tail)
    return cg.NEGATION.search(tail) is not None


def _past_tense(prefix: str, sentence: str) -> bool:
    """Told in the past tense ("i wanted to kill myself") with nothing saying it is recent."""
    subjects = list(cg.SUBJECT.finditer(prefix))
    tail = prefix[subjects[-1].end() :] if subjects else prefix[-25:]
    return cg.PAST_VERB.search(tail) is not None and cg.RECENT.search(sentence) is None


def _score(signals: list[Signal]) -> CrisisResult:
    """Add up the evidence: per category, each distinct rule counts once (the strongest
    match of it), a category counts at most ``_CATEGORY_CAP``; timing only counts next
    to intent, a plan or means, where it makes the danger near."""
    if not signals:
        return NOT_CRISIS
    by_rule: dict[str, Signal] = {}
    for s in signals:
        if s.rule not in by_rule or s.weight > by_rule[s.rule].weight:
            by_rule[s.rule] = s
    per_category: dict[str, float] = {}
    for s in by_rule.values():
        per_category[s.category] = per_category.get(s.category, 0.0) + s.weight
    timing = per_category.pop(cr.TIMING, 0.0)
    score = sum(min(v, _CATEGORY_CAP) for v in per_category.values())
    if any(c in per_category for c in _NEAR_DANGER):
        score += min(timing, _CATEGORY_CAP)
    else:
        signals = [s for s in signals if s.category != cr.TIMING]
    is_crisis = score >= cr.CRISIS_THRESHOLD
    if is_crisis:
        log.debug("crisis signals: %s", [s.rule for s in signals])
    return CrisisResult(is_crisis=is_crisis, score=score, signals=tuple(signals))
