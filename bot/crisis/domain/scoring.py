"""Adding up the evidence: the weights of the signals a message gave, per category, into
a tier; and how a laugh softens words said in jest."""

from __future__ import annotations

import logging

from bot.crisis.domain import guards as cg
from bot.crisis.domain import result as cr
from bot.crisis.domain.result import NOT_CRISIS, CrisisResult, Signal

__all__ = ["CATEGORY_CAP", "CRISIS_EVIDENCE", "NEAR_DANGER", "laughing", "score"]

log = logging.getLogger(__name__)

CATEGORY_CAP = 3.0
# Timing makes these near; and these make concern words count towards a crisis.
NEAR_DANGER = (cr.INTENT, cr.PLAN, cr.MEANS, cr.OVERDOSE)
CRISIS_EVIDENCE = (cr.INTENT, cr.PLAN, cr.MEANS, cr.GOODBYE, cr.SELF_HARM, cr.OVERDOSE)
# Crisis-category evidence below the crisis threshold that still earns a check-in.
CONCERN_FROM = (cr.INTENT, cr.SELF_HARM, cr.OVERDOSE)
CONCERN_SET = frozenset(cr.CONCERN_CATEGORIES)


def score(signals: list[Signal]) -> CrisisResult:
    """Add up the evidence: per category, each distinct rule counts once (its strongest
    match) and the same words count once, a category counts at most ``CATEGORY_CAP``.
    Timing counts only next to intent, a plan or an overdose (or means with another
    sign); concern counts towards the crisis score only next to crisis-category evidence
    ("i'm a burden. 💊")."""
    if not signals:
        return NOT_CRISIS
    by_rule: dict[str, Signal] = {}
    for s in signals:
        # Goodbyes add up sentence by sentence ("this is the end for me. bye"): one rule
        # gives at most one signal per sentence, so distinct excerpts are distinct cues.
        key = f"{s.rule}:{s.excerpt}" if s.category == cr.GOODBYE else s.rule
        if key not in by_rule or s.weight > by_rule[key].weight:
            by_rule[key] = s
    # A phrase rule and a concept rule that read the same words are one piece of
    # evidence, not two: within a category, an excerpt inside another counts once.
    kept: list[Signal] = []
    for s in sorted(by_rule.values(), key=lambda s: (-s.weight, -len(s.excerpt))):
        if not any(
            k.category == s.category and (s.excerpt in k.excerpt or k.excerpt in s.excerpt)
            for k in kept
        ):
            kept.append(s)
    per_category: dict[str, float] = {}
    for s in kept:
        per_category[s.category] = per_category.get(s.category, 0.0) + s.weight
    timing = per_category.pop(cr.TIMING, 0.0)
    concern = sum(v for c, v in per_category.items() if c in CONCERN_SET)
    crisis_parts = {c: v for c, v in per_category.items() if c not in CONCERN_SET}
    score = sum(min(v, CATEGORY_CAP) for v in crisis_parts.values())
    near = any(c in crisis_parts for c in NEAR_DANGER)
    if near:
        score += min(timing, CATEGORY_CAP)
    else:
        signals = [s for s in signals if s.category != cr.TIMING]
    if any(c in crisis_parts for c in CRISIS_EVIDENCE):
        score += min(concern, CATEGORY_CAP)
    if score >= cr.CRISIS_THRESHOLD:
        log.debug("crisis signals: %s", [s.rule for s in signals])
        return CrisisResult(True, score, tuple(signals), cr.CRISIS, concern)
    weak = sum(v for c, v in crisis_parts.items() if c in CONCERN_FROM)
    concern_score = concern + weak
    if not signals:
        return NOT_CRISIS
    tier = cr.CONCERN if concern_score >= cr.CONCERN_THRESHOLD else cr.NONE
    return CrisisResult(False, score, tuple(signals), tier, concern_score)


def laughing(signals: list[Signal], text: str) -> list[Signal]:
    """Laughing hyperbole: "this exam makes me want to kms lol". Words alone (intent or
    concern, no plan, means or act) next to a laugh and an everyday cause are dropped;
    next to a laugh alone, intent counts half and no time makes it near, so a sincere
    "i want to die lol" still gets a check-in but no alert, and a passive wish said with
    a laugh ("kinda wish the plane would go down lol") still gets its check-in."""
    words_only = (cr.INTENT, cr.TIMING, *cr.CONCERN_CATEGORIES)
    if any(s.category not in words_only for s in signals):
        return signals
    if cg.EVERYDAY_CAUSE.search(text) is not None:
        return []
    return [
        Signal(s.rule, s.category, s.weight / 2 if s.category == cr.INTENT else s.weight, s.excerpt)
        for s in signals
        if s.category != cr.TIMING
    ]
