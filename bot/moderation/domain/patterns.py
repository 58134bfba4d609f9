"""The fixed regular expressions behind the moderation rules (terms, personal
information and the guards), built once at import; method detail has its own module,
``method``.

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
# "5 5 5 8 6 7 5 3 0 9", "5 5 5 - 8 6 7 - 0 1 9 2": seven or more digits written apart,
# joined before PHONE reads.
SPACED_DIGITS = re.compile(r"(?<![\d])\d(?: ?[ .\-,] ?\d){6,}(?![\d])")
# "five five five, two one three ...": digits spelt out, read as figures when a message
# holds seven or more of them.
DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
SPELT_DIGIT = re.compile(r"\b(?:" + "|".join(DIGIT_WORDS) + r")\b")
# A local number without an area code ("call morgan at 555-0143"), only with a word that
# says it is a number to reach someone on.
LOCAL_PHONE = re.compile(r"(?<![\d\-.:/])\d{3}[-. ]\d{4}(?![\d\-.:/])")
# Seven digits written together ("reach jordan on 5550173"): only with a word that says
# it is a phone (not "number", which order and ticket numbers have too).
BARE_LOCAL_PHONE = re.compile(r"(?<![\d\-.:/$])\d{7}(?![\d\-.:/])")
BARE_PHONE_CONTEXT = re.compile(r"\b(?:call|text|txt|reach|cell|phone|digits)\b")
LOCAL_PHONE_CONTEXT = re.compile(
    r"\b(?:call|text|txt|number|num|cell|phone|reach|digits|ring|hit (?:her|him|them) up)\b"
)
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
    r"|\b(?:i|he|she|they|\w+) (?:live|lives|living) (?:at|on|@) \d+(?!\d|st|nd|rd|th)"
    # "on 5th and maple, apt 3": a corner and a unit.
    r"|\b(?:on|at) (?:\d+(?:st|nd|rd|th)|[a-z]+) (?:and|&) (?:\d+(?:st|nd|rd|th)|[a-z]+),? "
    r"(?:apt|unit|apartment|#) ?\d+"
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
    "onlyfans venmo cashapp plate plates tag room lives living staying stays works working "
    "goes address addy number phone cell email digits psych detox icu inpatient behavioral "
    "named called street st avenue ave road rd hiv hep herpes std aids elementary school "
    "academy probation parole hospital er rehab bipolar schizophrenic meds saw seen spotted "
    "ran high middle prep shift route highway hwy closes opens parks leaves gets walks picks "
    "drops shows hangs".split()
)
# The words ADDRESS needs one of (besides digits).
ADDRESS_GATE = frozenset(
    "street st avenue ave road rd boulevard blvd lane ln drive dr terrace crescent highway hwy "
    "parkway pkwy court ct place pl circle cir way address live lives living apt unit "
    "apartment suite".split()
)
# Words that start a clause and are not a person ("the clinic opens at 9 on mondays").
_NOT_A_PERSON = (
    r"(?:i|we|you|u|im|ill|id|he|she|they|it|that|this|there|who|which|what|group|meeting|"
    r"meetings|class|session|iop|clinic|pharmacy|office|library|store|shop|bus|train|"
    r"everyone|everybody|nobody|someone|program|center|place|gym|church|bank|school|court|"
    r"hospital|and|but|so|also|usually|always|still|just|often|then|now|cafe|diner|"
    r"restaurant|park|shelter|line|mail|daycare|kitchen|pantry)"
)
# A time that comes back: "every tuesday", "mon-wed", "on weekends", "after 5".
_ROUTINE_TIME = (
    r"(?:every (?:\w+ )?(?:day|night|morning|evening|afternoon|week|weekday|weekend|"
    r"mon|tue|wed|thu|fri|sat|sun)\w*"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s? ?(?:-|to|thru|through) ?"
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?"
    r"|(?:on )?(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends|"
    r"weeknights)|(?:after|before|until|til|till) \d{1,2}(?::\d\d)? ?(?:am|pm)?)\b"
)
EXPOSURE = re.compile(
    r"(?P<full_name>\b(?:full|real|last|legal) name is\b)"
    rf"|(?P<profile>\b{_SOMEONE}\s+{_PROFILE}\s*(?:is|:|=)?\s*"
    r"(?:@[a-z0-9_.]{3,}|[a-z0-9]*[0-9_.][a-z0-9_.]{2,})"
    rf"|\bfound\s+{_SOMEONE}\s+{_PROFILE}\b|\b{_SOMEONE}\s+{_PROFILE}\b[^.!?\n]{{0,12}}@[a-z0-9_.]{{3,}})"
    r"|(?P<plate>\b(?:license plate|plate|plates|tag) (?:is|number is|:)\s*[a-z0-9-]{4,}"
    r"|\b(?:license plate|plate|plates|plate number|plate no|plate #)\s*(?=[a-z\-]*\d)"
    r"(?=[0-9\-]*[a-z])[a-z0-9\-]{5,8}\b"
    r"|\b(?:license plate|plate|plates|tag) (?:starts with|ends (?:in|with)|ending in|"
    r"beginning with)\s*[a-z0-9-]{2,})"
    r"|(?P<room>\b(?:hes|shes|he is|she is|theyre|they are) (?:in|at) room \d+"
    r"|\b(?!(?:group|meeting|class|session|it|we|i|iop|zoom|everyone|that|this|which|"
    r"what|there|checkin|check in|intake)\b)[a-z]+ is (?:in|at) room \d+"
    r"|\bin room \d+ at (?:st|saint|county|general|memorial|mercy|the hospital|the er)\b)"
    # "ill give you riveras home address", "i can send u his number": passing on someone
    # else's contact details (one's own, or a clinic's, is not "[name]s").
    r"|(?P<share>\b(?:give|send|post|share|drop|dm|pm|text|leak|forward|pass)\s+"
    r"(?:(?:you|u|ya|yall|everyone|it)\s+)?(?!(?:the|a|our|my|your|ur|clinics|programs|"
    r"offices|pharmacys|hospitals|centers|groups|facilitators|counselors|therapists|"
    r"doctors|sponsors|meetings|iops)\b)(?:[a-z]+s|his|her|their)\s+(?:home\s+|house\s+|"
    r"new\s+|cell\s+|real\s+|personal\s+|work\s+|phone\s+)?(?:address|addy|number|"
    r"phone number|phone|cell|email|location|digits)\b)"
    # "shes on the psych unit at memorial": someone else's stay on a psychiatric or
    # detox unit, pinned to a place.
    r"|(?P<health>(?<!my )(?<!our )(?<!your )\b(?:hes|shes|he is|she is|theyre|they are|"
    r"(?!(?:i|we|you|u|im|group|meeting|class|it|that|this)\b)[a-z]+ is) (?:on|in|at) "
    r"(?:the )?(?:psych unit|psych ward|psych floor|psych hospital|mental ward|"
    r"mental hospital|behavioral unit|behavioral health unit|detox unit|locked unit|"
    r"inpatient unit|icu|hospital|er|emergency room|rehab|detox) (?:at|in|over at|down at) "
    r"[a-z]+)"
    # "the new girl is emma vasquez from the shelter on 4th st": a full name with a place
    # pinned by a street.
    r"|(?P<full_name_place>\b(?:is|named|called)\s+(?!(?:the|a|an|my|so|not|at|in|on|really|"
    r"very|just|also|still|going|doing|from|being|getting|staying|living|back|out|over|here|"
    r"there|home|held|open|closed|moving|now)\b)[a-z]+\s+[a-z]+\s+(?:from|at|in|on)\s+"
    r"(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:on|at|off|by)\s+(?:\d+(?:st|nd|rd|th)\b|"
    r"[a-z]+\s+(?:st|street|ave|avenue|rd|road|blvd)\b))"
    # "caseys son goes to lincoln elementary": someone else's child's school.
    r"|(?P<school>\b(?:his|her|their|(?!(?:my|our|your)\b)[a-z]+s) (?:kid|kids|son|daughter|"
    r"boy|girl|children) (?:goes|go|is|are) (?:to|at) [a-z]+ (?:[a-z]+ )?(?:elementary|middle|"
    r"high|school|academy|prep)\b"
    r"|(?<!my )(?<!our )\b(?:he|she|they|(?!(?:i|we|you|u|my|our|kids|everyone)\b)[a-z]+) "
    r"(?:goes|go) to [a-z]+ (?:elementary|middle|high|academy|prep)\b)"
    # "i saw jamie at the methadone clinic": someone else's treatment, by where they were.
    r"|(?P<seen_at>\b(?:saw|seen|spotted|ran into)\s+(?!(?:my|our|the|a|him|her|them)\b)[a-z]+"
    r"\s+(?:at|in|outside)\s+(?:the\s+)?(?:methadone clinic|suboxone clinic|detox|rehab|"
    r"psych ward|psych unit|mental hospital|needle exchange|syringe exchange|shelter)\b)"
    # "sam has hep c": someone else's diagnosis told to the group.
    r"|(?P<diagnosis>(?<!my )(?<!our )(?<!your )\b(?:hes|shes|he is|she is|theyre|they are|"
    r"he has|she has|they have|(?!(?:i|we|you|u|im|it|that|this|what|who)\b)[a-z]+ "
    r"(?:is|has)) (?:hiv|hiv positive|hep c|hepatitis c|herpes|an std|aids|on probation|"
    r"on parole|bipolar|schizophrenic|off (?:her|his|their) meds)\b)"
    r"|(?P<alias>\bgoes by [a-z]+ [a-z]+ on (?:linkedin|facebook|fb|insta|instagram|tiktok|"
    r"twitter|snap|snapchat)\b)"
    # "taylor lives in the yellow apartments on 3rd and main, unit 6", "casey works at the
    # target on 5th": someone else (not "i", "we") at a place pinned down by a street, an
    # ordinal, a unit or an apartment number.
    r"|(?P<workplace>(?<!my )(?<!our )(?<!your )\b(?!(?:i|we|you|u|im|ill|id)\b)[a-z]+,? "
    r"(?:works|is working|working|"
    r"lives|is living|living|stays|is staying|staying)(?: the \w+ shift)? (?:at|for|in|on|by|"
    r"near|off|over on|with) "
    r"[^.!?\n]{0,40}?(?:\b(?:on|off|at|by|near) (?:\d+(?:st|nd|rd|th)|main|[a-z]+ (?:and|&) "
    r"[a-z0-9]+|(?:route|highway|hwy|rt) \d+)\b|\b(?:unit|apt|apartment|suite|lot|trailer) "
    r"#?\d+[a-z]?\b|#\d+\b))"
    r"|(?P<whereabouts>\b(?:he|she|they|hes|shes|theyre|[a-z]+) (?:lives|is living|living|"
    r"is staying|staying|stays|works) (?:over |right |just )?(?:on|at|off|by|behind|in) "
    r"(?:the |a )?(?:[a-z0-9]+ ){0,4}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|"
    r"ct|boulevard|blvd|route|rt|highway|hwy|apartments|apts|motel|hotel|trailer park|"
    r"shelter|sober house|halfway house|sober living|group home)\b"
    # "jamie lives in the blue house behind the gas station": someone else's home by a
    # landmark.
    r"|(?<!my )(?<!our )(?<!your )\b(?!(?:i|we|you|u|im)\b)[a-z]+ (?:lives|is living|stays|"
    r"is staying) (?:in|at) the (?:[a-z]+ ){0,2}(?:house|apartment|trailer|building|duplex|"
    r"place|complex) (?:behind|next to|near|across from|by|on|at the end of|off) [a-z]+)"
    # "mark halverson, lives by the park on elm": someone else's home by a landmark on a
    # named street.
    r"|(?P<near_home>(?<!my )(?<!our )(?<!your )\b(?!(?:i|we|you|u|im|ill|id)\b)[a-z]+,? "
    r"(?:lives|is living|living|stays|is staying|staying) (?:right |just )?(?:by|near|behind|"
    r"next to|across from|around the corner from|down the street from|above|over) the "
    r"(?:[a-z]+ ){1,2}(?:on|off|at) [a-z0-9]+)"
    # "jamie works mon-wed at the diner on main": someone else's routine, a recurring time
    # and a place together, is how to find them.
    rf"|(?P<schedule>(?<!my )(?<!our )(?<!your )(?<!the )\b(?!{_NOT_A_PERSON}\b)[a-z]+,? "
    r"(?:works|is working|closes|opens|parks|leaves|gets off|walks home|drives home|walks|"
    r"picks up|drops off|shows up|can be found|hangs out|is always|is usually|is there|goes)\b"
    rf"(?=[^.!?\n]{{0,60}}\b{_ROUTINE_TIME})"
    r"(?=[^.!?\n]{0,60}\b(?:at|behind|outside|near|by|in front of|across from) (?:the|a) "
    r"[a-z]+))"
)
# Before an address, in the same clause: a public place, not someone's home ("my clinic
# is at 400 Main Street").
PUBLIC_PLACE = re.compile(
    r"\b(?:clinic|office|pharmacy|hospital|church|center|centre|meeting|meetings|library|"
    r"shelter|building|program|gym|store|shop|cafe|restaurant|park|hall|school|station|"
    r"group|groups|class|session|sessions|suite|aa|na)\b"
    r"[^.!?\n]{0,30}$"
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
    # "no one here would be better off without you": the negation of a put-down.
    r"|\b(?:no one|nobody|noone|none of us)(?: here| in this group)? (?:would|will|could|is|"
    r"thinks)(?: ever)?(?: be)?\W*$"
    # "i could just die, my crush texted back", "lemme just die already": about oneself
    # (the crisis path reads it), not said to someone.
    r"|\b(?:i|id) (?:could|would|might)\W*$|\b(?:lemme|let me)\W*$"
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
