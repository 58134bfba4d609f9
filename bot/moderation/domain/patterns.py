"""The regular expressions behind the moderation rules, built once at load.

Term matching is whole-word and obfuscation tolerant: each letter of a term also accepts
its usual look-alikes ("3" for "e", "$" for "s", "*" for a vowel) and repeats ("niiice"),
a doubled letter in the term must stay at least doubled (so "Niger" never matches a
term spelt with "gg"), and a match may not touch other letters on either side (so
"therapist", "Scunthorpe" and "spiced" never match shorter terms inside them).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
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


_PLACEHOLDERS = {
    "{you}": r"(?:you|u|ya|yall)",
    "{youre}": r"(?:youre|you are|ur|u r|your|yr)(?:\s+(?:so|such|really|fucking|just|"
    r"literally|completely|totally|the most|a))*",
}


def build_phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Plain phrases over normalised text, with {you}/{youre} placeholders."""
    parts = []
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        regex = r"\s+".join(re.escape(w) for w in phrase.split())
        for placeholder, alternative in _PLACEHOLDERS.items():
            regex = regex.replace(re.escape(placeholder), alternative)
        parts.append(regex)
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


# Names for the log: each is a named group of the combined pattern.
DRUG_PATTERN_NAMES = (
    "plug_request",
    "plug_wanted",
    "drug_request",
    "hook_up",
    "where_to_buy",
    "selling",
    "for_sale",
    "dm_for",
    "offer",
)
METHOD_DETAIL_NAMES = (
    "lethal_dose",
    "how_much_to_die",
    "best_method",
    "cutting_detail",
    "dose_to_die",
    "enough_to_die",
    "mixing_to_die",
)


def _named(names: tuple[str, ...], patterns: list[str]) -> re.Pattern[str]:
    """One pattern, one search: which part matched is ``match.lastgroup``."""
    if len(names) != len(patterns):
        raise ValueError("each pattern needs a name")
    return re.compile("|".join(f"(?P<{n}>{p})" for n, p in zip(names, patterns, strict=True)))


_ASKER = r"(?:any ?(?:one|body|1)|some ?(?:one|body)|who|does anyone|u|you|ya)"
_FEW = r"(?:(?:any|some|a few|a couple|extra|spare|more|my|\d+)\s+)*"
# Treatment questions and experience talk after a drug name are not sourcing.
_NOT_SOURCING_AFTER = (
    r"(?!\s+(?:experience|withdrawals?|prescri\w*|side effects?|taper\w*|questions?|clinic|"
    r"program|doctor|dose|script|refill))"
)


def build_drug_pattern(drugs: Collection[str], treatment: Collection[str]) -> re.Pattern[str]:
    """Requests for a source and offers to sell, over normalised text."""
    any_drug = _alternation(drugs)
    illicit = (
        _alternation(d for d in drugs if d not in treatment)
        if set(drugs) - set(treatment)
        else any_drug
    )
    sources = [
        # "anyone got a plug", "need a new connect"
        rf"\b{_ASKER}\s+(?:here\s+)?(?:got|has|have|know(?:s)?(?:\s+of)?|with)\s+"
        r"(?:a\s+|an\s+|the\s+|good\s+|new\s+)*(?:plug|connect|dealer)\b",
        r"\b(?:need|looking for|want|find|finding|searching for)\s+(?:a\s+|an\s+|new\s+|good\s+|"
        r"me\s+a\s+)*(?:plug|connect|dealer)\b",
        # "anyone got xans", "who has percs", "anyone selling subs"
        rf"\b{_ASKER}\s+(?:here\s+)?(?:got|has|have|selling|sell|sells|holding|front me)\s+"
        rf"{_FEW}{any_drug}\b{_NOT_SOURCING_AFTER}",
        rf"\bhook (?:me|us) up\s+(?:with\s+)?{_FEW}{any_drug}\b",
        # "where can i get dope" (treatment medicines are a fair question)
        rf"\b(?:where|how)\s+(?:can|do|could|would|should|to)\s+(?:i\s+|you\s+|u\s+|we\s+|one\s+)?"
        rf"(?:get|buy|score|cop|find|order|grab)\s+{_FEW}{illicit}\b{_NOT_SOURCING_AFTER}",
        # offers: "selling my oxys", "percs for sale", "hmu for bars"
        rf"\b(?:selling|sellin|sell|trading|trade)\s+{_FEW}(?:\w+\s+)?{any_drug}\b",
        rf"\b{any_drug}\s+(?:for sale|4 sale|for cheap|cheap|available|in stock)\b",
        rf"\b(?:hmu|hit me up|dm me|pm me|message me|text me)\s+(?:for|if (?:you|u|ya|yall|anyone) "
        rf"(?:want|need)s?)\s+{_FEW}{any_drug}\b",
        r"\bcan (?:get|hook|sell|front) (?:you|u|ya|yall)(?: up)?\s+(?:with\s+)?"
        rf"{_FEW}{any_drug}\b",
    ]
    return _named(DRUG_PATTERN_NAMES, sources)


PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
    r"|(?<![\w])\+\d{1,3}(?:[\s.-]?\d){6,12}(?!\d)"
    r"|(?<!\d)0[47]\d{2,3}[\s.-]?\d{3}[\s.-]?\d{3,4}(?!\d)"
)
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_STREET_WORD = (
    r"(?!(?:the|a|an|my|your|his|her|of|down|up|to|on|in|at|from|for|more|and|or|miles?|"
    r"blocks?|mins?|minutes?|hours?|days?|weeks?|months?|years?|times|steps?|km|kms|feet|ft|"
    r"people|kids|cars|other|different)\b)[a-z][a-z.-]*"
)
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s+(?:{_STREET_WORD}\s+){{1,3}}(?:street|st|avenue|ave|road|rd|"
    r"boulevard|blvd|lane|ln|drive|terrace|crescent|highway|hwy|parkway|pkwy)\b"
    r"|\b(?:my|our|his|her|their) (?:home |new |house |street )?address is\b"
    r"|\bi live (?:at|on) \d"
)
_METHOD_PARTS = (
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
        r"(?:i|you)|should (?:i|you)|can (?:i|you))\s+(?:cut|slit)\b|\bdeep enough to\b"
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
METHOD_DETAIL = _named(METHOD_DETAIL_NAMES, [p.pattern for p in _METHOD_PARTS])

# Every method-detail pattern needs one of these words; checked before the regex.
METHOD_GATE = frozenset(
    "lethal fatal deadly how way ways method methods cut cutting slit slitting slice deep "
    "enough mix mixing combine combining mg g gram grams pills tabs tablets caps".split()
)
# Discord mention syntax: people (<@id>, <@!id>) and roles (<@&id>).
MENTION = re.compile(r"<@[!&]?(\d+)>")
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
    r"quit|deleted|blocked|wont)\b"
)
