"""What the detector says about one message: a tier, a score and the signals behind it.

Compatible with the snapshot's ``CrisisResult`` (``is_crisis``, ``score``, ``signals``,
``categories``, ``confidence``, ``rule``); new: ``tier``, ``concern_score``,
``is_concern``, ``flagged`` and ``model_score`` (set when the long-message model spoke).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CRISIS: Final = "crisis"
CONCERN: Final = "concern"
NONE: Final = "none"
TIERS: Final = (NONE, CONCERN, CRISIS)

CRISIS_THRESHOLD: Final = 2.0
CONCERN_THRESHOLD: Final = 1.0

# Signal categories, crisis first, in the order alerts list them.
INTENT: Final = "intent"
PLAN: Final = "plan"
MEANS: Final = "means"
TIMING: Final = "timing"
GOODBYE: Final = "goodbye"
SELF_HARM: Final = "self_harm"
OVERDOSE: Final = "overdose"
CRISIS_CATEGORIES: Final = (INTENT, PLAN, MEANS, TIMING, GOODBYE, SELF_HARM, OVERDOSE)
PASSIVE: Final = "passive"
HOPELESS: Final = "hopeless"
BURDEN: Final = "burden"
USE: Final = "worrying_use"
LONG_MESSAGE: Final = "long_message"
SHORT_MESSAGE: Final = "short_message"
# The safety net: strong risk words said by the writer, set aside by no guard.
RISK_WORDS: Final = "risk_words"
CONCERN_CATEGORIES: Final = (
    PASSIVE,
    HOPELESS,
    BURDEN,
    USE,
    LONG_MESSAGE,
    SHORT_MESSAGE,
    RISK_WORDS,
)
CATEGORIES: Final = CRISIS_CATEGORIES + CONCERN_CATEGORIES


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
    # "crisis", "concern" or "none"; a result built with is_crisis=True is always crisis.
    tier: str = NONE
    concern_score: float = 0.0
    # The long-message model's probability, when the message was long enough to ask it.
    model_score: float | None = None

    def __post_init__(self) -> None:
        if self.is_crisis and self.tier != CRISIS:
            object.__setattr__(self, "tier", CRISIS)
        elif not self.is_crisis and self.tier == CRISIS:
            object.__setattr__(self, "is_crisis", True)
        if self.tier not in TIERS:
            raise ValueError(f"unknown tier {self.tier!r}")

    @property
    def is_concern(self) -> bool:
        """The gentle tier: a private check-in, a quiet note, nothing removed or held."""
        return self.tier == CONCERN

    @property
    def flagged(self) -> bool:
        """Either tier."""
        return self.tier != NONE

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories that contributed, in a stable order."""
        found = {s.category for s in self.signals}
        return tuple(c for c in CATEGORIES if c in found)

    @property
    def confidence(self) -> float:
        """0..1: the crisis score against twice the threshold (a plan plus intent reads as 1)."""
        return min(1.0, self.score / (2 * CRISIS_THRESHOLD))

    @property
    def rule(self) -> str | None:
        """The strongest rule that matched, for logs and the facilitators' alert."""
        if not self.signals:
            return None
        return max(self.signals, key=lambda s: s.weight).rule


NOT_CRISIS: Final = CrisisResult(is_crisis=False, score=0.0)
