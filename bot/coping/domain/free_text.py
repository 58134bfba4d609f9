"""What a person typed into /coping, read as one of the situations.

People in recovery write the way they talk, in a hard moment, on a phone: "cravings are
killing me tonight", "relasped after 30 days", "cant sleep again", "lonley". The matcher
lower-cases and splits the text, corrects each word to the nearest word it knows when
one letter is wrong, missing, extra or two are swapped (two for long words), and then
scores each situation by the phrases of it that occur. The highest score wins; a tie
goes to the situation earlier in ``PRIORITY`` (after a lapse and craving first: those
are the moments a skill matters most). Crisis words are not read here: the caller
(``resolve_situation``) sends those to crisis help before anything else.

Measured on tests/coping/recovery_phrases.toml (the figure on its untuned half is in
the test's output) and on another author's phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Phrases per situation key: words separated by spaces; a word ending in "*" matches any
# word it begins (crav* = craving, cravings, craved). Weight 2 for phrases that settle the
# situation on their own ("relapsed"), 1 for words that lean towards it ("alone").
PHRASES: dict[str, tuple[tuple[str, int], ...]] = {
    "after_lapse": (
        ("relaps*", 2),
        ("slip*", 2),
        ("slipped up", 2),
        ("lapse*", 2),
        ("used again", 3),
        ("i used", 3),
        ("drank", 2),
        ("got high", 3),
        ("got drunk", 3),
        ("had a drink", 3),
        ("had a few drinks", 3),
        ("lost my sobriety", 3),
        ("broke my sobriety", 3),
        ("messed up", 1),
        ("fell off", 2),
        ("fell off the wagon", 3),
        ("picked up", 2),
        ("reset my", 1),
        ("back to day one", 3),
        ("day one again", 3),
    ),
    "craving": (
        ("crav*", 2),
        ("urge", 2),
        ("urges", 2),
        ("jonesing", 2),
        ("fiending", 2),
        ("want to use", 3),
        ("wanna use", 3),
        ("want to drink", 3),
        ("wanna drink", 3),
        ("want a drink", 3),
        ("need a drink", 3),
        ("want to get high", 3),
        ("wanna get high", 3),
        ("thinking about using", 3),
        ("thinking about drinking", 3),
        ("about drinking", 2),
        ("about using", 2),
        ("thinking of using", 3),
        ("tempted", 2),
        ("trigger*", 2),
        ("using again", 2),
        ("get high", 2),
        ("a drink", 1),
        ("pills", 1),
        ("itch", 1),
    ),
    "anxiety": (
        ("anxious", 2),
        ("anxiety", 2),
        ("panic*", 2),
        ("nervous", 2),
        ("worried", 2),
        ("worry*", 2),
        ("scared", 2),
        ("afraid", 2),
        ("fear*", 1),
        ("freaking out", 2),
        ("heart is racing", 2),
        ("heart racing", 2),
        ("cant breathe", 2),
        ("on edge", 2),
        ("chest is tight", 2),
        ("chest tight", 2),
        ("shaking", 1),
        ("jittery", 2),
        ("dread*", 2),
        ("uneasy", 2),
    ),
    "anger": (
        ("angry", 2),
        ("anger", 2),
        ("mad", 2),
        ("furious", 2),
        ("rage*", 2),
        ("raging", 2),
        ("pissed", 2),
        ("irritat*", 2),
        ("annoyed", 2),
        ("frustrated", 2),
        ("livid", 2),
        ("lose my temper", 3),
        ("losing my temper", 3),
        ("lose it", 2),
        ("temper", 1),
        ("punch", 2),
        ("scream", 1),
        ("hate everyone", 2),
        ("fuming", 2),
    ),
    "low_mood": (
        ("sad", 2),
        ("down", 1),
        ("feeling down", 2),
        ("depress*", 2),
        ("empty", 2),
        ("hopeless", 2),
        ("pointless", 2),
        ("numb", 2),
        ("low", 1),
        ("feeling low", 2),
        ("crying", 2),
        ("cry", 1),
        ("no motivation", 2),
        ("out of bed", 2),
        ("worthless", 2),
        ("miserable", 2),
        ("blue", 1),
        ("heavy", 1),
        ("in a funk", 2),
        ("funk", 1),
    ),
    "loneliness": (
        ("lonely", 2),
        ("loneliness", 2),
        ("alone", 2),
        ("isolated", 2),
        ("isolating", 2),
        ("nobody to talk to", 3),
        ("no one to talk to", 3),
        ("no friends", 3),
        ("nobody understands", 2),
        ("no one understands", 2),
        ("by myself", 1),
        ("miss having people", 3),
        ("left out", 2),
        ("disconnected", 2),
    ),
    "sleep": (
        ("cant sleep", 3),
        ("couldnt sleep", 3),
        ("not sleeping", 3),
        ("cant fall asleep", 3),
        ("insomnia", 3),
        ("sleep*", 1),
        ("slept", 2),
        ("asleep", 2),
        ("awake", 2),
        ("up all night", 3),
        ("waking up", 2),
        ("keep waking", 3),
        ("nightmare*", 2),
        ("tired", 1),
        ("exhausted", 1),
        ("restless", 1),
    ),
    "stress": (
        ("stress*", 2),
        ("overwhelm*", 2),
        ("pressure", 2),
        ("too much", 2),
        ("on my plate", 2),
        ("burnt out", 3),
        ("burned out", 3),
        ("burnout", 3),
        ("bills", 2),
        ("money", 1),
        ("court", 1),
        ("deadline*", 2),
        ("busy", 1),
        ("swamped", 2),
        ("piling up", 2),
        ("cant cope", 1),
        ("juggling", 2),
        ("so much going on", 3),
        ("cant think straight", 2),
    ),
    "grief": (
        ("grie*", 3),
        ("grief", 3),
        ("grieving", 3),
        ("grieve", 3),
        ("died", 2),
        ("death", 2),
        ("passed away", 3),
        ("passed", 1),
        ("lost my", 2),
        ("loss", 2),
        ("funeral", 3),
        ("mourn*", 3),
        ("anniversary", 2),
        ("missing my", 2),
        ("miss my", 2),
        ("bereave*", 3),
    ),
    "hard_conversation": (
        ("conversation", 2),
        ("talk to my", 2),
        ("talk about", 1),
        ("confront*", 3),
        ("argument", 2),
        ("fight*", 2),
        ("tell my", 2),
        ("telling my", 2),
        ("tell them", 1),
        ("boundary", 3),
        ("boundaries", 3),
        ("meeting with", 2),
        ("sort it out", 2),
        ("apologi*", 2),
        ("amends", 3),
        ("conflict", 2),
        ("speak to my", 2),
        ("need to tell", 3),
        ("have to tell", 3),
        ("how to tell", 3),
    ),
}

PRIORITY = (
    "after_lapse",
    "craving",
    "anxiety",
    "anger",
    "grief",
    "loneliness",
    "sleep",
    "hard_conversation",
    "stress",
    "low_mood",
)
_APOSTROPHES = str.maketrans({"'": "", "’": "", "`": ""})
_WORD = re.compile(r"[a-z0-9]+")


def words_of(text: str) -> list[str]:
    """Lower-case words without apostrophes ("can't" -> "cant", "I'm" -> "im")."""
    return _WORD.findall(text.casefold().translate(_APOSTROPHES))


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """The whole words and the prefixes (from "word*") the phrases use."""
    whole: set[str] = set()
    prefixes: set[str] = set()
    for phrases in PHRASES.values():
        for phrase, _ in phrases:
            for word in phrase.split():
                (prefixes.add(word[:-1]) if word.endswith("*") else whole.add(word))
    return frozenset(whole), tuple(sorted(prefixes))


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps of neighbours (optimal string alignment), stopping
    early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed(word: str) -> int:
    # Short words are too close to each other to correct ("mad"/"sad", "use"/"used").
    if len(word) < 5:
        return 0
    return 1 if len(word) < 8 else 2


# Ordinary words one letter away from a word of the phrases, never to be "corrected"
# into it ("along" is not "alone", "tried" is not "tired").
KEEP = frozenset(
    {"along", "tried", "dinner", "surge", "other", "start", "stare", "usual", "crazy", "carving"}
)


@lru_cache(maxsize=4096)
def corrected(word: str) -> str:
    """``word``, or the known word (or prefix) it most likely misspells. Only words of
    five letters or more are corrected, and only to a word (or a prefix of five letters
    or more) with the same first letter:
    people rarely mistype the first letter, and short words are too close together."""
    whole, prefixes = _vocabulary()
    if word in whole or word.startswith(prefixes) or word in KEEP:
        return word
    limit = _allowed(word)
    if not limit:
        return word
    best, best_distance = word, limit + 1
    for candidate in whole:
        if len(candidate) >= 4 and candidate[0] == word[0]:
            distance = _distance(word, candidate, limit)
            if distance < best_distance:
                best, best_distance = candidate, distance
    for prefix in prefixes:
        if len(prefix) >= 5 and prefix[0] == word[0]:
            # A prefix stands for any ending: compare it with the word's first letters.
            size = len(prefix)
            distance = min(_distance(word[:n], prefix, limit) for n in (size - 1, size, size + 1))
            if distance < best_distance:
                best, best_distance = prefix, distance
    return best


def _occurs(phrase: list[str], words: list[str]) -> bool:
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if all(
            w.startswith(p[:-1]) if p.endswith("*") else w == p
            for p, w in zip(phrase, words[start : start + size], strict=True)
        ):
            return True
    return False


def scores(text: str) -> dict[str, int]:
    """Each situation's score for ``text`` (only those above zero)."""
    words = [corrected(w) for w in words_of(text)]
    found: dict[str, int] = {}
    for key, phrases in PHRASES.items():
        total = sum(weight for phrase, weight in phrases if _occurs(phrase.split(), words))
        if total:
            found[key] = total
    return found


def best_situation(text: str, keys: Iterable[str] = PRIORITY) -> str | None:
    """The situation key ``text`` speaks of, or None when no phrase of any occurs."""
    found = scores(text)
    if not found:
        return None
    order = {key: n for n, key in enumerate(keys)}
    return max(found, key=lambda k: (found[k], -order.get(k, len(order))))
