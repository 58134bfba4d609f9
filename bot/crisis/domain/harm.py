"""Crisis-tier rules for harm happening now: self-harm, an overdose, and the rules added
for the two-tier detector (rope, means ready, a place, a goodbye, using alone). See
``rules`` for the scheme."""

from __future__ import annotations

from bot.crisis.domain.rules import (
    ADV,
    DRUGS,
    GOODBYE,
    MEANS,
    OVERDOSE,
    PLAN,
    QUANTITY,
    SELF_HARM,
    SPEAKER_OR_DROPPED,
    Rule,
    make_rule,
)

HARM_RULES: tuple[Rule, ...] = (
    # --- self-harm now --------------------------------------------------------------
    make_rule(
        "self_harm.doing",
        SELF_HARM,
        3.0,
        SPEAKER_OR_DROPPED
        + ADV
        + r"(?:am|m|have been|ve been|been|keep|kept|started|start|cant stop)?"
        r"\s*(?:cutting|burning|hurting|harming|hitting|scratching|carving)\s+(?:myself|my\s+"
        r"(?:arms?|wrists?|legs?|thighs?|skin|stomach))\b|\bi (?:cut|self.?harm|sh) (?:to "
        r"(?:cope|feel|relieve|release|punish|calm)|when(?:ever)? i)\b",
        negatable=False,
        gate=(
            "cutting",
            "burning",
            "hurting",
            "harming",
            "hitting",
            "scratching",
            "carving",
            "cut to",
            "cut when",
            "harm to",
            "harm when",
            "sh to",
            "sh when",
        ),
    ),
    make_rule(
        "self_harm.again",
        SELF_HARM,
        3.0,
        r"\b(?:cut|cutting|burned|burnt|burning|self harmed|self harming|selfharmed|"
        r"self-harmed|self-harming|sh|relapsed on (?:self.?harm|cutting|sh))\s+"
        r"(?:myself\s+)?(?:again|tonight|today|right now|rn|last night|this morning)\b",
        needs_subject=True,
    ),
    make_rule(
        "self_harm.want",
        SELF_HARM,
        2.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:want|wanna|need|am going|m going|m gonna|am about|m about|"
        r"have to|feel like|am|m)\s+(?:to\s+)?(?:(?:cut|burn|hurt|harm|hit|carve|self.?harm)"
        r"\s+(?:myself|my (?:arms?|wrists?|legs?|thighs?|skin)|again|deep|so bad(?:ly)?|"
        r"right now|rn|tonight)\b|(?:cut|self.?harm)\s*(?:$|[.!?;,\n]|but\b))",
        negatable=False,
        gate=("cut", "burn", "hurt", "harm", "hit", "carve"),
    ),
    make_rule(
        "self_harm.urge",
        SELF_HARM,
        2.0,
        r"\b(?:urges?|itch|need) to (?:cut|self.?harm|sh|hurt myself|burn myself)\b"
        r"(?!\s+(?:back|down|out|off|up|ties|costs|corners|class|school|it|the|my|him|her|them|"
        r"loose|in|through|across|carbs|sugar|caffeine|hair))",
        needs_subject=True,
    ),
    make_rule(
        "self_harm.did",
        SELF_HARM,
        2.0,
        r"\bi\s+(?:just\s+)?(?:cut|burned|burnt|hurt|harmed|carved into)\s+(?:myself|my\s+"
        r"(?:arms?|wrists?|legs?|thighs?))\b(?!\s+(?:shaving|cooking|chopping|slicing|"
        r"on|by accident|accidentally|at work|while))",
        negatable=False,
    ),
    # --- overdose now ---------------------------------------------------------------
    make_rule(
        "overdose.took",
        OVERDOSE,
        3.0,
        SPEAKER_OR_DROPPED
        + ADV
        + r"(?:took|take|swallowed|ate|popped|downed|have taken|ve taken)\s+"
        r"(?:like\s+|about\s+|around\s+|over\s+|maybe\s+)?"
        + QUANTITY
        + r"\s+(?:of\s+(?:my\s+|the\s+|them\s+|those\s+)?)?(?:\w+\s+)?"
        + DRUGS
        + r"\b",
        negatable=False,
        gate=("took", "take", "swallowed", "ate", "popped", "downed", "taken"),
    ),
    make_rule(
        "overdose.too_many",
        OVERDOSE,
        2.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:took|swallowed|popped|have taken|ve taken)\s+(?:way\s+)?"
        r"too (?:many|much)\b(?=\s*$|\s*[.!?,;\n]|\s+(?:and|of|again|tonight|today|rn|now|i|so|"
        r"just|pills|meds|tablets|xanax|xans|benzos|oxy|percs|tylenol|sleeping)\b)",
        negatable=False,
        gate=("too many", "too much"),
    ),
    make_rule(
        "overdose.od",
        OVERDOSE,
        3.0,
        r"\bi\s+(?:just\s+|think i\s+|might have\s+|may have\s+|am\s+|m\s+)?(?:overdosed|"
        r"odd|oded|overdosing|odding)\b",
        negatable=False,
    ),
    # --- added for the two-tier detector --------------------------------------------
    make_rule(
        "means.rope",
        MEANS,
        2.0,
        r"\b(?:bought|buying|got|have|ordered|picked up|found|tied|tying|hung|hanging|holding|"
        r"grabbed)\s+(?:a\s+|the\s+|my\s+|some\s+)?(?!(?:jump|skipping|tow|climbing|bungee)\s)"
        r"(?:\w+\s+)?rope\b(?!\s+(?:for|to)\s+(?:the\s+|my\s+|a\s+)?(?:hammock|boat|tent|swing|"
        r"climbing|dog|camping|garden|cardio|workout|gym|kayak|canoe|tarp|truck|project|craft|"
        r"macrame|moving|tree ?house|clothesline|sailing|tie)|\s+(?:light|toy|swing|course))",
        needs_subject=True,
    ),
    make_rule(
        "means.ready",
        MEANS,
        2.0,
        r"\b(?:rope|noose|pills|meds|tablets|gun|blade|blades|razor|razors)(?:s)?\s+"
        r"(?:is\s+|are\s+|has been\s+|have been\s+)?(?:all\s+)?(?:lined up|counted out|laid out|"
        r"ready|set up|tied|saved(?: up)?|in front of me|in (?:my|the) (?:car|closet|garage|drawer|"
        r"bag|room))\b",
        needs_subject=False,
    ),
    make_rule(
        "plan.place",
        PLAN,
        2.0,
        r"\b(?:im|i am|standing|sitting|stood|sat|parked|here)\s+(?:\w+\s+)?(?:at|on|in|by)\s+"
        r"(?:the|a|my)\s+(?:edge of the\s+)?(?:bridge|roof|rooftop|ledge|train tracks|tracks|"
        r"railway|cliff|cliff edge|overpass)\b(?!\s+(?:club|game|party|table|bar|restaurant|"
        r"fixing|cleaning|with (?:my|the)|for (?:work|a|the)|in traffic|traffic)|,? (?:traffic|"
        r"stuck))",
    ),
    make_rule(
        "plan.garage",
        PLAN,
        3.0,
        r"\bengine (?:running|on) in (?:the|my) garage\b|\bin (?:the|my) garage with the engine "
        r"(?:running|on)\b|\bin the (?:car|garage) with the engine running\b",
    ),
    make_rule(
        "goodbye.this_is_goodbye",
        GOODBYE,
        2.0,
        r"\bthis is (?:my )?(?:goodbye|good bye|farewell)\b(?!\s+(?:to|for)\s+(?:my|the|this|"
        r"that|our)\b)|\b(?:its|it has|it was|has) been (?:nice|good|great|a pleasure) knowing "
        r"(?:you|u|yall|everyone|all of you)\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.gone",
        GOODBYE,
        2.0,
        r"\b(?:by|after|before) (?:tomorrow|tonight|morning|monday|the morning|the weekend),?"
        r" (?:ill|i will|i ll) be (?:gone|dead)\b|\b(?:ill|i will) be (?:gone|dead) (?:by|before) "
        r"(?:tomorrow|morning|tonight|the morning|monday)\b|\b(?:ill|i will) be dead soon\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.after_gone",
        GOODBYE,
        1.0,
        r"\b(?:after|when|once) (?:tonight|im gone|i am gone|i die|im dead|i go)\b"
        r"|\b(?:i )?(?:wont|will not) need (?:it|them|this|my stuff|anything) (?:anymore|where im "
        r"going|after tonight)\b|\bi wont need it\b|\b(?:tonight|today) is the (?:night|day)\b",
        negatable=False,
        gate=(
            "after tonight",
            "after i",
            "when i",
            "once i",
            "when tonight",
            "once tonight",
            "need it",
            "need them",
            "need this",
            "need my",
            "need anything",
            "is the night",
            "is the day",
        ),
    ),
    make_rule(
        "self_harm.now",
        SELF_HARM,
        3.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:am\s+|m\s+|been\s+)?(?:cutting|burning|self.?harming)\s+"
        r"(?:right now|rn|tonight|again|as we speak|as i type)\b",
        negatable=False,
        gate=("cutting", "burning", "harming"),
    ),
    make_rule(
        "self_harm.emoji",
        SELF_HARM,
        2.0,
        r"(?:🔪|🗡|🪒)\ufe0f?\s*(?:🩸|🩹)|🩸\ufe0f?\s*(?:🔪|🗡|🪒)",
        negatable=False,
        pastable=False,
    ),
    make_rule(
        "overdose.took_all",
        OVERDOSE,
        3.0,
        SPEAKER_OR_DROPPED
        + ADV
        + r"(?:took|take|swallowed|downed|ate|popped|have taken|ve taken)\s+"
        r"(?:the|a|my)\s+(?:whole|entire)\s+(?:bottle|pack|box|strip|prescription)\b"
        r"(?!\s+of\s+(?:wine|vodka|whiskey|beer|water|soda|juice|cereal|chips|cookies|candy))"
        r"|" + SPEAKER_OR_DROPPED + ADV + r"(?:took|swallowed|downed|popped)\s+(?:everything|"
        r"every (?:pill|tablet)|all the (?:pills|meds))\s+(?:in|from)?\s*(?:my|the)?\s*(?:medicine "
        r"cabinet|cabinet|bathroom|pill box|bottle)?\b",
        negatable=False,
        gate=("took", "take", "swallowed", "downed", "ate", "popped", "taken"),
    ),
    make_rule(
        "overdose.fear",
        OVERDOSE,
        2.0,
        r"\b(?:scared|afraid|worried|terrified|think|feel like|pretty sure)\s+(?:that\s+)?"
        r"(?:ill|i will|i might|i could|i may|im going to|im gonna)\s+(?:accidentally\s+)?"
        r"(?:overdose|od)\b|\b(?:i|and i|im)\s+(?:might|could|may|will probably|prob|probably "
        r"will|gonna)\s+(?:accidentally\s+)?(?:overdose|od)\b",
        negatable=False,
    ),
    make_rule(
        "overdose.using_alone",
        OVERDOSE,
        1.0,
        r"\b(?:using|use|shooting up|doing (?:dope|fent|heroin))\s+(?:alone|by myself|on my own)\b",
        needs_subject=True,
        gate=("alone", "by myself", "on my own"),
    ),
    make_rule(
        "overdose.no_rescue",
        OVERDOSE,
        2.0,
        r"\bso (?:nobody|no one|noone) (?:can|will|could) (?:narcan|find|save|stop|revive) me\b",
    ),
)
