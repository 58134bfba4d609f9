"""Guards around the crisis rules: what rules out a match, and the cheap prefilter.

A rule match is dropped when the sentence is about the distant past or a milestone,
when a negation sits between the speaker and the match, when someone else is the
speaker's subject, when it is a coping plan ("if i ever feel suicidal i call the crisis line"), or
when it is a figure of speech ("dying to get my chip").
"""

from __future__ import annotations

import re

from bot.crisis.domain.rules import DRUGS

# The sentence is about the distant past or a recovery milestone.
DISTANT_PAST = re.compile(
    r"\b(?:used to|use to|years? ago|remember when|havent (?:felt|been|had|thought) (?:\w+ ){0,2}"
    r"(?:in|for) (?:months|weeks|years|ages|a (?:long )?while)|months ago|(?:a|one|two|few|coup"
    r"le of|\d+) "
    r"(?:years|months) ago|when i was (?:a kid|young|younger|little|in|\d+)|back (?:then|when|in)"
    r"|in (?:19|20)\d\d|last (?:year|winter|spring|summer|fall|autumn)|"
    r"as a (?:kid|teen|teenager|child)|in (?:high school|college|"
    r"middle school)|growing up|(?:\d+|ninety|thirty|sixty) (?:days?|weeks?|months?|years?) "
    r"(?:clean|sober|free|without)|clean (?:for|since)|sober (?:for|since)|since i "
    r"(?:stopped|quit|got clean|got sober)|anniversary|survivor|in recovery from|"
    r"(?:in|during|throughout) my (?:adolescence|childhood|teens|youth)|"
    r"havent (?:cut|self.?harmed|used|relapsed)|last years|in (?:rehab|detox|treatment)|"
    r"since my last (?:cut|drink|use|relapse|drin"
    r"k|attempt|hit|pill))\b"
)
# Recent enough that past tense is still a crisis ("i took 30 pills an hour ago").
RECENT = re.compile(
    r"\b(?:just|right now|rn|tonight|today|this morning|this afternoon|last night|an? hour"
    r" ago|hours ago|minutes ago|again|lately|recently|these days|this week|all day|every day|"
    r"yesterday|last week|the other day|"
    r"constantly|still)\b"
)
# Right before the match: the speaker disowns it ("i dont think ill attempt suicide").
DISCLAIMED = re.compile(
    r"\b(?:dont think|do not think|doubt|not saying|never said|not that|the less)\s*$"
)
# The sentence says it has gone on until now, not that it is over.
ONGOING = re.compile(
    r"\b(?:on and off|off and on|since (?:i was|\d)|for (?:years|months|weeks|a while)(?: now)?|"
    r"every day|everyday|all the time|constantly|daily|lately|again|these days|still)\b"
)
# Words that put a clause in the present despite a past marker elsewhere in the sentence.
NOW = re.compile(r"\b(?:tonight|right now|rn|again|anymore|these days)\b")
PAST_VERB = re.compile(
    r"\b(?:wanted|thought|considered|was going|was gonna|planned|had|felt|was|were|"
    r"used|once|tried|attempted)\b"
)
NEGATION = re.compile(
    r"\b(?:not|never|dont|didnt|doesnt|wont|wouldnt|shouldnt|havent|hasnt|isnt|arent|no longer|"
    r"stopped|quit|"
    r"afraid to|scared to|instead of|without|resist|resisted|resisting|avoid|anti)\b"
)
# "cant stop thinking about" is not a negation of what follows.
DOUBLE_NEGATION = re.compile(r"\b(?:cant|can not|cannot|couldnt) (?:stop|help)\b")
SUBJECT = re.compile(r"\b(?:i|im|ive|id|ill|me|my|myself)\b")
# "if i ever feel suicidal (i call the crisis line)": a coping plan, not a disclosure.
CONDITIONAL = re.compile(
    r"\b(?:if|when|whenever|every time|in case)\s+(?:i|im)\s+(?:ever\s+|start\s+|start to\s+)?"
    r"(?:feel|get|am|m|have|want|think|start|notice)\b"
)
# Figures of speech that share words with the rules.
IDIOM = re.compile(
    r"\b(?:die|dying|dead|kill myself)\s+(?:of|from|with)\s+(?:embarrassment|shame|laughter|"
    r"laughing|cringe|boredom|cuteness)\b|\bdie laughing\b|\bdying to\b|\bdead tired\b"
    # Joy: "i could just die, my crush texted back 😍".
    r"|\bi could (?:just |literally )?die\b(?=[^.!?\n]{0,60}(?:\U0001f60d|\U0001f970|\U0001f929|"
    r"\U0001f63b|\U0001f495|\bcrush\b|\bso cute\b|\bso happy\b|\btexted (?:me )?back\b))"
)
# A thing that dies, or a phrasal verb: "my phone's about to die", "die down", "die-hard".
# Taken out of the text before the rules read it, so the rest of the sentence still counts.
THING_DIES = re.compile(
    r"\b(?:phone|battery|laptop|charger|computer|tablet|headphones|airpods|earbuds|controller"
    r"|plant|plants)s?\b(?: (?:is|s|are))?(?: at \d+\W*)?(?: (?:about to|going to|gonna|bout to|"
    r"finna))?"
    r" (?:die|dying|dead|died)\b"
    r"|\bdie(?: |-)?(?:down|hard|off|out)\b"
)
# An age told of the past ("suicidal at 16"), not a clock time ("at 9pm").
PAST_AGE = re.compile(
    r"\b(?:was|tried|attempted|wanted|felt|had)\b.{0,40}\bat (?:age )?(?:1[3-9]|[2-9]\d)\b"
    r"(?!\s*(?:\d|am|pm|oclock|o clock|tonight))"
)
# The most recent person the clause talks about; the speaker only counts when it is "i".
PERSON = re.compile(
    r"\b(?:i|im|ive|id|ill|me|my|myself|you|youre|your|u|he|hes|him|his|she|shes|her|they|"
    r"theyre|them|their|we|were|us|our|people|person|someone|somebody|everyone|friend|"
    r"brother|sister|mom|mum|dad|son|daughter|wife|husband|partner|boyfriend|girlfriend|"
    r"cousin|uncle|aunt|who|anyone|anybody|one)\b"
)
FIRST_PERSON = frozenset({"i", "im", "ive", "id", "ill", "me", "my", "myself"})
# Blockquotes ("> text" in Discord, "&gt;" in exported Reddit) repeat someone else.
QUOTED_LINE = re.compile(r"^\s*(?:>|&gt;).*$", re.MULTILINE)

# --- added for the two-tier detector ---------------------------------------------------
# A laugh or eye-roll: "this traffic makes me want to kms 😂".
LAUGH = re.compile(r"\b(?:lol+|lmao+|lmfao+|rofl|haha\w*|hehe\w*|jk|jkjk|xd)\b|😂|🤣|💀|🙄|😆|😅")
# Said to be meant: the laugh does not soften it ("lol no seriously i'm done").
SINCERE = re.compile(
    r"\b(?:no seriously|not joking|im not joking|not kidding|im not kidding|(?:im|i am) (?:so |"
    r"dead |being |deadly )?serious|not a (?:joke|metaphor)|deadass|for real "
    r"though|no but (?:really|seriously|fr)|i mean it)\b"
)
# An everyday cause next to the words: "this exam", "makes me", "after night shift".
EVERYDAY_CAUSE = re.compile(
    r"\b(?:makes? me|making me|made me)\b|\b(?:this|that|these|the|my|after|from|bc|because of|"
    r"cause of)\s+(?:\w+\s+)?(?:homework|exam|exams|test"
    r"|quiz|class|lecture|meeting|meetings|traffic|"
    r"job|boss|shift|essay|assignment|game|show|song|movie|joke|meme|weather|heat|queue|line|"
    r"commute|monday|mondays|week|project|paper|deadline|math|teacher|coworker|printer|wifi|"
    r"laptop|phone|bus|train|airport|paperwork|taxes|interview|presentation|lunch)s?\b|"
    r"\bmonday\b|\b(?:eat|hungry|starving|coffee|caffeine|snack|cringe|embarrassing)\b"
)
# A quotation someone else said, sang or wrote: the words inside are not the speaker's.
QUOTED_SPAN = re.compile(r'"[^"\n]{3,200}"')
REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|say|goes|go|line|lyrics?|song|title|quote|quoted|wrote|writes|asks?|"
    r"asked|sings?|sang|called|reads?|character|book|movie|show|play|poster|sign|text(?:ed)?|"
    r"like|was like|posted)\b[^\"\n]{0,40}$"
)
REPORTED_AFTER = re.compile(
    r"^[^\"\n]{0,15}\b(?:was|is|were)\s+(?:the|a|an|my)\s+(?:title|line|name|lyric|quote|song|"
    r"caption|topic)\b|^\s*(?:in the|from the|said|says)\b"
)
# The words a clause starts with when its "i" was dropped ("been having ...", "gonna ...").
_FILLERS = (
    r"(?:so|just|really|honestly|ngl|tbh|lowkey|fr|still|always|literally|actually|ugh|idk|"
    r"yeah|yea|ok|okay|and|but|now|again|like|i think|probably|prob|might|kinda|seriously|"
    r"sometimes|often|constantly|definitely|legit|deadass|already|finally|even)"
)
_DROPPED_VERBS = (
    r"(?:having|had|have|feeling|felt|getting|got|thinking|thought|planning|planned|considering|"
    r"sh|did|do|doing|shot|"
    r"contemplating|gonna|going to|going|about to|ready to|ready|want|wanted|wanna|wish|wishing|"
    r"hoping|need|needing|trying|keep|kept|been|cant stop|cant|been having|stockpiling|saving|"
    r"saved|bought|buying|ordered|tied|took|taking|swallowed|cut|cutting|burning|burned|"
    r"relapsed|using|drinking|drank|standing|sitting|decided|dreaming|obsessed|scared|afraid|"
    r"worried|terrified|fantasizing|fantasising|holding|counted|hung|hanging|writing|wrote|"
    r"tired|sick|exhausted|done|mixing|mixed|feel|feels|sooo?|looking|looked|googling|googled|"
    r"searching|researching|reading|will|shall|should|must|needa|finna|gunna|gona|wana|"
    r"tryna|gotta|intend|intending|itching|close|ending|killing|offing|overdosing|oding|"
    r"lined|laid|stockpiled|collected|found|picked|grabbed|loaded|loading|cant wait|let me|"
    r"let)"
)
PRONOUN_DROPPED = re.compile(r"\s*(?:" + _FILLERS + r"\s+)*" + _DROPPED_VERBS + r"\b")
# A question someone asked ("my therapist asked if i ever wished i was dead").
ASKED_IF = re.compile(r"\b(?:asked|asks|asking|ask)\s+(?:me\s+)?(?:if|whether)\b")
# "od on pizza", "overdosed on netflix": a figure of speech, not a drug.
# Every substance the rules know (bot/crisis/domain/rules.py DRUGS) is a drug here too:
# "overdose on lithium" is no figure of speech.
OD_ON_SOMETHING_ELSE = re.compile(
    r"\b(?:od|odd|oded|overdose|overdosed|overdosing)\s+on\s+(?!purpose|my\b|pills|meds|heroin|"
    r"fent|fentanyl|dope|oxys?|xanax|xans|bars|benzos|tylenol|insulin|sleeping|opioids|"
    r"alcohol|meth|coke|it\b|them|everything|something|that|those|these|\w+ pills|"
    + DRUGS + r"\b)"
)
# Medication taken as prescribed is not an overdose: "gonna take all my meds on time".
AS_PRESCRIBED = re.compile(
    r"\b(?:on time|as prescribed|like (?:im|i am|i was) (?:supposed|told) to|every (?:day|morning|"
    r"night|evening)|each (?:day|morning|night)|this week|regularly|with (?:food|breakfast|dinner|"
    r"water)|in the morning|at bedtime|refill|refilled|pharmacy|pharmacist|prescription|"
    r"picked up|pick up|from the doctor|doctor (?:gave|prescribed|switched|upped))\b"
)
# Someone else's words reported, or a title: "she told me ...", "the book is called ...".
REPORTED_PREFIX = re.compile(
    r"\b(?:called|titled|named|the (?:song|book|movie|film|show|poem|line|quote|lyrics?|title|"
    r"character|episode)|lyrics?|quoting|(?:she|he|they|you|someone|somebody|my \w+|a (?:guy|"
    r"girl|woman|man|friend|lady|dude))(?:\s+\w+){0,5}?\s+"
    r"(?:said|says|told me|tells me|asked|wrote|writes|texted|posted|sang|sings|yelled|screamed)"
    r")\b[^.!?\n]{0,40}$"
)
# Distress followed by what one will do about it ("hopeless about the job search but ill
# keep applying"), answered ("a burden? no!") or with a bodily cause ("cant go on like
# this with my back pain"). Keeps the concern tier quiet (never the crisis tier).
COPING = re.compile(
    r"\bbut (?:ill|i will|im gonna|im going to|i still|i keep|im still|i am still|im)\s+"
    r"(?:keep|keeping|try|trying|go|going|call|calling|get|getting|be (?:ok|okay|fine|alright)|"
    r"ok|okay|fine|hanging in|still here|doing it|applying|working on|holding on)\b"
    r"|\bbut (?:the|my|this) (?:\w+ ){0,2}(?:helped|helps|is helping|worked|works)\b"
    r"|\?\s*(?:no+|nope|never|of course not|not at all)\b"
    r"|\b(?:back|knee|tooth|neck|hip|shoulder|joint|leg|foot|stomach|period) ?(?:pain|ache|"
    r"injury|cramps)\b"
    # Knowing the feeling passes, or asking about a side effect.
    r"|\b(?:know|knowing|remind myself|reminding myself) (?:that )?(?:it|this|the \w+) "
    r"(?:will )?pass(?:es)?\b(?!\W*but\b)"
    r"|\b(?:on|from|after) (?:the |my |these |this )?(?:new )?(?:meds|"
    r"medication|dose|prescription)\b.{0,40}\b(?:doc|doctor|psychiatrist|prescriber|normal)\b"
)
# An absence with an everyday reason ("wont be around tomorrow, family stuff")...
EVERYDAY_ABSENCE = re.compile(
    r"\b(?:family (?:stuff|thing|things|event|dinner|emergency|visit)|appointment|dentist|"
    r"vacation|holiday|trip|travel\w*|camping|out of town|wedding|flight|surgery|court date|"
    r"interview|double shift|errands?|offline|no signal|no wifi|no service)\b"
)
# ...unless it is said to be for good.
FOR_EVER = re.compile(
    r"\b(?:for good|forever|permanently|anymore|any more|ever again|i mean ever|for the last "
    r"time|never coming back|not ever|or ever|never again)\b"
)
# A last message bounded by a time, or sent to someone else in the past.
BOUNDED_LAST = re.compile(
    r"\blast (?:message|msg|post|text|words?|call)s? (?:for|of) (?:tonight|today|now|the (?:day|"
    r"night|week|weekend)|a while|this week)\b"
    r"|\blast (?:message|msg|post|text|words?|call)s? (?:to|with|from) (?:my|her|his|him|the|an?|"
    r"our)\b"
)
# The writer says they are doing well: the short model, which reads words, is not asked.
DOING_WELL = re.compile(
    r"\b(?:i|im|i am)\s+(?:really |honestly |so |just )?(?:love|loving) (?:my life|life)\b"
    r"|\b(?:i|im|i am)\s+(?:feel|feeling) (?:more like myself|so much better|like myself again)\b"
    r"|\b(?:meds|pills|medication|therapy|it) (?:are|is|s) (?:really |finally )?(?:working|"
    r"helping)\b"
)
# An ordinary farewell: a goodbye that names when they will be back is not final.
SEE_YOU = re.compile(
    r"\b(?:see (?:you|u|ya|yall|everyone|you all|you guys)(?! on the other side| in (?:heaven|"
    r"the next life|another life))|catch (?:you|u|ya) later|talk (?:to you )?(?:tomorrow|soon|"
    r"later)|ttyl|back (?:tomorrow|next week|on \w+day|soon|in \w+)|until next time|"
    r"graduat\w*|last (?:shift|day|class|session|practice|game|week) (?:at|of|in)|moving to|"
    r"on vacation|on holiday|logging off|going to bed|off to bed|"
    r"gonna sleep|gotta sleep|going to sleep|night all|nite all|goodnight|good night|gn)\b"
)
# The writer says they are safe now ("ive thought about suicide but not right now, im ok"):
# thoughts alone are then a check-in, not an alert. Not "not safe", not "ok with it".
SAFE_NOW = re.compile(
    r"\bnot (?:right )?now\b|\b(?:im|i am) (?:doing )?(?:ok|okay|fine|alright)\b(?! with)"
    r"|(?<!not )(?<!never )(?<!dont feel )\bsafe (?:right now|for now|now|tonight)\b"
    r"|\b(?:im|i am|i feel) safe\b"
)
