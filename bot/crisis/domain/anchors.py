"""Which crisis rules are worth trying on a text: a cheap substring index.

Each rule lists substrings one of which must appear before its regex can match. A
message is checked against every anchor with ``in`` (fast C substring search), and only
the rules behind the anchors found are tried, so ordinary chat costs a few microseconds.
"""

from __future__ import annotations

import re

from bot.crisis.domain.acts import ACT_RULES
from bot.crisis.domain.rules import DRUGS, INTENT_RULES, Rule

RULES: tuple[Rule, ...] = INTENT_RULES + ACT_RULES
DRUG_NAMES = re.compile(r"\b" + DRUGS)

_DRUGGY = (
    "pill",
    "tab",
    "med",
    "cap",
    "acetaminophen",
    "paracetamol",
    "tylenol",
    "panadol",
    "ibuprofen",
    "advil",
    "aspirin",
    "benadryl",
    "diphenhydramine",
    "sleep",
    "xan",
    "benzo",
    "klonopin",
    "valium",
    "ativan",
    "oxy",
    "perc",
    "vicodin",
    "fent",
    "heroin",
    "insulin",
    "lithium",
    "seroquel",
    "trazodone",
    "ambien",
    "antidepressant",
    "opioid",
    "morphine",
    "codeine",
    "methadone",
)
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
    "intent.jump": ("jump", "front of"),
    "intent.burden": ("burden", "miss", "notice", "care if"),
    "intent.only_way_out": (
        "suicid",
        "death",
        "dying",
        "killing",
        "ending",
        "way",
        "die",
    ),
    "intent.rather_die": ("rather",),
    "intent.all_i_want": ("want",),
    "intent.suicidal_state": ("suicidal",),
    "intent.thoughts_back": ("suicidal",),
    "intent.considered": ("suicide", "killing myself", "ending", "taking my"),
    "intent.dont_want_to_live": ("dont", "do not", "no longer"),
    "intent.wish_dead": ("wish", "hope"),
    "intent.better_off": ("better off",),
    "intent.no_reason": ("point", "reason"),
    "intent.cant_go_on": ("cant", "can not", "cannot", "dont think"),
    "intent.will_overdose": ("overdose", "od", "take", "swallow"),
    "plan.plan_to_die": ("plan",),
    "plan.have_a_plan": ("plan",),
    "plan.doing_it": ("doing it", "do it"),
    "plan.gun": ("gun", "barrel", "pistol", "my head", "my mouth", "my temple", "my chest"),
    "goodbye.not_here_tomorrow": ("be here", "be around"),
    "goodbye.arrangements": ("take care", "look after", "feed my", "tell ", "away my", "away all"),
    "plan.note": ("note", "letter"),
    "plan.preparing": ("steps", "prepar", "materials", "arrangements", "ready", "gun"),
    "plan.noose": ("noose",),
    "means.stockpile": ("sav", "stockpil", "hoard", "collect", "stash"),
    "means.in_hand": ("rope", "gun", "blade", *_DRUGGY),
    "means.drug_quantity": _DRUGGY,
    "means.pill_emoji": ("💊",),
    "means.gun": ("gun", "pistol", "revolver", "rifle"),
    "timing.soon": (
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
    "overdose.took": _DRUGGY,
    "overdose.too_many": ("too many", "too much"),
    "overdose.od": ("overdos", "od"),
}


def _index() -> tuple[tuple[str, tuple[int, ...]], ...]:
    missing = {r.rule_id for r in RULES} - set(ANCHORS)
    if missing:
        raise RuntimeError(f"crisis rules without anchors: {sorted(missing)}")
    by_anchor: dict[str, list[int]] = {}
    for index, rule in enumerate(RULES):
        for anchor in ANCHORS[rule.rule_id]:
            by_anchor.setdefault(anchor, []).append(index)
    return tuple((a, tuple(ids)) for a, ids in sorted(by_anchor.items()))


ANCHOR_INDEX = _index()


def candidate_rules(norm: str) -> list[Rule]:
    """The rules whose anchors occur in ``norm``, in table order."""
    ids: set[int] = set()
    for anchor, rule_ids in ANCHOR_INDEX:
        if anchor in norm:
            ids.update(rule_ids)
    return [RULES[i] for i in sorted(ids)]
