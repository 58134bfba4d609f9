"""Text normalisation shared by the crisis detector and the moderation rules.

* ``normalise`` gives a lower-case, apostrophe-free text with runs of spaces collapsed
  and line breaks kept (they end sentences). Chat and the Reddit data we measure on both
  drop apostrophes ("im", "dont"), so removing them everywhere lets one pattern cover
  both spellings.
* ``fold_for_terms`` also drops diacritics and invisible characters, for term matching.
* ``join_spaced_letters`` undoes "s p a c e d" writing for phrase matching ("k y s").

Most chat is ASCII, so each function has a fast path that skips Unicode work.
"""

from __future__ import annotations

import re
import unicodedata

_ASCII_TABLE = str.maketrans({"'": None, "`": None, "\t": " ", "\r": "\n"})
_UNICODE_TABLE = str.maketrans(
    {
        "'": None,
        "`": None,
        "’": None,
        "‘": None,
        "ʼ": None,
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\t": " ",
        "\r": "\n",
    }
)
_SPACES = re.compile(r" {2,}|[^\S\n]+")
_LINES = re.compile(r" ?\n[\s]*")
# Three or more single characters separated by one space or symbol: "k y s", "k.y.s".
# Ordinary text rarely has three one-letter words in a row.
_SPACED = re.compile(r"(?<![\w*])(?:[\w*@$!][\s._\-~]){2,}[\w*@$!](?![\w*])")
_SPACED_SEP = re.compile(r"[\s._\-~]")


def normalise(text: str) -> str:
    """Lower-case NFKC text, apostrophes removed, spaces collapsed, line breaks kept."""
    if text.isascii():
        text = text.translate(_ASCII_TABLE).lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_UNICODE_TABLE).casefold()
    if "  " in text or "\n" in text or not text.isascii():
        text = _LINES.sub("\n", _SPACES.sub(" ", text))
    return text.strip()


def join_spaced_letters(text: str) -> str:
    """Join runs of spaced-out single characters into one word ("k y s" -> "kys")."""
    return _SPACED.sub(lambda m: _SPACED_SEP.sub("", m.group(0)), text)


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def fold_for_terms(text: str) -> str:
    """``normalise`` without diacritics or invisible characters.

    This is the view the term matcher reads, so "ñ1gg3r" and a zero-width space inside
    a word are seen for what they are.
    """
    if text.isascii():
        return normalise(text)
    text = unicodedata.normalize("NFKD", text.translate(_ZERO_WIDTH))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return normalise(text)
