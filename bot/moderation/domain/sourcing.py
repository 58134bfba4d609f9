"""Drug sourcing by concept: a drug (or a seller) together with buying, selling, trading,
a price or a way to get in touch, minus harm reduction, the past and treatment talk.

The lists and the rules are data (``[drug_sourcing]`` in data/moderation.toml, read by
``rules.py``); this module compiles them once per server and reads one message.

Guards, in order:

* harm-reduction supplies (naloxone, test strips, syringe services ...) and ordinary
  look-alikes ("ice cream", "plug in your phone") cancel every word they cover: "does
  anyone have fentanyl test strips?" names no drug once the supplies are taken out;
* a clause told in the past or refused ("i used to buy blues", "my old connect",
  "i dont answer") cancels what comes after the marker in that clause;
* a topic word (experience, withdrawal, tips, side effects ...) in a clause cancels the
  drugs in it ("does anyone have xanax withdrawal tips");
* a treatment word (doctor, clinic, prescriber, pharmacy ...) or a harm-reduction supply
  in a clause cancels the treatment medicines in it ("my doctor gave me extra
  gabapentin", "pharmacies sell naloxone without a prescription").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.moderation.domain.concepts import (
    Hit,
    Lexicon,
    Message,
    Rules,
    compile_rules,
    drop_after,
    drop_covered,
    drop_in_clause,
    gate_word,
)

DRUG_LISTS = (
    "street",
    "treatment",
    "ambiguous",
    "pill_nicknames",
    "letter",
    "nickname_names",
)
# Lists the guards read; they are not concepts of a rule.
GUARD_LISTS = (
    "never_sourcing",
    "harm_reduction",
    "not_a_seller",
    "past",
    "topic",
    "treatment_context",
)


@dataclass(frozen=True)
class Sourcing:
    rules: Rules
    # A message must hold one of these words (or emoji) before any rule is tried.
    gate: frozenset[str]

    def find(self, text: str, words: set[str]) -> str | None:
        """The rule that found sourcing in ``text`` (the normaliser's words view), or None.
        ``words``: the message's words, for the gate."""
        if self.gate.isdisjoint(words) and (text.isascii() or not self._emoji_in(text)):
            return None
        message = Message.read(text)
        hits = self.rules.lexicon.find(message)
        if not hits:
            return None
        hits.extend(_numbers(message))
        guards: dict[str, list] = {name: [] for name in GUARD_LISTS}
        concepts = []
        for hit in hits:
            if hit.concept in guards:
                guards[hit.concept].append(hit)
            else:
                concepts.append(hit)
        concepts = drop_covered(concepts, guards["never_sourcing"])
        concepts = drop_after(concepts, guards["past"], None)
        concepts = drop_in_clause(concepts, guards["topic"], frozenset(DRUG_LISTS))
        concepts = drop_in_clause(concepts, guards["treatment_context"], frozenset({"treatment"}))
        # A clause about a harm-reduction supply is about getting it, prescription or not
        # ("pharmacies sell naloxone without a prescription now right?").
        concepts = drop_in_clause(concepts, guards["harm_reduction"], frozenset({"treatment"}))
        concepts = drop_in_clause(concepts, guards["not_a_seller"], frozenset({"source"}))
        rule = self.rules.first_match(message, concepts)
        return None if rule is None else f"drug_sourcing.{rule}"

    def _emoji_in(self, text: str) -> bool:
        return any(not ch.isascii() and ch in self.gate for ch in text)


def _numbers(message: Message) -> list[Hit]:
    """A "number" hit for each figure ("40 for the bottle", "10 each")."""
    return [
        Hit("number", i, i + 1, message.clauses[i])
        for i, word in enumerate(message.words)
        if word.isdigit()
    ]


def compile_sourcing(
    lists: Mapping[str, Sequence[str]],
    rules: Mapping[str, Sequence[str]],
    extra_street: Sequence[str] = (),
) -> Sourcing:
    """``lists``: every list by name (drug families already merged into ``street``);
    ``extra_street``: a server's own street names (from /mod terms add)."""
    merged = {name: list(entries) for name, entries in lists.items()}
    merged["street"] = [*merged.get("street", []), *extra_street]
    merged["drug"] = [*merged["street"], *merged.get("treatment", [])]
    merged["number"] = []  # found by _numbers, not by the lexicon
    lexicon = Lexicon(merged)
    compiled = compile_rules(rules, lexicon, merged.get("trailing", ()), "drug_sourcing.rules")
    # Every entry of these lists has its longest word in the gate (any one word of an
    # entry must be present for the entry to be, so this only skips what cannot match).
    gate: set[str] = set()
    gated = (
        *DRUG_LISTS,
        "source",
        "cop",
        "score",
        "hookup",
        "holding",
        "guy",
        "front",
        "package",
        "supply",
        "surplus",
        "vapes",
        "score_word",
        "unused",
        "anything",
    )
    for name in gated:
        for entry in merged.get(name, ()):
            word = gate_word(entry)
            if word is not None:
                gate.add(word)
    return Sourcing(compiled, frozenset(gate))
