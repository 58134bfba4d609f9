"""Crisis rules for acts rather than words of intent: a plan, means in hand, timing, a
goodbye, self-harm or an overdose happening now. See ``crisis_rules`` for the scheme."""

from __future__ import annotations

from bot.crisis.domain.rules import (
    ADV,
    DRUG_WORDS,
    DRUGS,
    GOODBYE,
    MEANS,
    PLAN,
    QUANTITY,
    SPEAKER_OR_DROPPED,
    TIMING,
    Rule,
    make_rule,
)

ACT_RULES: tuple[Rule, ...] = (
    # --- plan ---------------------------------------------------------------------
    make_rule(
        "plan.plan_to_die",
        PLAN,
        3.0,
        r"\b(?:plan|plans|planning|planned)\s+(?:to|on|for how to|how to|out how to)\s+"
        r"(?:die|kill myself|end (?:it|it all|my life)|do it|overdose|od)\b"
        r"|\b(?:my|a) (?:suicide|exit) plan\b",
        needs_subject=True,
        gate=("plan",),
    ),
    make_rule(
        "plan.have_a_plan",
        PLAN,
        1.0,
        SPEAKER_OR_DROPPED
        + ADV
        + r"(?:have|ve got|got|made|ve made|have made)\s+(?:a|my|the)\s+plan"
        r"\s*(?:$|[.!?;,\n]|but\b|and\b|now\b|ready\b|already\b)",
        negatable=False,
        gate=("a plan", "my plan", "the plan"),
    ),
    make_rule(
        "plan.doing_it",
        PLAN,
        1.0,
        r"\b(?:im|i am|ill|i will)\s+"
        + ADV
        + r"(?:going to\s+|gonna\s+)?(?:do|doing)\s+it\s+(?:tonight|today|"
        r"tomorrow|this weekend|soon|now|right now)\b",
        negatable=False,
    ),
    make_rule(
        "plan.note",
        PLAN,
        3.0,
        r"\b(?:suicide|goodbye|final|last) (?:note|letter)s?\b|\b(?:wrote|written|writing|left)\s+"
        r"(?:a\s+|my\s+)?(?:letters?|notes?)\s+(?:for|to)\s+(?:everyone"
        r"|everybody|my (?:family|kids|"
        r"mom|mum|dad|parents|wife|husband|partner|sister|brother))\b",
        needs_subject=True,
    ),
    make_rule(
        "plan.preparing",
        PLAN,
        3.0,
        r"\b(?:steps|preparations|materials|arrangements|preparing|getting ready) "
        r"(?:to|for) (?:commit suicide|kill myself|end (?:it|my life)|my (?:own )?"
        r"(?:suicide|death))\b",
        needs_subject=True,
    ),
    make_rule(
        "plan.gun",
        PLAN,
        3.0,
        r"\b(?:gun|barrel|pistol) (?:to|in|against) my (?:head|mouth|temple|chest)\b|"
        r"\b(?:aim|aiming|point|pointing|put|putting|hold|holding) (?:it|the gun|a gun|my gun) "
        r"(?:at|to|against|in) my (?:head|mouth|temple|chest)\b",
    ),
    make_rule(
        "plan.noose",
        PLAN,
        3.0,
        r"\b(?:tied|tying|made|making|have|got|bought)\s+(?:a|the|my)\s+noose\b",
    ),
    # --- means --------------------------------------------------------------------
    make_rule(
        "means.stockpile",
        MEANS,
        2.5,
        r"\b(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|collecting|stashing|"
        r"stashed)\s+(?:up\s+)?(?:all\s+)?(?:of\s+)?(?:my\s+|the\s+|some\s+)?" + DRUGS + r"\b",
        needs_subject=True,
    ),
    make_rule(
        "means.in_hand",
        MEANS,
        1.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:have|ve got|got|bought|ordered|found|picked up|am holding|"
        r"m holding|counted|counted out|lined up)\s+(?:a\s+|the\s+|some\s+|my\s+)?"
        r"(?:" + QUANTITY + r"\s+)?(?:\w+\s+)?(?:rope|gun|razor blades?|blades?|" + DRUGS + r")\b",
        negatable=False,
        gate=("rope", "gun", "razor", "blade", *DRUG_WORDS),
    ),
    make_rule(
        "means.drug_quantity",
        MEANS,
        1.0,
        QUANTITY + r"\s+(?:of\s+(?:my|the|them|those)\s+)?(?:\w+\s+)?" + DRUGS + r"\b",
    ),
    make_rule(
        "means.gun",
        MEANS,
        2.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:have|ve got|got|bought|own|am holding|m holding|am loading|"
        r"m loading|started loading|loaded|took out|found)\s+(?:a|the|my|a loaded|my dads|my "
        r"fathers)\s+(?:gun|pistol|revolver|rifle|shotgun)s?\b(?!\s+(?:license|licence|permit|"
        r"safe|range|show|class|course|collection|cleaning kit))",
        negatable=False,
        gate=("gun", "pistol", "revolver", "rifle"),
    ),
    make_rule("means.pill_emoji", MEANS, 1.0, "💊"),
    # --- timing (only counts with another signal) -----------------------------------
    make_rule(
        "timing.soon",
        TIMING,
        1.0,
        # "not right now" says when it is not.
        r"\b(?<!not )(?:tonight|today|tomorrow|this weekend|right now|rn|soon|when "
        r"(?:everyone|they)(?:s| is| are) (?:asleep|gone)|after (?:everyone|they|the kids) "
        r"(?:go|goes|are) "
        r"(?:to bed|asleep)|(?:when|once|after) (?:my \w+|everyone|they|he|she) (?:leaves?|"
        r"(?:is|s|are) (?:gone|out|asleep|at work)|goes (?:out|away|to (?:bed|sleep|work))|"
        r"falls? asleep)|(?:nobodys|nobody is|no one is|noones|no ones) (?:home|here|around)|"
        r"(?:home|here) alone)\b",
        negatable=False,
        pastable=False,
    ),
    make_rule(
        "plan.it_ends",
        PLAN,
        1.5,
        r"\b(?:it|everything|my life) (?:all\s+)?ends? (?:tonight|today|tomorrow|here|now)\b",
        negatable=False,
    ),
    # --- goodbye ------------------------------------------------------------------
    make_rule(
        "goodbye.read_this",
        GOODBYE,
        3.0,
        r"\bby the time (?:you|anyone|someone|u|yall|you guys) (?:read|reads|see|sees|find|"
        r"finds) this\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.last_message",
        GOODBYE,
        3.0,
        r"\b(?:spend|spending|live|living) my (?:last|final) (?:day|night|hours)\b|"
        r"\bthis (?:is|will be) my (?:last|final) (?:message|post|goodbye|night|day|words|"
        r"time (?:writing|posting|here))\b|\bmy final goodbye\b|\bgoodbye forever\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.wont_be_here",
        GOODBYE,
        2.0,
        r"\bi\s+(?:wont|will not|will no longer|am not going to|m not going to|prob(?:ably)? "
        r"wont)\s+be\s+(?:alive\s+(?:tomorrow|much longer|for much longer|anymore|by "
        r"(?:tomorrow|morning|monday|the weekend)|next week)|(?:here|around)\s+(?:much longer|"
        r"for much longer|anymore))\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.not_here_tomorrow",
        GOODBYE,
        1.0,
        r"\bi\s+(?:wont|will not)\s+be\s+(?:here|around)\s+(?:tomorrow|by (?:tomorrow|morning))\b",
        negatable=False,
    ),
    make_rule(
        "goodbye.farewell",
        GOODBYE,
        1.0,
        r"\b(?:goodbye|bye|farewell) (?:everyone|everybody|all|guys|friends|world|yall)\b|"
        r"\bthank you (?:all |guys )?for everything\b|\bim sorry for everything\b|"
        r"\b(?:i )?love (?:you all|you guys|yall|all of you"
        r"|u all|u guys)\b(?!\s+(?:so much for|for))",
        negatable=False,
        gate=("bye", "farewell", "for everything", "love you", "love yall", "love all", "love u"),
    ),
    make_rule(
        "goodbye.arrangements",
        GOODBYE,
        1.0,
        r"\b(?:take care of|look after|feed) my (?:cat|dog|kids|children|pets?|son|daughter)\b"
        r"|\btell (?:my )?(?:mom|dad|family|kids|parents|wife|husband|everyone|everybody|them|"
        r"my \w+) (?:that )?i ?(?:love|am sorry|m sorry|loved)\b"
        r"|\bgiv(?:e|ing|en) away (?:all )?my (?:stuff|things|belongings)\b",
        negatable=False,
    ),
)
