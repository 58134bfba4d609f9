"""Rules by concept: a few wide patterns built from shared vocabularies, with guards.

The phrase rules (``intent``, ``acts``, ``harm``, ``concern``) know the shapes people
were seen to use. These know the concepts instead, so that a new wording of a known
thought still lands:

* an **act** of dying or harming oneself (die, kill myself, end it/things/my life, take
  my life, suicide, overdose/od, take all my pills, hang/shoot/drown myself, slit my
  wrists, cut/hurt/burn myself, jump);
* said by **the writer** (an explicit "i", or a clause that starts with the verb);
* as a **wish, intention or plan, now or soon** (want, wanna, need, gonna, going to,
  about to, ready to, planning, decided, will, should just, have to), or as thoughts
  that keep coming back ("can't stop thinking about ...");
* or the **means, the date, the goodbye** that go with it, or feeling **unsafe** now
  (``concept_signs``).

Passive wishes ("want to disappear", "wish i could just not wake up"), hopelessness,
feeling trapped, giving up, burden and worrying use are the concern tier
(``concern_concepts``). Every rule goes through the same guards as the phrase rules (``guards``):
another person as the subject, the past with a time marker, negation, a quote or title,
a coping plan, idioms and hyperbole.
"""

from __future__ import annotations

from bot.crisis.domain.result import INTENT, OVERDOSE, PLAN, SELF_HARM
from bot.crisis.domain.rules import (
    ADV,
    CLAUSE_START,
    DRUGS,
    LIFE_GUARD,
    Rule,
    make_rule,
)

__all__ = ["CLAUSE_END", "CRISIS_CONCEPTS", "MODAL", "MODAL_GATE"]

# --- vocabularies ------------------------------------------------------------------------

# Wishing, meaning, planning or being about to (the "to" is optional: "gonna", "will").
# The rules built on it start at this word, not at the speaker, so they cost little on
# ordinary chat; who speaks, and whether it is negated, is read from the words before
# (``crisis._judge``: an "i" before it, or a clause that starts with it).
MODAL = (
    r"\b(?:(?:want|wanna|wana|need|needa|gonna|gona|gunna|finna|ready|tryna|gotta)\s+"
    r"(?:to\s+|2\s+)?"
    r"|(?:going|about|planning|plan|decided|deciding|trying|try|intend|intending|would like|"
    r"d like|cant wait|can not wait|itching|thinking|close|be able)\s+(?:to|on|2)\s+"
    r"|(?:have|got)\s+to\s+|(?:will|ill|ll|shall|should|must|let me)\s+)"
    r"(?:just\s+|finally\s+|actually\s+|really\s+|go\s+(?:and\s+)?|fucking\s+|simply\s+)*"
    r"(?:be able to\s+)?"
)
# Literals one of which every MODAL match holds (a second gate for the rules built on it).
MODAL_GATE = (
    "want", "wana", "need", "gonna", "gona", "gunna", "finna", "ready", "tryna", "gotta",
    "going", "about to", "about on", "plan", "decid", "try", "intend", "would like", "d like",
    "cant wait", "can not wait", "itching", "thinking", "close to", "close on", "able to",
    "have to", "got to", "will ", "ill ", "ll ", "shall ", "should ", "must ", "let me",
)  # fmt: skip
# The clause is over: end of text, punctuation, or a time that makes it near.
CLAUSE_END = r"(?=[^\w\n]*(?:$|[.!?,;:\n]|tonight|today|now|rn|right now|tomorrow|soon|again))"
# Acts of dying or killing oneself; "it" must not be about someone or something else.
_DIE = (
    r"(?:die(?!\s+(?:if|unless|of|from|laughing|my hair|my \w+ hair|in your arms|with "
    r"embarrassment|for|"
    r"happy|young|hard|on (?:this|that) hill|trying))|be dead|stop living|"
    r"not (?:be alive|live|exist anymore)|kill (?:myself|my ?self)|"
    r"end (?:it(?: all)?|things|everything|my (?:own )?life|myself|my suffering|the suffering)"
    r"(?!\s+(?:with|early|there|off|for (?:now|today|the (?:day|night|week))|on a|in (?:a|the) "
    r"(?:draw|tie)|between))"
    r"|take my (?:own )?life" + LIFE_GUARD + r"|commit suicide|suicide|"
    r"attempt(?: suicide| again)?(?=\s*(?:$|[.!?,;\n]|tonight|today|again|soon))|"
    r"(?:off|hang|shoot|drown|poison|stab|suffocate|gas|starve|yeet) myself|"
    r"finish (?:it|it all|my life|with life)|"
    r"throw myself (?:off|in front of|into|under)|slit my (?:wrists?|throat)|"
    r"make (?:it|it all|everything|the pain|this) stop (?:for good|forever|permanently|"
    r"once and for all)|"
    r"jump(?=\s*(?:$|[.!?,;\n]|off (?:a|the|my|this)|from (?:a|the|my)|in front of|tonight|"
    r"today|now|rn|right now|soon))|"
    r"(?:crash|drive) (?:my car )?(?:into|off) (?:a|the) (?:tree|wall|river|lake|bridge|cliff|"
    r"barrier|truck|train|oncoming traffic|road))"
)
_SELF_HARM_ACT = (
    r"(?:(?:cut|burn|hurt|harm|carve) (?:myself|my ?self|my (?:wrists?|arms?|legs?|thighs?|"
    r"skin|stomach))(?!\s+(?:a|some|off|free|slack|short|shaving|cooking))|self.?harm|"
    r"sh(?=\s*(?:$|[.!?,;\n]|again|tonight|rn))|"
    r"cut(?:\s+(?:deep|deeper|again|tonight|rn))+)"
)
_OVERDOSE_ACT = (
    r"(?:overdose|od|(?:take|swallow|down|pop|use|do|shoot) (?:them all|all of (?:them|it)|"
    r"every (?:pill|tablet|single pill|last pill)|"
    r"everything(?: i (?:have|got)| in (?:the|my) (?:cabinet|medicine cabinet|drawer))?"
    r"(?=\s*(?:$|[.!?,;\n]|tonight|now|rn|at once))|"
    r"(?:the|this|that) (?:whole|entire) (?:bottle|pack|box|bag|stash|supply|prescription)|"
    r"the rest of (?:the|my|his|her|\w+s) (?:\w+ ){0,2}(?:pills|meds|tablets|bottle|stash|"
    r"supply|medication)|"
    r"all (?:of )?(?:my|the|these|those|his|her|mums?|moms?|dads?) (?:\w+ )?"
    + DRUGS
    + r"(?!\s+(?:on time|as prescribed|regularly|every|each|in the morning|at (?:night|bedtime|"
    r"breakfast)|with (?:food|water|breakfast|dinner)|properly|like (?:i|im) supposed))"
    r"|all (?:my|the) (?:stash|supply|dope|fent|bags?)|enough to (?:die|not wake up|end it)))"
)
# Ways to say it keeps coming back to mind.
_THINKING = (
    r"(?:(?:cant stop thinking|keep thinking|been thinking|thinking|think|thought|thinkin|"
    r"obsessing|fantasi[sz]ing|dreaming|daydreaming)\s+(?:a lot\s+|so much\s+|constantly\s+)?"
    r"(?:about|of|abt|bout|over)|(?:seriously\s+)?(?:considering|contemplating)|"
    r"(?:so\s+)?close to)\s+"
)
_HARM_GERUND = (
    r"(?:suicide|killing myself|kill myself|ending (?:it(?: all)?|things|my life|everything)|"
    r"taking my (?:own )?life|overdosing|oding|hanging myself|"
    r"jumping(?: off (?:a|the) (?:bridge|building|roof|cliff|balcony|ledge|overpass))?|"
    r"the (?:rope|noose)|"
    r"taking (?:all of (?:it|them)|them all|all (?:my|the|of my) \w+|every (?:pill|one)|"
    r"the whole (?:bottle|pack|box)))"
)
CRISIS_CONCEPTS: tuple[Rule, ...] = (
    # --- an act of dying, wished, meant or planned, by the writer ------------------------
    make_rule(
        "concept.wants_to_die",
        INTENT,
        2.0,
        MODAL + _DIE + r"\b",
        needs_subject=True,
        also=MODAL_GATE,
        gate=("die", "dead", "living", "live", "alive", "exist", "kill", "end", "life",
              "suicide", "attempt", "myself", "slit", "jump", "into", "off", "stop"),
    ),
    make_rule(
        "concept.wants_self_harm",
        SELF_HARM,
        2.0,
        MODAL + _SELF_HARM_ACT + r"\b",
        needs_subject=True,
        also=MODAL_GATE,
        gate=("cut", "burn", "hurt", "harm", "carve", "sh"),
    ),
    make_rule(
        "concept.wants_overdose",
        OVERDOSE,
        3.0,
        MODAL + _OVERDOSE_ACT + r"\b",
        needs_subject=True,
        also=MODAL_GATE,
        gate=("overdose", "od", "take", "swallow", "down", "pop", "use", "do", "shoot"),
    ),
    make_rule(
        # A reflexive act names its own subject: "ending my life would be easier", "cant
        # stop imagining hanging myself". The guards (negation, the past, others, quotes,
        # coping plans) still apply.
        "concept.self_kill_act",
        INTENT,
        2.0,
        r"\b(?:end(?:ing)? my (?:own )?life|tak(?:e|ing) my (?:own )?life" + LIFE_GUARD + r"|"
        r"(?:hang|hanging|shoot|shooting|off|offing|drown|drowning|poison|poisoning|"
        r"suffocate|suffocating|gas|gassing) myself|slit(?:ting)? my (?:wrists?|throat)|"
        r"(?:put|putting) a bullet (?:in|through) my (?:head|brain|skull)|"
        r"blow(?:ing)? my (?:brains|head) out|yeet(?:ing)? myself off|"
        r"jump(?:ing)? (?:off|from) (?:a|the|my) (?:bridge|building|roof|balcony|cliff|overpass|"
        r"ledge|parking garage)|(?:overdose|od|oding|overdosing) on purpose|"
        r"(?:drink|drinking|use|using|drive|driving) (?:until|till|til) i (?:stop breathing|die|"
        r"dont wake up))\b",
        gate=("life", "myself", "slit", "bullet", "brains", "head out", "jump", "purpose",
              "until i", "till i", "til i"),
    ),
    make_rule(
        # Afraid of oneself: "scared of what im gonna do tonight".
        "concept.afraid_of_myself",
        INTENT,
        2.0,
        r"\b(?:scared|afraid|terrified|worried|frightened)\s+(?:of\s+)?(?:what|that)\s+i\s*"
        r"(?:might|will|ll|could|may|am going to|m going to|m gonna|am gonna|would)\s+"
        r"(?:do|end up doing)\b(?:\s+(?:to myself|tonight|now|rn|if))?"
        r"|\b(?:someone|somebody|anyone|please)\s+(?:please\s+)?(?:stop|save) me\b"
        r"(?=\s*(?:$|[.!?,;\n]|from myself|i dont|i dont want|before))"
        r"|\b(?:dont (?:think i(?:ll| will)|know if i(?:ll| will)|know if i can)|idk if i(?:ll| "
        r"will| can)|not sure (?:if )?i(?:ll| will| can)) make it "
        r"(?:through (?:the night|tonight|today)|to (?:the )?morning|past tonight|till morning)\b"
        r"|\bcant promise (?:ill|i will|i|that ill) (?:be (?:alive|here|safe|okay|ok)|make it)"
        r"(?:\s+(?:tomorrow|tonight|much longer|by morning))?\b"
        r"|\b(?:cant|can not|cannot) (?:stop|hold) myself(?: back)? (?:this time|anymore|any "
        r"longer|tonight)\b",
        gate=("scared", "afraid", "terrified", "worried", "frightened", "stop me", "save me",
              "make it", "promise", "myself"),
    ),
    make_rule(
        # Self-harm now: blood that will not stop, an urge too strong to hold.
        "concept.self_harm_now",
        SELF_HARM,
        2.0,
        r"\b(?:(?:theres|there is|so much|a lot of|lots of) blood|blood everywhere|"
        r"(?:wont|will not|cant make it|cant get it to) stop bleeding|(?:went|cut) too deep|"
        r"(?:its|it is|cuts are|cut is) (?:really |so |too )?deep|need stitches|"
        r"(?:made|making|cut|cutting) (?:the |my )?(?:cuts? |burns? )?deeper)\b"
        r"|\b(?:the )?urges? to (?:cut|self.?harm|sh|hurt myself|burn myself)\b(?=\s+(?:is|are|"
        r"so|too|really|getting|unbearable|bad|strong))",
        gate=("blood", "bleeding", "deep", "stitches", "urge"),
    ),
    make_rule(
        # "do it" / "go through with it" needs what it refers to: a time, means or intent.
        "concept.doing_it",
        PLAN,
        1.0,
        MODAL + r"(?:do it|go through with it)"
        r"(?=\s*(?:$|[.!?,;\n]|tonight|today|tomorrow|now|rn|right now|soon|this time|for real|"
        r"after|when|before))",
        negatable=False,
        also=MODAL_GATE,
        gate=("do it", "go through"),
    ),
    make_rule(
        # "im going to do something stupid": said of oneself with nothing else, a plan.
        "concept.do_something",
        PLAN,
        1.0,
        MODAL + r"do something(?: about it)?(?=\s*(?:$|[.!?,;\n]|tonight|today|now|rn|soon))",
        negatable=False,
        also=MODAL_GATE,
        gate=("do something",),
    ),
    make_rule(
        # Weak alone, a plan next to intent, means or a time: "so close to doing it", "ill
        # listen to them", "its enough right?", "wrote everything down".
        "concept.on_the_verge",
        PLAN,
        1.0,
        r"\b(?:so )?close to doing it\b"
        r"|\b(?:listen to|obey|give in to|act on|do what) (?:them|the thoughts|the voices|it|"
        r"they say)\b"
        r"|\b(?:its|is (?:that|it|this)|will (?:that|it|this) be|would (?:that|it|this) be) "
        r"enough(?: right| to (?:die|do it|kill me|not wake up))?(?=\s*(?:$|[.!?,;\n]))"
        r"|\b(?:wrote|written) (?:everything|it all) down\b"
        r"|^(?:the )?(?:bridge|tracks|train tracks|roof|ledge|cliff) (?:tonight|today|now|rn|"
        r"tomorrow)\b",
        gate=("close to doing", "listen to", "obey", "give in", "act on", "do what", "enough",
              "down", "bridge", "tracks", "roof", "ledge", "cliff"),
    ),
    make_rule(
        # The thoughts or voices winning: weak alone, a crisis next to a plan.
        "concept.thoughts_winning",
        INTENT,
        1.0,
        r"\b(?:the )?(?:thoughts|voices|urges) (?:are|r|keep) (?:getting )?(?:too |so |really )?"
        r"(?:loud|louder|strong|stronger|winning|telling me|screaming)\b",
        gate=("thoughts", "voices", "urges"),
    ),
    make_rule(
        # "if nobody answers im doing it": an ultimatum.
        "concept.ultimatum",
        INTENT,
        2.0,
        r"\bif (?:nobody|no one|noone|you dont|nobody here) (?:answers|replies|responds|texts "
        r"back|calls|messages|helps|cares)\b[^.!?\n]{0,10}\b(?:im|i am|ill|i will)\s+"
        r"(?:doing it|going to do it|gonna do it|do it|ending it|end it|killing myself)\b",
        gate=("if nobody", "if no one", "if noone", "if you dont"),
    ),
    make_rule(
        # It is set: "its happening tonight", "i made sure of that".
        "concept.it_is_set",
        PLAN,
        1.0,
        r"\b(?:its|it is) happening (?:tonight|today|now|this weekend)\b"
        r"|\bi made sure of (?:it|that)\b",
        gate=("happening", "made sure"),
    ),
    make_rule(
        # The note, with nothing to say what it is for.
        "concept.the_note",
        PLAN,
        2.0,
        r"\b(?:(?:ive |i have |i )?(?:written|wrote|finished|left) (?:the|my) (?:note|letters?)"
        r"(?=\s*(?:$|[.!?,;\n]|on (?:my|the)|in (?:my|the)|under|for (?:them|everyone|my family|"
        r"whoever)))|the note is (?:(?:on|in|under) (?:my|the) \w+|written|done|ready|finished))\b",
        gate=("note", "letter"),
    ),
    make_rule(
        # "im going to do something stupid / i cant take back / ill regret".
        "concept.do_something_drastic",
        PLAN,
        2.0,
        MODAL + r"do something (?:stupid|drastic|really bad|i (?:cant|"
        r"can not|wont be able to) take back|permanent|i(?:ll| will| might| would| d) regret)"
        r"(?=\s*(?:$|[.!?,;\n]|tonight|today|now|rn|soon))",
        negatable=False,
        also=MODAL_GATE,
        gate=("do something",),
    ),
    make_rule(
        # A plan said without its name: the place found, how and when known.
        "concept.plan_ready",
        PLAN,
        2.0,
        r"\bfound (?:the|a) (?:perfect|right|best) (?:bridge|spot|place|building|tree|way|method)"
        r"(?=\s*(?:$|[.!?,;\n]))"
        r"|\bknow (?:exactly )?how (?:id|i would|ill|i will|im going to|to) (?:do it|end it|kill "
        r"myself)(?: and (?:when|where))?(?=\s*(?:$|[.!?,;\n]))",
        needs_subject=True,
        gate=("found", "know"),
    ),
    make_rule(
        # Standing there now: the roof, the bridge, the tracks (a dropped "im" too).
        "concept.at_the_edge",
        PLAN,
        2.0,
        CLAUSE_START + r"(?:(?:im|i am)\s+)?(?:on|at|by)\s+(?:the\s+)?(?:top of (?:the|a) "
        r"(?:parking garage|building|bridge|cliff)|edge of (?:the|a) (?:roof|bridge|cliff)|roof|"
        r"rooftop|ledge|bridge|train tracks|tracks|railway|cliff)\b"
        r"(?!\s+(?:club|game|party|table|bar|restaurant|fixing|cleaning|with|for|of|in traffic|"
        r"traffic|at work|today))",
        gate=("top of", "edge of", "roof", "ledge", "bridge", "tracks", "railway", "cliff"),
    ),
    make_rule(
        # "ending it tonight", "killing myself after my shift": the present for the future.
        "concept.doing_it_now",
        INTENT,
        2.0,
        r"\b(?:(?:so\s+)?close to\s+)?"
        r"(?:ending (?:it(?: all)?|things|everything|my life)|killing myself|offing myself|"
        r"hanging myself|overdosing|oding|taking my (?:own )?life|taking (?:everything|them all|"
        r"all (?:of )?(?:my|the) (?:pills|meds)|every pill))\s+"
        r"(?:\w+\s+)?(?:tonight|today|tomorrow|now|rn|right now|this (?:time|week|weekend)|"
        r"after|when|once|before|on (?:my|the|monday|friday|saturday|sunday))\b"
        r"(?![^.!?\n]{0,25}\bwith (?:him|her|them|my (?:bf|gf|boyfriend|girlfriend|partner|ex|"
        r"husband|wife)))"
        r"|\b(?:tonight|today|tomorrow|right now|now|this weekend),?\s+(?:im|i am|i m)\s+"
        r"(?:finally\s+|really\s+|just\s+)?(?:ending (?:it|things|everything|my life)|killing "
        r"myself|taking (?:everything|them all|all (?:of )?(?:my|the) (?:pills|meds)|every pill)|"
        r"doing it|overdosing|going to do it|gonna do it)\b",
        needs_subject=True,
        gate=("ending", "killing", "offing", "hanging", "overdosing", "oding", "taking"),
    ),
    make_rule(
        # "tonight i finish it", "tomorrow i go": a time, then the act in a few words.
        "concept.tonight_i",
        INTENT,
        2.0,
        r"\b(?:tonight|today|tomorrow|this weekend),?\s+i\s+(?:will\s+|ll\s+)?(?:finish it|"
        r"end it|go|die|do it|kill myself)(?=\s*(?:$|[.!?,;\n]))",
        gate=("finish it", "end it", "i go", "i will go", "i die", "do it", "kill myself"),
    ),
    make_rule(
        # A bare act at the start of a clause ("end it all. tonight.", "suicide tonight"):
        # weak alone, a crisis next to a time, means or a goodbye.
        "concept.bare_act",
        INTENT,
        1.0,
        CLAUSE_START + ADV + r"(?:end (?:it all|things|everything|my life)|die|suicide|"
        r"overdose)" + CLAUSE_END,
        negatable=False,
        gate=("end it", "end things", "end everything", "end my", "die", "suicide", "overdose"),
    ),
    make_rule(
        "concept.thinking_about_it",
        INTENT,
        2.0,
        r"\b" + _THINKING + _HARM_GERUND + r"\b(?!\s+(?:in|into|at|with|on) (?:a|the|my|his|her|"
        r"their)\b)",
        needs_subject=True,
        ongoing=True,
        gate=("think", "thought", "obsessing", "fantasi", "dreaming", "consider", "contemplat",
              "close to"),
    ),
    make_rule(
        # Self-harm on the mind is a gentle check-in; with means, a plan or a time set it
        # is more (self-harm now is in ``concept_signs``).
        "concept.thinking_about_self_harm",
        SELF_HARM,
        1.0,
        r"\b" + _THINKING + r"(?:cutting(?: myself)?|hurting myself|burning myself|"
        r"self.?harm(?:ing)?)\b",
        needs_subject=True,
        gate=("think", "thought", "obsessing", "fantasi", "dreaming", "consider", "contemplat",
              "close to"),
    ),
    make_rule(
        # Asking how long dying takes is a plan forming, whoever the question is put to.
        "concept.how_long_to_die",
        INTENT,
        2.0,
        r"\bhow long (?:does it|would it|will it|it) takes? to (?:die|bleed out|pass out|stop "
        r"breathing)\b",
        gate=("how long",),
    ),
    make_rule(
        # Looking up how many it would take is a plan forming.
        "concept.looked_up_how_many",
        INTENT,
        2.0,
        r"\b(?:looked up|look up|looking up|googled|googling|searched|searching|researched|"
        r"researching|checked|know|knew|figured out|worked out|calculated|counted)\s+"
        r"(?:up\s+)?how (?:many|much)\b[^.!?\n]{0,30}\b(?:it (?:would|will|d) take|it takes|"
        r"to take|i(?:d| would)? need|would (?:kill|do it)|is (?:lethal|enough))\b",
        needs_subject=True,
        gate=("how many", "how much"),
    ),
)
