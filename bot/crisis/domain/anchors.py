"""Which crisis rules are worth trying on a text: a cheap word-stem index.

Each rule lists anchors, one of which must appear before its regex can match. An anchor
is read as a word stem ("suicid" matches "suicidal"); the text's words are looked up by
their first two letters, so the cost grows with the words of the message rather than
with the number of anchors, and ordinary chat costs a few microseconds.
"""

from __future__ import annotations

import re

from bot.crisis.domain.acts import ACT_RULES
from bot.crisis.domain.concept_signs import SIGN_CONCEPTS
from bot.crisis.domain.concepts import CRISIS_CONCEPTS
from bot.crisis.domain.concern import CONCERN_RULES
from bot.crisis.domain.concern_concepts import CONCERN_CONCEPTS
from bot.crisis.domain.harm import HARM_RULES
from bot.crisis.domain.intent import INTENT_RULES
from bot.crisis.domain.result import CONCERN_CATEGORIES
from bot.crisis.domain.rules import DRUG_WORDS, DRUGS, Rule

RULES: tuple[Rule, ...] = (
    INTENT_RULES
    + ACT_RULES
    + HARM_RULES
    + CRISIS_CONCEPTS
    + SIGN_CONCEPTS
    + CONCERN_RULES
    + CONCERN_CONCEPTS
)
DRUG_NAMES = re.compile(r"\b" + DRUGS)

# Keyed by rule id, so the rule tables stay readable.
ANCHORS: dict[str, tuple[str, ...]] = {
    "intent.kill_myself": ("self",),
    "intent.want_to_die": ("die", "dead", "living", "alive", "exist", "wake", "disappear", "sleep"),
    "intent.end_it": ("end", "take my", "suicide", "unalive"),
    "intent.suicidal": ("suicidal",),
    "intent.suicidal_thoughts": ("suicid", "dying", "ending", "taking my"),
    "intent.contemplating": ("suicide", "death", "killing", "ending", "whether", " if "),
    "intent.no_will_to_live": ("to live", "dead than", "living", "alive"),
    "intent.too_scared": (
        "gun",
        "rope",
        "knife",
        "blade",
        "guts",
        "balls",
        "courage",
        "nerve",
        "strength",
        "brave",
        "takes",
        "scared",
        "afraid",
        "coward",
        "chicken",
    ),
    "intent.only_reason": ("only",),
    "intent.jump": ("jump", "front of", "traffic", "into", "off", "on purpose"),
    "intent.only_way_out": ("suicid", "death", "dying", "killing", "ending", "way", "die"),
    "intent.rather_die": ("rather",),
    "intent.researching": ("look", "googl", "search", "research", "read"),
    "concern.better_off_gone": ("better", "happier"),
    "intent.method_question": ("how many", "how much", "way to"),
    "intent.appealing": ("suicide", "death", "dying", "killing", "ending", "existing"),
    "intent.all_i_want": ("want",),
    "intent.suicidal_state": ("suicidal",),
    "intent.thoughts_back": ("suicidal",),
    "intent.considered": ("suicide", "killing myself", "ending", "taking my"),
    "intent.dont_want_to_live": ("dont", "do not", "no longer"),
    "intent.act_on_it": ("act on", "do it", "go through", "on myself"),
    "intent.jump_soon": ("jump",),
    "intent.until_i_die": ("til",),
    "means.rope": ("rope",),
    "means.ready": ("rope", "noose", "pill", "meds", "tablets", "gun", "blade", "razor"),
    "plan.place": ("bridge", "roof", "ledge", "track", "railway", "cliff", "overpass"),
    "plan.garage": ("engine", "running"),
    "goodbye.this_is_goodbye": ("goodbye", "good bye", "farewell", "knowing"),
    "goodbye.gone": ("gone", "dead"),
    "goodbye.after_gone": ("after", "when", "once", "need", "is the"),
    "self_harm.now": ("cutting", "burning", "harming"),
    "self_harm.emoji": ("🩸",),
    "overdose.took_all": ("whole", "entire", "every", "all the"),
    "overdose.fear": ("overdose", "od"),
    "overdose.using_alone": ("alone", "by myself", "on my own", "than"),
    "overdose.no_rescue": ("narcan", "find me", "save me", "stop me", "revive", "away"),
    "concern.sleep_forever": ("wake", "forever"),
    "concern.wish_dead": ("wish", "hope", "pray"),
    "concern.not_be_here": (
        "be here",
        "be around",
        "exist",
        "wake",
        "disappear",
        "vanish",
        "be alive",
        "rather",
    ),
    "concern.better_off_dead": ("better", "happier", "stop", "end", "over"),
    "concern.dont_care_if": ("care", "mind"),
    "concern.whats_the_point": ("point", "reason", "purpose"),
    "concern.hopeless": ("hopeless",),
    "concern.no_hope": ("hope", "future", "matters", "change", "way out", "never"),
    "concern.cant_go_on": ("cant", "can not", "cannot", "dont think"),
    "concern.tired_of_living": (
        "tired",
        "sick",
        "exhausted",
        "done",
        "worth",
        "give",
        "giving",
        "given",
        "gave",
        "worthless",
        "waste",
        "done",
    ),
    "concern.not_worth_living": ("worth",),
    "concern.burden": ("burden", "miss", "notice", "care"),
    "concern.better_off_without_me": ("without me",),
    "concern.using_to_forget": (
        "forget",
        "numb",
        "feel",
        "escape",
        "black",
        "pass out",
        "disappear",
        "stop",
        "mix",
        "think",
        "deal with",
    ),
    "intent.will_overdose": ("overdose", "od", "take", "swallow"),
    "plan.plan_to_die": ("plan",),
    "plan.have_a_plan": ("plan",),
    "plan.doing_it": ("doing it", "do it"),
    "plan.gun": ("gun", "barrel", "pistol", "my head", "my mouth", "my temple", "my chest"),
    "goodbye.not_here_tomorrow": ("be here", "be around"),
    "goodbye.arrangements": ("take care", "look after", "feed my", "tell", "away my", "away all"),
    "plan.note": ("note", "letter"),
    "plan.preparing": ("steps", "prepar", "materials", "arrangements", "ready", "gun"),
    "plan.noose": ("noose",),
    "means.stockpile": ("sav", "stockpil", "hoard", "collect", "stash"),
    "means.in_hand": ("rope", "gun", "blade", *DRUG_WORDS),
    "means.drug_quantity": DRUG_WORDS,
    "means.pill_emoji": ("💊",),
    "means.gun": ("gun", "pistol", "revolver", "rifle"),
    "timing.soon": (
        "leave",
        "gone",
        "out",
        "goes",
        "fall",
        "home",
        "here",
        "alone",
        "tonight",
        "today",
        "tomorrow",
        "weekend",
        "now",
        "rn",
        "soon",
        "asleep",
        "bed",
    ),
    "plan.it_ends": ("end",),
    "goodbye.read_this": ("this",),
    "goodbye.last_message": ("last", "final", "forever"),
    "goodbye.wont_be_here": ("be alive", "be here", "be around"),
    "goodbye.farewell": (
        "love",
        "bye",
        "farewell",
        "thank you",
        "sorry for",
        "i love",
    ),
    "self_harm.doing": ("cut", "burn", "hurt", "harm", "hitting", "scratch", "carv", "sh "),
    "self_harm.again": ("cut", "burn", "harm", "sh "),
    "self_harm.want": ("cut", "burn", "hurt", "harm", "hit", "carve"),
    "self_harm.urge": ("urge", "itch", "need to"),
    "self_harm.did": ("cut", "burn", "hurt", "harm", "carved"),
    "overdose.took": DRUG_WORDS,
    "overdose.too_many": ("too many", "too much"),
    "overdose.od": ("overdos", "od"),
}
_IDS = [rule.rule_id for rule in RULES]
_TWICE = sorted({i for i in _IDS if _IDS.count(i) > 1})
if _TWICE:
    raise RuntimeError(f"crisis rule ids used twice: {_TWICE}")
# The concept rules are tried wherever one of their gate literals could start a word,
# except where a gate literal starts too many ordinary words ("do" starts "dog", "sh"
# starts "should", "for me" would stand for "for"): those name tighter anchors here. An
# anchor ending in "$" is a whole word.
_CONCEPT_ANCHORS: dict[str, tuple[str, ...]] = {
    "concept.wants_overdose": (
        "overdos", "od", "every", "everything", "whole", "entire", "rest", "enough", "all",
        "them",
    ),
    "concept.wants_self_harm": ("cut", "burn", "hurt", "harm", "carve", "sh$", "selfharm"),
    "concept.self_harm_done": (
        "cut", "sh$", "harmed", "selfharmed", "relapsed", "carved", "scratched", "burned",
        "opened",
    ),
    "concept.doing_it": ("do$", "through"),
    "concept.do_something": ("something",),
    "concept.do_something_drastic": ("something",),
    "concept.farewell": (
        "trying", "sorry", "forgive", "knowing", "care", "going", "goodbye", "bye",
        "remember", "end",
    ),
    "concept.settled": (
        "goodbyes", "peace", "deleting", "gave", "affairs", "will", "instructions", "real",
        "wake", "anymore", "again",
    ),
    "concept.final_words": (
        "read", "other", "heaven", "next", "another", "blame", "tomorrow", "longer", "morning",
        "monday", "week", "weekend", "friday", "sunday", "gone", "tonight", "go$", "die",
        "dead", "last", "before", "find", "finds", "look", "signing", "logging", "checking",
        "peace", "final", "myself", "live", "alive", "make",
    ),
    "concept.wants_to_die": (
        "die", "dead", "living", "alive", "live", "exist", "kill", "end", "life", "suicid",
        "attempt", "myself", "throw", "slit", "stop", "jump", "crash", "drive",
    ),
    "concept.means_at_hand": (
        "sitting", "hand", "lap", "gun", "pistol", "knife", "blade", "razor", "rope", "noose",
        "pill", "med", "tablet", "enough", "poison", "bleach", "antifreeze", "weed",
    ),
}  # fmt: skip
for _rule in CRISIS_CONCEPTS + SIGN_CONCEPTS + CONCERN_CONCEPTS:
    if _rule.gate is None:
        raise RuntimeError(f"concept rule without a gate: {_rule.rule_id}")
    ANCHORS[_rule.rule_id] = _CONCEPT_ANCHORS.get(_rule.rule_id, _rule.gate)


# Anchors are read as word stems: an anchor matches a word of the text that starts with
# it. Phrase anchors stand for their most telling word; these words also stand for an
# anchor that can sit inside a longer word ("myself" for "self", "goodbye" for "bye").
_PHRASE_WORD = {
    "good bye": "bye",
    "is the": "tonight",
    "do it": "do",
    "sh ": "sh",
    " if ": "if",
    "can not": "can",
}
_INSIDE_WORDS = {
    "self": ("myself", "selfharm", "selfharming"),
    "harm": ("selfharm", "selfharming"),
    "bye": ("goodbye",),
    "sleep": ("asleep",),
    "til": ("until",),
    "hope": ("hoping",),
    "gun": ("shotgun", "handgun"),
    "tonight": ("today",),
}
_EMOJI_ANCHORS = ("💊", "🩸")
_WORD = re.compile(r"\w+")


def _stems(anchor: str) -> tuple[str, ...]:
    if anchor in _PHRASE_WORD:
        base = _PHRASE_WORD[anchor]
    elif " " in anchor.strip():
        base = max(anchor.split(), key=len)
    else:
        base = anchor.strip()
    return (base, *_INSIDE_WORDS.get(base, ()))


_Index = tuple[dict[str, tuple[tuple[str, frozenset[int]], ...]], dict[str, frozenset[int]]]


def _index(crisis_only: bool = False) -> _Index:
    """Stems grouped by their first two letters, and the emoji anchors."""
    missing = {r.rule_id for r in RULES} - set(ANCHORS)
    if missing:
        raise RuntimeError(f"crisis rules without anchors: {sorted(missing)}")
    by_stem: dict[str, set[int]] = {}
    emoji: dict[str, set[int]] = {}
    for index, rule in enumerate(RULES):
        if crisis_only and rule.category in CONCERN_CATEGORIES:
            continue
        for anchor in ANCHORS[rule.rule_id]:
            if anchor in _EMOJI_ANCHORS:
                emoji.setdefault(anchor, set()).add(index)
                continue
            for stem in _stems(anchor):
                by_stem.setdefault(stem, set()).add(index)
    by_head: dict[str, list[tuple[str, frozenset[int]]]] = {}
    for stem, ids in sorted(by_stem.items()):
        by_head.setdefault(stem[:2], []).append((stem, frozenset(ids)))
    return (
        {head: tuple(stems) for head, stems in by_head.items()},
        {e: frozenset(ids) for e, ids in emoji.items()},
    )


_ALL = _index()
# The crisis tier alone, for the moderation verdict (the concern tier runs after it).
_CRISIS_ONLY = _index(crisis_only=True)


_NO_RULES: frozenset[int] = frozenset()
# Words repeat from message to message, so each word's rules are looked up once.
_WORD_CACHE: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
_WORD_CACHE_LIMIT = 50_000
# Most words of ordinary chat anchor no rule; a set difference drops them in C.
_WORDS_WITHOUT_RULES: set[str] = set()


def _rules_for_word(word: str) -> tuple[frozenset[int], frozenset[int]]:
    """(all rules, crisis-tier rules) with an anchor that starts ``word``."""
    cached = _WORD_CACHE.get(word)
    if cached is not None:
        return cached
    found = []
    for stems_by_head, _ in (_ALL, _CRISIS_ONLY):
        ids: set[int] = set()
        for stem, rule_ids in stems_by_head.get(word[:2], ()):
            if word == stem[:-1] if stem.endswith("$") else word.startswith(stem):
                ids.update(rule_ids)
        found.append(frozenset(ids) if ids else _NO_RULES)
    entry = (found[0], found[1])
    if len(_WORD_CACHE) < _WORD_CACHE_LIMIT:
        _WORD_CACHE[word] = entry
        if not entry[0]:
            _WORDS_WITHOUT_RULES.add(word)
    return entry


def candidate_rules(
    norm: str, words: set[str] | None = None, *, crisis_only: bool = False
) -> list[Rule]:
    """The rules with an anchor among the words of ``norm``, in table order. ``words``:
    the set of ``\\w+`` words of ``norm``, when the caller has it already."""
    which = 1 if crisis_only else 0
    ids: set[int] = set()
    if words is None:
        words = set(_WORD.findall(norm))
    for word in words - _WORDS_WITHOUT_RULES:
        rule_ids = _rules_for_word(word)[which]
        if rule_ids:
            ids.update(rule_ids)
    if not norm.isascii():
        for emoji, rule_ids in (_CRISIS_ONLY if crisis_only else _ALL)[1].items():
            if emoji in norm:
                ids.update(rule_ids)
    if not ids:
        return []
    return [RULES[i] for i in sorted(ids)]
