"""Does a message to the bot ask for a person? ("can someone call me", "is anyone there",
"I need to talk to someone", "please reach out", "yes, reach out"; lower case, no
punctuation and common typos too.) Pure and fast.

Words are folded first: case, apostrophes and punctuation go, chat spellings ("plz",
"any1") and near-misses of the few words that matter ("somone", "anyon", "pleas") are
mapped to the word meant. Then a handful of phrase rules decide, and a refusal ("don't
call me", "no need to reach out") always wins.
"""

from __future__ import annotations

import re

from bot.kernel.text_normalise import plain

# The words the rules are written in; a word one edit away from one of these (five
# letters and longer: two edits from eight) is read as that word.
_VOCABULARY = (
    "someone", "somebody", "anyone", "anybody", "please", "reach", "there", "talk",
    "speak", "call", "contact", "facilitator", "counselor", "counsellor", "person",
    "human", "need", "could", "would", "message", "reading", "tonight", "really",
)
_SPELLINGS = {
    "plz": "please", "pls": "please", "plse": "please", "pleaz": "please",
    "any1": "anyone", "some1": "someone", "sum1": "someone", "somone": "someone",
    "ne1": "anyone", "u": "you", "ur": "your", "ppl": "people", "im": "i am",
    "id": "i would", "wanna": "want to", "gimme": "give me", "yea": "yes", "yeah": "yes",
    "yep": "yes", "ya": "yes", "ok": "okay", "k": "okay", "reachout": "reach out",
    "dont": "do not", "didnt": "did not", "doesnt": "does not", "cant": "can not",
    "cannot": "can not", "ned": "need", "nd": "need", "tlk": "talk", "hlp": "help",
}
_WHO = (
    r"(?:someone|somebody|anyone|anybody|a person|a real person|a human|a facilitator|"
    r"my facilitator|a counsel+or|my counsel+or|staff|you)"
)
_REACH = r"(?:call|phone|ring|text|message|contact)"
_ASKS = [
    # can someone call me / please call me / can someone please call me back
    re.compile(
        rf"\b(?:(?:can|could|would|will) )?(?:{_WHO} )?(?:please )?{_REACH} me\b"
    ),
    re.compile(r"\b(?:give me a call|get someone to call me|get in touch with me)\b"),
    re.compile(rf"\b(?:have|get|ask) {_WHO} (?:to )?(?:call|contact|text|message) me\b"),
    # I need to talk to someone / want to speak with my counselor / someone to talk to
    re.compile(
        r"\b(?:need|want|like|would like|wish|have|can i|could i|may i) (?:to )?"
        rf"(?:talk|speak|chat) (?:to|with) {_WHO}"
    ),
    re.compile(rf"\b{_WHO} (?:i can |i could |to )?(?:talk|speak|chat) to\b"),
    re.compile(r"\b(?:a )?(?:human|person|someone|somebody) to (?:talk|speak) (?:to|with)\b"),
    re.compile(r"\bneed a (?:human|person|real person)\b"),
    # is anyone there / anyone there / is anybody reading this
    re.compile(
        r"\b(?:is|are) (?:there )?(?:anyone|anybody|someone|somebody) "
        r"(?:there|here|around|out there|reading|listening|awake)\b"
    ),
    re.compile(
        r"(?:^|hello |hi |hey )(?:anyone|anybody|someone|somebody) "
        r"(?:there|here|around|out there)\b"
    ),
    # please reach out / yes reach out / I'd like someone to reach out / reach out to me
    re.compile(r"\b(?:please|yes|okay|sure) (?:please )?reach out\b"),
    re.compile(r"\breach out (?:to me|please)\b"),
    re.compile(rf"\b{_WHO} (?:to |can |could |would |please |should )?(?:please )?reach out\b"),
    re.compile(
        r"\b(?:can|could|would|will) (?:someone|somebody|anyone|you) (?:please )?reach out\b"
    ),
]
# A refusal anywhere decides: "don't call me", "no need to reach out", "nobody needs to".
_REFUSALS = re.compile(
    r"\b(?:do not|not|no need|never|nobody|no one|noone)\b(?: \w+){0,4} "
    r"(?:call|reach|contact|talk|speak|text|message)\b"
)
# Someone else will call: "my mom is going to call me", "my therapist will call me".
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|his|her|their|the) \w+ (?:is going to|will|is gonna|gonna|is) "
    r"(?:call|text|message|contact) me\b"
)
_IDIOMS = re.compile(r"\bcall me (?:crazy|old|silly|a|an|out)\b")


def fold_words(text: str) -> list[str]:
    """Lower case, apostrophes dropped, punctuation gone, spellings mapped."""
    flat = plain(text).replace("'", "").replace("’", "")
    words: list[str] = []
    for raw in re.findall(r"[a-z0-9]+", flat.lower()):
        mapped = _SPELLINGS.get(raw) or _nearest(raw)
        words.extend(mapped.split())
    return words


def asks_for_person(text: str) -> bool:
    folded = " ".join(fold_words(text))
    if not folded or _REFUSALS.search(folded) or _SOMEONE_ELSE.search(folded):
        return False
    if _IDIOMS.search(folded):
        return False
    return any(rule.search(folded) for rule in _ASKS)


def _nearest(word: str) -> str:
    if len(word) < 5 or word in _VOCABULARY:
        return word
    allowed = 2 if len(word) >= 8 else 1
    for known in _VOCABULARY:
        if abs(len(known) - len(word)) <= allowed and _distance(word, known, allowed) <= allowed:
            return known
    return word


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent swaps) distance, cut off above ``limit``."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]
