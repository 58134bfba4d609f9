"""The safety net: risk the rules' shapes missed, said by the writer, is answered.

The crisis rules want shapes (intent + verb, means + a time) and every new batch of
messages brings shapes they have not seen. A person in crisis left with no answer at all
is the worst failure. So a chat-length message the rules left short of the crisis tier is
read once more, clause by clause, for concepts of risk (``net_concepts``): an act (an
overdose taken on purpose, means in hand, starving until the body gives out, a voice's
command followed, a plan ready, standing at a height, a final goodbye) is the crisis
tier; so are risk words (death wished for, suicide in any spelling, hurting or killing
oneself, ending it) with intent or a near time ("gonna", "tonight"). Risk words alone,
passive wishes, hopelessness and burden earn the concern tier's gentle check-in.

The writer must be the subject (an "i", or no subject at all: "gonna take everything
tonight"), and strong guards set a clause aside: someone else is its subject, a clear
time in the past, a negation, a quotation or title, support offered to others, a topic,
means put away, a milestone, a figure of speech or a laugh at an everyday cause.

Never removes anything. Its crisis findings are read in the moderation verdict too
(``crisis.detect_crisis_tier``), so a message alerts the same wherever it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.crisis.domain import guards as cg
from bot.crisis.domain import net_concepts as nc
from bot.crisis.domain import net_gate
from bot.crisis.domain import result as cr
from bot.crisis.domain.result import CONCERN, CRISIS, NONE, RISK_WORDS, CrisisResult, Signal

__all__ = [
    "MAX_CHARS",
    "Finding",
    "crisis_result",
    "raise_tier",
    "risk_words",
    "routed",
    "set_aside",
]

# Chat-length messages only: posts go to the long-message model, and on Reddit-length
# posts risk words alone say too little (they are as common in support and in stories).
MAX_CHARS = 250


def routed(canonical: str) -> bool:
    """Whether the net reads this message (chat length)."""
    return len(canonical) < MAX_CHARS


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
_TOLD_TO = re.compile(r"(?:^|[.!?,]\s*)(?:go|just go|pls go|please go)\s*$")
# People the writer addresses or asks about, not the one at risk ("dont call anyone").
_ADDRESSED = re.compile(
    r"\b(?:call|tell|text|message|warn|wake|bother|worry)\s+(?:my\s+)?\w+|\b(?:anyone|anybody|"
    r"everyone|everybody)\b"
)
_SELF = re.compile(r"\b(?:i|im|ive|id|ill|me|myself|my ?self)\b")
# A clear time in the past, or a recovery milestone.
_PAST = re.compile(
    r"\b(?:(?:years?|months?|weeks?|yrs?|a while|long) ago|last (?:year|years|month|winter|spri"
    r"ng|summer|fall|autumn)|when i was|back when|"
    r"back then|back in \w+|used to|remember when|since my last|"
    r"havent (?:felt|been|had) (?:\w+ ){0,2}(?:in|for) "
    r"(?:months|weeks|years|ages|a (?:long )?while)|in (?:high school|college|middle school|reh"
    r"ab|detox|"
    r"treatment)|as a (?:kid|teen|teenager)|growing up|years back|in my (?:\w+ties|teens|"
    r"\d0s|twenties|youth|childhood)|for most of my|chip|sober|clean|milestone|anniversary)\b"
)
_NOW = re.compile(r"\b(?:right now|rn|again|anymore|these days|still)\b")
# Recovery told anywhere in the message: it is a story of getting through.
_RECOVERED = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|six) (?:days?|weeks?|months?|years?) (?:clean|sober)|"
    r"survived|survivor|glad i (?:stayed|didnt|am still|m still|made it)|grateful|"
    r"proud of|made it through|got through|in recovery|still here|it gets better|saved "
    r"(?:me|my life)|therapy (?:helped|saved)|doing (?:ok|okay|better|good|well) now|thriving)\b"
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
    r"discussed|(?:crisis|help|hot) ?line|(?<!dont )(?:call|called|text|texted|dial|dialed) \d{3,}|"
    r"statistics|stats|rates?|news|headlines?|"
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
    r"\b(?:locked (?:up|away)|lock box|lockbox|gave (?:\w+ ){1,3}to|got rid of|threw (?:\w+ ){0,2}"
    r"(?:away|out)|flushed|disposed|dropped off|handed (?:over|in)|safety plan|for the (?:\w+ )?"
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
# Things given away to charity or to make room: "gave away my old clothes to goodwill".
_DONATED = re.compile(
    r"\b(?:goodwill|charity|thrift|donat\w*|declutter\w*|spring clean\w*|yard sale|garage sale|"
    r"old (?:clothes|stuff|things|books|toys|furniture|shoes|couch|desk))\b"
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
    r"sleep (?:for (?!good|ever|a \w+ or forever)|in)|gotta sleep|night all|"
    r"see (?:you|u|ya|yall|everyone))\b"
)
# Links say where, not what the writer feels ("/od/", "r/SuicideWatch").
_TOKENS = re.compile(r"\w+")
_LINK = re.compile(r"(?:https?://|www\.|\br/)\S+")
_CLAUSE = re.compile(r"[.!?;\n]+|,\s+(?:but|and|so)\s+|\s+but\s+")
_WINDOW = 60
# A moment with no decision said ("tonights the night") is read alone only this short.
_BARE_MOMENT_WORDS = 5


@dataclass(frozen=True, slots=True)
class Finding:
    """Risk words the writer says: their concept, the words, and whether they are the
    crisis tier (an act, or words with intent or a near time) or the concern tier."""

    concept: str
    words: str
    crisis: bool


def risk_words(canonical: str, *, crisis_only: bool = False) -> Finding | None:
    """The strongest finding among the clauses where the writer says risk words and no
    strong guard sets them aside (crisis-grade first); None when there is none."""
    words = set(_TOKENS.findall(canonical))
    # Concepts whose words are in the message at all (a clause's match is a match of the
    # whole, except where a pattern reads the clause's end): most messages stop here.
    concepts = [
        (concept, pattern)
        for concept, pattern in net_gate.candidates(canonical, words, crisis_only=crisis_only)
        if concept in net_gate.READS_CLAUSE_END or pattern.search(canonical) is not None
    ]
    if not concepts:
        return None
    # Only a message holding a word of risk may reach the crisis tier through the net
    # (the moderation verdict reads no further on the rest, and must agree).
    may_alert = net_gate.gated(canonical, words)
    if cg.LAUGH.search(canonical) is not None and (cg.EVERYDAY_CAUSE.search(canonical) is not None):
        return None
    if any(
        guard.search(canonical) is not None
        for guard in (_SUPPORT, _TOPIC, _RECOVERED, _HARM_REDUCTION, cg.IDIOM)
    ):
        return None
    if "/" in canonical or "www" in canonical:
        canonical = _LINK.sub(" ", canonical)
    first: Finding | None = None
    for clause in _CLAUSE.split(canonical):
        for found in _clause_risk(clause.strip(), canonical, concepts):
            if found.crisis and may_alert:
                return found
            if found.crisis:
                found = Finding(found.concept, found.words, False)
            first = first or found
    return first


def set_aside(canonical: str) -> bool:
    """Whether the message holds risk words the net read and a strong guard set aside
    (someone else, the past, a negation, a topic...): like a rule's guard, that is a
    reading the short model, which reads words and not who said them, must not overrule."""
    if not routed(canonical):
        return False
    words = set(_TOKENS.findall(canonical))
    seen = any(
        pattern.search(canonical) is not None
        for _, pattern in net_gate.candidates(canonical, words)
    )
    return seen and risk_words(canonical) is None


def _clause_risk(
    clause: str, whole: str, concepts: list[tuple[str, re.Pattern[str]]]
) -> list[Finding]:
    if (
        (len(clause) < 3 and not any(emoji in clause for emoji in net_gate.MEANS_EMOJI))
        or _FIGURE.search(clause) is not None
        or cg.OD_ON_SOMETHING_ELSE.search(clause) is not None
    ):
        return []
    if (
        _PAST.search(clause) is not None or cg.PAST_AGE.search(clause) is not None
    ) and _NOW.search(clause) is None:
        return []
    found: list[Finding] = []
    for concept, pattern in concepts:
        for match in pattern.finditer(clause):
            words = match.group(0)
            prefix = clause[max(0, match.start() - _WINDOW) : match.start()]
            if not _judged_the_writers(concept, clause, whole, prefix, words):
                continue
            crisis = _crisis_grade(concept, clause, whole, prefix, words)
            # A bare moment ("its time") is a check-in only when it is the message.
            if (
                concept in ("moment", "place")
                and not crisis
                and (len(whole.split()) > _BARE_MOMENT_WORDS or "!" in whole)
            ):
                break  # "today is the day!": excitement
            if crisis or concept not in nc.CRISIS_ONLY:
                found.append(Finding(concept, words, crisis))
            break
    return found


def _judged_the_writers(concept: str, clause: str, whole: str, prefix: str, words: str) -> bool:
    """Whether the strong guards leave these words as the writer's own risk."""
    goodbye = concept in ("farewell", "gone", "leaving")
    # "see my mom in heaven tonight": the writer joins the one named.
    joining = concept == "afterlife" and _JOINING.search(prefix) is not None
    if not joining and (
        not _said_by_writer(prefix, words)
        # "go overdose already": said to someone.
        or _TOLD_TO.search(prefix) is not None
        # "the suicidal thoughts are back for my sister": no "i", someone else.
        or (
            not goodbye
            # "tired of being a burden to my sponsor": the burden is the writer.
            and not (concept == "burden" and "burden" in words)
            and _SELF.search(clause) is None
            and _OTHERS.search(_ADDRESSED.sub(" ", clause.replace(words, " "))) is not None
        )
        or cg.REPORTED_PREFIX.search(prefix) is not None
        or cg.CONDITIONAL.search(prefix) is not None
    ):
        return False
    if concept in ("moment", "place") and (
        cg.SEE_YOU.search(whole) is not None
        or _ORDINARY_ABSENCE.search(whole) is not None
        or cg.EVERYDAY_ABSENCE.search(whole) is not None
        or cg.EVERYDAY_CAUSE.search(whole) is not None
    ):
        return False  # "its time for bed", "today is the day, interview at 10"
    # "dont wait up for me" is a late night; "... i mean ever" is not.
    if words.startswith("dont wait up") and cg.FOR_EVER.search(whole) is None:
        return False
    if concept == "at_the_edge" and nc.EDGE_ACT.search(whole) is None:
        return False  # "fixing the roof", "the view from the bridge"
    if concept in ("overdose", "means", "harm_self", "harm_act") and (
        _PUT_AWAY.search(clause) is not None or cg.AS_PRESCRIBED.search(clause) is not None
    ):
        return False
    # "suicide" the noun is as often a topic ("suicide is never the answer"): it needs
    # the writer in its clause; "suicidal" does not.
    if concept == "suicide" and words.startswith("suicide") and _SELF.search(clause) is None:
        return False
    if goodbye and (
        cg.SEE_YOU.search(whole) is not None
        or (
            (
                _ORDINARY_ABSENCE.search(whole) is not None
                or cg.EVERYDAY_ABSENCE.search(whole) is not None
            )
            # "checking out for good this weekend", "wont be around after the weekend,
            # dont worry about my check ins anymore": for good is no trip.
            and nc.FOR_GOOD.search(whole) is None
            and cg.FOR_EVER.search(whole) is None
            and nc.SETTLED.search(whole) is None
        )
        or cg.BOUNDED_LAST.search(whole) is not None
        or _DONATED.search(whole) is not None
    ):
        return False
    # A negation before the words negates them ("im not suicidal"), except where the
    # words carry their own ("not waking up", "not safe") or the negation belongs to
    # the act itself ("not eating until my heart stops").
    negation_inside = (
        "not_waking", "farewell", "gone", "unsafe", "until_death", "command", "hopeless",
        "go_away",
    )
    return concept in negation_inside or not _negated(prefix)


def _crisis_grade(concept: str, clause: str, whole: str, prefix: str, words: str) -> bool:
    """An act, lethal means, or risk words with intent or a near time: the crisis tier."""
    if concept in nc.CONCERN_ONLY:
        return False
    if concept == "command":
        return nc.REFUSAL.search(whole) is None
    if concept == "means":
        return (
            nc.WEAK_MEANS.search(words) is None
            or nc.STRONG_MEANS.search(clause) is not None
            or nc.SOON.search(whole) is not None
        )
    if concept == "afterlife":
        return nc.SOON.search(whole) is not None or nc.INTENT_NEAR.search(prefix[-30:]) is not None
    if concept == "leaving":
        return (
            nc.FOR_GOOD.search(whole) is not None
            or nc.SOON.search(whole) is not None
            or nc.SETTLED.search(whole) is not None
        )
    if concept == "emoji_means":
        return nc.SOON.search(words) is not None or "bye" in words
    if concept == "moment":
        rest = whole.replace(words, " ")
        return (
            nc.MOMENT_DECIDED.search(rest) is not None or nc.MOMENT_MEANS.search(rest) is not None
        )
    if concept == "gone" and words.startswith(("dont wait up", "wont be here", "wont be around")):
        # Away for ever: "wont be around after the weekend, no more check ins anymore".
        if cg.FOR_EVER.search(whole) is not None:
            return True
    if (
        concept == "doing_it"
        and nc.COMMITTED.search(prefix[-30:]) is not None
        and nc.INTENT_NEAR.search(prefix[-30:]) is not None
        and clause.rstrip().endswith(words)
    ):
        return True  # "im actually going to do it": committed, no time needed
    if concept in nc.CRISIS_ONLY:
        intent = nc.INTENT_NEAR.search(prefix[-30:]) is not None
        return intent and (nc.SOON.search(whole) is not None or "close to" in prefix)
    if concept in nc.ACTS:
        return True
    if nc.NOT_INTENT.search(prefix[-30:]) is not None:
        return False
    if "on purpose" in clause:
        return True
    if concept in nc.PASSIVE:
        return nc.DECIDED.search(prefix[-30:]) is not None or nc.SOON.search(whole) is not None
    return nc.INTENT_NEAR.search(prefix[-30:] + " " + words) is not None or (
        nc.SOON.search(whole) is not None
    )


# Joining someone ("see my mom in heaven"): the one named is the object; the writer goes.
_JOINING = re.compile(
    r"(?:^|\b(?:i|im|gonna|going to|will|ill|wanna|want to|get to|about to|finally|soon|"
    r"tonight)\s+)(?:see|be with|join|meet|hug|hold|visit)\s+(?:my\s+)?\w+\s+(?:again\s+)?$"
)


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


# The category a crisis-grade finding reports (the facilitators' alert lists it).
_CATEGORY = {
    "command": cr.INTENT,
    "until_death": cr.PLAN,
    "plan_ready": cr.PLAN,
    "at_the_edge": cr.MEANS,
    "overdose": cr.OVERDOSE,
    "farewell": cr.GOODBYE,
    "gone": cr.GOODBYE,
    "means": cr.MEANS,
    "harm_self": cr.SELF_HARM,
}


def crisis_result(canonical: str) -> CrisisResult | None:
    """The crisis tier when the writer says an act or risk words with intent or a near
    time that no strong guard sets aside (chat length only); None otherwise."""
    if not routed(canonical) or not net_gate.gated(canonical, set(_TOKENS.findall(canonical))):
        return None
    found = risk_words(canonical, crisis_only=True)
    if found is None or not found.crisis:
        return None
    signal = Signal(
        f"net.{found.concept}", _CATEGORY.get(found.concept, cr.INTENT), cr.CRISIS_THRESHOLD,
        found.words,
    )
    return CrisisResult(True, cr.CRISIS_THRESHOLD, (signal,), CRISIS)


def raise_tier(result: CrisisResult, canonical: str) -> CrisisResult:
    """``result`` raised to the crisis tier when the writer says an act or risk words
    with intent or a near time, or to concern when the rules left it quiet and the
    writer says risk words that no strong guard sets aside; otherwise unchanged."""
    if result.tier == CRISIS:
        return result
    found = risk_words(canonical)
    if found is None:
        return result
    if found.crisis:
        signal = Signal(
            f"net.{found.concept}", _CATEGORY.get(found.concept, cr.INTENT),
            cr.CRISIS_THRESHOLD, found.words,
        )
        return CrisisResult(
            True,
            max(result.score, cr.CRISIS_THRESHOLD),
            (*result.signals, signal),
            CRISIS,
            result.concern_score,
            result.model_score,
        )
    if result.tier != NONE:
        return result
    signal = Signal(f"net.{found.concept}", RISK_WORDS, 1.0, found.words)
    return CrisisResult(
        False,
        result.score,
        (*result.signals, signal),
        CONCERN,
        max(result.concern_score, 1.0),
        result.model_score,
    )
