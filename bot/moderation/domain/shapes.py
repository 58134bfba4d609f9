"""Sentence shapes from data/moderation.toml, compiled to regular expressions.

A shape is words separated by spaces, read against the normaliser's ``words`` view:

* ``word/other``: either word (``for_sale`` is the two words "for sale" as one choice);
  ``word?``: the word may be missing;
* ``{name}``: any entry of the named list (``{insult}`` also finds a list ``insults``);
  ``{name}?`` may be missing; ``{name}*`` any number of them, none included;
* ``,`` ``.`` ``?``: that punctuation, spaces around it optional; ``$``: a price
  ("$20", "20$");
* ``<start>`` / ``<end>``: the start or end of the message (trailing ``!?.`` allowed).

Words may be separated by spaces or hyphens ("re up" finds "re-up"). A shape never
matches inside a longer word. Literal words and list entries go through the same
``fold_term`` as messages, so "who's" in the file finds "whos" in a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from bot.kernel.text_normalise import fold_term

_SEP = r"[\s\-]+"
_EDGE_BEFORE = r"(?<![a-z0-9])"
# Not followed by a letter, nor by a hyphen and a letter ("hope you die-hard fans").
_EDGE_AFTER = r"(?![a-z0-9]|-[a-z])"
_PUNCT = {",": r"\s*,", ".": r"\s*\.", "?": r"\s*\?"}
_PRICE = r"(?:\$\s?\d+|\d+\s?\$)"


class ShapeError(ValueError):
    """A shape in the data file cannot be read; the message says which and why."""


def _alternation(entries: Iterable[str]) -> str:
    words = sorted({e for e in entries if e}, key=len, reverse=True)
    parts = []
    for entry in words:
        parts.append(_SEP.join(re.escape(w) for w in entry.split()))
    return "(?:" + "|".join(parts) + ")"


def _lookup(name: str, lists: Mapping[str, Sequence[str]], where: str) -> Sequence[str]:
    if name in lists:
        return lists[name]
    if name + "s" in lists:
        return lists[name + "s"]
    known = ", ".join(sorted(lists))
    raise ShapeError(f"{where}: unknown list {{{name}}}; known lists: {known}")


def compile_shape(shape: str, lists: Mapping[str, Sequence[str]], where: str) -> str:
    """One shape as a regular expression (a string, to be joined with others)."""
    tokens = shape.split()
    if not tokens:
        raise ShapeError(f"{where}: empty shape")
    # (regex, how often: "" once, "?" maybe, "*" any number; glued to previous?)
    pieces: list[tuple[str, str, bool]] = []
    for token in tokens:
        repeat = token[-1] if token[-1] in "?*" and len(token) > 1 else ""
        body = token[:-1] if repeat else token
        if body == "<end>":
            pieces.append((r"\s*[.!?]*\s*$", "", True))
            continue
        if body == "<start>":
            pieces.append((r"^\s*", "", True))
            continue
        if body in _PUNCT:
            pieces.append((_PUNCT[body], repeat, True))
            continue
        if body == "$":
            pieces.append((r"\s*" + _PRICE, repeat, True))
            continue
        if body.startswith("{") and body.endswith("}"):
            name = body[1:-1]
            if name == "word":
                regex = r"[a-z0-9]+"
            else:
                entries = [fold_term(e) for e in _lookup(name, lists, where)]
                regex = _alternation(entries)
        else:
            if "{" in body or "}" in body:
                raise ShapeError(f"{where}: cannot read {token!r} in {shape!r}")
            regex = _alternation(fold_term(w.replace("_", " ")) for w in body.split("/"))
        pieces.append((regex, repeat, False))
    out: list[str] = []
    previous_glued = True  # nothing before the first piece needs a separator
    for index, (regex, repeat, glued) in enumerate(pieces):
        if index == 0 and repeat:
            out.append(f"(?:{regex}{_SEP}){repeat}")
            continue
        if glued or index == 0 or (index == 1 and pieces[0][1]):
            sep = ""
        elif previous_glued:
            sep = r"\s*"
        else:
            sep = _SEP
        out.append(f"(?:{sep}{regex}){repeat}" if repeat else f"{sep}{regex}")
        previous_glued = glued
    body = "".join(out)
    before = "" if pieces[0][2] else _EDGE_BEFORE  # ", loser" may follow a word
    return f"{before}(?:{body}){_EDGE_AFTER}"


# Words so frequent in chat that a shape should not be tried just because one appears.
_COMMON = frozenset(
    "i im a an the to and for is are me my you u ya yall your ur youre yr ure go get got "
    "have has who anyone anybody someone some any can could do does need want it of in on "
    "at with so just such all not no be this that here what how where whos if one us like "
    "will make same other never back better lost dead stop should left know around near "
    "number wants want buy once everyone hope 4 new need".split()
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Gated:
    """Shapes grouped by the words one of which must be in a message for them to match.

    ``search`` reads only the groups whose words (or emoji) occur in the message, so a
    message without any sourcing or abuse vocabulary costs a few set look-ups.
    """

    groups: tuple[tuple[frozenset[str], tuple[str, ...], re.Pattern[str], tuple[str, ...]], ...]
    # Anchor word -> the groups it opens, and the groups opened by emoji: a message's
    # few words are looked up instead of every group being asked about every message.
    by_word: dict[str, tuple[int, ...]] = field(default_factory=dict)
    emoji_groups: tuple[int, ...] = ()

    def finditer(self, text: str, words: set[str]) -> Iterator[tuple[str, re.Match[str]]]:
        """(rule name, match) for each match in each group the message's words open."""
        by_word = self.by_word
        opened = {i for word in words for i in by_word.get(word, ())}
        for i in self.emoji_groups:
            if any(e in text for e in self.groups[i][1]):
                opened.add(i)
        for i in sorted(opened):
            _, _, pattern, names = self.groups[i]
            for match in pattern.finditer(text):
                index = int((match.lastgroup or "g0")[1:])
                yield names[index], match


def _token_anchor(
    token: str, lists: Mapping[str, Sequence[str]], where: str
) -> tuple[frozenset[str], frozenset[str]] | None:
    """The words (and emoji) one of which must appear for ``token`` to match; None if
    the token cannot anchor (optional, punctuation, {word})."""
    if token[-1] in "?*" and len(token) > 1:
        return None
    if token in ("<start>", "<end>", "$") or token in _PUNCT or token == "{word}":
        return None
    if token.startswith("{") and token.endswith("}"):
        entries = [fold_term(e) for e in _lookup(token[1:-1], lists, where)]
    else:
        entries = [fold_term(w.replace("_", " ")) for w in token.split("/")]
    words: set[str] = set()
    emoji: set[str] = set()
    for entry in entries:
        found = _WORD.findall(entry)
        if found:
            words.add(found[0])
        else:
            emoji.add(entry)
    return frozenset(words), frozenset(emoji)


def _first_chars(shape: str, lists: Mapping[str, Sequence[str]], where: str) -> set[str] | None:
    """Characters a match of ``shape`` can start with; None when any character can."""
    chars: set[str] = set()
    for token in shape.split():
        repeat = token[-1] in "?*" and len(token) > 1
        body = token[:-1] if repeat else token
        if body in ("<start>", "<end>", "$") or body in _PUNCT or body == "{word}":
            return None
        if body.startswith("{") and body.endswith("}"):
            entries = [fold_term(e) for e in _lookup(body[1:-1], lists, where)]
        else:
            entries = [fold_term(w.replace("_", " ")) for w in body.split("/")]
        chars.update(e[0] for e in entries if e)
        if not repeat:
            return chars
    return None


def _shape_anchor(
    shape: str, lists: Mapping[str, Sequence[str]], where: str, common: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    best: tuple[frozenset[str], frozenset[str]] | None = None
    best_score = (10**9, 10**9)
    for token in shape.split():
        anchor = _token_anchor(token, lists, where)
        if anchor is None:
            continue
        score = (len(anchor[0] & common), len(anchor[0]) + len(anchor[1]))
        if score < best_score:
            best, best_score = anchor, score
    if best is None:
        raise ShapeError(f"{where}: {shape!r} needs at least one word that must appear")
    return best


def compile_gated(
    rules: Mapping[str, Sequence[str]],
    lists: Mapping[str, Sequence[str]],
    where: str,
    frequent: Iterable[str] = (),
) -> Gated:
    """Every shape of every named rule, grouped by its anchor words.

    ``frequent``: more words too common in chat to anchor on (the ambiguous street
    names: "hard", "white", "ice").
    """
    common = _COMMON | {w for e in frequent for w in _WORD.findall(fold_term(e))[:1]}
    grouped: dict[tuple[frozenset[str], frozenset[str]], list[tuple[str, str, set[str] | None]]]
    grouped = {}
    for name, shapes in rules.items():
        for shape in shapes:
            regex = compile_shape(shape, lists, f"{where}.{name}")
            anchor = _shape_anchor(shape, lists, f"{where}.{name}", common)
            first = _first_chars(shape, lists, f"{where}.{name}")
            grouped.setdefault(anchor, []).append((name, regex, first))
    groups = []
    for (anchor_words, anchor_emoji), members in grouped.items():
        body = "|".join(f"(?P<g{i}>{regex})" for i, (_, regex, _f) in enumerate(members))
        firsts = [f for _, _, f in members]
        if all(f is not None for f in firsts):
            # A look-ahead on the possible first characters lets the engine skip ahead
            # instead of trying every alternative at every position.
            every = sorted(set().union(*(f for f in firsts if f is not None)))
            body = "(?=[" + re.escape("".join(every)) + "])(?:" + body + ")"
        names = tuple(name for name, _, _f in members)
        groups.append((anchor_words, tuple(sorted(anchor_emoji)), re.compile(body), names))
    by_word: dict[str, list[int]] = {}
    for i, (anchor_words, _, _, _) in enumerate(groups):
        for word in anchor_words:
            by_word.setdefault(word, []).append(i)
    emoji_groups = tuple(i for i, group in enumerate(groups) if group[1])
    return Gated(tuple(groups), {w: tuple(ids) for w, ids in by_word.items()}, emoji_groups)
