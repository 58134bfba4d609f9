"""Crisis-tier rules for words of intent: wanting to die, ending it, suicidal thoughts,
method questions. See ``rules`` for the scheme and the shared vocabulary."""

from __future__ import annotations

from bot.crisis.domain.rules import (
    ADV,
    CLAUSE_START,
    INTENT,
    OVERDOSE,
    SPEAKER_OR_DROPPED,
    Rule,
    make_rule,
)

INTENT_RULES: tuple[Rule, ...] = (
    make_rule(
        "intent.kill_myself",
        INTENT,
        2.0,
        r"\b(?:kill|killing|killed|hang|hanging|shoot|shooting|drown|drowning|off|offing|"
        r"unalive|unaliving|poison|poisoning|stab|stabbing)\s+my ?self\b(?!\s+(?:laughing|all day|"
        r"working|at work|at the gym|to get|trying|wont|wouldnt|isnt|is not|doesnt|will not|"
        r"over (?:this|that|it)))",
        gate=("myself", "my self"),
    ),
    make_rule(
        "intent.want_to_die",
        INTENT,
        2.0,
        SPEAKER_OR_DROPPED
        + ADV
        + r"(?:want|wanted|wanna|wish|wished|need|am ready|m ready|m so ready|ready)\s+(?:to\s+)?"
        r"(?:just\s+)?(?:die|be dead|stop living)\b"
        r"(?!\s+(?:of|from|laughing|with embarrassment|my hair|in your arms))",
        negatable=False,
        gate=("die", "be dead", "stop living"),
    ),
    make_rule(
        "intent.end_it",
        INTENT,
        2.0,
        r"(?:\b(?:i|im|i am|ill|i will|id)\s+"
        + ADV
        + r"(?:(?:want|wanna|need|going|gonna|about|ready|planning|plan|decided|trying|try)\s+"
        r"(?:to\s+|on\s+)?)?|"
        + CLAUSE_START
        + ADV
        + r"(?:want|wanna|need|going|gonna|about|ready|planning|plan|decided|trying|try)\s+"
        r"(?:to\s+|on\s+)?)"
        r"(?:end(?:ing)? (?:it all|my life|my own life|everything|it)|take my (?:own )?life|"
        r"commit suicide|attempt suicide|suicide|unalive)\b"
        r"(?!\s+(?:with|off|there|for (?:now|today)|early))",
        negatable=False,
        gate=(
            "end it",
            "ending it",
            "end my",
            "ending my",
            "end everything",
            "ending everything",
            "take my",
            "suicide",
            "unalive",
        ),
    ),
    make_rule(
        "intent.suicidal",
        INTENT,
        2.0,
        r"\b(?:im|i am|i feel|i felt|i get|i got|feeling|feelin|been|getting)\s+"
        + ADV
        + r"(?:very\s+|so\s+|really\s+|real\s+|pretty\s+"
        r"|extremely\s+|super\s+|a (?:bit|little)\s+)?"
        r"(?:\w+\s+and\s+)?suicidal\b|\bsuicidal (?:i|that i) (?:feel|am|get)\b|"
        + CLAUSE_START
        + r"(?:so\s+|very\s+|really\s+|extremely\s+|super\s+|hella\s+)*suicidal"
        r"(?:\s+(?:again|rn|right now|tonight|today|lately|af|and)|\s*$)",
    ),
    make_rule(
        "intent.suicidal_thoughts",
        INTENT,
        2.0,
        r"\b(?:suicidal (?:and self.?harm(?:ing)? )?(?:thoughts|feelings|urges|ideation)|"
        r"thoughts (?:of|about) "
        r"(?:suicide|dying|ending (?:it|my life)|taking my life)|thinking (?:about|of|bout) "
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
        "intent.act_on_it",
        INTENT,
        2.0,
        r"\b(?:scared|afraid|worried|terrified)\s+(?:that\s+)?(?:ill|i will|i might|im going to|"
        r"im gonna)\s+(?:actually\s+)?(?:act on (?:it|them|the thoughts)|do it|go through with it)"
        r"\b|\buse (?:it|them|this|the (?:knife|blade|razor|gun|rope)) on myself\b",
        needs_subject=True,
        gate=("act on", "do it", "go through with", "on myself"),
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
        r"ledge|overpass|parking garage)|(?:step|stepping|jump|jumping|walk|walking) in front of "
        r"(?:a|the) (?:train|bus|truck|car)|walk(?:ing)? into traffic|"
        r"(?:drive|driving|crash|crashing|steer|steering) (?:my car )?(?:into|off) (?:a|the) "
        r"(?:tree|wall|river|lake|bridge|cliff|barrier|oncoming traffic|road)|"
        r"crash(?:ing)? my car on purpose)\b",
        needs_subject=True,
    ),
    make_rule(
        "intent.jump_soon",
        INTENT,
        1.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:going to|gonna|want to|wanna|about to|ready to|m going to|"
        r"m gonna|m about to|m ready to)\s+jump\b(?!\s+(?:in|into|on|at|rope|ship|higher|start|"
        r"ahead|through|back|the gun|to)\b)",
        gate=("jump",),
    ),
    make_rule(
        "intent.until_i_die",
        INTENT,
        2.0,
        r"\b(?:drink|drinking|use|using|drive|driving|starve|starving|bleed|bleeding)\s+"
        r"(?:myself\s+)?(?:until|till|til)\s+i\s+(?:die|am dead|m dead|stop breathing)\b",
        needs_subject=True,
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
        "intent.researching",
        INTENT,
        2.0,
        r"\b(?:looking up|looked up|look up|googling|googled|searching|searched|researching|"
        r"researched|reading about|read about)\s+(?:\w+\s+)?(?:ways|how|methods|the best way|the "
        r"easiest way)\s+to\s+(?:die|kill myself|end it|end my life|overdose|od|commit suicide)\b"
        r"(?!\s+(?:less|of|from|later|happy|old))",
        needs_subject=True,
    ),
    make_rule(
        # Asking for a lethal amount or a method is a plan forming; moderation holds the
        # message for its method detail, this answers the person.
        "intent.method_question",
        INTENT,
        2.0,
        r"\bhow (?:many|much)\b[^.?!\n]{0,40}\b(?:to|would|will|does it take to|it takes to|"
        r"before)\s+(?:(?:i|me|you)\s+)?(?:die|kill me|kill myself|overdose|od|end it|not wake up|"
        r"never wake up|stop my heart)\b|\b(?:what is|whats) the (?:best|easiest|quickest|most "
        r"painless|surest) way to (?:die|kill myself|end it|overdose)\b",
    ),
    make_rule(
        "intent.appealing",
        INTENT,
        2.0,
        r"\b(?:suicide|death|dying|killing myself|ending it(?: all)?|not existing)(?: is|s)?\s+"
        r"(?:looking|sounding|seeming|seems|feels|feeling|sounds|looks)\s+(?:so |real |really |"
        r"pretty |more and more |kinda |very )?(?:good|better|appealing|tempting|nice|peaceful|"
        r"like (?:the|my) (?:answer|only option|best option|way out))\b",
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
        r"coming|getting) (?:(?:really|so|very|super) )?(?:back|worse|getting worse|stronger|"
        r"strong|loud|louder|returning|bad)\b"
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
        r"be dead|kill myself)\b",
        negatable=False,
    ),
    make_rule(
        "intent.rather_die",
        INTENT,
        1.0,
        r"\b(?:id|i would|i)\s+(?:much\s+)?rather (?:die|be dead)\b(?!\s+(?:than|then))",
    ),
    make_rule(
        "intent.dont_want_to_live",
        INTENT,
        2.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:dont|do not|no longer|dont even|dont really)\s+"
        r"(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be alive|keep living|go on anymore|"
        r"wake up(?:\s+(?:tomorrow|again|anymore|ever))?\s*(?:$|[.!?;,\n]|\s+but\b))",
        negatable=False,
        gate=("live", "alive", "living", "go on anymore", "wake up"),
    ),
    make_rule(
        "intent.will_overdose",
        OVERDOSE,
        3.0,
        r"(?:\b(?:i|im|ill|i will)\s+|"
        + CLAUSE_START
        + r")"
        + ADV
        + r"(?:(?:want|wanna|going|gonna|about|planning|plan|ready|need)\s+(?:to\s+)?)"
        r"(?:overdose|od|(?:take|swallow) (?:them all|all of them|every (?:pill|tablet|med)|"
        r"the (?:whole|entire) (?:bottle|pack|box)|all (?:of )?(?:my|the|these|those) "
        r"(?:pills|meds|tablets)))\b",
        negatable=False,
        gate=("overdose", "od", "take", "swallow"),
    ),
)
