"""One normaliser for every text rule: crisis, sourcing, harassment, personal info.

People who want a rule not to see them write "k1ll myself", "k i l l", "x\u0430nax" with
a Cyrillic letter, a zero-width space inside a word, "ｋｉｌｌ" in fullwidth or
"kiiiiill". This module undoes those tricks once per message, so every rule reads the
same views of the text and no rule needs its own look-alike handling.

API
---
``normalise(text) -> Normalised`` (the one call per message). A ``Normalised`` has:

``plain``
    Lower case; NFKC (fullwidth, mathematical alphanumerics, ligatures, circled
    letters become plain ones); zero-width, bidi and other invisible characters removed;
    Cyrillic/Greek/small-capital look-alikes folded to Latin; apostrophes removed ("im",
    "dont"); runs of spaces collapsed; line breaks kept (they end sentences). **Digits
    and symbols are untouched**, so phone numbers, "4521", times ("10:30"), dates and
    doses ("30mg", "2 tabs") read as written. Number rules (phone, address, dose) and
    anything that needs "@"/"$" as typed read this view. For ASCII chat it is exactly
    the old ``text_normalise.normalise`` output, so existing crisis rules keep working.
``words``
    ``plain`` folded for word rules: diacritics dropped ("ñ" -> "n"); letters written
    apart joined ("k i l l", "x.a.n.s", "k-y-s" -> "kill", "xans", "kys"; a run of
    only "a", "i", "u", "r" is ordinary chat, "u r a", and stays); leetspeak mapped
    inside words only (below); every run of three or more of one letter cut to two
    ("kiiiill" -> "kiill", "goooood" -> "good"; "good", "too", "all" are untouched).
``squeezed``
    ``words`` with each run of three or more of one letter cut to *one* instead of
    two ("kiiiill" -> "kill", "diiiie" -> "die", "loooser" -> "loser"), or ``None``
    when the text had no such run. Whether a long run stood for one letter or two is
    unknowable without a dictionary, so a word rule tries both: see ``variants``.
``variants``
    ``(words,)`` or ``(words, squeezed)``: the texts a word rule should try, in order;
    a rule matches when it matches any of them. Most messages have one variant.
``changed``
    True when ``words`` differs from ``plain`` (evasion was undone somewhere); a rule
    that already ran on ``plain`` only needs to re-run on ``variants`` when this is
    true or ``squeezed`` is set.

Also ``plain(text)``, ``fold(text)`` (the ``words`` view) and ``fold_term(term)``:
rule vocabulary (a facilitator's new term, the drug list) must go through
``fold_term`` so that a term and a message that spells it are folded the same way:
"m30" in the drug list and "m30" in a message fold identically whatever the leet rules
make of it.

Leetspeak, "only where it makes a word"
--------------------------------------
A token (a run of letters, digits and ``@ $ ! | +``) is rewritten only when it mixes
letters with look-alike digits or symbols: 0->o, 1->i (a leading "1" before a vowel
and a doubled "11" read as "l": "1oser", "ki11"), 3->e, 4->a, 5->s, 7->t, 9->g, @->a
and $->s, and between letters ! and | -> i, + -> t. Left as written:
* tokens with no letter: "4521", "867-5309", "10:30", "2026-12-01", "$50", "<@123>";
* a number with a unit or ordinal: "30mg", "2mg", "7pm", "1st", "90s", "24h", "5x";
* a code, letters then two or more digits: "m30", "m30s", "b12", "covid19" (but a
  doubled digit is a doubled letter: "ki11", "a55");
* tokens holding a digit with no letter look-alike (2, 6, 8): "2day", "gr8", "k2";
* "!" at the end of a word ("die!") and "@" at the start ("@alex") are punctuation.

Cost: ASCII text without a mixed token, a spaced run or a tripled letter goes through
one translate, one lower and one regex search; ``words`` is then ``plain`` itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalised", "fold", "fold_term", "normalise", "plain"]

# ---------------------------------------------------------------------------------------
# Character tables

# Invisible characters: zero-width, joiners, soft hyphen, bidi embeddings/overrides/
# isolates, word joiner and invisible operators, Hangul fillers, variation selectors,
# the Mongolian vowel separator, the combining grapheme joiner and tag characters.
_INVISIBLE = [
    0x00AD,
    0x034F,
    0x061C,
    0x115F,
    0x1160,
    0x17B4,
    0x17B5,
    0x180E,
    0x3164,
    0xFEFF,
    0xFFA0,
    *range(0x200B, 0x2010),  # zero-width space/joiners, LRM, RLM
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
    *range(0xFE00, 0xFE10),  # variation selectors ("❄️" reads as "❄")
    *range(0xE0000, 0xE0080),  # tag characters
]

# Letters from other scripts that look like Latin ones, upper and lower case (applied
# before case folding, because some only look Latin in one case: Greek "Η" is an H,
# "η" an n).
_CONFUSABLES = {
    # Cyrillic
    "А": "a",
    "а": "a",
    "В": "b",
    "в": "b",
    "С": "c",
    "с": "c",
    "Ԁ": "d",
    "ԁ": "d",
    "Е": "e",
    "е": "e",
    "Ё": "e",
    "ё": "e",
    "Һ": "h",
    "һ": "h",
    "Н": "h",
    "н": "h",
    "І": "i",
    "і": "i",
    "Ї": "i",
    "ї": "i",
    "Ј": "j",
    "ј": "j",
    "К": "k",
    "к": "k",
    "Ӏ": "l",
    "ӏ": "l",
    "М": "m",
    "м": "m",
    "О": "o",
    "о": "o",
    "Р": "p",
    "р": "p",
    "Ԛ": "q",
    "ԛ": "q",
    "Ѕ": "s",
    "ѕ": "s",
    "Т": "t",
    "т": "t",
    "Ц": "u",
    "Ԝ": "w",
    "ԝ": "w",
    "Х": "x",
    "х": "x",
    "У": "y",
    "у": "y",
    "Ү": "y",
    "ү": "y",
    "Ь": "b",
    "ь": "b",
    "Ꙇ": "i",
    # Greek
    "Α": "a",
    "α": "a",
    "Β": "b",
    "β": "b",
    "Ε": "e",
    "ε": "e",
    "Ζ": "z",
    "Η": "h",
    "η": "n",
    "Ι": "i",
    "ι": "i",
    "ί": "i",
    "Κ": "k",
    "κ": "k",
    "Μ": "m",
    "μ": "u",
    "Ν": "n",
    "ν": "v",
    "Ο": "o",
    "ο": "o",
    "ό": "o",
    "Ρ": "p",
    "ρ": "p",
    "Τ": "t",
    "τ": "t",
    "Υ": "y",
    "υ": "u",
    "Χ": "x",
    "χ": "x",
    "Ω": "w",
    "ω": "w",
    "ϲ": "c",
    "ϳ": "j",
    "έ": "e",
    "ά": "a",
    # Armenian
    "օ": "o",
    "ս": "u",
    "հ": "h",
    "ո": "n",
    "ց": "g",
    "ա": "w",
    # Latin letters without a decomposition, and small capitals
    "ı": "i",
    "ȷ": "j",
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ɑ": "a",
    "ɡ": "g",
    "ɩ": "i",
    "ɪ": "i",
    "ʟ": "l",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ꜰ": "f",
    "ɢ": "g",
    "ʜ": "h",
    "ᴊ": "j",
    "ᴋ": "k",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ʀ": "r",
    "ꜱ": "s",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ʏ": "y",
    "ᴢ": "z",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    # Typography that NFKC keeps
    "’": None,
    "‘": None,
    "ʼ": None,
    "′": None,
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "−": "-",
    "․": ".",
    "·": ".",
    "•": ".",
    "∙": ".",
    "¡": "!",
    "€": "e",
    "\u00a0": " ",
    "\u3000": " ",
}
_ASCII_TABLE = str.maketrans({"'": None, "`": None, "\t": " ", "\r": "\n"})
_UNICODE_TABLE = str.maketrans(
    {
        **dict.fromkeys(_INVISIBLE),
        **_CONFUSABLES,
        "'": None,
        "`": None,
        "\t": " ",
        "\r": "\n",
    }
)
# Regional-indicator letters ("🇰🇾🇸") read as letters, in the words view only.
_REGIONAL = str.maketrans({0x1F1E6 + i: chr(ord("a") + i) for i in range(26)})

_SPACES = re.compile(r" {2,}|[^\S\n]+")
_LINES = re.compile(r" ?\n[\s]*")

# ---------------------------------------------------------------------------------------
# Word-view rewrites

_LEET_CHARS = "0134579@$!|+"
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "i",
    "+": "t",
}
# Symbols that are only letters between two letters; at an edge they are punctuation.
_INTERIOR_ONLY = frozenset("!|+@")
# Where a leet token may be: any digit or look-alike symbol (a fast character search).
_LEET_HIT = re.compile(r"[0-9@$!|+]")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|+")
_UNIT = re.compile(
    r"\d+(?:mg|mcg|ug|ml|g|gs|kg|lb|lbs|oz|am|pm|st|nd|rd|th|s|h|hr|hrs|min|mins|m|k|x|"
    r"d|yo|yr|yrs|w|wk|wks|ish|mo|ft|km|mi|mm|cm|l|ml|iu|gb|mb)"
)
# Letters then two or more digits that are not one digit doubled ("ki11", "a55" are
# leet for "kill", "ass"; "m30", "b12", "covid19" are names).
_CODE = re.compile(r"[a-z]+(?!(\d)\1+(?![0-9]))\d{2,}[a-z]{0,2}")
_VOWELS = frozenset("aeiouy")

# Three or more single characters, each followed by one separator: "k i l l", "x.a.n.s".
_SPACED = re.compile(
    r"(?<![a-z0-9@$!|+])(?:[a-z0-9@$!|+][ ._~*\-]){2,}[a-z0-9@$!|+](?![a-z0-9@$!|+])"
)
_SPACED_SEP = re.compile(r"[ ._~*\-]")
# One-letter words of ordinary chat: a run made only of these is not a spelt-out word.
_CHAT_LETTERS = frozenset("aiur")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_REFLEXIVES = ("myself", "yourself", "urself", "himself", "herself", "themselves")

_TRIPLE = re.compile(r"([a-z])\1{2,}")
# Cheap pre-checks: each search starts on one character class, which the regex engine
# scans quickly; the full rewrites run only when a pre-check finds something.
_SPACED_HINT = re.compile(
    r"[ ._~*\-][a-z0-9@$!|+][ ._~*\-][a-z0-9@$!|+][ ._~*\-]"
    r"|^[a-z0-9@$!|+][ ._~*\-][a-z0-9@$!|+][ ._~*\-]"
)
_TRIPLE_HINT = re.compile(r"([a-z])\1\1")


@dataclass(frozen=True, slots=True)
class Normalised:
    """The views of one message; see the module docstring."""

    plain: str
    words: str
    squeezed: str | None = None

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.words,) if self.squeezed is None else (self.words, self.squeezed)

    @property
    def changed(self) -> bool:
        return self.words != self.plain


def _plain(text: str) -> str:
    if text.isascii():
        text = text.translate(_ASCII_TABLE).lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_UNICODE_TABLE).casefold()
        # Case folding can produce a combining mark or a new confusable ("İ" -> "i̇").
        if not text.isascii():
            text = text.translate(_UNICODE_TABLE)
    if "  " in text or "\n" in text or "\t" in text or not text.isascii():
        text = _LINES.sub("\n", _SPACES.sub(" ", text))
    return text.strip()


def _strip_marks(text: str) -> str:
    """Drop diacritics ("ñ" -> "n", "kílł" -> "kill")."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _join_spaced(match: re.Match[str]) -> str:
    run = match.group(0)
    chars = _SPACED_SEP.sub("", run)
    letters = [c for c in chars if c in _LETTERS]
    # "9 8 8" is a number, "u r a" is chat; both stay as written.
    if len(letters) < 2 or all(c in _CHAT_LETTERS for c in letters):
        return run
    # "a p l u g": the first letter is the article, the rest the word.
    if chars[0] == "a" and len(chars) >= 4 and run[1] == " ":
        chars = chars[0] + " " + chars[1:]
    # "k i l l m y s e l f": the reflexive word is split back off.
    for reflexive in _REFLEXIVES:
        if chars.endswith(reflexive) and len(chars) > len(reflexive):
            return chars[: -len(reflexive)] + " " + reflexive
    return chars


def _unleet(token: str) -> str:
    """Rewrite one mixed token when it reads as a word; see the module docstring."""
    # Punctuation at the edges stays punctuation: "die!", "@alex", "(+1)".
    start, end = 0, len(token)
    while start < end and token[start] in _INTERIOR_ONLY:
        start += 1
    while end > start and token[end - 1] in _INTERIOR_ONLY:
        end -= 1
    core = token[start:end]
    if not any(c in _LETTERS for c in core) or not any(c in _LEET_CHARS for c in core):
        return token
    if _UNIT.fullmatch(core) or _CODE.fullmatch(core):
        return token
    if any(c.isdigit() and c not in _LEET for c in core):
        return token
    out = []
    n = len(core)
    for i, c in enumerate(core):
        mapped = _LEET.get(c)
        if mapped is None:
            out.append(c)
            continue
        if c == "1":
            before = core[i - 1] if i else ""
            after = core[i + 1] if i + 1 < n else ""
            if before == "1" or after == "1" or (i == 0 and after in _VOWELS):
                mapped = "l"
        out.append(mapped)
    return token[:start] + "".join(out) + token[end:]


def _unleet_all(text: str) -> str:
    """Rewrite every mixed token; only positions holding a digit or symbol are visited."""
    parts: list[str] = []
    last = 0
    size = len(text)
    for hit in _LEET_HIT.finditer(text):
        at = hit.start()
        if at < last:
            continue  # inside the token just handled
        start = at
        while start > last and text[start - 1] in _TOKEN_CHARS:
            start -= 1
        end = at + 1
        while end < size and text[end] in _TOKEN_CHARS:
            end += 1
        parts.append(text[last:start])
        parts.append(_unleet(text[start:end]))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _fold_words(plain_text: str) -> str:
    text = plain_text
    if not text.isascii():
        text = _strip_marks(text.translate(_REGIONAL))
    if _SPACED_HINT.search(text) is not None:
        text = _SPACED.sub(_join_spaced, text)
    if _LEET_HIT.search(text) is not None:
        text = _unleet_all(text)
    return text


def normalise(text: str) -> Normalised:
    """All views of ``text`` for the rules; one call per message."""
    plain_text = _plain(text)
    words = _fold_words(plain_text)
    if _TRIPLE_HINT.search(words) is None:
        return Normalised(plain_text, words)
    return Normalised(plain_text, _TRIPLE.sub(r"\1\1", words), _TRIPLE.sub(r"\1", words))


def plain(text: str) -> str:
    """The ``plain`` view alone (digits and symbols as typed)."""
    return _plain(text)


def fold(text: str) -> str:
    """The ``words`` view alone."""
    return normalise(text).words


@lru_cache(maxsize=4096)
def fold_term(term: str) -> str:
    """Fold rule vocabulary exactly as messages are folded (cached: terms repeat)."""
    return normalise(term).words

