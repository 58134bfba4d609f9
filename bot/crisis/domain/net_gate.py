"""Which of the safety net's concepts a message is worth searching for, and whether it
holds a word of risk at all.

Most messages hold no word any concept needs, and stop at a set intersection; the
moderation verdict reads the net only for messages that hold a word of risk (``gated``),
and the net's crisis tier asks the same of every other path, so they agree.
"""

from __future__ import annotations

import re

from bot.crisis.domain.net_concepts import CONCEPTS, CONCERN_ONLY

__all__ = ["GATE", "READS_CLAUSE_END", "SUICIDE_HINTS", "TRIGGERS", "candidates", "gated"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a concept's every match contains (one from each set): a message holding none of
# them is not searched for that concept, which keeps ordinary messages cheap. A concept
# missing here is always searched.
TRIGGERS: dict[str, tuple[frozenset[str], ...]] = {
    "command": (
        _words(
            "tell tells telling told say says saying said want wants wanted order orders "
            "ordering command commands commanding commanded"
        ),
        _words("die kill cut end hurt jump hang starve burn bleed do dead gone"),
    ),
    "until_death": (_words("till until til untill"),),
    "plan_ready": (_words("plan need stuff enough means everything date day night"),),
    "at_the_edge": (
        _words("roof rooftop bridge ledge edge cliff tracks overpass balcony floor garage"),
    ),
    "doing_it": (_words("it"), _words("do doing through")),
    "harm_self": (_words("myself self me"),),
    "wish_to_die": (
        _words("die dead exist existing alive here gone breathing disappear vanish"),
    ),
    "death_thoughts": (
        _words(
            "dead death living alive existing life dying ending killing here live exist wake "
            "dark void nonexistence"
        ),
    ),
    "not_waking": (_words("wake waking sleep goodnight"),),
    "overdose": (
        _words(
            "overdose overdosed overdosing od oding everything all every whole handful bunch "
            "purpose enough too one fatal last kills bottle pack box packet strip blister mix "
            "mixed mixing ton tons lot many fistful like up"
        ),
    ),
    "harm_act": (
        _words("deep deeper bleeding purpose accident survive works cut blood bleed"),
    ),
    "withholding": (_words("insulin dialysis heart blood seizure transplant"),),
    "afterlife": (_words("heaven side home pier ocean sea river lake water dock"),),
    "planned": (_words("planned how mind decision"),),
    "leaving": (_words("out"),),
    "end_it": (_words("end ending ended finish finishing life over time done finished through"),),
    "farewell": (
        _words(
            "goodbye good farewell bye last dont wrote writing left sorry leaving instructions "
            "away gave giving give given will tell end this care need look looking find search "
            "time"
        ),
    ),
    "gone": (
        _words(
            "wait wont not after tonight gone disappear disappeared disappearing disappears good "
            "done ever coming with too cant staying exist breathing worry deal hear free rid "
            "then"
        ),
    ),
    "means": (
        _words(
            "pill tablet rope ropes noose nooses pills gun guns blade blades razor razors bridge "
            "ledge roof tracks cliff bottle stash belt meds tablets knife knives car cars engine "
            "scripts prescriptions motor motors garage "
            "engines"
        ),
    ),
    "unsafe": (_words("safe myself"),),
    "hopeless": (_words("bother point try trying light empty hollow"),),
    "burden": (_words("gone dead here around nobody funeral burden"),),
    "deserve": (_words("deserve deserves need needs"),),
    "numbing": (_words("feel numb feeling forget blackout black think"),),
    "hoping_accident": (
        _words("hope hoping hoped hopes wish wishing wished pray praying prayed prays"),
    ),
    "go_away": (_words("away disappear vanish existing wasnt werent was were"),),
    "trapped": (_words("way trapped door ladder walls exit escape"),),
    "place": (
        _words("river bridge lake tracks cliff ocean sea water overpass dam pier quarry"),
    ),
    "moment": (_words("night day right stop go end do leave quit time"),),
    "not_caring": (_words("care works helps kill"),),
}
# Concepts whose patterns read the end of a clause ("... goodbye" last): a search of the
# whole message does not stand for a search of each clause.
READS_CLAUSE_END = frozenset(
    concept for concept, pattern in CONCEPTS if "$" in pattern.pattern
)
# "suicide" in any spelling: searched when one of these is in the text at all.
SUICIDE_HINTS = ("sui", "suc", "sua", "self", "s h", "unalive", "permanent")


# Each trigger word -> the concepts whose first trigger set holds it (built once).
_INDEX: dict[str, list[int]] = {}
for _at, (_concept, _) in enumerate(CONCEPTS):
    if _concept in TRIGGERS:
        for _word in TRIGGERS[_concept][0]:
            _INDEX.setdefault(_word, []).append(_at)
_ALWAYS = [
    at for at, (concept, _) in enumerate(CONCEPTS) if concept not in TRIGGERS
]


def candidates(
    text: str, words: frozenset[str] | set[str], *, crisis_only: bool = False
) -> list[tuple[str, re.Pattern[str]]]:
    """The concepts worth searching ``text`` for (its ``words`` hold their triggers), in
    the order of ``CONCEPTS``; with ``crisis_only``, those that can reach the crisis tier."""
    hits = {at for word in words & _INDEX.keys() for at in _INDEX[word]}
    found = []
    for at in sorted(hits.union(_ALWAYS)):
        concept, pattern = CONCEPTS[at]
        if crisis_only and concept in CONCERN_ONLY:
            continue
        if concept == "suicide":
            if any(hint in text for hint in SUICIDE_HINTS):
                found.append((concept, pattern))
            continue
        needs = TRIGGERS.get(concept, ())
        if all(not words.isdisjoint(need) for need in needs[1:]):
            found.append((concept, pattern))
    return found


# Words too common to say anything on their own: a message must hold a word of the
# triggers other than these for the net to be read at all in the moderation verdict.
_COMMON = _words(
    "it this not with for all one last too out will need care way time here good my dont "
    "wont cant after tell tells told give gave given giving left away do doing through done "
    "ever coming say says said saying want wants wanted feel feeling think the works helps "
    "over life live living everything enough stuff means plan floor edge tonight order "
    "orders black day night find hear lot up free how breathing many like then took "
    "ate mind worry looking look search deal side home water heart works helps door walls "
    "exit me wait need needs was were wasnt werent try trying light right go stop end leave "
    "quit dark burden"
)
GATE: frozenset[str] = (
    frozenset().union(*(need for needs in TRIGGERS.values() for need in needs)) - _COMMON
) | _words(
    "check checking checked clock clocking tap tapping note letter letters stay forever "
    "permanently tonight voices voice god devil demons tv radio plan stuff answer reply "
    "respond swallowed downed date insulin exist rid heaven pier ocean sea river lake planned "
    "decision accident survive tablet popped ton tons fistful texts loaded blood doing ever "
    "post once fent around hear hearing heard actually really definitely anymore tomorrow "
    "monday tuesday wednesday thursday friday saturday sunday tonights 2moro tmrw decided "
    "scripts prescriptions motor garage"
)


# Means said in emoji (the rest are mapped to words by the slang table).
MEANS_EMOJI = ("\U0001f48a", "\U0001f52a", "\U0001fa78")  # pill, knife, drop of blood


def gated(text: str, words: frozenset[str] | set[str]) -> bool:
    """Whether ``text`` holds a word that may open a crisis-grade finding."""
    return (
        not words.isdisjoint(GATE)
        or any(hint in text for hint in SUICIDE_HINTS)
        or any(emoji in text for emoji in MEANS_EMOJI)
    )
