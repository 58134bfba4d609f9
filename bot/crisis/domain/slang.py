"""Chat spelling to the words the rules read: slang, abbreviations, common typos, emoji.

Runs on ``normalise`` output. Each replacement is a whole word, so "kms" becomes "kill
myself" but "kmsx" is left alone; "kys" (said *to* someone) is moderation's business,
not a disclosure, and is not touched. Cheap: most messages contain no trigger and cost
one regex search.
"""

from __future__ import annotations

import re

# Word (or short phrase) -> what the rules read.
_WORDS: dict[str, str] = {
    "kms": "kill myself",
    "ctb": "kill myself",
    "unalive": "kill myself",
    "unaliving": "killing myself",
    "unalived": "killed myself",
    "sewerslide": "suicide",
    "sewer slide": "suicide",
    "sewer-slide": "suicide",
    "sooicide": "suicide",
    "sewerslidal": "suicidal",
    "kil": "kill",
    "kil my self": "kill myself",
    "killmyself": "kill myself",
    "myslef": "myself",
    "mysef": "myself",
    "mysefl": "myself",
    "myslf": "myself",
    "mself": "myself",
    "meself": "myself",
    "myseld": "myself",
    "myselff": "myself",
    "mysel": "myself",
    "ded": "dead",
    "tryna": "trying to",
    "lemme": "let me",
    # Letters run together or digits the normaliser keeps as written ("d13" reads like a
    # code, "0d" like a number of days).
    "wanttodie": "want to die",
    "iwanttodie": "i want to die",
    "d13": "die",
    "0d": "od",
    "finna": "going to",
    "ima": "im going to",
    "imma": "im going to",
    "tn": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "tonite": "tonight",
    "2day": "today",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "2morrow": "tomorrow",
    "thinkin": "thinking",
    "feelin": "feeling",
    "wantin": "wanting",
    "bout": "about",
    "abt": "about",
    "wana": "wanna",
    "wnna": "wanna",
    "wan to": "want to",
    "wnt to": "want to",
    "want too": "want to",
    "wanna b": "wanna be",
    "od'd": "odd",
    "idc": "i dont care",
    "idgaf": "i dont care",
    "cant even": "cant even",
    "nobody'd": "nobody would",
    "done w": "done with",
    "alot": "a lot",
}
_EMOJI: dict[str, str] = {
    "🪢": " rope ",
    "🔫": " gun ",
    "⚰️": " coffin ",
    "⚰": " coffin ",
    "🪦": " grave ",
}
# Typing fast: two letters swapped ("wnat", "dei", "teh") or, in a long word, one dropped
# ("anythng", "tonigt"), in the words that carry risk. Generated, minus real words.
_TYPO_KEYS = (
    "want", "wanna", "die", "dying", "dead", "kill", "killing", "the", "point", "life",
    "live", "living", "myself", "anything", "everything", "nothing", "anymore", "tonight",
    "pills", "overdose", "goodbye", "going", "gonna", "end", "hurt", "cut", "everyone",
)
_REAL_WORDS = frozenset({"ide", "lief", "noting", "overdoes", "den", "tue", "eth", "ned"})


def _typos() -> dict[str, str]:
    found: dict[str, str] = {}
    for key in _TYPO_KEYS:
        variants = {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(len(key) - 1)}
        if len(key) >= 6:
            variants |= {key[:i] + key[i + 1 :] for i in range(len(key))}
        for variant in variants - {key} - _REAL_WORDS - set(_TYPO_KEYS):
            found.setdefault(variant, key)
    return found


_TYPOS = _typos()
_TYPO_RE = re.compile(r"\b(?:" + "|".join(sorted(_TYPOS, key=len, reverse=True)) + r")\b")
_LOOSE_SUICIDAL = r"s(?:u|oo|ew|ui)[iy]?(?:c|s|ss|sc|cc)[iy]?d(?:i?al|le|el|ial|ale)"
_LOOSE_SUICIDE = r"s(?:u|oo|ew)[iy]?(?:c|s|ss|sc|cc)i?(?:c|s)?i?de?"
_WORD_RE = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
    + r")(?![\w'])"
)
_SUICID_RE = re.compile(r"\b(?:" + _LOOSE_SUICIDAL + r"|" + _LOOSE_SUICIDE + r")\b")
# Three or more of a letter: "soooo", "diiie", "kmsss" (the fixes above restore "kill").
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_TOKENS = re.compile(r"\w+")
# The first word of every key, and the starts of the loose "suicid" spellings.
_FIRST_WORDS = frozenset(_TOKENS.findall(w)[0] for w in _WORDS)
_SUICID_HEADS = ("su", "so", "se")


def canonicalise(norm: str) -> str:
    """``norm`` with chat spellings replaced by the words the rules are written for."""
    return canonical_words(norm)[0]


_PLAIN_WORDS: set[str] = set()  # words seen with no letter three times over
_PLAIN_WORDS_LIMIT = 50_000


def canonical_words(norm: str, words: set[str] | None = None) -> tuple[str, set[str]]:
    """``canonicalise`` and the set of words of the result (the anchor index reads them).
    ``words``: the set of ``\\w+`` words of ``norm``, when the caller has it already."""
    text = norm
    if not text.isascii():
        for emoji, word in _EMOJI.items():
            if emoji in text:
                text = text.replace(emoji, word)
                words = None
    if words is None:
        words = set(_TOKENS.findall(text))
    # Only words never seen before are searched for stretched letters ("soooo").
    fresh = words - _PLAIN_WORDS
    if fresh:
        if any(_STRETCHED.search(w) is not None for w in fresh):
            text = _STRETCHED.sub(r"\1", text)
            words = set(_TOKENS.findall(text))
        elif len(_PLAIN_WORDS) < _PLAIN_WORDS_LIMIT:
            _PLAIN_WORDS.update(fresh)
    changed = False
    # Set operations run in C: only words never seen before reach Python code.
    if not words.isdisjoint(_LOOSE_CANDIDATES) or any(
        _loose_candidate(w) for w in words - _NOT_LOOSE
    ):
        fixed = _SUICID_RE.sub(_suicid_word, text)
        changed = fixed != text
        text = fixed
    if not words.isdisjoint(_TYPOS):
        text = _TYPO_RE.sub(lambda m: _TYPOS[m.group(0)], text)
        changed = True
    if not words.isdisjoint(_FIRST_WORDS):
        fixed = _WORD_RE.sub(lambda m: _WORDS[m.group(0)], text)
        changed = changed or fixed != text
        text = fixed
    if changed:
        words = set(_TOKENS.findall(text))
    return text, words


_LOOSE_CANDIDATES: set[str] = set()
_NOT_LOOSE: set[str] = set()


def _loose_candidate(word: str) -> bool:
    """Whether ``word`` may be a loose spelling of "suicidal"/"suicide" (memoised)."""
    if word in _NOT_LOOSE:
        return False
    if word.startswith(_SUICID_HEADS) and len(word) >= 6 and _SUICID_RE.fullmatch(word):
        _LOOSE_CANDIDATES.add(word)
        return True
    if len(_NOT_LOOSE) < 50_000:
        _NOT_LOOSE.add(word)
    return False


def _suicid_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in ("suicidal", "suicide", "sucide", "side", "sued", "suede", "sussed"):
        return "suicide" if word == "sucide" else word
    if len(word) < 6:
        return word
    return "suicidal" if word.endswith(("al", "le", "el", "ale")) else "suicide"
