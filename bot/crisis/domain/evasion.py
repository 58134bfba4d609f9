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

# A look-alike digit or symbol between letters ("k1ll", "su!cide", "d13"), one opening a
# word ("$uicide", "3nd", "5uicidal"), or three spaced single letters ("k i l l"). Times,
# doses and ordinals ("7pm", "30mg", "2nd") are not signs: the kernel leaves them as
# written, so folding them would only cost time. Only the positions of look-alike
# characters are visited, so ordinary chat never reaches a regex.
_SYMBOLS = "0123456789@$!|+"
_LOOK_ALIKE = re.compile(r"[0134579@$!|+]")
# How many letters must follow a look-alike that opens a word.
_OPENING = {"@": 1, "$": 1, "0": 2, "1": 2, "3": 2, "4": 2, "5": 3, "7": 3, "9": 3}
# Each alternative starts with a separator or the start, so the scan is cheap.
_SPACED = re.compile(r"[ ._-]\w[ ._-]\w[ ._-]\w(?!\w)|^\w[ ._-]\w[ ._-]\w(?!\w)")
# Letters that are not words on their own in chat ("i", "a", "u" are).
_LONE_LETTERS = frozenset("bcdefghjklmnopqrstvwxyz")


def needs_evasion_fold(norm: str, words: set[str] | None = None) -> bool:
    """Whether the plain text shows a sign of evasive spelling. ``words``: the set of
    ``\\w+`` words of ``norm`` if known (spaced letters need a lone letter among them)."""
    if not norm.isascii():
        return True
    if any(c in norm for c in _SYMBOLS) and _mixed(norm):
        return True
    if words is not None and words.isdisjoint(_LONE_LETTERS):
        return False
    return _SPACED.search(norm) is not None


def fold_evasion(norm: str) -> str:
    """The ``words`` view of already-plain text (folding plain text again is harmless)."""
    return fold(norm)


def _mixed(norm: str) -> bool:
    """A look-alike character inside a word or opening one (see ``_OPENING``)."""
    for hit in _LOOK_ALIKE.finditer(norm):
        at = hit.start()
        before = norm[at - 1] if at else " "
        if before.isalpha():
            # The run of look-alikes must go on into a letter or digit ("k11l"), not end
            # the word as punctuation does ("wow!!").
            end = at
            while end < len(norm) and norm[end] in "0134579@$!|+":
                end += 1
            if end < len(norm) and norm[end].isalnum():
                return True
        elif not before.isdigit():
            needed = _OPENING.get(hit.group(0))
            if needed is not None and norm[at + 1 : at + 1 + needed].isalpha():
                if len(norm[at + 1 : at + 1 + needed]) == needed:
                    return True
    return False
