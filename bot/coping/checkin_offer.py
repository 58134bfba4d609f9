"""The coping skill offered when a check-in crosses a follow-up threshold.

Matched to the answers by ``bot.coping.domain.coping.skill_for_checkin`` when the coping
library is available; otherwise (or when nothing in the library fits) one built-in
breathing exercise, so a participant who needs something always gets something.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.coping.domain.coping import CheckinAnswers, skill_for_checkin
from bot.coping.domain.library import load_library

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopingOffer:
    title: str
    steps: tuple[str, ...]
    because: str | None

    def render(self) -> str:
        lines = [f"**{self.title}**"]
        if self.because:
            lines[0] += f" (because {self.because})"
        lines += [f"{n}. {step}" for n, step in enumerate(self.steps, start=1)]
        return "\n".join(lines)


BREATHING = CopingOffer(
    title="Box breathing, about two minutes",
    steps=(
        "Sit or stand where you are and let your shoulders drop.",
        "Breathe in slowly through your nose while you count to four.",
        "Hold your breath gently for a count of four.",
        "Breathe out through your mouth for a count of four, then wait for four.",
        "Repeat four or five times. Notice your feet on the floor as you do.",
    ),
    because=None,
)


@lru_cache(maxsize=1)
def _library() -> Any:
    try:
        return load_library()
    except Exception:
        # A broken tips file must not stop a check-in; the built-in exercise stands in.
        log.exception("coping library unavailable; offering the built-in exercise")
        return None


def offer_for(answers: Mapping[str, object], seed: str) -> CopingOffer:
    """A skill matched to the answers (deterministic per ``seed``), else box breathing."""
    library = _library()
    if library is None:
        return BREATHING
    try:
        plain = {k: v for k, v in answers.items() if k != "note"}
        found = skill_for_checkin(
            library, CheckinAnswers.from_mapping(plain), {}, (), random.Random(seed)
        )
    except (ImportError, ValueError):
        log.exception("no coping skill could be matched; offering the built-in exercise")
        return BREATHING
    if not isinstance(found, tuple):
        return BREATHING
    skill, match = found
    return CopingOffer(skill.title, tuple(skill.steps), match.because)


class CheckinOffers:
    """The skill shown after a check-in over a follow-up threshold (the
    ``FollowUpOffers`` port check-ins use)."""

    def follow_up_text(self, answers: Mapping[str, object], seed: str) -> str:
        return offer_for(answers, seed).render()
