"""Concern-tier rules: passive wishes to be dead, hopelessness, feeling a burden, and
worrying use. Each weighs 1.0; one is enough for the gentle tier (a private check-in and
a quiet note, nothing removed). Next to any crisis-category signal they count towards the
crisis score too ("i'm a burden. 💊"), so a concern never hides a crisis.

The same guards apply as for the crisis rules: the past, other people, negation, coping
plans, quotes and figures of speech keep them quiet.
"""

from __future__ import annotations

from bot.crisis.domain.result import BURDEN, HOPELESS, PASSIVE, USE
from bot.crisis.domain.rules import ADV, CLAUSE_START, SPEAKER, SPEAKER_OR_DROPPED, Rule, make_rule

_ANYMORE = r"(?:\s+(?:anymore|any more|any longer|much longer|like this|right now|rn|honestly|tbh))"
_USING = (
    r"(?:using|use|drinking|drink|drank|getting high|get high|getting drunk|get drunk|smoking|"
    r"popping pills|taking pills|popping|high|drunk|wasted|getting wasted|get wasted|"
    r"getting blackout drunk|getting fucked up|getting messed up)"
    r"(?:\s+(?:every (?:night|day|morning)|all (?:day|night)|again|alone|more))?"
)

CONCERN_RULES: tuple[Rule, ...] = (
    # --- passive wishes to be dead -----------------------------------------------------
    make_rule(
        "concern.sleep_forever",
        PASSIVE,
        1.0,
        r"\b(?:want|wanna|wish|wishing|hope|hoping|need"
        r"|like)\s+(?:that\s+)?(?:i could\s+|to\s+|i\s+|"
        r"id\s+|i would\s+)?(?:just\s+)?(?:(?:go to|fall)\s+)?(?:sleep"
        r"|asleep)\s+(?:and|then|&|n)\s+"
        r"(?:never|not|dont|wouldnt|not ever)\s+wake(?:\s+up)?\b"
        r"|\b(?:want|wanna|wish|wishing)\s+(?:i could\s+|to\s+)?(?:just\s+)?(?:sleep|fall asleep|"
        r"go to sleep)\s+forever\b(?!\s+(?:after|on|in|this|lol))",
        needs_subject=True,
    ),
    make_rule(
        "concern.wish_dead",
        PASSIVE,
        1.0,
        r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\s+(?:that\s+)?(?:i|id)\s+"
        r"(?:was|were|could|would|wouldnt|dont|didnt|had|just|will|get|got)?\s*(?:just\s+)?"
        r"(?:be\s+)?(?:dead|die|not wake up|never wake up"
        r"|dont wake up|wake up dead|never born|never "
        r"(?:been|be|was) born|not exist|disappear|vanish|wasnt here|werent here|wasnt alive|"
        r"(?:get|got) hit by (?:a|the) (?:bus|car|truck|train))\b",
        needs_subject=True,
        negatable=False,
    ),
    make_rule(
        "concern.not_be_here",
        PASSIVE,
        1.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:dont|do not|no longer|dont even|dont really)\s+"
        r"(?:want|wanna|wish)\s+(?:to\s+)?(?:be here|be around|exist|wake up)\b"
        r"|" + SPEAKER_OR_DROPPED + ADV + r"(?:want|wanna|wish i could|need|would like)\s+"
        r"(?:to\s+)?(?:just\s+)?(?:not (?:be here|be alive|exist|wake up)|never wake up|"
        r"stop existing|cease to exist|disappear forever|disappear|vanish)\b"
        r"(?!\s+(?:into|under|for|from|in|to|on|with|off))"
        r"|\b(?:id|i would|i)\s+(?:much\s+|honestly\s+)?rather\s+(?:not\s+(?:exist"
        r"|be alive|be here|"
        r"wake up)|be dead)\b(?!\s+(?:than|then))",
        negatable=False,
        gate=(
            "be here",
            "be around",
            "exist",
            "wake up",
            "not be alive",
            "never wake up",
            "disappear",
            "vanish",
            "rather",
        ),
    ),
    make_rule(
        "concern.better_off_dead",
        PASSIVE,
        1.0,
        r"\bwant (?:it|everything|this|it all|all of it"
        r"|the pain) (?:all )?to (?:stop|end|be over)\b"
        r"|\bwant (?:it|this|everything) (?:all )?(?:to be )?over\b",
        needs_subject=True,
    ),
    make_rule(
        # A statement with no subject ("better off gone tbh") is the speaker's; another
        # person named before it ("he'd be better off dead") is not.
        "concern.better_off_gone",
        PASSIVE,
        1.0,
        r"\b(?:better off|happier|better) (?:dead|gone|not (?:being )?(?:here|alive|around))\b",
    ),
    make_rule(
        "concern.dont_care_if",
        PASSIVE,
        1.0,
        r"\b(?:dont|do not|wouldnt|didnt|doesnt|dont really|dont even|honestly dont|no one|nobody)"
        r"\s+(?:care|cares|mind)\s+(?:if|whether)\s+(?:i\s+)?(?:live|die|died|wake up|dont wake up|"
        r"wake|make it|od|overdose|survive|live or die|am alive|exist)\b"
        r"|\bdont care what happens to me\b",
    ),
    # --- hopelessness ------------------------------------------------------------------
    make_rule(
        "concern.whats_the_point",
        HOPELESS,
        1.0,
        r"\b(?:whats|what is|wheres|what even is) (?:even |really |the |)?(?:the )?point"
        r"(?:\s*$|\s*[.!?,\n]| anymore| of it all| in anything| of anything| of any of this| of "
        r"(?:living|life|trying|going on|being alive|existing|waking up|getting better|carrying on|"
        r"me)\b| in (?:living|life|trying|going on|being alive|existing))"
        r"|\b(?:no|dont see (?:a|any|the)|cant see (?:a|any|the)|lost (?:all|any|every)|"
        r"there is no|theres no|is there any|see no)\s+(?:point"
        r"|reason|purpose)\s+(?:(?:in|to|of|for)\s+)?"
        r"(?:living|live|life|being alive|going on|existing|waking up|me being here|anything|"
        r"trying|keep going|keep trying|get up|go on|this|it)(?:\s+(?:anymore|any more))?\b"
        r"(?!\s+(?:in fear|like this|with|without|for (?:the|a|this)|on (?:the|a)|out))"
        r"|\b(?:theres|there is|see) no point anymore\b",
    ),
    make_rule(
        "concern.hopeless",
        HOPELESS,
        1.0,
        r"\b(?:feel|feeling|feels|felt|am|im|so|completely|totally|just|utterly)\s+"
        r"(?:so\s+|completely\s+|totally\s+|really\s+)?hopeless\b"
        r"(?!\s+(?:at|with|about (?:the|this|my) (?:game|team)|when it comes|in the kitchen))",
        needs_subject=True,
    ),
    make_rule(
        "concern.no_hope",
        HOPELESS,
        1.0,
        r"\beverything (?:feels|is|seems) (?:so |completely |totally )?hopeless\b"
        r"|\b(?:no|lost all|lost) hope (?:left |for me|for myself|for my (?:life|future)|anymore)\b"
        r"|\b(?:have|see|there is|theres) no future\b|\b(?:dont|cant) see (?:a|any) future\b"
        r"|\bnothing (?:matters|will ever change|will get better) anymore\b|\bno way out\b"
        r"|\bill never (?:get better|be okay|be ok|be happy)\b",
    ),
    make_rule(
        "concern.cant_go_on",
        HOPELESS,
        1.0,
        SPEAKER_OR_DROPPED + ADV + r"(?:cant|can not|cannot|dont think i can)\s+(?:do this|go on|"
        r"keep going|keep doing this|take (?:it|this)|handle (?:it|this)|live like this|"
        r"keep living like this)" + _ANYMORE + r"+\b",
        negatable=False,
        gate=("cant", "can not", "cannot", "dont think i can"),
    ),
    make_rule(
        "concern.tired_of_living",
        HOPELESS,
        1.0,
        r"\b(?:tired|sick|exhausted|so done|done)\s+(?:of|with)\s+(?:living|being alive|existing|"
        r"life|waking up|being me|fighting|everything|it all|breathing)\b(?!\s+(?:in|at|with the))"
        r"|\b(?:give|giving|given|gave) up on (?:life|everything|living|myself)\b"
        r"|\b(?:im|i am|i feel|feel|feeling)\s+(?:so\s+|completely\s+|totally\s+|just\s+)?"
        r"(?:worthless|a waste of (?:space|oxygen|air|life))\b"
        r"|\b(?:im|i am)\s+(?:just\s+|so\s+|fucking\s+|literally\s+)?done(?=\s*(?:[.!?\n]|$))",
        needs_subject=True,
    ),
    make_rule(
        "concern.not_worth_living",
        HOPELESS,
        1.0,
        r"\b(?:life|my life|living)(?: is|s)?\s+(?:isnt|is not|not|aint)\s+worth\s+(?:it|living)\b"
        r"|\bnot worth living\b",
    ),
    # --- burden ------------------------------------------------------------------------
    make_rule(
        "concern.burden",
        BURDEN,
        1.0,
        r"\b(?:im|i am|im just|i feel like|feel like|feeling like|i feel|im such|im nothing but|"
        r"nothing but)\s+(?:such\s+|so much\s+|a huge\s+)?(?:a|the|of a)\s+burden\b(?!\s+when\b)"
        r"|\b(?:im|i am) (?:such )?a burden\b(?!\s+when\b)"
        r"|\b(?:nobody|no one|noone) (?:would|will|even) (?:even )?(?:miss|notice|care) "
        r"(?:me|if i (?:was|were|am) gone|if i died|if i disappeared|if i left)\b"
        r"|\bnobody would even notice\b",
        negatable=False,
    ),
    make_rule(
        "concern.better_off_without_me",
        BURDEN,
        1.0,
        r"\b(?:(?:every|any|some)(?:one|body)|they|the world|my family|my kids|people|everybody|"
        r"we|yall|you all)\s*(?:all\s+)?(?:would|will|d|is|are)\s+(?:all\s+)?(?:be\s+)?"
        r"(?:better|happier) (?:off )?without me\b",
        negatable=False,
    ),
    # --- worrying use ------------------------------------------------------------------
    make_rule(
        "concern.using_to_forget",
        USE,
        1.0,
        r"\b" + _USING + r"\s+(?:just\s+|again\s+|more\s+)?(?:to|so (?:i|that i) (?:dont|can|wont|"
        r"dont have to|can stop|cant))\s+(?:just\s+)?(?:forget"
        r"|numb|not feel|escape|black out|pass out|"
        r"stop feeling|feel nothing|feel|have to feel|forget everything"
        r"|disappear|make it stop|think|"
        r"have to think|deal with (?:it|anything|life))\b"
        r"|\b(?:drink|drank|drinking|use|using|used)\s+(?:until"
        r"|till|til)\s+i\s+(?:black out|pass out|"
        r"cant feel|dont feel)\b"
        r"|\b(?:mixing|mixed|mix)\s+(?:my\s+)?(?:xanax|xans|benzos|pills|meds|oxy|oxys|opioids|"
        r"percs|klonopin|valium|ativan|sleeping pills)\s+(?:with|and)\s+(?:alcohol|booze|drinking|"
        r"vodka|beer|wine|liquor)\b",
        needs_subject=True,
    ),
)

__all__ = ["CLAUSE_START", "CONCERN_RULES", "SPEAKER"]
