"""Rules by concept for the signs that go with intent: the means at hand, the day and the
place chosen, feeling unsafe now, self-harm just done, and goodbyes (see ``concepts``
for the scheme and the guards)."""

from __future__ import annotations

from bot.crisis.domain.result import GOODBYE, INTENT, MEANS, PLAN, SELF_HARM
from bot.crisis.domain.rules import DRUGS, Rule, make_rule

__all__ = ["SIGN_CONCEPTS"]

_MEANS_THING = (
    r"(?:rope|noose|gun|pistol|rifle|blade|blades|razor|razors|knife|rat poison|poison|bleach|"
    r"antifreeze|" + DRUGS + r")"
)
_DRUG_GATES = ("pill", "med", "tab", "xan", "benzo", "oxy", "perc", "fent", "heroin", "tylenol",
               "insulin", "cap", "sleep", "lithium", "seroquel", "ambien", "opioid", "morphine",
               "codeine", "methadone", "vicodin", "valium", "ativan", "klonopin", "advil",
               "aspirin", "benadryl", "ibuprofen", "paracetamol", "acetaminophen", "panadol",
               "diphenhydramine", "trazodone", "antidepressant")

SIGN_CONCEPTS: tuple[Rule, ...] = (
    make_rule(
        "concept.means_in_hand",
        MEANS,
        1.0,
        r"\b(?:have|ve got|got|bought|found|picked up|saved(?: up)?|"
        r"stockpiled|collected|counted(?: out)?|lined up|laid out|am holding|m holding|holding|"
        r"keep holding|grabbed|took out|got out|loaded)\s+(?:a\s+|the\s+|my\s+|some\s+|"
        r"(?:my|a) (?:dads|moms|mums|fathers|mothers|partners|roommates)\s+)?"
        r"(?:everything i need|what i need|all i need|the means|more than (?:that|enough)|"
        r"enough(?: of them| pills| meds)?|" + _MEANS_THING + r")\b(?!\s+(?:for|license|"
        r"licence|permit|safe|range|refill|prescription|from (?:the|my) (?:doctor|pharmacy)))"
        r"|\b(?:hid|hidden|hiding|stashed|hoarding|hoarded|saving|saved)\s+(?:the|my|all the|"
        r"all my)\s+(?:pills|meds|tablets|rope|gun|blades?|razors?)\b"
        r"|\b(?:rope|gun|pistol|pills|blade|razor)\s+(?:is\s+|are\s+)?(?:in|under|on)\s+"
        r"(?:my|the)\s+(?:car|trunk|bag|pocket|lap|hand|hands|desk|nightstand|pillow|bed)\b"
        r"|\bsitting (?:here )?with (?:my|a|the|my dads|my moms) (?:gun|pistol|rifle|rope|"
        r"pills|blade|razor|knife)\b",
        needs_subject=True,
        gate=("need", "means", "more than", "enough", "rope", "noose", "gun", "pistol", "rifle",
              "blade", "razor", "knife", "hid", "stash", "hoard", "sav", "poison", "bleach",
              "antifreeze", *_DRUG_GATES),
    ),
    make_rule(
        # The means right there, now: in hand, on the lap, counted and enough.
        "concept.means_at_hand",
        MEANS,
        2.0,
        r"\bsitting (?:here )?with (?:my|a|the|my dads|my moms|my mums) (?:gun|pistol|rifle|rope|"
        r"pills|blade|razor|knife|noose)\b"
        r"|\b(?:rope|gun|pistol|blade|razor|knife|noose)\s+(?:is\s+|are\s+)?(?:in|on)\s+"
        r"my\s+(?:hand|hands|lap)\b"
        r"|\b(?:holding|hold|have|got) (?:the|a|my) (?:gun|pistol|knife|blade|razor|rope|noose) "
        r"(?:right now|now|rn|in my hand|against|to my)\b"
        r"|\b(?:holding|hold|have|got|ive got) (?:the|a|my|all (?:the|my)) (?:gun|pistol|knife|"
        r"blade|razor|rope|noose|pills|meds|tablets) (?:in my hands?|right here|next to me|"
        r"in front of me|on my lap)\b"
        r"|\b(?:theres|there is|have|got|ive got|i have)\s+enough\s+(?:now|pills|meds|of them|"
        r"to (?:do it|die|end it))\b"
        r"|\b(?:bought|got|have|ive got|holding|drinking|drank) (?:some |a bottle of |the |a )?"
        r"(?:rat poison|bleach|antifreeze|weed killer|poison)\b",
        gate=("sitting", "hand", "lap", "holding", "hold", "have", "got", "enough", "poison",
              "bleach", "antifreeze", "weed killer"),
    ),
    make_rule(
        "concept.blade_on_skin",
        SELF_HARM,
        2.0,
        r"\b(?:knife|blade|razor|glass|scissors)\s+(?:against|to|on|into|over)\s+my\s+"
        r"(?:wrists?|throat|arms?|skin|legs?|thighs?|neck)\b",
        gate=("knife", "blade", "razor", "glass", "scissors"),
    ),
    make_rule(
        # Weak alone ("picked a date." for a wedding), a crisis next to intent or a plan.
        "concept.picked_the_day",
        PLAN,
        1.0,
        r"\b(?:picked|chose|chosen|choosing|set|decided on)\s+(?:out\s+)?(?:a|the|my)\s+"
        r"(?:day|date|spot|place|method|way|bridge|time)\b(?=\s*(?:$|[.!?,;\n]|already|and|for "
        r"it|to do it))|\ba plan and a (?:date|day|time)\b",
        needs_subject=True,
        gate=("picked", "chose", "set", "decided on", "plan and"),
    ),
    make_rule(
        "concept.plan_is",
        PLAN,
        3.0,
        r"\bmy plan is\s+(?:to\s+)?(?:the\s+)?(?:train tracks|tracks|bridge|rope|pills|gun|"
        r"jump|overdose|od|die|end it|kill myself|hang myself)\b",
        gate=("my plan is",),
    ),
    make_rule(
        "concept.unsafe_now",
        INTENT,
        2.0,
        r"\b(?:cant|can not|cannot|dont think i can|not sure i can|unable to)\s+"
        r"(?:keep myself|stay|be) safe\b|(?:^|(?<=[.!?] ))(?:im\s+)?not safe(?=\s*(?:$|[.!?,;\n]))"
        r"|\b(?:dont|do not|cant|can not|no longer)\s+trust myself"
        r"(?=\s*(?:$|[.!?,;\n]|tonight|right now|rn|anymore|alone|around (?:the|my) (?:pills|"
        r"meds|knife|gun|rope)))"
        r"|\b(?:im|i am|i feel|feel)\s+(?:not|un)\s*safe\s+(?:with myself|alone|tonight|right now|"
        r"rn)\b"
        r"|\b(?:dont|do not)\s+(?:try (?:to|and)\s+)?stop me(?=\s*(?:$|[.!?,;\n]|this time))"
        r"|\b(?:nobody|no one|noone|nothing)\s+(?:can|will|is gonna|is going to)\s+stop me"
        r"(?=\s*(?:$|[.!?,;\n]|this time|now))",
        gate=("safe", "trust myself", "stop me"),
    ),
    make_rule(
        # Command voices: "the voices keep telling me to jump".
        "concept.voices",
        INTENT,
        2.0,
        r"\b(?:voices?|my (?:head|brain|mind)|something)\s+(?:are|is|keeps?|keep|s)\s+"
        r"(?:telling|saying|screaming|whispering|yelling)\s+(?:me\s+)?(?:to|that i should)\s+"
        r"(?:jump|die|kill myself|end it|hurt myself|cut|do it|hang myself|overdose)\b",
        gate=("telling", "saying", "screaming", "whispering", "yelling"),
    ),
    make_rule(
        "concept.only_option",
        INTENT,
        2.0,
        r"\b(?:suicide|death|dying|killing myself|ending it(?: all)?)\s+(?:is|seems|feels like|"
        r"looks like)\s+(?:like\s+)?(?:the|my)\s+(?:only|best|last|easiest)\s+(?:option|way out|"
        r"answer|choice|solution|way|thing left)\b",
        gate=("suicide", "death", "dying", "killing myself", "ending it"),
    ),
    make_rule(
        # The decision made, said with nothing after it.
        "concept.decided",
        INTENT,
        2.0,
        r"\bmy mind is made up\b|\b(?:ive|i have|i) (?:made (?:my|the) decision|decided)"
        r"(?=\s*(?:$|[.!?;\n]))",
        gate=("made up", "decision", "decided"),
    ),
    # --- goodbye -----------------------------------------------------------------------
    make_rule(
        "concept.final_words",
        GOODBYE,
        2.0,
        r"\b(?:read this after|read this when im gone|see (?:you|u|yall) on the other side|"
        r"see (?:you|u|yall) in (?:heaven|the next life|another life)|"
        r"(?:please )?dont blame (?:yourselves|yourself|anyone)|"
        r"(?:im|i am|i m) not (?:gonna|going to) be (?:here|around|alive) (?:tomorrow|much "
        r"longer|by (?:tomorrow|morning|monday))|"
        r"(?:wont|will not) be (?:here|around|alive) (?:tomorrow|by (?:tomorrow|morning))|"
        r"not (?:going to|gonna) (?:live|be alive|make it|be here) (?:past|beyond|until|till|to "
        r"see) (?:my|the|next|this|christmas|\w+day)\b|"
        r"(?:ill|i will) be gone (?:before|by) (?:anyone|everyone|morning|tomorrow|sunrise)|"
        r"(?:everyone|everybody|you all|yall|they) (?:will|ll) be (?:better off|happier|fine) "
        r"(?:after|once|when) (?:tonight|im gone|i go|i die)|"
        r"(?:wont|will not) be (?:one|a burden|a problem|around) (?:much|for much) longer|"
        r"(?:this is|its) my last (?:check.?in|post|message|day|night)|"
        r"(?:signing|logging|checking) off (?:for good|forever|permanently)|"
        r"peace out (?:forever|for good)|"
        r"(?:theyll|they will|youll|you will|everyone will|theyre gonna|theyre going to) "
        r"(?:be sorry|see|miss me|regret it|understand) (?:when|after|once) (?:im gone|i die|im "
        r"dead|i go)|"
        r"before i go(?=\s*(?:$|[.!?,;\n]))|"
        r"dont (?:try to|come) (?:find|look for) me|"
        r"(?:im|i am|i m) not (?:gonna|going to) be (?:here|around|alive) (?:next week|this "
        r"weekend|by (?:next week|the weekend|friday|sunday))|"
        r"if (?:anyone|someone|somebody|you) finds? this|"
        r"(?:my )?(?:last|final) (?:message|post|words)(?=\s*(?:$|[.!?,;\n]|ever|here|to (?:you|"
        r"all|everyone)))|"
        r"dont (?:really |even |honestly )?see myself (?:being )?(?:alive|here|around) "
        r"(?:by|past|after|in) (?:tomorrow|tonight|the weekend|next week|monday|a (?:week|few "
        r"days))|"
        r"(?:this|that) (?:is|was|will be) (?:the|my) last (?:time (?:ill|i will|i) "
        r"(?:post|write|talk|message)|thing (?:ill|i) (?:say|post|write)))\b"
        r"(?![^.!?\n]{0,30}\b(?:because|bc|cause|cuz|coz|have (?:a|an|to)|got (?:a|an)|"
        r"appointment|dentist|doctor|work|shift|trip|vacation|holiday|out of town|travel|visit|"
        r"sick|flu|about|on (?:this|that|the)|camping|hiking|fishing|away|busy|working|visiting|"
        r"travel+ing|wedding|funeral|conference|retreat)\b|,\s*\w+ing\b)",
        negatable=False,
        pastable=False,
        gate=("read this", "other side", "see you in", "see u in", "see yall in", "blame",
              "be here", "be around", "be alive", "last time", "last thing", "see myself",
              "finds this", "find this", "message", "post", "words", "gone", "better off",
              "signing off", "logging off", "checking off", "peace out", "sorry", "see",
              "miss me", "regret", "understand",
              "happier", "be fine", "longer", "my last", "before i go", "find me",
              "look for me", "live past", "live beyond", "live until", "live till", "live to",
              "make it past", "alive past"),
    ),
    make_rule(
        # Self-harm told as just done ("i just cut for the first time in a year").
        "concept.self_harm_done",
        SELF_HARM,
        2.0,
        r"\bi\s+(?:just\s+)?(?:cut|sh|self.?harmed|relapsed (?:on|with) (?:cutting|sh|self.?harm))"
        r"(?=\s*(?:$|[.!?,;\n]|again|for the first time|tonight|today|last night|an hour ago|"
        r"this morning|earlier))"
        r"|\b(?:carved|cut|scratched|burned) (?:\w+ ){0,3}into my (?:arms?|skin|legs?|wrists?|"
        r"thighs?|stomach)\b"
        r"|\bopened (?:up )?my (?:arms?|wrists?|skin|legs?|thighs?)\b",
        negatable=False,
        gate=("cut", "sh", "harmed", "relapsed", "carved", "scratched", "burned", "opened"),
    ),
    make_rule(
        # Words to the others. Each weak alone (people say goodbye and thank each other
        # every day); two together, or one next to intent or means, are a goodbye.
        "concept.farewell",
        GOODBYE,
        1.0,
        r"\b(?:thank you for trying|thanks for trying|sorry for everything|forgive me"
        r"(?!\s+for (?:the|being|asking|my))|"
        r"(?:it was|its been|was) (?:nice|good|great) knowing (?:you|u|yall|some of you|"
        r"everyone|all of you)|"
        r"take care of (?:my (?:cat|dog|kids|children|pets?|mum|mom)|yourselves|each other) "
        r"for me|keep going for (?:both of us|me)|(?:please )?remember me(?=\s*(?:$|[.!?,;\n]|"
        r"as|when|fondly))|sorry i (?:couldnt|could not|wasnt|failed|let (?:you|everyone) down)|"
        r"this is the end(?: for me)?(?=\s*(?:$|[.!?,;\n]))|"
        r"goodbye(?!\s+(?:for now|to|everyone|everybody|all|guys|friends|world|yall)))\b"
        r"|^bye(?=[.!\s]*$)",
        negatable=False,
        pastable=False,
        gate=("trying", "sorry for", "forgive me", "knowing", "for me", "both of us", "goodbye",
              "bye", "remember me", "sorry i", "the end"),
    ),
    make_rule(
        # Affairs settled, peace made: weak alone, a goodbye next to another.
        "concept.settled",
        GOODBYE,
        1.0,
        r"\b(?:(?:ive )?said my goodbyes|made (?:my )?peace with (?:it|everything|this)|"
        r"deleting (?:all )?my (?:socials|accounts|insta|instagram|profile)|"
        r"gave away (?:all )?my (?:stuff|things)|(?:put|putting|got) my affairs in order|"
        r"my will is (?:on|in|done|written|signed|ready)|wrote my will|"
        r"left (?:instructions|a will)|(?:its|it has) been real|"
        r"(?:tomorrow )?i (?:wont|will not) wake up(?!\s+(?:till|until|before|early|on time|in "
        r"time))|"
        r"(?:wont|will not|not gonna|not going to) be (?:at|in|coming to) (?:group|the group|"
        r"class|meetings?|here|around)\s+(?:anymore|again|any more))\b",
        negatable=False,
        pastable=False,
        gate=("goodbyes", "peace with", "deleting", "gave away", "affairs", "my will", "anymore",
              "again", "any more", "instructions", "a will", "been real", "wake up"),
    ),
    make_rule(
        # Ready and unafraid: weak alone ("ready to go!" before a hike), a goodbye next to
        # another sign.
        "concept.ready",
        GOODBYE,
        1.0,
        r"\b(?:(?:im )?not (?:scared|afraid) anymore|(?:im |i am )?(?:so )?ready to go"
        r"(?=\s*(?:$|[.!?,;\n]|now))|(?:its|it is) time(?=\s*(?:$|[.!?,;\n])))",
        negatable=False,
        pastable=False,
        gate=("scared anymore", "afraid anymore", "ready to go", "time"),
    ),
)
