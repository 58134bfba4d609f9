"""When the crisis rules need the kernel normaliser's folded ``words`` view.

The rules read the ``plain`` view (``bot.kernel.text_normalise.plain``). Evasive spelling
("k1ll", look-alike letters, zero-width characters, "k i l l") is undone by the kernel's
``fold`` (the ``words`` view), asked for only when the plain text shows a sign of it, so
ordinary chat keeps its fast path.
"""

from __future__ import annotations

import re

from bot.kernel.text_normalise import fold

__all__ = ["fold_evasion", "needs_evasion_fold"]

# A digit or symbol between letters ("k1ll", "su!cide"), or three spaced single letters
# ("k i l l"); the symbol check is a C-level scan, so most chat never reaches a regex.
_SYMBOLS = "0123456789@$!|+"
_MIXED = re.compile(r"[a-z][0-9@$!|+][a-z0-9]|[0-9@$][a-z]{2}")
# Each alternative starts with a separator or the start, so the scan is cheap.
_SPACED = re.compile(r"[ ._-]\w[ ._-]\w[ ._-]\w(?!\w)|^\w[ ._-]\w[ ._-]\w(?!\w)")
# Letters that are not words on their own in chat ("i", "a", "u" are).
_LONE_LETTERS = frozenset("bcdefghjklmnopqrstvwxyz")


def needs_evasion_fold(norm: str, words: set[str] | None = None) -> bool:
    """Whether the plain text shows a sign of evasive spelling. ``words``: the set of
    ``\\w+`` words of ``norm`` if known (spaced letters need a lone letter among them)."""
    if not norm.isascii():
        return True
    if any(c in norm for c in _SYMBOLS) and _MIXED.search(norm) is not None:
        return True
    if words is not None and words.isdisjoint(_LONE_LETTERS):
        return False
    return _SPACED.search(norm) is not None


def fold_evasion(norm: str) -> str:
    """The ``words`` view of already-plain text (folding plain text again is harmless)."""
    return fold(norm)
