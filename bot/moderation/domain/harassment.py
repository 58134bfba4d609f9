"""Harassment by concept: hurtful words aimed at a person, minus self-talk, reported
speech, negation and support.

The lists and rules are data (``[harassment]`` in data/moderation.toml). The guards:

* reported speech and negation cancel what follows them in the clause ("my ex said
  you're a junkie", "you're not a burden", "stop calling yourself a loser");
* "you" meaning anyone ("when you're an addict you lie") cancels what follows;
* talk about the words ("the word junkie hurts", "junkies are people too") cancels the
  stigma words in the clause;
* a hurtful word whose nearest person before it is the speaker ("I'm such an idiot",
  "my brother is a junkie") is self-talk or a family story, not an attack;
* a message that speaks of the speaker and never of "you" ("I was a junkie for ten
  years", "ugh I relapsed. pathetic.") is self-talk throughout;
* encouragement ("keep going", "proud of you") cancels "nobody cares ...".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.kernel.text_normalise import fold_term
from bot.moderation.domain.concepts import (
    Hit,
    Lexicon,
    Message,
    Rules,
    compile_rules,
    drop_after,
    drop_in_clause,
    gate_word,
    tokens_of,
)

# The hurtful words; the guards below decide whether they were aimed at someone.
HURTFUL = frozenset({"insult", "self_worth", "stigma", "weak_stigma", "mat_shame", "crying"})
_STIGMA = frozenset({"stigma", "weak_stigma"})
# Concepts without which no rule can hold: the hurtful words, and "nobody" (cares ...).
_OPENERS = HURTFUL | {
    "nobody",
    "person",
    "contempt",
    "ruin",
    "reason",
    "tell_off",
    "crying",
    "illness_slur",
    "crowd",
    "behind_back",
}
_YOU = frozenset({"you", "youre", "yours"})
_GUARDS = (
    "self",
    "self_subject",
    "report",
    "negation",
    "generic",
    "meta",
    "not_names",
    "support",
    "mood",
)


@dataclass(frozen=True)
class Harassment:
    rules: Rules
    gate: frozenset[str]
    # Words that start a clause and are not a name ("this", "life", "dinner").
    not_names: frozenset[str]

    def find(self, text: str, words: set[str]) -> str | None:
        if self.gate.isdisjoint(words) and (text.isascii() or not self._emoji_in(text)):
            return None
        message = Message.read(text)
        hits = self.rules.lexicon.find(message)
        # "@riley", "<@1234...>": a mention points at a member as a name does.
        if "@" in text:
            hits.extend(_mentions(message, text))
        guards: dict[str, list[Hit]] = {name: [] for name in _GUARDS}
        concepts: list[Hit] = []
        for hit in hits:
            if hit.concept in guards:
                guards[hit.concept].append(hit)
            if hit.concept not in guards or hit.concept == "self":
                concepts.append(hit)
        if not any(h.concept in _OPENERS for h in concepts):
            return None
        concepts = drop_after(concepts, guards["report"], None)
        concepts = drop_after(concepts, guards["negation"], None)
        concepts = drop_after(concepts, guards["generic"], None)
        concepts = drop_in_clause(concepts, guards["meta"], _STIGMA)
        concepts = _drop_self_talk(concepts, guards["self_subject"])
        if guards["mood"]:
            concepts = _drop_moods(concepts, guards["mood"])
        if guards["support"]:
            # Encouragement around "nobody cares" ("... more than you do, keep going").
            concepts = [h for h in concepts if h.concept != "nobody"]
        concepts.extend(_names(message, self.not_names))
        rule = self.rules.first_match(message, concepts)
        return None if rule is None else f"harassment.{rule}"

    def _emoji_in(self, text: str) -> bool:
        # Mocking emoji aimed at someone ("🤡🤡 @riley") hold no word for the gate.
        return any(not ch.isascii() and ch in self.gate for ch in text)


_MENTIONED = re.compile(r"<@!?(\d+)>|(?<![\w@])@([a-z0-9_.]+)")


def _drop_moods(hits: list[Hit], moods: Sequence[Hit]) -> list[Hit]:
    """A stigma word naming a mood ("crackhead energy today, cleaned my whole apartment")
    is said of no one unless the message points at someone (you, a name, a mention)."""
    if any(h.concept in _YOU or h.concept == "member" for h in hits):
        return hits

    def names_a_mood(hit: Hit) -> bool:
        return any(m.start <= hit.end and hit.start < m.end for m in moods)

    return [h for h in hits if not (h.concept in _STIGMA and names_a_mood(h))]


def _mentions(message: Message, text: str) -> list[Hit]:
    """A "member" hit for each word that was written as a mention."""
    mentioned = {m.group(1) or m.group(2) for m in _MENTIONED.finditer(text)}
    mentioned -= {"everyone", "here"}
    return [
        Hit("member", i, i + 1, message.clauses[i])
        for i, word in enumerate(message.words)
        if word in mentioned
    ]


def _names(message: Message, not_names: frozenset[str]) -> list[Hit]:
    """A "name" hit for each clause whose first word may be someone's name."""
    found = []
    for clause, (start, end) in enumerate(message.bounds):
        word = message.words[start]
        if end - start > 2 and word.isalpha() and word not in not_names:
            found.append(Hit("name", start, start + 1, clause))
    return found


def _drop_self_talk(hits: list[Hit], subjects: Sequence[Hit]) -> list[Hit]:
    aimed_at_you = any(h.concept in _YOU for h in hits)
    if subjects and not aimed_at_you:
        return [h for h in hits if h.concept not in HURTFUL]
    kept = []
    for hit in hits:
        if hit.concept in HURTFUL and _nearest_person_is_self(hit, hits):
            continue
        kept.append(hit)
    return kept


def _nearest_person_is_self(hit: Hit, hits: Sequence[Hit]) -> bool:
    nearest: Hit | None = None
    for other in hits:
        if other.clause != hit.clause or other.start >= hit.start:
            continue
        if other.concept in _YOU or other.concept == "self":
            if nearest is None or other.start > nearest.start:
                nearest = other
    return nearest is not None and nearest.concept == "self"


def compile_harassment(
    lists: Mapping[str, Sequence[str]], rules: Mapping[str, Sequence[str]]
) -> Harassment:
    lexicon = Lexicon({**lists, "name": ()})
    compiled = compile_rules(rules, lexicon, lists.get("trailing", ()), "harassment.rules")
    # Any word of an entry must be present for the entry to be: the longest one gates.
    gate: set[str] = set()
    for name in _OPENERS:
        for entry in lists.get(name, ()):
            word = gate_word(entry)
            if word is not None:
                gate.add(word)
    not_names = frozenset(t for e in lists.get("not_names", ()) for t in tokens_of(fold_term(e)))
    return Harassment(compiled, frozenset(gate), not_names)
