"""Rules by concept: word lists, found in a message's tokens, combined by short expressions.

A facilitator-editable rule in data/moderation.toml names lists of words and how they
must occur together, for example ``"street & money"`` (a street drug name and a price
anywhere in the message) or ``"asker > have > street"`` (in that order, in one clause,
a few words apart). This module tokenises a message once, finds every list entry in
it, drops what a guard cancels (harm-reduction supplies, a clause told in the past, a
treatment question), and evaluates the expressions.

Expressions (spaces around the operators):

* ``a & b``: both somewhere in the message;
* ``a > b``: ``b`` after ``a`` in the same clause, at most ``GAP`` words between;
* ``a + b``: ``b`` right after ``a`` (adjacent);
* ``a ~ b``: within ``GAP`` words of each other, either order (clauses may differ);
* ``<start>`` / ``<end>``: the clause starts / ends there (``<end>`` allows the
  trailing words of the ``trailing`` list: "tonight", "rn", "lol" ...).

``&`` binds loosest: ``want > street & asker`` is (``want > street``) and ``asker``.
Clauses end at ``. ! ? ; ,``, a line break and the word "but".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.kernel.text_normalise import fold_term

GAP = 4
_TOKEN = re.compile(r"[a-z0-9]+|\$|[.!?;,\n]|[^\x00-\x7f\s]")
_BREAK = frozenset(".!?;,\n")
_BREAK_WORDS = frozenset({"but"})
_OPS = (" & ", " > ", " + ", " ~ ")


class ConceptError(ValueError):
    """A rule expression or list in the data file cannot be read; says which and why."""


def tokens_of(text: str) -> list[str]:
    """A phrase or a message as tokens (words, "$", single emoji, clause breaks)."""
    return _TOKEN.findall(text)


# Words too frequent in chat to decide whether a rule is worth trying.
COMMON = frozenset(
    "a an the to and or but so for of in on at with by from up out off is are was were be "
    "been it its this that these those some any one no not i im me my you u ur your we us our "
    "he she they them his her their who what when where how if just like get got have has "
    "had need want can could will would should do does did all more very really something "
    "someone anything anyone everyone nothing everything group house reason problem".split()
)


def gate_word(entry: str) -> str | None:
    """The word of a list entry a message must hold for the entry to be in it: the longest
    uncommon one ("a g" -> "g", "something stronger" -> "stronger")."""
    toks = [t for t in tokens_of(fold_term(entry)) if t not in _BREAK]
    if not toks:
        return None
    rare = [t for t in toks if t not in COMMON]
    return max(rare or toks, key=len)


@dataclass(frozen=True, slots=True)
class Hit:
    concept: str
    start: int  # index into Message.words
    end: int  # exclusive
    clause: int


@dataclass(slots=True)
class Message:
    """One message's words (clause breaks removed) and each word's clause number."""

    words: list[str]
    clauses: list[int]
    # Index of the first and one past the last word of each clause.
    bounds: list[tuple[int, int]]

    @classmethod
    def read(cls, text: str) -> Message:
        words: list[str] = []
        clauses: list[int] = []
        bounds: list[tuple[int, int]] = []
        clause = 0
        start = 0
        for token in _TOKEN.findall(text):
            if token in _BREAK or token in _BREAK_WORDS:
                if len(words) > start:
                    bounds.append((start, len(words)))
                    clause += 1
                    start = len(words)
                continue
            words.append(token)
            clauses.append(clause)
        if len(words) > start:
            bounds.append((start, len(words)))
        return cls(words, clauses, bounds)


class Lexicon:
    """Every list's entries, indexed by their first word (one-word entries) or first two
    words (longer ones): two dictionary look-ups per word of a message."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        single: dict[str, list[str]] = {}
        multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        self.names = frozenset(lists)
        for name, entries in lists.items():
            for entry in entries:
                toks = tuple(t for t in tokens_of(fold_term(entry)) if t not in _BREAK)
                if len(toks) == 1:
                    if name not in single.setdefault(toks[0], []):
                        single[toks[0]].append(name)
                elif toks:
                    multi.setdefault((toks[0], toks[1]), []).append((toks, name))
        self._single = {word: tuple(names) for word, names in single.items()}
        self._multi = {pair: tuple(found) for pair, found in multi.items()}
        self.first_words = frozenset(single) | frozenset(pair[0] for pair in multi)

    def find(self, message: Message) -> list[Hit]:
        hits: list[Hit] = []
        words = message.words
        clauses = message.clauses
        single = self._single
        multi = self._multi
        last = len(words) - 1
        for i, word in enumerate(words):
            names = single.get(word)
            if names is not None:
                clause = clauses[i]
                for name in names:
                    hits.append(Hit(name, i, i + 1, clause))
            if i < last and clauses[i + 1] == clauses[i]:
                found = multi.get((word, words[i + 1]))
                if found is not None:
                    clause = clauses[i]
                    for toks, name in found:
                        end = i + len(toks)
                        if (
                            end <= len(words)
                            and clauses[end - 1] == clause
                            and (len(toks) == 2 or tuple(words[i:end]) == toks)
                        ):
                            hits.append(Hit(name, i, end, clause))
        return hits


# --- expressions ------------------------------------------------------------------------

Step = tuple[str, str]  # (operator joining it to the previous step, list name)
Chain = tuple[Step, ...]
Expression = tuple[Chain, ...]  # all chains must hold (joined by "&")


def parse_expression(text: str, known: Iterable[str], where: str) -> Expression:
    known_set = set(known) | {"<start>", "<end>"}
    chains: list[Chain] = []
    for part in f" {text.strip()} ".split(" & "):
        part = part.strip()
        if not part:
            raise ConceptError(f"{where}: empty part in {text!r}")
        steps: list[Step] = []
        op = ""
        rest = f" {part} "
        pieces = re.split(r" ([>+~]) ", rest.strip())
        for i, piece in enumerate(pieces):
            if i % 2 == 1:
                op = piece
                continue
            name = piece.strip()
            if name not in known_set:
                raise ConceptError(
                    f"{where}: unknown list {name!r} in {text!r}; known lists: "
                    + ", ".join(sorted(set(known)))
                )
            steps.append((op, name))
        if all(name in ("<start>", "<end>") for _, name in steps):
            raise ConceptError(f"{where}: {text!r} needs at least one list")
        chains.append(tuple(steps))
    return tuple(chains)


def _chain_holds(
    chain: Chain, by: Mapping[str, Sequence[Hit]], message: Message, trailing: frozenset[str]
) -> bool:
    """Whether the chain's steps occur in order (a small depth-first search)."""

    def places(name: str) -> Sequence[Hit]:
        return by.get(name, ())

    def extend(step: int, prev: Hit | None) -> bool:
        if step == len(chain):
            return True
        op, name = chain[step]
        if name == "<end>":
            assert prev is not None
            _, hi = message.bounds[prev.clause]
            j = prev.end
            while j < hi and message.words[j] in trailing:
                j += 1
            return j >= hi and extend(step + 1, prev)
        if name == "<start>":
            return extend(step + 1, None)
        for hit in places(name):
            if prev is None:
                if step > 0 and chain[step - 1][1] == "<start>":
                    if hit.start != message.bounds[hit.clause][0]:
                        continue
                if extend(step + 1, hit):
                    return True
                continue
            if op == "~":
                far = hit.start - prev.end if hit.start >= prev.end else prev.start - hit.end
                if 0 <= far <= GAP and extend(step + 1, hit):
                    return True
                continue
            if hit.clause != prev.clause or hit.start < prev.end:
                continue
            gap = hit.start - prev.end
            if (op == "+" and gap == 0) or (op == ">" and gap <= GAP):
                if extend(step + 1, hit):
                    return True
        return False

    return extend(0, None)


@dataclass(frozen=True)
class Rules:
    """Named expressions over one lexicon."""

    lexicon: Lexicon
    # (rule name, expression, the lists it needs: it is tried only when all are present)
    expressions: tuple[tuple[str, Expression, frozenset[str]], ...]
    trailing: frozenset[str]

    def first_match(self, message: Message, hits: Sequence[Hit]) -> str | None:
        by: dict[str, list[Hit]] = {}
        for hit in hits:
            by.setdefault(hit.concept, []).append(hit)
        present = by.keys()
        for name, expression, needs in self.expressions:
            if not needs <= present:
                continue
            if all(_chain_holds(chain, by, message, self.trailing) for chain in expression):
                return name
        return None


def compile_rules(
    rules: Mapping[str, Sequence[str]], lexicon: Lexicon, trailing: Iterable[str], where: str
) -> Rules:
    expressions = []
    for name, texts in rules.items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ConceptError(f"{where}: rule name {name!r} must be lower-case words and _")
        for text in texts:
            if any(op.strip() in text.split() for op in ("&&", "|")):
                raise ConceptError(f"{where}.{name}: use &, >, + or ~ in {text!r}")
            expression = parse_expression(text, lexicon.names, f"{where}.{name}")
            needs = frozenset(
                step for chain in expression for _, step in chain if not step.startswith("<")
            )
            expressions.append((name, expression, needs))
    trail = frozenset(t for entry in trailing for t in tokens_of(fold_term(entry)))
    return Rules(lexicon, tuple(expressions), trail)


# --- guards -----------------------------------------------------------------------------


def drop_covered(hits: list[Hit], covers: Iterable[Hit]) -> list[Hit]:
    """Hits that overlap none of ``covers`` (harm-reduction supplies, "ice cream")."""
    spans = [(c.start, c.end) for c in covers]
    if not spans:
        return hits
    return [h for h in hits if not any(s < h.end and h.start < e for s, e in spans)]


def drop_after(
    hits: list[Hit], triggers: Iterable[Hit], applies: frozenset[str] | None
) -> list[Hit]:
    """Hits that come after a trigger in the same clause ("used to", "my old")."""
    first: dict[int, int] = {}
    for t in triggers:
        if t.clause not in first or t.start < first[t.clause]:
            first[t.clause] = t.start
    if not first:
        return hits
    return [
        h
        for h in hits
        if (applies is not None and h.concept not in applies)
        or h.clause not in first
        or h.start < first[h.clause]
    ]


def drop_in_clause(
    hits: list[Hit], triggers: Iterable[Hit], applies: frozenset[str] | None
) -> list[Hit]:
    """Hits in a clause that holds a trigger (a treatment question: "my doctor ...")."""
    clauses = {t.clause for t in triggers}
    if not clauses:
        return hits
    return [
        h
        for h in hits
        if (applies is not None and h.concept not in applies) or h.clause not in clauses
    ]
