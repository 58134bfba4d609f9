"""Choosing a coping skill: by situation, by check-in answers, shaped by feedback.

Pure and deterministic: randomness comes from the ``random.Random`` the caller passes
in, so a seeded generator replays the same choices in tests and the sandbox.

Safety: words of suicide, self-harm or overdose never resolve to a situation. They
resolve to :data:`CRISIS`, and the cog sends crisis help instead of a tip.
"""

from __future__ import annotations

import enum
import logging
import random
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from bot.coping.domain.free_text import best_situation
from bot.coping.domain.library import SITUATION_BY_KEY, SITUATIONS, Library, Situation, Skill

log = logging.getLogger(__name__)


class Crisis:
    """The sentinel for "this is not a coping-tip moment; route to crisis help"."""

    key: Final = "crisis"
    name: Final = "I'm thinking of hurting myself / I need help now"

    def __repr__(self) -> str:
        return "CRISIS"


CRISIS: Final = Crisis()

# Matched on whole words after lower-casing; erring towards crisis help is the safe side.
_CRISIS_PATTERNS = (
    r"crisis",
    r"suicid\w*",
    r"kill(?:ing)? my ?self",
    r"end(?:ing)? (?:my|it) all",
    r"end(?:ing)? my life",
    r"take my (?:own )?life",
    r"want(?:ed)? to die",
    r"wanna die",
    r"better off dead",
    r"(?:don'?t|do not) want to (?:live|be alive|wake up)",
    r"no reason to live",
    r"self[- ]?harm\w*",
    r"hurt(?:ing)? my ?self",
    r"harm(?:ing)? my ?self",
    r"cut(?:ting)? my ?self",
    r"overdos\w*",
    r"o\.?d\.?",
    r"od'?d",
)
_CRISIS_RE = re.compile(r"(?<![\w'])(?:" + "|".join(_CRISIS_PATTERNS) + r")(?![\w'])")

MAX_CHOICES = 25  # Discord's limit for autocomplete choices


def _normalise(text: str) -> str:
    text = text.casefold().replace("’", "'")
    return re.sub(r"\s+", " ", re.sub(r"[^\w' .-]", " ", text)).strip()


def is_crisis(text: str) -> bool:
    """Does free text speak of suicide, self-harm or overdose?"""
    return bool(_CRISIS_RE.search(_normalise(text)))


def resolve_situation(text: str) -> Situation | Crisis | None:
    """Free text or an autocomplete value to a situation, CRISIS, or None if unclear.

    Crisis words win over everything else, even inside a longer sentence.
    """
    if is_crisis(text):
        return CRISIS
    norm = _normalise(text).replace("_", " ")
    if not norm:
        return None
    for situation in SITUATIONS:
        if norm in (situation.key.replace("_", " "), situation.name.casefold(), *situation.words):
            return situation
    completions = complete_situations(text)
    if completions and isinstance(completions[0], Situation):
        return completions[0]
    # Longer free text ("cravings are killing me tonight", "relasped after 30 days"):
    # the ordinary words of recovery, misspellings corrected (bot.coping.domain.free_text).
    key = best_situation(text)
    if key is not None and key in SITUATION_BY_KEY:
        return SITUATION_BY_KEY[key]
    for situation in SITUATIONS:
        for word in situation.words:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", norm):
                return situation
    return None


def complete_situations(partial: str, limit: int = MAX_CHOICES) -> list[Situation | Crisis]:
    """Autocomplete: situations whose key or name starts with, then contains, ``partial``.

    Crisis words put the crisis choice first, so help is one tap away.
    """
    norm = _normalise(partial).replace("_", " ")
    found: list[Situation | Crisis] = [CRISIS] if is_crisis(partial) else []
    if not norm:
        return [*found, *SITUATIONS][:limit]

    def names(s: Situation) -> tuple[str, ...]:
        return (s.key.replace("_", " "), s.name.casefold())

    prefix = [s for s in SITUATIONS if any(n.startswith(norm) for n in names(s))]
    inner = [s for s in SITUATIONS if s not in prefix and any(norm in n for n in names(s))]
    by_word = [
        s
        for s in SITUATIONS
        if s not in prefix and s not in inner and any(w.startswith(norm) for w in s.words)
    ]
    return [*found, *prefix, *inner, *by_word][:limit]


class Feedback(enum.Enum):
    """A participant's verdict on a skill; the value is what the database stores."""

    HELPED = "helped"
    NOT_FOR_ME = "not_for_me"


# How much more likely a skill that helped is, compared to one not yet rated.
HELPED_WEIGHT = 3.0


def choose(
    library: Library,
    situation: str | None,
    feedback: Mapping[str, Feedback],
    recent: Sequence[str],
    rng: random.Random,
    prefer: Collection[str] = (),
) -> Skill | None:
    """One skill for ``situation`` (None: any situation), or None when none is left.

    - a skill the participant marked "not for me" is never offered, nor a retired one;
    - one that helped is :data:`HELPED_WEIGHT` times as likely as an unrated one;
    - ``recent`` lists ids already shown, oldest first: a skill not in it is always
      chosen while one exists, otherwise the one shown longest ago (so "Another one"
      walks through every fitting skill before repeating; with one fitting skill left
      it is offered again, and the caller can tell by comparing ids);
    - ``prefer``: tags to favour (check-in matching); among skills not yet shown,
      ones without them are used only when none with them is left.
    """
    if situation is not None and situation not in SITUATION_BY_KEY:
        raise ValueError(f"unknown situation {situation!r}")
    pool = [
        s for s in library.for_situation(situation) if feedback.get(s.id) is not Feedback.NOT_FOR_ME
    ]
    if not pool:
        return None
    shown = {skill_id: n for n, skill_id in enumerate(recent)}
    fresh = [s for s in pool if s.id not in shown]
    if prefer:
        # Only among fresh ones, so "Another one" after a check-in tip moves on to other
        # fitting skills instead of bouncing between the two preferred ones.
        fresh = [s for s in fresh if s.tags & set(prefer)] or fresh
    if not fresh:
        return min(pool, key=lambda s: shown[s.id])
    weights = [HELPED_WEIGHT if feedback.get(s.id) is Feedback.HELPED else 1.0 for s in fresh]
    return rng.choices(fresh, weights=weights)[0]


def helped_skills(library: Library, feedback: Mapping[str, Feedback]) -> list[Skill]:
    """Skills the participant said helped, in library order (for /myskills).

    Retired skills are included: they still helped, even if no longer offered.
    """
    return [s for s in library.skills if feedback.get(s.id) is Feedback.HELPED]


# --- check-in answers -------------------------------------------------------------

Sleep = Literal["poor", "fair", "good"]
# Option ids as in data/checkin.toml; "prefer-not" is accepted as a spelling of the last.
Used = Literal["yes", "no", "prefer_not_to_say"]
HALT = frozenset({"hungry", "angry", "lonely", "tired"})

# Lower than the facilitator follow-up threshold on purpose: a skill is cheap to offer.
CRAVING_HIGH = 7  # 0-10 scale; at or above this a craving skill comes first
MOOD_LOW = 3  # 0-10 scale; at or below this counts as low mood
GAD2_HIGH = 3  # the usual GAD-2 screening cut-off (0-6)
ANXIOUS_TAGS = frozenset({"anxious", "anxiety", "panic", "panicky", "worried", "nervous"})


@dataclass(frozen=True)
class CheckinAnswers:
    mood: int | None = None
    craving: int | None = None
    sleep: Sleep | None = None
    halt: frozenset[str] = frozenset()
    used: Used | None = None
    gad2: int | None = None
    tags: frozenset[str] = frozenset()
    note: str = ""

    @classmethod
    def from_mapping(cls, answers: Mapping[str, Any]) -> CheckinAnswers:
        """From a plain dict of answers; unknown keys are ignored, bad values rejected."""

        def score(name: str, top: int) -> int | None:
            value = answers.get(name)
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
                raise ValueError(f"{name}: expected a whole number 0-{top}, got {value!r}")
            return value

        def choice(name: str, allowed: Collection[str]) -> Any:
            value = answers.get(name)
            if value is not None and value not in allowed:
                raise ValueError(f"{name}: expected one of {sorted(allowed)}, got {value!r}")
            return value

        halt = frozenset(str(h).casefold() for h in answers.get("halt") or ())
        if not halt <= HALT:
            raise ValueError(f"halt: unknown {sorted(halt - HALT)}; use {sorted(HALT)}")
        return cls(
            mood=score("mood", 10),
            craving=score("craving", 10),
            sleep=choice("sleep", ("poor", "fair", "good")),
            halt=halt,
            used=_used(choice("used", ("yes", "no", "prefer_not_to_say", "prefer-not"))),
            gad2=score("gad2", 6),
            tags=frozenset(str(t).casefold() for t in answers.get("tags") or ()),
            note=str(answers.get("note") or ""),
        )


@dataclass(frozen=True)
class CheckinMatch:
    situation: str
    prefer: frozenset[str]
    because: str  # a short phrase for the message: "your craving was 8 out of 10"


def _used(value: str | None) -> Used | None:
    # Called after ``choice`` has checked the value, so anything else is "prefer not".
    if value is None or value in ("yes", "no"):
        return "yes" if value == "yes" else "no" if value == "no" else None
    return "prefer_not_to_say"


def match_checkin(
    answers: CheckinAnswers, craving_high: int = CRAVING_HIGH, mood_low: int = MOOD_LOW
) -> list[CheckinMatch] | Crisis:
    """Situations that fit the answers, most pressing first; CRISIS if the note says so.

    A craving comes before everything else because it is the moment a skill can
    prevent a lapse; an empty list means nothing in the answers calls for a skill.
    """
    if answers.note and is_crisis(answers.note):
        return CRISIS
    out: list[CheckinMatch] = []

    def add(situation: str, prefer: Iterable[str], because: str) -> None:
        if all(m.situation != situation for m in out):
            out.append(CheckinMatch(situation, frozenset(prefer), because))

    if answers.craving is not None and answers.craving >= craving_high:
        add("craving", {"urge", "delay"}, f"your craving was {answers.craving} out of 10")
    if answers.used == "yes":
        add("after_lapse", {"self-compassion", "reaching-out"}, "you said you used")
    anxious_tag = answers.tags & ANXIOUS_TAGS
    if (answers.gad2 is not None and answers.gad2 >= GAD2_HIGH) or anxious_tag:
        add("anxiety", {"breathing", "grounding"}, "you've been feeling anxious")
    if "angry" in answers.halt:
        add("anger", {"pause", "breathing"}, "you said you're angry")
    if "lonely" in answers.halt:
        add("loneliness", {"reaching-out"}, "you said you're lonely")
    if answers.mood is not None and answers.mood <= mood_low:
        add("low_mood", {"activation"}, f"your mood was {answers.mood} out of 10")
    if answers.sleep == "poor":
        add("sleep", {"sleep"}, "you slept poorly")
    if "tired" in answers.halt:
        add("sleep", {"sleep"}, "you said you're tired")
    if "hungry" in answers.halt:
        add("stress", {"halt"}, "you said you're hungry")
    return out


def skill_for_checkin(
    library: Library,
    answers: CheckinAnswers,
    feedback: Mapping[str, Feedback],
    recent: Sequence[str],
    rng: random.Random,
    craving_high: int = CRAVING_HIGH,
    mood_low: int = MOOD_LOW,
) -> tuple[Skill, CheckinMatch] | Crisis | None:
    """The skill for the most pressing need that still has one; CRISIS or None."""
    matches = match_checkin(answers, craving_high, mood_low)
    if isinstance(matches, Crisis):
        return CRISIS
    for match in matches:
        skill = choose(library, match.situation, feedback, recent, rng, prefer=match.prefer)
        if skill is not None:
            return skill, match
    return None
