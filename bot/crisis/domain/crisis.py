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

import re

from bot.crisis.domain import guards as cg
from bot.crisis.domain import longform, safety_net, shortform
from bot.crisis.domain import net_concepts as nc
from bot.crisis.domain import result as cr
from bot.crisis.domain.anchors import ANCHORS, RULES, candidate_rules
from bot.crisis.domain.evasion import fold_evasion, needs_evasion_fold
from bot.crisis.domain.result import NOT_CRISIS, CrisisResult, Signal
from bot.crisis.domain.rules import Rule
from bot.crisis.domain.scoring import CRISIS_EVIDENCE, NEAR_DANGER, laughing, score
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


_WORD = re.compile(r"\w+")
_END_PUNCTUATION = re.compile(r"[.!?;\n]+")
# Normalised text has single spaces around words.
_CLAUSE_WORDS = (" but ", " although ", " except ")
_PREFIX_WINDOW = 60
# Means bought or kept for something else: "rope for the tent", "pills for my back", "my
# gun license" (not "for tonight", "for later", "for weeks").
_FOR_PURPOSE = re.compile(
    r"\s+(?:for\s+(?!tonight|later|when|it\b|this\b|that\b|the end|good|weeks|months|days|"
    r"years|ages|a (?:while|week|month|few|couple)|\d)|license|licence|permit|safe\b|range|"
    r"show|class|course|cleaning|collection|lock)"
)
_CONCERN_SET = frozenset(cr.CONCERN_CATEGORIES)
_TABLE_ORDER = {rule.rule_id: index for index, rule in enumerate(RULES)}
# Up to this many sentences, each is searched for every candidate rule's gate; beyond it
# (a post), each sentence only for the rules its own words anchor.
_FEW_SENTENCES = 4
_ADDRESSEES = frozenset({"anyone", "anybody"})
_ASKING = re.compile(r"\b(?:does|do|did|can|could|would|will|has|have)\s*$")
# An "i" inside a match names who speaks.
_SUBJECT_INSIDE = re.compile(r"\b(?:i|im|ive|ill|id)\b")
# "ive thought about it": the present perfect reaches up to now.
_PERFECT = re.compile(r"\b(?:ive|i have|weve|have|has|hes|shes)\s+(?:\w+\s+)?$")


def detect_crisis(text: str, *, use_model: bool = True) -> CrisisResult:
    """Score ``text`` for crisis and concern. Pure and fast on ordinary messages."""
    return detect_crisis_normalised(normalise(text), use_model=use_model)


def detect_crisis_normalised(norm: str, *, use_model: bool = True) -> CrisisResult:
    """``detect_crisis`` for text already passed through the kernel normaliser's ``plain``
    view (or its ``words`` view: folding again is harmless)."""
    text, words = _prepare(norm)
    result, guarded = _rules_result(text, words)
    if result.tier != cr.CRISIS and safety_net.routed(text):
        # The safety net: risk words the rules' shapes did not catch. An act, lethal
        # means, or the words with intent or a near time reach the crisis tier (as in
        # ``detect_crisis_tier``); the rest earn a gentle check-in.
        result = safety_net.raise_tier(result, text)
    result = _thoughts_while_safe(result, text)
    if use_model and result.tier != cr.CRISIS:
        if longform.routed(text):
            return longform.raise_tier(result, text)
        # A message the rules read and set aside on purpose (someone else, the past, a
        # negation, a quote, a joke) is not the short model's to overrule: it reads
        # words, not who said them or when.
        if (
            shortform.routed(text)
            and not guarded
            and cg.DOING_WELL.search(text) is None
            and not safety_net.set_aside(text)
        ):
            return shortform.raise_tier(result, text)
    return result


def read_rules(text: str) -> tuple[CrisisResult, bool]:
    """The rules alone on ``text``, and whether a guard set a match aside (the short model
    is then not asked). For training and measuring the models."""
    return _rules_result(*_prepare(normalise(text)))


def canonical(text: str) -> str:
    """The text the rules and the models read: normalised, evasion folded, quotes dropped,
    chat spelling mapped."""
    return _prepare(normalise(text))[0]


def detect_crisis_tier(norm: str) -> CrisisResult:
    """The crisis tier alone, for the moderation verdict: crisis, or ``NOT_CRISIS``
    meaning "not a crisis; the concern tier was not judged". Concern rules run only when
    crisis-category evidence needs them to decide; call ``detect_crisis_normalised``
    after the verdict for the concern tier (it never removes anything, so it may wait)."""
    text, words = _prepare(norm)
    result, _ = _rules_result(text, words, crisis_only=True)
    if result.is_crisis:
        return _thoughts_while_safe(result, text, crisis_only=True)
    if any(s.category in CRISIS_EVIDENCE for s in result.signals):
        full, _ = _rules_result(text, words)
        if full.is_crisis:
            return _thoughts_while_safe(full, text, crisis_only=True)
    # The safety net's crisis findings alert wherever the message was written.
    net = safety_net.crisis_result(text)
    return NOT_CRISIS if net is None else _thoughts_while_safe(net, text, crisis_only=True)


# Thoughts of suicide (and the times said next to them): with the writer saying they are
# safe now, a check-in rather than an alert.
_THOUGHTS = frozenset(
    {"intent.considered", "concept.thinking_about_it", "intent.suicidal_thoughts", "net.suicide"}
)


def _thoughts_while_safe(
    result: CrisisResult, text: str, *, crisis_only: bool = False
) -> CrisisResult:
    if (
        not result.is_crisis
        # In a post, "not right now" or "im ok" may be about anything.
        or not safety_net.routed(text)
        or not all(s.rule in _THOUGHTS or s.category == cr.TIMING for s in result.signals)
        or cg.SAFE_NOW.search(text) is None
        # Means or intent said too: "...and im taking the pills tonight, im fine".
        or nc.MOMENT_MEANS.search(text) is not None
        or nc.INTENT_NEAR.search(text) is not None
    ):
        return result
    if crisis_only:
        return NOT_CRISIS
    return CrisisResult(
        False,
        result.score,
        result.signals,
        cr.CONCERN,
        max(result.concern_score, 1.0),
        result.model_score,
    )


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
    if "di" in norm and cg.THING_DIES.search(norm) is not None:
        norm, words = cg.THING_DIES.sub(" ", norm), None
    return canonical_words(norm, words)


def _rules_result(
    text: str, words: set[str] | None = None, *, crisis_only: bool = False
) -> tuple[CrisisResult, bool]:
    """The rules' result, and whether a rule matched but a guard set it aside."""
    # Only rules whose anchors occur are tried, and each only in the sentences holding
    # one of its gate literals (its anchors unless it names a tighter gate), so a long
    # post costs about as much per sentence as a short message. Timing ("tonight",
    # "now") is everywhere and counts only next to intent, a plan, means or an overdose,
    # so it is read only once one of those was found.
    candidates = candidate_rules(text, words, crisis_only=crisis_only)
    if not candidates:
        return NOT_CRISIS, False
    spans = _sentence_spans(text)
    in_sentence: dict[int, list[Rule]] = {}
    timing: list[Rule] = []
    present: dict[object, bool] = {}  # gate -> one of its literals is in the text
    # A literal that spans a sentence break ("done. tonight") is not a gate hit.
    sentences = [text[start:end] for start, end in spans] if len(spans) > 1 else [text]
    per_sentence: list[dict[object, bool]] = [{} for _ in sentences]
    passing: set[str] = set()  # in a post: rules whose gates the whole text passed
    for rule in candidates:
        if rule.category == cr.TIMING:
            timing.append(rule)
            continue
        gate = rule.gate or ANCHORS[rule.rule_id]
        # Is a literal of each gate in the text at all? The first one found answers, and
        # the second gate goes first as rules share it.
        if (rule.also is not None and not _any_in(text, rule.also, present)) or not _any_in(
            text, gate, present
        ):
            continue
        if len(spans) == 1:  # most chat: nothing more to place
            in_sentence.setdefault(0, []).append(rule)
        elif len(spans) <= _FEW_SENTENCES:
            for index, sentence in enumerate(sentences):
                if (rule.also is None or _any_in(sentence, rule.also, per_sentence[index])) and (
                    _any_in(sentence, gate, per_sentence[index])
                ):
                    in_sentence.setdefault(index, []).append(rule)
        else:
            passing.add(rule.rule_id)
    if passing:
        # A post: each sentence's own anchors say which of the rules that passed the
        # whole text's gates to try in it, and its own gates confirm.
        for index, sentence in enumerate(sentences):
            for rule in candidate_rules(sentence, crisis_only=crisis_only):
                if rule.rule_id not in passing:
                    continue
                gate = rule.gate or ANCHORS[rule.rule_id]
                if (rule.also is None or _any_in(sentence, rule.also, per_sentence[index])) and (
                    _any_in(sentence, gate, per_sentence[index])
                ):
                    in_sentence.setdefault(index, []).append(rule)
    if not in_sentence:
        return NOT_CRISIS, False
    signals: list[Signal] = []
    matched = False
    for index, rules in sorted(in_sentence.items()):
        start, end = spans[index]
        sentence = text[start:end].strip()
        if sentence:
            rules.sort(key=lambda rule: _TABLE_ORDER[rule.rule_id])
            found, matched_here = _sentence_signals(sentence, rules)
            signals.extend(found)
            matched = matched or matched_here
    # Timing counts only next to intent, a plan, means or an overdose: read it only then,
    # in the sentences holding one of its words.
    if timing and any(s.category in NEAR_DANGER for s in signals):
        timing_in: dict[int, list[Rule]] = {}
        for rule in timing:
            gate = rule.gate or ANCHORS[rule.rule_id]
            for index, sentence in enumerate(sentences):
                if any(literal in sentence for literal in gate):
                    timing_in.setdefault(index, []).append(rule)
        for index, rules in sorted(timing_in.items()):
            start, end = spans[index]
            sentence = text[start:end].strip()
            if sentence:
                signals.extend(_sentence_signals(sentence, rules)[0])
    if signals and cg.LAUGH.search(text) is not None and cg.SINCERE.search(text) is None:
        signals = laughing(signals, text)
    if (
        signals
        and cg.COPING.search(text) is not None
        and not any(s.category not in cr.CONCERN_CATEGORIES for s in signals)
    ):
        # "feeling hopeless about the job search but ill keep applying"
        signals = []
    if signals and (
        cg.SEE_YOU.search(text) is not None
        or cg.BOUNDED_LAST.search(text) is not None
        or (cg.EVERYDAY_ABSENCE.search(text) is not None and cg.FOR_EVER.search(text) is None)
    ):
        # "bye everyone, see you thursday", "last message for tonight", "wont be around
        # tomorrow, family stuff": an ordinary farewell or absence.
        signals = [s for s in signals if s.category != cr.GOODBYE]
    result = score(signals)
    return result, matched and not result.flagged


def _any_in(text: str, literals: tuple[str, ...], present: dict[object, bool]) -> bool:
    """Whether one of ``literals`` is in ``text``; remembered per gate (rules share some)."""
    found = present.get(literals)
    if found is None:
        found = present[literals] = any(literal in text for literal in literals)
    return found


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


def _sentence_signals(sentence: str, rules: list[Rule]) -> tuple[list[Signal], bool]:
    """The signals of one sentence, and whether any rule other than timing matched."""
    found: list[Signal] = []
    matched = False
    cache: dict[str, bool] = {}
    for rule in rules:
        # Every match counts, not only the first: "i was planning to kill myself in 8th
        # grade, and im planning to kill myself tonight" is history, then a crisis.
        for match in rule.pattern.finditer(sentence):
            matched = matched or rule.category != cr.TIMING
            signal = _judge(rule, match, sentence, cache)
            if signal is not None:
                found.append(signal)
                break
    return found, matched


def _judge(
    rule: Rule, match: re.Match[str], sentence: str, cache: dict[str, bool]
) -> Signal | None:
    """The signal one match gives, or None when a guard rules it out."""
    if rule.category in (cr.OVERDOSE, cr.MEANS):
        if "prescribed" not in cache:
            cache["prescribed"] = cg.AS_PRESCRIBED.search(sentence) is not None
        if cache["prescribed"]:
            return None
        if rule.category == cr.OVERDOSE and cg.OD_ON_SOMETHING_ELSE.search(sentence):
            return None
        if rule.category == cr.MEANS and _FOR_PURPOSE.match(sentence, match.end()) is not None:
            return None
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
        # myself" is the speaker, whoever the clause mentioned last; so does an "i" inside
        # the match ("...to know before i go").
        if "myself" not in matched and _SUBJECT_INSIDE.search(matched) is None:
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
        or cg.REPORTED_PREFIX.search(sentence, 0, start) is not None
    ):
        return None
    weight = rule.weight
    if rule.ongoing and cg.ONGOING.search(sentence) is not None:
        weight *= 2
    if rule.pastable:
        if "past" not in cache:
            cache["past"] = (
                cg.DISTANT_PAST.search(sentence) is not None
                or cg.PAST_AGE.search(sentence) is not None
            )
        # "i used to cut, 90 days clean" is history; "...and tonight i want to again"
        # in the same clause is not.
        clause_end = sentence.find(",", start)
        clause = sentence[clause_start : clause_end if clause_end >= 0 else len(sentence)]
        if cache["past"] and cg.NOW.search(clause) is None:
            return None
        # "i wanted to die" with no time said: it may be last night or last year, so
        # it needs a second signal before it alerts anyone (and earns a check-in).
        told_in_past = _past_tense(prefix, sentence)
        if (
            not told_in_past
            and rule.category not in _CONCERN_SET
            and _PERFECT.search(prefix) is None
        ):
            # The match may carry its own verb: "i wanted to die", "thought about
            # suicide"; not "ive considered suicide", which goes on until now.
            told_in_past = _past_tense(" ".join(matched.split()[:3]), sentence)
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
    for found in cg.PERSON.finditer(prefix):
        # "does anyone know ...": an addressee, not the subject of what follows.
        if found.group(0) in _ADDRESSEES and _ASKING.search(prefix, 0, found.start()):
            continue
        last = found
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
