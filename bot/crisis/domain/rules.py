"""The crisis rule scheme and its shared vocabulary: what counts as a first-person
crisis signal, and how much. The rules themselves are in ``intent``, ``acts``, ``harm``
and ``concern``.

Each rule is a regular expression over the kernel normaliser's ``plain`` view (lower case,
no apostrophes), a category, a weight and the guards that apply to it. A message is a
crisis when the strongest signal of each category adds up to ``CRISIS_THRESHOLD``.

Weights follow what predicts risk rather than what sounds alarming: a plan, means in
hand, an overdose or self-harm happening now, and a goodbye weigh the most; first-person
intent is enough on its own; the bare word "suicide" counts for nothing (it is how
people *talk about* suicide in group, in support and in recovery).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.crisis.domain.result import (
    CRISIS_THRESHOLD,
    GOODBYE,
    INTENT,
    MEANS,
    OVERDOSE,
    PLAN,
    SELF_HARM,
    TIMING,
)

__all__ = [
    "ADV",
    "CLAUSE_START",
    "CRISIS_THRESHOLD",
    "DRUGS",
    "DRUG_WORDS",
    "GOODBYE",
    "INTENT",
    "LIFE_GUARD",
    "MEANS",
    "OVERDOSE",
    "PLAN",
    "QUANTITY",
    "SELF_HARM",
    "SPEAKER",
    "SPEAKER_OR_DROPPED",
    "TIMING",
    "Rule",
    "make_rule",
]

# Softeners people put between "i" and the verb. Negations are deliberately absent, so
# "i dont want to die" never reaches the verb alternative.
ADV = (
    r"(?:(?:really|just|honestly|seriously|kind of|kinda|sort of|literally|actually|truly|"
    r"still|sometimes|often|always|so|lowkey|genuinely|fucking|fkn|only|almost|"
    r"definitely|totally|already|finally|desperately|badly|secretly|do|think i|feel like i|"
    r"ngl|tbh|fr|deadass|legit|ugh|idk|yeah|ok|okay|rly|srsly|might|prob|probably|"
    r"gonna|going to|about to)"
    r"\s+)*"
)
# The speaker: "i", or the "i" of "im"/"ive"/"id"/"ill" (the rest is left for the verb
# alternatives such as "m going" or "ve been").
SPEAKER = r"\bi(?:\s+|(?=(?:m|ve|d|ll)\s))"
# Chat drops the pronoun ("gonna end it tonight", "want to die"): the start of the text or
# of a clause stands for the speaker. A clause that names someone else starts with them,
# so it never reaches the verb.
CLAUSE_START = r"(?:^|(?<=[.!?;,:\n])\s*|(?<=\bbut\s)|(?<=\band\s)|(?<=\bso\s))"
SPEAKER_OR_DROPPED = r"(?:" + SPEAKER + r"|" + CLAUSE_START + r")"
# Substances people overdose on. Kept to names, not doses.
DRUGS = (
    r"(?:acetaminophen|paracetamol|tylenol|panadol|ibuprofen|advil|aspirin|benadryl|"
    r"diphenhydramine|sleeping pills?|sleep(?:ing)? meds|xanax|xans?|benzos?|klonopin|valium|"
    r"ativan|oxys?|oxycodone|oxycontin|percs?|percocet|vicodin|fent(?:anyl)?|heroin|"
    r"insulin|lithium|seroquel|trazodone|ambien|antidepressants|opioids|morphine|codeine|"
    r"methadone|"
    # The prescriptions people in a program hold: antidepressants, mood stabilisers,
    # antipsychotics, sleep and anxiety medicines, pain medicines.
    r"sertraline|zoloft|fluoxetine|prozac|(?:es)?citalopram|lexapro|celexa|paroxetine|paxil|"
    r"venlafaxine|effexor|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine|remeron|"
    r"quetiapine|olanzapine|zyprexa|risperidone|risperdal|aripiprazole|abilify|gabapentin|"
    r"neurontin|pregabalin|lyrica|clonazepam|lorazepam|alprazolam|diazepam|zolpidem|"
    r"amitriptyline|nortriptyline|propranolol|tramadol|hydrocodone|buprenorphine|suboxone|"
    r"lamotrigine|lamictal|topiramate|hydroxyzine|promethazine|opiates?|painkillers?|"
    r"pain (?:meds|pills|killers)|"
    r"pills|tablets|tabs|meds|medication|medications|capsules|caps)"
)
# The drug names as literal stems, for gates; the commonest first (a gate stops at the
# first one found).
DRUG_WORDS = (
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
    "sertral", "zoloft", "fluox", "prozac", "citalo", "lexapro", "celexa", "paroxe", "paxil",
    "venlaf", "effexor", "dulox", "cymbalta", "bupropion", "wellbutrin", "mirtaz", "remeron",
    "quetiap", "olanzap", "zyprexa", "risperi", "risperd", "aripip", "abilify", "gabapent",
    "neurontin", "pregab", "lyrica", "clonaz", "loraz", "alpraz", "diazep", "zolpid",
    "amitrip", "nortrip", "propranol", "tramad", "hydrocod", "bupren", "suboxone", "lamotri",
    "lamictal", "topira", "hydroxyz", "prometh", "opiat", "painkill",
)
# "take my life back / in a new direction / one day at a time" is recovery talk.
LIFE_GUARD = (
    r"(?!\s+(?:back|in (?:a|my|new|the|hand)|one day|into|seriously|more|to the|forward|"
    r"by the))"
)
QUANTITY = (
    r"(?:\d{2,}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|"
    r"dozens|a handful|handfuls|a bunch|a lot of|lots of|so many|loads of|a ton of|"
    r"a (?:whole|full) (?:bottle|pack|box|strip)|"
    r"(?:the|a|my) (?:whole|entire) (?:bottle|pack|box|strip|prescription)|"
    r"(?:all|the rest) of (?:my|the|them|those)|all (?:my|the))"
)


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    category: str
    weight: float
    pattern: re.Pattern[str]
    # Reject when "not/never/dont..." sits between the speaker and the match.
    negatable: bool = True
    # Reject when the sentence is about the distant past or a milestone.
    pastable: bool = True
    # Require "i/me/my" before the match in the same clause (for subjectless patterns).
    needs_subject: bool = False
    # Counts double when the sentence says it is ongoing ("on and off since i was 13").
    ongoing: bool = False
    # Literal substrings, one of which a match always contains: the rule is then tried
    # only in the sentences holding one (rules that may start at any clause, "gonna ..."
    # with no "i", are slow to search across a long post).
    gate: tuple[str, ...] | None = None
    # A second gate: one of these must be in the same sentence too (the wish or plan
    # word of "wants to die", besides the act).
    also: tuple[str, ...] | None = None


def make_rule(
    rule_id: str,
    category: str,
    weight: float,
    pattern: str,
    *,
    gate: tuple[str, ...] | None = None,
    also: tuple[str, ...] | None = None,
    **flags: bool,
) -> Rule:
    return Rule(
        rule_id, category, weight, re.compile(pattern, re.MULTILINE), gate=gate, also=also, **flags
    )
