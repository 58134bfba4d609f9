"""The fixed regular expressions for method detail: asking for or giving a lethal
amount, a height, a method or a place (held for review; the crisis path answers the
person). Each part has a name (the rule id) and the words one of which it needs, so
only the parts a message can match are run.

Guards read by ``content``: education about risk in the clause before ("the news said
a lethal dose of fentanyl is tiny") and a harmless object right after ("the lethal
dose of caffeine lol").
"""

from __future__ import annotations

import re

from bot.moderation.domain.method_more import MORE_GATES, MORE_NAMES, MORE_PARTS, Requiring

_FIRST_NAMES = (
    "would_it_take",
    "high_enough",
    "cut_to_work",
    "fatal_question",
    "which_kills",
    "bleed_out",
    "lethal_dose",
    "how_much_to_die",
    "best_method",
    "cutting_detail",
    "dose_to_die",
    "enough_to_die",
    "mixing_to_die",
    "how_long_to_die",
    "most_deadly",
    "painless_way",
    "whole_bottle",
    "stop_breathing",
    "height",
    "noose",
    "take_all_with",
    "like_an_accident",
)


# After "way to go", "way to do it": words that make it an everyday errand ("the easiest
# way to go about asking", "quickest way to do it at home").
_NOT_DEATH = (
    r"(?:about|through|back|to|for|with|from|in|on|out|there|home|shopping|online|at|by|"
    r"when|if|without|while)\b"
)
_PILLS = (
    r"(?:pills?|meds?|medications?|tablets?|tabs|caps|capsules|tylenol|insulin|benadryl|"
    r"xanax|oxy|percs?|sleeping pills|of (?:my|these|those|them|it|the))"
)
_METHOD_PARTS: tuple[re.Pattern[str] | Requiring, ...] = (
    # "how many of my pills would it take", "would 40 of my sleeping pills do it",
    # "how much insulin is lethal", "how many sleeping pills counts as enough"
    re.compile(
        rf"\bhow (?:many|much)\b[^.?!]{{0,30}}\b{_PILLS}\b[^.?!]{{0,25}}\b(?:would|will|does|do)\s+"
        r"(?:it|i|you|that)\s+(?:take|need)\b"
        r"|\bhow (?:many|much)\b[^.?!]{0,30}\b(?:is|are|would be|counts? as|is considered)\s+"
        r"(?:lethal|fatal|deadly|too much to survive)\b"
        rf"|\b(?:would|will|could|can)\s+\d+\s+(?:\w+\s+){{0,3}}{_PILLS}\s+(?:do it|be enough|"
        r"kill me|work|finish me|end it)\b"
    ),
    # "is the 4th floor high enough", "which bridge is high enough", "how high does a
    # building need to be"
    re.compile(
        r"\b(?:floor|bridge|building|roof|balcony|cliff|overpass|parking garage|story|storey|"
        r"stories|jump|fall)\b[^.?!]{0,30}\b(?:high|tall) enough\b"
        r"|\bhow (?:high|tall|far)\b[^.?!]{0,40}\b(?:to not survive|to die|to be fatal|"
        r"to kill|(?:need|have) to be)\b[^.?!]{0,20}(?:survive|die|fatal|kill|$)"
    ),
    # "which way do you cut if you actually want it to work"
    re.compile(
        r"\b(?:which way|what direction|where)\s+(?:do|should|to|would)\s+(?:you|i|u)?\s*"
        r"(?:cut|slit)\b[^.?!]{0,40}\b(?:work|die|deep|bleed)"
        r"|\b(?:cut|slit)\b[^.?!]{0,30}\b(?:want it to work|actually work|to work|to die|"
        r"to bleed out)\b"
    ),
    re.compile(
        r"\b(?:what|which)\s+(?:dose|amount|number|quantity)s?\s+of\b[^.?!]{0,30}\b"
        r"(?:is|are|would be|will be)\s+"
        r"(?:fatal|lethal|deadly)\b|\bhow many\b[^.?!]{0,40}\bwould be (?:lethal|fatal|"
        r"deadly)\b|\b\d+\s*(?:mg|g|grams?)?\s+(?:of\s+)?(?:that|this|my|those|these|\w+)\s+"
        r"(?:would|will|could)\s+(?:kill (?:me|you|someone|a person)|be (?:lethal|fatal|deadly))\b"
    ),
    re.compile(
        r"\b(?:which|what)\s+(?:pills?|meds?|medications?|drugs?)\s+(?:would|will|could|can)\s+"
        r"(?:kill|stop (?:your|my|a|the) heart)\b"
    ),
    re.compile(r"\bhow (?:long|fast|quickly)\b[^.?!]{0,30}\b(?:bleed out|bleed to death)\b"),
    re.compile(r"\b(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity|dosage)s?\b"),
    re.compile(
        r"\bhow (?:many|much)\b[^.?!]{0,40}\b(?:to|would|will|does it take to|it takes to|"
        r"before (?:you|i|it))\s+(?:die|kill (?:me|you|myself|yourself|someone|a person)|"
        r"overdose|od|end it|not wake up|stop (?:your|my|the) heart)\b"
    ),
    re.compile(
        r"\b(?:best|easiest|quickest|fastest|painless|surest|most effective|quick|easy)\s+"
        r"(?:way|method|ways|methods)\s+(?:to|of|for)\s+(?:die|dying|kill (?:my|your)self|killing "
        r"(?:my|your)self|suicide|commit suicide|end (?:it|my life|your life)|overdose|od|cut|"
        r"self.?harm)\b"
    ),
    re.compile(
        r"\b(?:cut|cutting|slit|slitting|slice)\s+(?:\w+\s+){0,2}(?:vertically|lengthwise|"
        r"down the (?:arm|wrist)|along the (?:vein|artery))\b|\bhow (?:deep|hard)\s+(?:to|do "
        r"(?:i|you)(?: (?:have|need) to)?|should (?:i|you)|can (?:i|you))\s+(?:cut|slit)\b"
        r"|\bdeep enough to\b"
    ),
    re.compile(
        r"\b\d+\s*(?:mg|g|grams?|pills|tabs|tablets|caps)\b[^.?!]{0,40}\b(?:will|would|should|to|"
        r"can|enough to)\s+(?:kill (?:me|you|myself|yourself|someone|a person)|die|be lethal|"
        r"be fatal|overdose|od|stop (?:your|my|a|the) heart)\b"
    ),
    re.compile(
        r"\benough\s+(?:\w+\s+){0,3}to\s+(?:kill (?:me|you|myself|yourself|a person|someone)|"
        r"die|overdose|od|not wake up)\b"
    ),
    re.compile(
        r"\b(?:mix|mixing|combine|combining)\s+(?:\w+\s+){0,3}(?:with|and)\s+(?:\w+\s+){0,3}"
        r"to\s+(?:die|kill (?:my|your)self|not wake up|od|overdose)\b"
    ),
    # "how long does it take to die from hanging", "how long until you bleed out"
    re.compile(
        r"\bhow long\b[^.?!]{0,30}\b(?:to die(?! down| off| out)|(?:till|until|before) "
        r"(?:you|i|u|someone) (?:die|dies|pass out|stop breathing)|to bleed out|to suffocate|"
        r"to stop breathing|for (?:your|the|my) heart to stop)\b"
    ),
    # "which meds are the most deadly in an overdose", "the most lethal pills"
    re.compile(
        r"\b(?:which|what)\s+(?:pills?|meds?|medications?|drugs?|ones?|bridges?|buildings?)\s+"
        r"(?:are|is|would be|will be)\s+(?:the\s+)?(?:most|more)\s+"
        r"(?:deadly|lethal|fatal|painless)\b"
        r"|\bmost (?:deadly|lethal|fatal) (?:pills?|meds?|drugs?|medications?|way|method|combo|"
        r"combination|dose|amount)\b"
    ),
    # "whats the most painless way to go", "quickest way to check out"
    re.compile(
        r"\b(?:most|least|the)\s+(?:painless|painful|peaceful|certain|reliable|effective|"
        r"quickest|fastest|easiest|surest|cleanest)\s+(?:way|method|ways|methods)\s+(?:to|of)\s+"
        r"(?:go|die|do it|end it|end things|check out|not wake up|od|overdose|kill)\b"
        rf"(?!\s+{_NOT_DEATH})"
        r"|\b(?:painless|peaceful|quick|quickest|easiest|surest|cleanest)\s+(?:way|method)\s+"
        r"to\s+(?:go|do it|end things|check out|not wake up)\b"
        rf"(?!\s+{_NOT_DEATH})"
    ),
    # "can my antidepressants kill you if you take the whole bottle"
    re.compile(
        r"\b(?:kill|die|fatal|lethal|deadly|od|overdose|enough)\b[^.?!]{0,50}\b(?:the|a|my|your)\s+"
        r"(?:whole|entire|full) (?:bottle|pack|box|script|prescription|strip|months supply)\b"
        r"|\b(?:take|taking|took|swallow|swallowing|down|downing)\s+(?:the|a|my|your)?\s*"
        r"(?:whole|entire|full) (?:bottle|pack|box|script)\b[^.?!]{0,40}\b(?:kill|die|fatal|"
        r"lethal|deadly|enough|do it|work)\b"
    ),
    # "how much does it take to stop your breathing", "how much would stop your heart"
    re.compile(
        r"\bhow (?:much|many)\b[^.?!]{0,50}\b(?:stop (?:your |my |the |someones |their |a )?"
        r"(?:breathing|heart)|stop breathing|never wake up|not wake up|be fatal|be lethal)\b"
    ),
    # "what height do you need to jump from", "high enough that you wouldnt survive"
    re.compile(
        r"\b(?:what|which|how much)\s+(?:height|floor|story|storey|distance)\b[^.?!]{0,40}\b"
        r"(?:jump|fall|die|survive|certain|sure|fatal|kill|end it)\b"
        r"|\bhigh enough\b[^.?!]{0,40}\b(?:survive|die|kill|end it|fatal|certain|not make it|"
        r"wouldnt make it)\b"
        r"|\b(?:wouldnt|would not|wont|will not|not|never|cant) survive (?:the|that|a) "
        r"(?:fall|jump|drop)\b(?! semester| season| term| quarter| break)"
    ),
    re.compile(
        r"\b(?:how (?:do|to|would|can|should|could) (?:you |i |u |one |someone )?(?:tie|make)|"
        r"tying|tie|make)\s+a\s+noose\b"
    ),
    # "take all 30 of them with vodka"
    re.compile(
        r"\b(?:take|swallow|down)\s+(?:all|every one|the rest)\s+(?:\d+\s+)?(?:of\s+)?"
        r"(?:them|those|these|your|my|the|it)?\b[^.?!]{0,30}\b(?:with|and)\s+(?:vodka|alcohol|"
        r"booze|liquor|whiskey|whisky|wine|beer|a drink|drinks|a bottle|benzos|xanax|bars)\b"
    ),
    re.compile(r"\b(?:make|making|made) it (?:look|seem) like an? accident\b"),
)
# Each part with its name and the words one of which it needs: only those parts run (one
# combined alternation tried every part at every position, the slowest thing here).
_PART_GATES = (
    "how would will could can",
    "high tall far",
    "cut slit",
    "what which how would will could",
    "which what",
    "how",
    "lethal fatal deadly",
    "how",
    "best easiest quickest fastest painless surest most quick easy",
    "cut cutting slit slitting slice how deep",
    "mg g gram grams pills tabs tablets caps",
    "enough",
    "mix mixing combine combining",
    "long",
    "most",
    "way ways method methods",
    "whole entire full",
    "breathing heart wake fatal lethal",
    "height floor story storey distance high survive",
    "noose",
    "take swallow down",
    "accident",
)
METHOD_DETAIL_NAMES = (*_FIRST_NAMES, *MORE_NAMES)
METHOD_PARTS = tuple(
    (name, part, frozenset(gate.split()))
    for name, part, gate in zip(
        METHOD_DETAIL_NAMES,
        (*_METHOD_PARTS, *MORE_PARTS),
        (*_PART_GATES, *MORE_GATES),
        strict=True,
    )
)
# Word -> the parts (by position) it opens: a message's words are looked up once instead
# of every part's gate being asked about every message.
PARTS_BY_WORD: dict[str, tuple[int, ...]] = {}
for _index, (_name, _part, _gate) in enumerate(METHOD_PARTS):
    for _word in _gate:
        PARTS_BY_WORD[_word] = (*PARTS_BY_WORD.get(_word, ()), _index)

# Every method-detail part needs one of these words (the union of the parts' gates);
# checked before any part is looked up.
METHOD_GATE = frozenset(PARTS_BY_WORD)

# A joke about something harmless ("the lethal dose of caffeine lol"): not a method.
HARMLESS = re.compile(
    r"\b(?:caffeine|coffee|coffees|espresso|energy drinks?|sugar|chocolate|candy|cringe|"
    r"homework|spicy|hot sauce|cheese|pizza|carbs)\b"
)
# Before a method-detail match, in the same clause: education about risk, not a request
# ("the news said a lethal dose of fentanyl is tiny").
EDUCATION = re.compile(
    r"\b(?:news|article|read|learned|learnt|heard|study|studies|research|pharmacist|doctor|"
    r"nurse|counselor|counsellor|group|training|class)\b[^.!?\n]{0,40}$"
    # ... or the past ("i used to make myself throw up, 6 months free of that now").
    r"|\b(?:used to|use to|back when|years ago|in my addiction|in active addiction)\b"
    r"[^.!?\n]{0,30}$"
)
