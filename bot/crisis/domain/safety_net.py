"""The safety net: strong risk words said by the writer reach at least the concern tier.

The crisis rules want shapes (intent + verb, means + a time) and every new batch of
messages brings shapes they have not seen. A person in crisis left with no answer at all
is the worst failure, while a gentle private check-in sent to someone who did not need
it costs little. So after the rules, a message that they left quiet is read once more,
clause by clause, for the vocabulary of risk alone (death and dying wished for, suicide
in any spelling, killing, hurting, cutting or starving oneself, an overdose or taking
everything, ending it, not waking up, disappearing for good, a final goodbye, means such
as a rope, pills, a bridge, a gun or a blade in hand), said by the writer (an "i", or
no subject at all: "gonna take everything tonight"). Only strong guards set a clause
aside: someone else is its subject, a clear time in the past, a negation, a quotation
or title, support offered to others, a topic, means put away, a milestone, a figure of
speech or a laugh at an everyday cause.

Never raises anything to the crisis tier, never removes anything: it runs after the
moderation verdict (``crisis.detect_crisis_normalised``), outside its time budget.
"""

from __future__ import annotations

import re

from bot.crisis.domain import guards as cg
from bot.crisis.domain.result import CONCERN, NONE, RISK_WORDS, CrisisResult, Signal

__all__ = ["MAX_CHARS", "raise_tier", "risk_words", "routed"]

# Chat-length messages only: posts go to the long-message model, and on Reddit-length
# posts risk words alone say too little (they are as common in support and in stories).
MAX_CHARS = 250


def routed(canonical: str) -> bool:
    """Whether the net reads this message (chat length)."""
    return len(canonical) < MAX_CHARS


# Each concept: the words that say it. The writer is the subject unless a guard says not.
_CONCEPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "suicide",
        re.compile(
            r"\b(?:suicid\w*|sucid\w*|suicd\w*|suiside\w*|suacid\w*|sui\b|self ?harm\w*|"
            r"self ?injur\w*|s h\b|unalive\w*)"
        ),
    ),
    (
        "harm_self",
        re.compile(
            r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|"
            r"starve|starving|starved|hang|hanging|shoot|shooting|drown|drowning|off|offing|"
            r"poison|poisoning|punish|punishing|destroy|destroying|end|ending)\s+my ?self\b"
        ),
    ),
    (
        "end_it",
        re.compile(
            r"\b(?:end|ending|ended|finish|finishing)\s+(?:it|it all|things|everything|my life|"
            r"this life|my own life|the pain for good)\b"
            r"|\b(?:take|taking)\s+my (?:own )?life\b|\bits (?:over|the end) for me\b"
        ),
    ),
    (
        "wish_to_die",
        re.compile(
            r"\b(?:want|wanna|wanted|wish|wishing|hope|hoping|ready|need|deserve|rather|"
            r"going|gonna|planning|plan|prefer|longing|praying|pray|just)\s+(?:\w+\s+){0,2}?"
            r"(?:to\s+)?(?:die|be dead|dead|not exist|stop existing|not be alive|not be here|"
            r"be gone|stop breathing|disappear for good|vanish for good)\b"
            r"|\b(?:better off dead|death (?:sounds|seems|feels|would be) \w+|"
            r"(?:tired|sick) of (?:being alive|living|existing|life)|"
            r"(?:thoughts?|thinking|think|dreaming|fantasi[sz]ing) (?:of|about) "
            r"(?:death|dying|being dead|not being here|ending it|killing myself)|"
            r"dont want to (?:live|be alive|exist|be here|wake up)|"
            r"(?:till|until) my heart stops|drink (?:till|until) i stop breathing)\b"
        ),
    ),
    (
        "not_waking",
        re.compile(
            r"\b(?:not|never|dont|wont|didnt)\s+(?:\w+\s+)?wak(?:e|ing) up\b|"
            r"\bsleep (?:forever|for good|and never)\b|\b(?:forever|eternal|final|long) "
            r"(?:sleep|goodnight)\b"
        ),
    ),
    (
        "overdose",
        re.compile(
            r"\b(?:overdose|overdosed|overdosing|od|oding)\b|\b(?:take|taking|took|swallow|swallowing|"
            r"swallowed|down|downing|downed)\s+(?:everything|it all|all of (?:them|it|my \w+)|"
            r"all (?:my|the|of my) \w+|every (?:pill|last)|the whole (?:bottle|pack|box)|"
            r"a (?:handful|bunch|whole bottle)(?! of (?!pills|meds|my|them|those|these|xans|bars|"
            r"oxys?|percs|tabs|sleeping))|them all)\b"
            r"|\b(?:took|take|taking|used|using|shot|did|drank|mixing|mixed) (?:\w+ ){0,4}on "
            r"purpose\b"
        ),
    ),
    (
        "final",
        re.compile(
            # A goodbye to people, not to a thing ("goodbye 2024", "said goodbye to my
            # old job"); a "last thing" only when it is the last ever.
            r"\b(?:this is (?:goodbye|good bye|farewell|it)|(?:goodbye|good bye|farewell) "
            r"(?:everyone|everybody|all|guys|yall|world|forever|for good|friends)|(?:saying|say|"
            r"said) (?:goodbye|good bye|bye) to (?:you|everyone|everybody|all|yall|the world)|"
            r"(?:goodbye|good bye|farewell)\s*$|last (?:message|post|words)|last thing (?:ill|i "
            r"will|i) ever"
            r"|wont be (?:here|around|alive|a problem|a burden|bothering)|not (?:be|gonna be) "
            r"(?:here|around) (?:much longer|after|by|tomorrow|anymore)|after tonight|when im "
            r"gone|after im gone|once im gone|for after|disappear\w* (?:for good|forever)|"
            r"if i dont (?:answer|reply|respond|post|make it|wake|come back|show up)|"
            r"take care of my (?:dog|cat|kids?|pets?|son|daughter)|(?:wrote|writing|left) "
            r"(?:a|my|the) (?:note|letters?)|(?:im|i am) sorry for everything)\b"
        ),
    ),
    (
        "means",
        re.compile(
            r"\b(?:got|have|has|bought|buying|ordered|holding|hold|staring at|looking at|"
            r"counting|counted|lined up|laid out|loaded|tied|hid|hidden|saving|saved|"
            r"stockpil\w*|collected|sharpened|grabbed|driving to|walking to|heading to|standing "
            r"on|sitting on|on the edge of)\s+(?:\w+\s+){0,3}?"
            r"(?:rope|noose|pills|gun|blade|blades|razor|razors|bridge|ledge|roof|tracks|cliff|"
            r"bottle of \w+|stash|belt)\b"
            r"|\b(?:rope|noose|gun|blade|razor)s? (?:is|are) (?:ready|in my|under my|in the car)\b"
            r"|\b(?:rope|noose|pills|gun|blade|razor)s? (?:ready|out|in my hand|on my lap|in "
            r"front of me|lined up|are kicking in|kicking in)\b|\b(?:car|engine)s? running in "
            r"the garage\b|\bin the garage with the (?:engine|car) running\b"
        ),
    ),
    (
        "unsafe",
        re.compile(
            r"\b(?:cant|cannot|dont|not) (?:keep myself|stay|feel|be|trust myself to (?:be|stay)) "
            r"safe\b|\bnot safe (?:with|from|around) myself\b|\b(?:scared|afraid|terrified) of "
            r"(?:myself|what i (?:might|will|could|am going to|m gonna) do)\b"
            r"|\bdont trust myself\b"
        ),
    ),
)

# Someone other than the writer (kin, friends, people at work, pets).
_OTHERS = re.compile(
    r"\b(?:you|youre|your|u|ur|he|hes|him|his|she|shes|her|they|theyre|them|their|we|were|us|"
    r"our|people|person|someone|somebody|everyone|everybody|anyone|anybody|friend|friends|"
    r"bro|brother|sis|sister|mom|mum|mother|dad|father|son|daughter|wife|husband|partner|"
    r"boyfriend|girlfriend|bf|gf|ex|cousin|uncle|aunt|grandpa|grandma|granddad|grandmother|"
    r"grandfather|nan|roommate|coworker|boss|kid|kids|baby|client|patient|neighbou?r|teacher|"
    r"classmate|sponsor|counsell?or|therapist|doctor|nurse|pastor|dog|cat|who|guy|girl|man|"
    r"woman|dude|character|shell|shed|hed|hell|theyll|theyd|youll|youd)\b"
)
_SELF = re.compile(r"\b(?:i|im|ive|id|ill|me|myself|my ?self)\b")
# A clear time in the past, or a recovery milestone.
_PAST = re.compile(
    r"\b(?:ago|last (?:year|years|month|winter|spring|summer|fall|autumn)|when i was|back when|"
    r"back then|back in \w+|used to|in (?:high school|college|middle school|rehab|detox|"
    r"treatment)|as a (?:kid|teen|teenager)|growing up|years back|in my (?:\w+ties|teens|"
    r"\d0s|twenties|youth|childhood)|for most of my|chip|sober|clean|milestone|anniversary)\b"
)
_NOW = re.compile(r"\b(?:right now|rn|again|anymore|these days|still)\b")
# Recovery told anywhere in the message: it is a story of getting through.
_RECOVERED = re.compile(
    r"\b(?:survived|survivor|glad i (?:stayed|didnt|am still|m still|made it)|grateful|"
    r"proud of|made it through|got through|in recovery|still here|it gets better|saved "
    r"(?:me|my life)|therapy (?:helped|saved)|doing (?:ok|okay|better|good|well) now)\b"
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|dont|didnt|doesnt|wont|wouldnt|isnt|arent|havent|no longer|nothing "
    r"like|without|instead of|stopped|quit)\b"
)
# Quotations and titles, topics and support for others.
_TOPIC = re.compile(
    r"\b(?:song|lyrics?|movie|film|book|show|episode|poem|title|titled|called|quote|quoting|"
    r"podcast|article|documentary|video|meme|game|character|topic|prevention|awareness|"
    r"training|workshop|lecture|class|group (?:was|is|today|talked|discussed)|talked about|"
    r"discussed|(?:crisis|help|hot) ?line|(?:call|called|text|texted|dial|dialed) \d{3,}|"
    r"statistics|stats|rates?|"
    r"research|study|asked (?:me )?(?:if|whether|about)|asks (?:me )?(?:if|whether)|"
    r"screening|questionnaire|memoir|reading|session|seminar|webinar|understanding|"
    r"listening|listened|watched|watching|suicide loss|loss survivors?|suicide is painless|"
    r"workbook|chapter|handout|pamphlet|flyer|leaflet|pinned|warning signs|signs of|risks? "
    r"(?:of|after|with|when)|\w+ risk)\b"
)
_SUPPORT = re.compile(
    r"\b(?:if (?:you|u|anyone|someone|somebody)|(?:you|u)(?:re| are) not alone|please "
    r"(?:call|text|reach|talk|stay)|reach out|here for (?:you|u|anyone)|how (?:do|can) i help|"
    r"asking for (?:a|my)|check(?:ing)? on|worried about (?:him|her|them|my)|called (?:an )?"
    r"ambulance|called \d{3})\b"
)
# Means put away or bought for something else.
_PUT_AWAY = re.compile(
    r"\b(?:locked (?:up|away)|lock box|lockbox|gave (?:\w+ ){1,3}to|got rid of|threw (?:away|"
    r"out)|flushed|disposed|dropped off|handed (?:over|in)|safety plan|for the (?:\w+ )?"
    r"(?:tent|swing|toy|camping|boat|garden|course|gym|climbing|hunting|range)|"
    r"organi[sz]er|vitamins?|supplements?|allergy|headache|antibiotics?|license|permit|"
    r"hunting|deer|shooting range|gun range|shaving|cooking|chopping|by accident|"
    r"accidentally|ouch|paper cut|kettle|stove|oven|pan|iron|curling|straightener|jump "
    r"rope)\b"
    r"|\b(?:rope|noose|pills|gun|blade|blades|razor|razors|belt)s? for (?!tonight|later|when|"
    r"it\b|this\b|that\b|the end|good|after|me\b|myself)"
)
_HARM_REDUCTION = re.compile(
    r"\b(?:narcan|naloxone|test strips?|fentanyl strips?|harm reduction|needle exchange|"
    r"syringe services?)\b"
)
# A goodbye or an absence with an everyday reason.
_ORDINARY_ABSENCE = re.compile(
    r"\b(?:appointment|dentist|doctor|work|shift|vacation|holiday|trip|travel\w*|camping|"
    r"out of town|wedding|funeral|visit\w*|class|school|exam|busy|flight|moving|move|"
    r"surgery|court|interview|bed|offline|weekend|nap|break)\b"
)
# Figures of speech and laughing hyperbole.
_FIGURE = re.compile(
    r"\b(?:dying to|dying for|die for|killing (?:me|it)|kill (?:it|them|the)|death of me|"
    r"rather die than|dead tired|dead serious|im dead|"
    r"end(?:ing|ed)? (?:it|things) with (?:my|him|her|the)|take my life (?:in|back)|"
    r"di(?:e|ing) (?:my|her|his|your) (?:\w+ )?hair|dying my|"
    r"ended things with|end it with a bang|end of (?:the|my) (?:day|shift|week|chapter)|"
    r"for good (?:measure|reason)|(?:goodbye|bye) (?:\d{4}|summer|winter|weekend|week|"
    r"year)|last (?:message|post) (?:for|of) (?:tonight|today|the day|the night|now)|"
    r"sleep (?:for|in)|gotta sleep|night all|see (?:you|u|ya|yall|everyone))\b"
)
# Links say where, not what the writer feels ("/od/", "r/SuicideWatch").
_LINK = re.compile(r"(?:https?://|www\.|\br/)\S+")
_CLAUSE = re.compile(r"[.!?;\n]+|,\s+(?:but|and|so)\s+|\s+but\s+")
_WINDOW = 60


def risk_words(canonical: str) -> tuple[str, str] | None:
    """(concept, words) for the first clause where the writer says strong risk words and
    no strong guard sets them aside; None when there is none."""
    if cg.LAUGH.search(canonical) is not None and (cg.EVERYDAY_CAUSE.search(canonical) is not None):
        return None
    if any(
        guard.search(canonical) is not None
        for guard in (_SUPPORT, _TOPIC, _RECOVERED, _HARM_REDUCTION, cg.IDIOM)
    ):
        return None
    if "/" in canonical or "www" in canonical:
        canonical = _LINK.sub(" ", canonical)
    for clause in _CLAUSE.split(canonical):
        found = _clause_risk(clause.strip(), canonical)
        if found is not None:
            return found
    return None


def _clause_risk(clause: str, whole: str) -> tuple[str, str] | None:
    if (
        len(clause) < 3
        or _FIGURE.search(clause) is not None
        or cg.OD_ON_SOMETHING_ELSE.search(clause) is not None
    ):
        return None
    if _PAST.search(clause) is not None and _NOW.search(clause) is None:
        return None
    for concept, pattern in _CONCEPTS:
        for match in pattern.finditer(clause):
            words = match.group(0)
            prefix = clause[max(0, match.start() - _WINDOW) : match.start()]
            if (
                not _said_by_writer(prefix, words)
                # "the suicidal thoughts are back for my sister": no "i", someone else.
                or (
                    concept != "final"
                    and _SELF.search(clause) is None
                    and _OTHERS.search(clause) is not None
                )
                or cg.REPORTED_PREFIX.search(prefix) is not None
                or cg.CONDITIONAL.search(prefix) is not None
            ):
                continue
            if concept in ("overdose", "means", "harm_self") and (
                _PUT_AWAY.search(clause) is not None or cg.AS_PRESCRIBED.search(clause) is not None
            ):
                continue
            # "suicide" the noun is as often a topic ("suicide is never the answer"):
            # it needs the writer in its clause; "suicidal" does not.
            if (
                concept == "suicide"
                and words.startswith("suicide")
                and _SELF.search(clause) is None
            ):
                continue
            if concept == "final" and (
                _ORDINARY_ABSENCE.search(whole) is not None or cg.SEE_YOU.search(whole) is not None
            ):
                continue
            if concept not in ("not_waking", "final", "unsafe") and _negated(prefix):
                continue
            return concept, words
    return None


def _said_by_writer(prefix: str, words: str) -> bool:
    """The writer is the subject: "myself"/"me"/"i" in the words, or the last person the
    prefix names is the writer, or it names nobody (a dropped "i")."""
    if _SELF.search(words) is not None:
        return True
    last_self = max((m.end() for m in _SELF.finditer(prefix)), default=-1)
    last_other = max((m.end() for m in _OTHERS.finditer(prefix)), default=-1)
    return last_self >= last_other


def _negated(prefix: str) -> bool:
    """A negation after the last mention of the writer ("im not suicidal"), or in the few
    words before when there is none ("never gonna kill myself")."""
    selves = list(_SELF.finditer(prefix))
    tail = prefix[selves[-1].end() :] if selves else prefix[-25:]
    tail = cg.DOUBLE_NEGATION.sub(" ", tail)
    tail = re.sub(r"\b(?:dont|do not) care (?:if|whether)\b", " ", tail)
    return _NEGATION.search(tail) is not None


def raise_tier(result: CrisisResult, canonical: str) -> CrisisResult:
    """``result`` raised to concern when the rules left it quiet and the writer says
    strong risk words that no guard sets aside; otherwise ``result`` unchanged."""
    if result.tier != NONE:
        return result
    found = risk_words(canonical)
    if found is None:
        return result
    concept, words = found
    signal = Signal(f"net.{concept}", RISK_WORDS, 1.0, words)
    return CrisisResult(
        False,
        result.score,
        (*result.signals, signal),
        CONCERN,
        max(result.concern_score, 1.0),
        result.model_score,
    )
