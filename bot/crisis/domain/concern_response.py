"""What the bot does about a message on the concern tier, given the person's recent ones.

The concern tier (passive wishes, hopelessness, burden, worrying use) gets a gentle
answer: a private DM asking how the person is right now, with crisis lines and two
buttons, and a quiet note to facilitators. It never removes or holds anything. Within a
day, a pattern means more than one message, so:

* a first concern in 24 hours gets the gentle DM, at most one per person per
  ``DM_GAP`` (12 hours);
* a second concern within ``ESCALATE_WITHIN`` (24 hours) goes the crisis path: the
  supportive reply, an alert with **I'm on it** and re-alerts;
* once escalated (by that, or by **Ask a facilitator to reach out**), further concern
  within the day is noted for facilitators only: the alert is already open, and the
  person is not sent the same help again and again.

"I'm OK" is recorded and shown to facilitators, but does not stop a second concern from
escalating: someone who is not OK often says they are.

Pure: time is an input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

DM_GAP: Final = timedelta(hours=12)
ESCALATE_WITHIN: Final = timedelta(hours=24)

# Outcomes recorded per concern (the column ``concern_events.outcome``).
SENT: Final = "dm"
DM_CLOSED: Final = "dm_closed"
QUIET: Final = "quiet"
ESCALATED: Final = "escalated"
# Answers to the DM's buttons.
ANSWER_OK: Final = "ok"
ANSWER_REACH_OUT: Final = "reach_out"


class Step(StrEnum):
    DM = "dm"  # the gentle DM and a quiet note
    QUIET = "quiet"  # a quiet note only
    ESCALATE = "escalate"  # the crisis path


@dataclass(frozen=True)
class PastConcern:
    """An earlier concern about the same person: when, what was done, how they answered."""

    at: datetime
    outcome: str
    answer: str | None = None
    answered_at: datetime | None = None

    def escalated_at(self) -> datetime | None:
        if self.outcome == ESCALATED:
            return self.at
        if self.answer == ANSWER_REACH_OUT:
            return self.answered_at or self.at
        return None


def next_step(now: datetime, past: Sequence[PastConcern]) -> Step:
    """The step for a new concern at ``now``; ``past`` holds the person's earlier ones
    (any order; older than a day are ignored)."""
    recent = [p for p in past if timedelta(0) <= now - p.at < ESCALATE_WITHIN]
    escalations = [at for p in past if (at := p.escalated_at()) is not None]
    if any(timedelta(0) <= now - at < ESCALATE_WITHIN for at in escalations):
        return Step.QUIET
    if recent:
        return Step.ESCALATE
    if any(p.outcome == SENT and now - p.at < DM_GAP for p in past):
        return Step.QUIET  # never reached while ESCALATE_WITHIN >= DM_GAP; kept as a floor
    return Step.DM


# Plain words for the detector's categories, for the note and the digest.
CATEGORY_WORDS: Final = {
    "passive": "a wish not to be here",
    "hopeless": "hopelessness",
    "burden": "feeling a burden",
    "worrying_use": "worrying use",
    "long_message": "a long message that reads as distress",
    "short_message": "words that read as distress",
    "risk_words": "words about dying or harming oneself",
    "intent": "words about dying",
    "self_harm": "words about self-harm",
    "overdose": "words about overdose",
}


def describe_categories(categories: Sequence[str]) -> str:
    """``("passive", "burden")`` → "a wish not to be here, feeling a burden"."""
    words = [CATEGORY_WORDS[c] for c in categories if c in CATEGORY_WORDS]
    unique = list(dict.fromkeys(words))
    return ", ".join(unique) or "signs of struggling"
