"""Two-tier crisis detection: a pure function from text to a tiered, scored result.

* **crisis**: first-person intent, a plan, means in hand, timing, a goodbye, self-harm or
  an overdose now (``intent``, ``acts``, ``harm``). Answered at once and alerted.
* **concern**: passive wishes to be dead, hopelessness, feeling a burden, worrying use
  (``concern``), and crisis-category evidence too weak to alert on its own ("i wanted to
  die", no time said). Answered with a private check-in; never removes anything.

Chat spelling is mapped first (``slang``: kms, ctb, unalive, sewerslide, typos, emoji).
Both tiers stay quiet on recovery talk: the past and milestones, other people, group
topics, support, quotes, coping plans, idioms and laughing hyperbole (``guards``).
Messages long enough to be posts go to a small statistical model as well (``longform``),
which can raise them to the concern tier, never lower them.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right

from bot.crisis.domain import guards as cg
from bot.crisis.domain import longform
from bot.crisis.domain import result as cr
from bot.crisis.domain.anchors import ANCHORS, RULES, candidate_rules
from bot.crisis.domain.evasion import fold_evasion, needs_evasion_fold
from bot.crisis.domain.result import NOT_CRISIS, CrisisResult, Signal
from bot.crisis.domain.rules import Rule
from bot.crisis.domain.slang import canonical_words
from bot.kernel.text_normalise import plain as normalise

__all__ = [
    "NOT_CRISIS",
    "CrisisResult",
    "Signal",
    "detect_crisis",
    "detect_crisis_normalised",
    "detect_crisis_tier",
]

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_END_PUNCTUATION = re.compile(r"[.!?;\n]+")
# Normalised text has single spaces around words.
_CLAUSE_WORDS = (" but ", " although ", " except ")
_PREFIX_WINDOW = 60
_CATEGORY_CAP = 3.0
# Timing makes these near; and these make concern words count towards a crisis.
_NEAR_DANGER = (cr.INTENT, cr.PLAN, cr.MEANS, cr.OVERDOSE)
_CRISIS_EVIDENCE = (cr.INTENT, cr.PLAN, cr.MEANS, cr.GOODBYE, cr.SELF_HARM, cr.OVERDOSE)
# Crisis-category evidence below the crisis threshold that still earns a check-in.
_CONCERN_FROM = (cr.INTENT, cr.SELF_HARM, cr.OVERDOSE)
_CONCERN_SET = frozenset(cr.CONCERN_CATEGORIES)
_TABLE_ORDER = {rule.rule_id: index for index, rule in enumerate(RULES)}


def detect_crisis(text: str, *, use_model: bool = True) -> CrisisResult:
    """Score ``text`` for crisis and concern. Pure and fast on ordinary messages."""
    return detect_crisis_normalised(normalise(text), use_model=use_model)


def detect_crisis_normalised(norm: str, *, use_model: bool = True) -> CrisisResult:
    """``detect_crisis`` for text already passed through the kernel normaliser's ``plain``
    view (or its ``words`` view: folding again is harmless)."""
    text, words = _prepare(norm)
    result = _rules_result(text, words)
    if use_model and result.tier != cr.CRISIS and longform.routed(text):
        return longform.raise_tier(result, text)
    return result


def detect_crisis_tier(norm: str) -> CrisisResult:
    """The crisis tier alone, for the moderation verdict: crisis, or ``NOT_CRISIS``
    meaning "not a crisis; the concern tier was not judged". Concern rules run only when
    crisis-category evidence needs them to decide; call ``detect_crisis_normalised``
    after the verdict for the concern tier (it never removes anything, so it may wait)."""
    text, words = _prepare(norm)
    result = _rules_result(text, words, crisis_only=True)
    if result.is_crisis:
        return result
    if any(s.category in _CRISIS_EVIDENCE for s in result.signals):
        full = _rules_result(text, words)
        if full.is_crisis:
            return full
    return NOT_CRISIS


def _prepare(norm: str) -> tuple[str, set[str]]:
    """The text the rules read, and its words: evasive spelling undone, quoted lines and
    reported quotations dropped, chat spelling mapped."""
    words: set[str] | None = set(_WORD.findall(norm))
    if needs_evasion_fold(norm, words):
        norm, words = fold_evasion(norm), None
    if ">" in norm:
        norm, words = cg.QUOTED_LINE.sub("", norm), None
    if '"' in norm:
        norm, words = _drop_reported_quotes(norm), None
    return canonical_words(norm, words)


def _rules_result(
    text: str, words: set[str] | None = None, *, crisis_only: bool = False
) -> CrisisResult:
    # Only rules whose anchors occur are tried, and each only in the sentences holding
    # one of its gate literals (its anchors unless it names a tighter gate), so a long
    # post costs about as much per sentence as a short message. Timing ("tonight",
    # "now") is everywhere and counts only next to something else, so it is tried only
    # in sentences where another rule is tried, and only when one of those matched.
    spans: list[tuple[int, int]] | None = None
    starts: list[int] = []
    in_sentence: dict[int, list[Rule]] = {}
    timing: list[Rule] = []
    for rule in candidate_rules(text, words, crisis_only=crisis_only):
        if rule.category == cr.TIMING:
            timing.append(rule)
        else:
            hits = _gate_hits(text, rule.gate or ANCHORS[rule.rule_id])
            if not hits:
                continue
            if spans is None:
                spans = _sentence_spans(text)
                starts = [start for start, _ in spans]
            for index in {bisect_right(starts, hit) - 1 for hit in hits}:
                in_sentence.setdefault(index, []).append(rule)
    if not in_sentence:
        return NOT_CRISIS
    if spans is None:
        spans = _sentence_spans(text)
        starts = [start for start, _ in spans]
    # Timing is tried in the sentences holding one of its words, next to the others.
    timing_in: dict[int, list[Rule]] = {}
    for rule in timing:
        for hit in _gate_hits(text, rule.gate or ANCHORS[rule.rule_id]):
            rules_here = timing_in.setdefault(bisect_right(starts, hit) - 1, [])
            if rule not in rules_here:
                rules_here.append(rule)
    signals: list[Signal] = []
    for index, (start, end) in enumerate(spans):
        rules = in_sentence.get(index, []) + timing_in.get(index, [])
        sentence = text[start:end].strip()
        if sentence and rules:
            rules.sort(key=lambda rule: _TABLE_ORDER[rule.rule_id])
            signals.extend(_sentence_signals(sentence, rules))
    if signals and cg.LAUGH.search(text) is not None and cg.SINCERE.search(text) is None:
        signals = _laughing(signals, text)
    return _score(signals)


def _gate_hits(text: str, literals: tuple[str, ...]) -> list[int]:
    hits = []
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            hits.append(at)
            at = text.find(literal, at + 1)
    return hits


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences and clauses: split at end punctuation and line breaks (one charset scan)
    and at " but " (not "nothing but"), " although ", " except " (plain finds)."""
    cuts = [(m.start(), m.end()) for m in _END_PUNCTUATION.finditer(text)]
    for word in _CLAUSE_WORDS:
        at = text.find(word)
        while at >= 0:
            if not (word == " but " and text.endswith("nothing", 0, at)):
                cuts.append((at, at + len(word)))
            at = text.find(word, at + 1)
    cuts.sort()
    spans = []
    last = 0
    for start, end in cuts:
        if start >= last:
            spans.append((last, start))
            last = end
    spans.append((last, len(text)))
    return spans


def _drop_reported_quotes(norm: str) -> str:
    """Remove quotations someone else said, sang or wrote ('the song goes "..."')."""

    def keep_or_drop(match: re.Match[str]) -> str:
        before = norm[max(0, match.start() - 50) : match.start()]
        after = norm[match.end() : match.end() + 40]
        reported = (
            cg.REPORTED_BEFORE.search(before) is not None
            or cg.REPORTED_AFTER.search(after) is not None
        )
        return " " if reported else match.group(0)

    return cg.QUOTED_SPAN.sub(keep_or_drop, norm)


def _laughing(signals: list[Signal], text: str) -> list[Signal]:
    """Laughing hyperbole: "this exam makes me want to kms lol". Words alone (intent or
    concern, no plan, means or act) next to a laugh and an everyday cause are dropped;
    next to a laugh alone they count half, so a sincere "i want to die lol" still gets a
    check-in but no alert."""
    if any(s.category not in (cr.INTENT, *cr.CONCERN_CATEGORIES) for s in signals):
        return signals
    if cg.EVERYDAY_CAUSE.search(text) is not None:
        return []
    return [Signal(s.rule, s.category, s.weight / 2, s.excerpt) for s in signals]


def _sentence_signals(sentence: str, rules: list[Rule]) -> list[Signal]:
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
    rule: Rule, match: re.Match[str], sentence: str, cache: dict[str, bool]
) -> Signal | None:
    """The signal one match gives, or None when a guard rules it out."""
    if rule.category in (cr.INTENT, *cr.CONCERN_CATEGORIES):
        if "idiom" not in cache:
            cache["idiom"] = cg.IDIOM.search(sentence) is not None
        if cache["idiom"]:
            return None
    start = match.start()
    clause_start = sentence.rfind(",", 0, start) + 1
    prefix = sentence[max(clause_start, start - _PREFIX_WINDOW) : start]
    matched = match.group(0).strip()
    # A match that opens with "i"/"im" carries its own subject and negation.
    if matched.split(" ", 1)[0] not in cg.FIRST_PERSON:
        # "myself" names its own subject: "(i could go into her closet and) shoot
        # myself" is the speaker, whoever the clause mentioned last.
        if "myself" not in matched:
            # Who is speaking may be named before a comma ("ive been like this for
            # years, with constant suicidal thoughts"), so look back across the clause.
            speaker = _speaker(prefix)
            # A goodbye names the people it leaves ("bye everyone, its been nice knowing
            # you"): only its own clause says who speaks.
            if speaker is None and rule.category != cr.GOODBYE:
                speaker = _speaker(sentence[max(0, start - _PREFIX_WINDOW) : start])
            if speaker is None and rule.needs_subject and _pronoun_dropped(prefix, matched):
                speaker = True
            if speaker is False or (speaker is None and rule.needs_subject):
                return None
        if rule.negatable and _negated(prefix):
            return None
    if (
        cg.CONDITIONAL.search(prefix) is not None
        or cg.DISCLAIMED.search(prefix) is not None
        or cg.ASKED_IF.search(prefix) is not None
    ):
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
        # it needs a second signal before it alerts anyone (and earns a check-in).
        told_in_past = _past_tense(prefix, sentence)
        if not told_in_past and rule.category not in _CONCERN_SET:
            # The match may carry its own verb: "i wanted to die", "i felt suicidal".
            told_in_past = _past_tense(" ".join(matched.split()[1:3]), sentence)
        if told_in_past:
            weight /= 2
    return Signal(rule.rule_id, rule.category, weight, matched)


def _pronoun_dropped(prefix: str, matched: str) -> bool:
    """The clause starts with a verb, so its "i" was dropped ("been having suicidal
    thoughts", "bought rope today")."""
    if len(prefix.split()) > 4:
        return False
    return cg.PRONOUN_DROPPED.match(prefix + matched) is not None


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
    """Add up the evidence: per category, each distinct rule counts once (its strongest
    match), a category counts at most ``_CATEGORY_CAP``. Timing counts only next to
    intent, a plan, means or an overdose; concern counts towards the crisis score only
    next to crisis-category evidence ("i'm a burden. 💊")."""
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
    concern = sum(v for c, v in per_category.items() if c in _CONCERN_SET)
    crisis_parts = {c: v for c, v in per_category.items() if c not in _CONCERN_SET}
    score = sum(min(v, _CATEGORY_CAP) for v in crisis_parts.values())
    near = any(c in crisis_parts for c in _NEAR_DANGER)
    if near:
        score += min(timing, _CATEGORY_CAP)
    else:
        signals = [s for s in signals if s.category != cr.TIMING]
    if any(c in crisis_parts for c in _CRISIS_EVIDENCE):
        score += min(concern, _CATEGORY_CAP)
    if score >= cr.CRISIS_THRESHOLD:
        log.debug("crisis signals: %s", [s.rule for s in signals])
        return CrisisResult(True, score, tuple(signals), cr.CRISIS, concern)
    weak = sum(v for c, v in crisis_parts.items() if c in _CONCERN_FROM)
    concern_score = concern + weak
    if not signals:
        return NOT_CRISIS
    tier = cr.CONCERN if concern_score >= cr.CONCERN_THRESHOLD else cr.NONE
    return CrisisResult(False, score, tuple(signals), tier, concern_score)
