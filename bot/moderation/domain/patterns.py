"""The fixed regular expressions behind the moderation rules (terms, personal
information, method detail and the guards), built once at import.

The sentence shapes for sourcing and harassment are data (data/moderation.toml, compiled
by ``shapes``); what stays here is what a facilitator should not need to edit.

Term matching is whole-word and obfuscation tolerant: each letter of a term also accepts
its usual look-alikes ("3" for "e", "$" for "s", "*" for a vowel) and repeats ("niiice"),
a doubled letter in the term must stay at least doubled (so "Niger" never matches a
term spelt with "gg"), and a match may not touch other letters on either side (so
"therapist", "Scunthorpe" and "spiced" never match shorter terms inside them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

# Look-alike characters per letter; "*" and "#" stand in for a masked vowel.
_LOOKALIKE = {
    "a": "a4@*#",
    "b": "b8",
    "e": "e3*#",
    "g": "g96",
    "i": "i1!|l*#",
    "l": "l1|",
    "o": "o0*#",
    "s": "s5$z",
    "t": "t7+",
    "u": "uv*#",
    "z": "z2",
}
_WORD_EDGE_BEFORE = r"(?<![a-z0-9@$*#!|])"
_WORD_EDGE_AFTER = r"(?![a-z0-9@$*#!|])"
_SEPARATOR = r"[\s._\-~]+"


def _letter_class(letter: str, count: int) -> str:
    chars = _LOOKALIKE.get(letter)
    body = "[" + re.escape(chars) + "]" if chars else re.escape(letter)
    return f"{body}{{{count},}}" if count > 1 else f"{body}+"


def _term_regex(term: str) -> str:
    compact = r"\s+".join(
        "".join(_letter_class(ch, len(list(run))) for ch, run in groupby(word))
        for word in term.split()
    )
    # "f a g g o t" / "k.i.k.e": every letter apart. Only the fully spaced form is
    # accepted, so letters of two ordinary words ("this pic") never join into a term.
    letters = [ch for ch in term if not ch.isspace()]
    spaced = _SEPARATOR.join(_letter_class(ch, 1).rstrip("+") for ch in letters)
    return f"{compact}|{spaced}"


def build_term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation over all terms, longest first, plus a plural "s"/"z"."""
    unique = sorted({t for t in terms if t}, key=len, reverse=True)
    if not unique:
        return None
    body = "|".join(_term_regex(t) for t in unique)
    # A leading class of every possible first character lets the engine skip ahead
    # quickly instead of trying each alternative at each position.
    first = "".join(sorted({c for t in unique for c in _LOOKALIKE.get(t[0], t[0])}))
    return re.compile(
        f"(?=[{re.escape(first)}]){_WORD_EDGE_BEFORE}(?:{body})(?:[s5$z]+)?{_WORD_EDGE_AFTER}"
    )


METHOD_DETAIL_NAMES = (
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
)


PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
    r"|(?<![\w])\+\d{1,3}(?:[\s.-]?\d){6,12}(?!\d)"
    r"|(?<!\d)0[47]\d{2,3}[\s.-]?\d{3}[\s.-]?\d{3,4}(?!\d)"
)
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
# "alex (at) example (dot) com", "alex at example dot com": read on the words view.
SPELT_EMAIL = re.compile(
    r"\b[a-z0-9._-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[a-z0-9-]+\s*(?:\(dot\)|\[dot\]|\sdot\s)"
    r"\s*(?:com|org|net|edu|gov|io|co|uk|ca|au|me|info)\b"
)
# "5 5 5 8 6 7 5 3 0 9": seven or more digits written apart, joined before PHONE reads.
SPACED_DIGITS = re.compile(r"(?<![\d])\d(?:[ .]\d){6,}(?![\d])")
_STREET_WORD = (
    r"(?!(?:the|a|an|my|your|his|her|of|down|up|to|on|in|at|from|for|more|and|or|miles?|"
    r"blocks?|mins?|minutes?|hours?|days?|weeks?|months?|years?|times|steps?|km|kms|feet|ft|"
    r"people|kids|cars|other|different)\b)[a-z][a-z.-]*"
)
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s+(?:{_STREET_WORD}\s+){{1,3}}(?:street|st|avenue|ave|road|rd|"
    r"boulevard|blvd|lane|ln|drive|dr|terrace|crescent|highway|hwy|parkway|pkwy|court|ct|"
    r"place|pl|circle|cir|way)\b"
    r"|\b(?:my|our|his|her|their|\w+s) (?:home |new |house |street )?address is\b"
    r"|\b(?:i|he|she|they|\w+) (?:live|lives|living) (?:at|on|@) \d"
)
# "555-213-889O": an O written for a zero between or after digits.
O_FOR_ZERO = re.compile(r"(?<=\d)o(?=\d|\b)|(?<=[\d-])o(?=\d)")
_SOMEONE = r"(?:his|her|their|hes|shes|he is|she is|theyre|they are|[a-z]+s)"
_PROFILE = (
    r"(?:insta|instagram|ig|snap|snapchat|facebook|fb|twitter|tiktok|handle|profile|"
    r"linkedin|onlyfans|venmo|cashapp)"
)
# The words EXPOSURE needs one of, checked before the regex runs.
EXPOSURE_GATE = frozenset(
    "name insta instagram ig snap snapchat facebook fb twitter tiktok handle profile linkedin "
    "onlyfans venmo cashapp plate plates tag room lives living staying stays works".split()
)
# The words ADDRESS needs one of (besides digits).
ADDRESS_GATE = frozenset(
    "street st avenue ave road rd boulevard blvd lane ln drive dr terrace crescent highway hwy "
    "parkway pkwy court ct place pl circle cir way address live lives living".split()
)
EXPOSURE = re.compile(
    r"(?P<full_name>\b(?:full|real|last|legal) name is\b)"
    rf"|(?P<profile>\b{_SOMEONE}\s+{_PROFILE}\s*(?:is|:|=)?\s*"
    r"(?:@[a-z0-9_.]{3,}|[a-z0-9]*[0-9_.][a-z0-9_.]{2,})"
    rf"|\bfound\s+{_SOMEONE}\s+{_PROFILE}\b|\b{_SOMEONE}\s+{_PROFILE}\b[^.!?\n]{{0,12}}@[a-z0-9_.]{{3,}})"
    r"|(?P<plate>\b(?:license plate|plate|plates|tag) (?:is|number is|:)\s*[a-z0-9-]{4,})"
    r"|(?P<room>\b(?:hes|shes|he is|she is|theyre|they are) (?:in|at) room \d+)"
    r"|(?P<whereabouts>\b(?:he|she|they|hes|shes|theyre|[a-z]+) (?:lives|is living|living|"
    r"is staying|staying|stays|works) (?:over |right |just )?(?:on|at|off|by|behind|in) "
    r"(?:the |a )?(?:[a-z0-9]+ ){0,2}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|"
    r"ct|boulevard|blvd|route|rt|highway|hwy|apartments|apts|motel|hotel|trailer park|"
    r"shelter)\b)"
)
_PILLS = (
    r"(?:pills?|meds?|medications?|tablets?|tabs|caps|capsules|tylenol|insulin|benadryl|"
    r"xanax|oxy|percs?|sleeping pills|of (?:my|these|those|them|it|the))"
)
_METHOD_PARTS = (
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
        r"\bwhich\s+(?:pills?|meds?|medications?|drugs?)\s+(?:would|will|could|can)\s+(?:kill|stop "
        r"(?:your|my|a|the) heart)\b"
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
)
# Each part with its name and the words one of which it needs: only those parts run (one
# combined alternation tried every part at every position, the slowest thing here).
_PART_GATES = (
    "how would will could can",
    "high tall far",
    "cut slit",
    "what which how would will could",
    "which",
    "how",
    "lethal fatal deadly",
    "how",
    "best easiest quickest fastest painless surest most quick easy",
    "cut cutting slit slitting slice how deep",
    "mg g gram grams pills tabs tablets caps",
    "enough",
    "mix mixing combine combining",
)
METHOD_PARTS = tuple(
    (name, part, frozenset(gate.split()))
    for name, part, gate in zip(METHOD_DETAIL_NAMES, _METHOD_PARTS, _PART_GATES, strict=True)
)

# Every method-detail pattern needs one of these words; checked before the regex.
METHOD_GATE = frozenset(
    "lethal fatal deadly how way ways method methods cut cutting slit slitting slice deep "
    "bleed kill meds med medications drugs pill heart high tall take enough work much many "
    "enough mix mixing combine combining mg g gram grams pills tabs tablets caps".split()
)
# Before an address, in the same clause: a public place, not someone's home ("my clinic
# is at 400 Main Street").
PUBLIC_PLACE = re.compile(
    r"\b(?:clinic|office|pharmacy|hospital|church|center|centre|meeting|meetings|library|"
    r"shelter|building|program|gym|store|shop|cafe|restaurant|park|hall|school|station|"
    r"group|groups|class|session|sessions|suite|aa|na)\b"
    r"[^.!?\n]{0,30}$"
)
# Before a method-detail match, in the same clause: education about risk, not a request
# ("the news said a lethal dose of fentanyl is tiny").
EDUCATION = re.compile(
    r"\b(?:news|article|read|learned|learnt|heard|study|studies|research|pharmacist|doctor|"
    r"nurse|counselor|counsellor|group|training|class)\b[^.!?\n]{0,40}$"
)
# Right after a phrase: it was a quotation ("go die in a fire, says my inner critic").
REPORTED_AFTER = re.compile(r"[^.!?\n]{0,24},\s*(?:says|said|is what)\b")
# Discord mention syntax: people (<@id>, <@!id>) and roles (<@&id>).
MENTION = re.compile(r"<@[!&]?(\d+)>")
# @everyone / @here typed by a member (not inside `code`): always a mass mention.
EVERYONE = re.compile(r"(?<![\w`@])@(?:everyone|here)(?![\w`])")
# Before a phrase, in the same clause: someone else's words being reported ("my ex said
# youre a junkie"), or "you" meaning anyone ("when youre an addict you lie").
REPORTED_OR_GENERIC = re.compile(
    r"\b(?:said|says|saying|say|told me|tells me|told us|called me|calls me|call me|called us|"
    r"yelled|screamed|texted me|wrote|kept saying|would say|heard|people think|they think)\b"
    r"[^.!?\n]{0,40}$"
    r"|\b(?:when|if|once|because|cause|cuz|since|while|until|unless|whether|even if|as long as)"
    r"\s+(?:\w+\s+){0,1}$"
)
# A clause that speaks of oneself: stigma words there are recovery self-talk.
FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|me|my|myself|mine|we|were|us|our)\b")
SECOND_PERSON = re.compile(r"\b(?:you|u|ya|yall|youre|ur|your|yr|ure)\b")
# Before a phrase: turns abuse into support or a report ("please dont kill yourself",
# "someone told me to kys").
PHRASE_NEGATION = re.compile(
    r"\b(?:dont|do not|never|not|no one thinks|nobody thinks|stop|told me to|tell me to|"
    r"telling me to|said to|says to|would say|called me|calls me|call me)\W*(?:\w+\W+){0,2}$"
    # "the easiest way to kill yourself", "if you want to die": a topic, not a command.
    r"|\b(?:how|way|ways|want|wants|wanted|trying|tried|going|urge|urges|thoughts|thinking|"
    r"plan|planning|dont)\s+to\s*$"
)
# Before a sourcing match: told about the past or refused ("i used to text my plug").
PAST_OR_NEGATED = re.compile(
    r"\b(?:used to|use to|back when|years ago|when i was|dont|didnt|never|no longer|stopped|"
    r"quit|deleted|blocked|wont|old)\b"
)
# Right after a sourcing match: a treatment question or experience talk, not a request
# ("anyone have subs experience", "does anyone have methadone questions").
RECOVERY_AFTER = re.compile(
    r"\s*(?:experience|experiences|withdrawals?|side effects?|taper\w*|questions?|clinic|"
    r"program|doctor|prescri\w*|refills?|advice|tips|stories)\b"
)
