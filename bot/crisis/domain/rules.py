"""The crisis rule table: what counts as a first-person crisis signal, and how much.

Each rule is a regular expression over ``text_normalise.normalise`` output (lower case,
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

CRISIS_THRESHOLD = 2.0

INTENT = "intent"
PLAN = "plan"
MEANS = "means"
TIMING = "timing"
GOODBYE = "goodbye"
SELF_HARM = "self_harm"
OVERDOSE = "overdose"
CATEGORIES = (INTENT, PLAN, MEANS, TIMING, GOODBYE, SELF_HARM, OVERDOSE)

# Softeners people put between "i" and the verb. Negations are deliberately absent, so
# "i dont want to die" never reaches the verb alternative.
ADV = (
    r"(?:(?:really|just|honestly|seriously|kind of|kinda|sort of|literally|actually|truly|"
    r"still|sometimes|often|always|so|lowkey|genuinely|fucking|fkn|only|almost|"
    r"definitely|totally|already|finally|desperately|badly|secretly|do|think i|feel like i)"
    r"\s+)*"
)
# The speaker: "i", or the "i" of "im"/"ive"/"id"/"ill" (the rest is left for the verb
# alternatives such as "m going" or "ve been").
SPEAKER = r"\bi(?:\s+|(?=(?:m|ve|d|ll)\s))"
# Substances people overdose on. Kept to names, not doses.
DRUGS = (
    r"(?:acetaminophen|paracetamol|tylenol|panadol|ibuprofen|advil|aspirin|benadryl|"
    r"diphenhydramine|sleeping pills?|sleep(?:ing)? meds|xanax|xans?|benzos?|klonopin|valium|"
    r"ativan|oxys?|oxycodone|oxycontin|percs?|percocet|vicodin|fent(?:anyl)?|heroin|"
    r"insulin|lithium|seroquel|trazodone|ambien|antidepressants|opioids|morphine|codeine|"
    r"methadone|pills|tablets|tabs|meds|medication|medications|capsules|caps)"
)
QUANTITY = (
    r"(?:\d{2,}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|"
    r"dozens|a handful|handfuls|a bunch|a (?:whole|full) (?:bottle|pack|box|strip)|"
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


def make_rule(rule_id: str, category: str, weight: float, pattern: str, **flags: bool) -> Rule:
    return Rule(rule_id, category, weight, re.compile(pattern), **flags)


INTENT_RULES: tuple[Rule, ...] = (
    make_rule(
        "intent.kill_myself",
        INTENT,
        2.0,
        r"\b(?:kill|killing|killed|hang|hanging|shoot|shooting|drown|drowning|off|offing|"
        r"unalive|unaliving|poison|poisoning)\s+my ?self\b(?!\s+(?:laughing|all day|working|"
        r"at work|at the gym|to get|trying|wont|wouldnt|isnt|is not|doesnt|will not))",
    ),
    make_rule(
        "intent.want_to_die",
        INTENT,
        2.0,
        SPEAKER
        + ADV
        + r"(?:want|wanted|wanna|wish|wished|need|am ready|m ready|m so ready)\s+(?:to\s+)?"
        r"(?:just\s+)?(?:die|be dead|stop living|not (?:be alive|exist|wake up)|"
        r"never wake up|disappear forever|go to sleep forever|sleep forever)\b"
        r"(?!\s+(?:of|from|laughing|with embarrassment))",
        negatable=False,
    ),
    make_rule(
        "intent.end_it",
        INTENT,
        2.0,
        r"\b(?:i|im|i am|ill|i will|id)\s+" + ADV + r"(?:(?:want|wanna|need|going|gonna|"
        r"about|ready|planning|plan|decided|trying|try)\s+(?:to\s+)?)?"
        r"(?:end (?:it all|my life|my own life|everything|it)|take my (?:own )?life|"
        r"commit suicide|attempt suicide|suicide|unalive)\b"
        r"(?!\s+(?:with|off|there|for (?:now|today)))",
        negatable=False,
    ),
    make_rule(
        "intent.suicidal",
        INTENT,
        2.0,
        r"\b(?:im|i am|i feel|i felt|i get|i got|feeling|been)\s+"
        + ADV
        + r"(?:very\s+|so\s+|really\s+|pretty\s+|extremely\s+|super\s+|a (?:bit|little)\s+)?"
        r"(?:\w+\s+and\s+)?suicidal\b|\bsuicidal (?:i|that i) (?:feel|am|get)\b",
    ),
    make_rule(
        "intent.suicidal_thoughts",
        INTENT,
        2.0,
        r"\b(?:suicidal (?:and self.?harm(?:ing)? )?(?:thoughts|feelings|urges|ideation)|"
        r"thoughts (?:of|about) "
        r"(?:suicide|dying|ending (?:it|my life)|taking my life)|thinking (?:about|of) "
        r"(?:suicide|ending (?:it|it all|my life)|taking my (?:own )?life|dying))\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.contemplating",
        INTENT,
        2.0,
        r"\b(?:considering|contemplating|dreaming (?:of|about)|fantasi[sz]ing about|"
        r"obsessed with|planning)\s+(?:my (?:own )?)?(?:suicide|my death|my own death|"
        r"killing myself|ending (?:it|it all|my life)|death and suicide|dying and suicide)\b"
        r"|\b(?:contemplating|considering|"
        r"thinking about|deciding|wondering) (?:whether|if) (?:or not )?(?:i should|to|i "
        r"(?:would|will|could)) (?:jump|kill myself|end it|end my life|do it|pull the trigger)\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.no_will_to_live",
        INTENT,
        2.0,
        r"\b(?:lost (?:all |the |my )?(?:of my )?|no |have no |dont have (?:the |any |a )?)"
        r"(?:will|desire|reason|reasons) to live\b(?! (?:in fear|in the past|with|without))|"
        r"\bworth more dead than alive\b|"
        r"\b(?:no\s+|(?:dont|cant|do not|cannot) see (?:a\s+|any\s+|much\s+|the\s+)?)"
        r"(?:real |good )?"
        r"(?:reason|reasons|point) (?:left )?(?:to|in) (?:keep (?:on )?living|go on living|live|"
        r"be alive|stay alive|living)\b(?! (?:like this|without|in fear|in the past|with))",
    ),
    make_rule(
        "intent.too_scared",
        INTENT,
        2.0,
        r"\b(?:guts|balls|courage|nerve|strength|brave enough|what it takes|too scared|"
        r"too afraid|too much of a coward|too chicken)\s+to\s+(?:end it|kill myself|do it|"
        r"pull the trigger|go through with it|swallow the pills|jump|(?:pick up|use|load) "
        r"(?:the|my|a) (?:gun|rope|pills|knife|blade))\b",
        needs_subject=True,
        negatable=False,
    ),
    make_rule(
        "intent.only_reason",
        INTENT,
        2.0,
        r"\b(?:only (?:reason|thing) (?:i|im) (?:didnt|dont|havent|am not|m not|still)|"
        r"only (?:thing|reason|ones?|people) (?:stopping|keeping|holding) me "
        r"(?:from|back|alive|here)|only reason im (?:still )?(?:alive|here))\b",
        negatable=False,
    ),
    make_rule(
        "intent.jump",
        INTENT,
        2.0,
        r"\b(?:jump(?:ing)? (?:off|from) (?:a|the|my) (?:bridge|building|roof|cliff|balcony|"
        r"ledge|overpass)|(?:step|stepping|jump|jumping|walk|walking) in front of (?:a|the) "
        r"(?:train|bus|truck|car))\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.burden",
        INTENT,
        1.0,
        r"\b(?:im|i am|im just|i feel like)\s+(?:such\s+)?(?:a|the)\s+burden\b|"
        r"\b(?:nobody|no one|noone) (?:would|will) (?:miss|notice|care if) (?:me|i (?:was|"
        r"were|am) gone|i died)\b",
    ),
    make_rule(
        "intent.only_way_out",
        INTENT,
        2.0,
        r"\b(?:suicide|death|dying|killing myself|ending it) (?:is|seems|feels like) (?:the|my) "
        r"(?:only|best|last) (?:option|way out|answer|choice|solution|way)\b|\bno (?:other )?"
        r"way (?:out )?(?:but|other than|except) (?:to die|death|suicide)\b|\b(?:suicide|death"
        r"|suicidal) fantasies\b|\b(?:wish|longing|craving|crave) (?:to die|death|for death)\b"
        r"|\b(?:dont|cant|do not|cannot) see (?:any )?(?:other )?way (?:out )?(?:than|except|"
        r"other than) (?:to die|death|suicide|killing myself|ending it)\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.suicidal_state",
        INTENT,
        2.0,
        r"\b(?:more|increasingly|still|getting|get so|gets me|makes me|made me|so fucking)\s+"
        r"suicidal\b|\bsuicidal myself\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.thoughts_back",
        INTENT,
        2.0,
        r"\bsuicidal (?:thoughts|urges|feelings|ideation) (?:are|r|have been|came|come|keep "
        r"coming) (?:back|worse|getting worse|stronger|returning)\b"
        r"(?! (?:for|with) (?:him|her|them|my|his|their))",
    ),
    make_rule(
        "intent.considered",
        INTENT,
        1.0,
        r"\b(?:considered|contemplated|thought about|thought of|think about|been considering|"
        r"been contemplating|close in on)\s+(?:suicide|killing myself|ending (?:it|it all|my life)"
        r"|taking my (?:own )?life)\b",
        needs_subject=True,
        ongoing=True,
    ),
    make_rule(
        "intent.all_i_want",
        INTENT,
        2.0,
        r"\b(?:all|what) i (?:really |truly )?want(?: right now| now)? is to (?:die|end it|"
        r"be dead|kill myself|not exist|not wake up|disappear forever)\b",
        negatable=False,
    ),
    make_rule(
        "intent.rather_die",
        INTENT,
        1.0,
        r"\b(?:id|i would|i)\s+(?:much\s+)?rather (?:die|be dead)\b",
    ),
    make_rule(
        "intent.dont_want_to_live",
        INTENT,
        2.0,
        SPEAKER + ADV + r"(?:dont|do not|no longer|dont even|dont really)\s+"
        r"(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be alive|exist|keep living|"
        r"be here anymore|be around anymore|go on anymore|wake up(?:\s+(?:tomorrow|again|"
        r"anymore|ever))?\s*(?:$|[.!?;,\n]|\s+but\b))",
        negatable=False,
    ),
    make_rule(
        "intent.wish_dead",
        INTENT,
        2.0,
        SPEAKER + ADV + r"(?:wish|hope)\s+(?:that\s+)?(?:i|id)\s+(?:was|were|could|would|"
        r"had|just)?\s*(?:just\s+)?(?:be\s+)?(?:dead|die|not wake up|never wake up|(?:go to "
        r"sleep|fall asleep|sleep) (?:and|then) (?:never|not) wake up|"
        r"never (?:been|be) born|not exist|disappear)\b",
        negatable=False,
    ),
    make_rule(
        "intent.better_off",
        INTENT,
        2.0,
        r"\b(?:(?:every|any|some)(?:one|body)|they|the world|my family|my kids|people)\s+"
        r"(?:would|will|d|is|are)\s+(?:be\s+)?better off without me\b|\bim better off dead\b|"
        r"\bid be better off dead\b",
        negatable=False,
    ),
    make_rule(
        "intent.no_reason",
        INTENT,
        1.0,
        r"\b(?:no|dont see (?:a|any|the)|cant see (?:a|any|the)|lost (?:all|any|every)|"
        r"there is no|theres no|whats the)\s+(?:point|reason)\s+(?:(?:in|to|of|for)\s+)?"
        r"(?:living|live|life|being alive|going on|existing|waking up|me being here)\b",
    ),
    make_rule(
        "intent.cant_go_on",
        INTENT,
        1.0,
        SPEAKER + ADV + r"(?:cant|can not|cannot|dont think i can)\s+"
        r"(?:do this|go on|keep going|take (?:it|this)|handle (?:it|this)|live like this)\s+"
        r"(?:anymore|any longer|much longer)\b",
        negatable=False,
    ),
    make_rule(
        "intent.will_overdose",
        OVERDOSE,
        3.0,
        r"\b(?:i|im|ill|i will)\s+" + ADV + r"(?:(?:want|wanna|going|gonna|about|planning|"
        r"plan|ready)\s+(?:to\s+)?)(?:overdose|od|(?:take|swallow) (?:them all|all of them|"
        r"the (?:whole|entire) (?:bottle|pack|box)|all (?:of )?(?:my|the|these|those) "
        r"(?:pills|meds|tablets)))\b",
        negatable=False,
    ),
)
