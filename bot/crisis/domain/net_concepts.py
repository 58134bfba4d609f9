"""The safety net's vocabulary: each concept of risk and the words that say it.

``safety_net`` reads these clause by clause on chat-length messages the rules left short
of the crisis tier. Two kinds:

* **acts** (``ACTS``): something done, in hand or decided: an overdose taken on purpose,
  lethal means held or counted, eating or purging until the body gives out, a voice's
  command the writer means to follow, a plan that is ready, standing at a height, a final
  goodbye. Said by the writer, these are the crisis tier.
* **words** (the rest): death wished for, suicide, hurting oneself, ending it, not waking
  up, not being safe, never coming back. Crisis when intent or a near time goes with them
  (``INTENT_NEAR``, ``SOON``), otherwise the concern tier.
* **concern only** (``CONCERN_ONLY``): hopelessness, burden, deserving to suffer, numbing
  with a substance, hoping for an accident, wanting to go away. Never the crisis tier.
"""

from __future__ import annotations

import re

__all__ = [
    "ACTS",
    "CONCEPTS",
    "CONCERN_ONLY",
    "CRISIS_ONLY",
    "DECIDED",
    "EDGE_ACT",
    "FOR_GOOD",
    "INTENT_NEAR",
    "NOT_INTENT",
    "PASSIVE",
    "REFUSAL",
    "SOON",
    "STRONG_MEANS",
    "WEAK_MEANS",
]

# Lethal means and the medicines people take too much of.
_MEANS_NOUNS = (
    r"rope|noose|pills|tablets|meds|gun|blade|blades|razor|razors|bridge|ledge|roof|tracks|"
    r"cliff|bottle of \w+|stash|belt|fent|fentanyl|laxatives|insulin|tylenol|sleeping pills"
)

CONCEPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "command",
        # A voice, god or the television telling the writer to die: a command hallucination.
        re.compile(
            r"\b(?:voices?|god|the devil|devil|demons?|the tv|tv|radio|it|they)\s+(?:keeps?\s+|"
            r"is\s+"
            r"|are\s+|still\s+)?(?:tell|tells|telling|told|say|says|saying|said|want|wants|"
            r"order|orders|ordering|command\w*)\s+(?:me\s+)?(?:to\s+|that\s+)?(?:(?:its|it is)\s+"
            r"time\s+to\s+|i\s+(?:should|need to|have to|must)\s+)?(?:die|kill|cut(?! back| down"
            r"| out| off| ties)|end it|end things|hurt|jump|hang|starve|burn|bleed|do it)\b"
            r"|\b(?:voices?|god|the devil|devil|demons?|they)\s+(?:\w+\s+)?(?:want|wants|wanted"
            r")\s+me\s+"
            r"(?:dead|gone|to die)\b"
            r"|\b(?:hear|hearing|heard)\s+(?:them|it|voices?|someone|things)\s+(?:tell|telling|say|"
            r"saying|order|ordering)\s+(?:me\s+)?(?:to\s+)?(?:die|kill|end it|end things|hurt|jump|"
            r"hang|starve|bleed|do it|cut(?! back| down| out| off| ties))\b"
        ),
    ),
    (
        "until_death",
        # Starving, purging or using until the body gives out.
        re.compile(
            r"\b(?:stop|quit|not|no) (?:eating|drinking|food|water)\b.{0,40}\b(?:till|until|til) "
            r"(?:its|it is) (?:over|done)\b|"
            r"\b(?:till|until|til|untill)\s+(?:i\s+(?:die|stop breathing|am dead|m dead|am gone|"
            r"m gone|pass out for good|disappear|collapse|drop dead|waste away|cant "
            r"breathe)|my (?:heart|body|lungs?) (?:stops|stop|gives? up|gives? "
            r"out|quits|shuts? down|fails)|it kills me|im (?:dead|gone)|theres nothing left "
            r"of me)\b"
        ),
    ),
    (
        "plan_ready",
        re.compile(
            r"\b(?:the|my) plan is (?:set|ready|made|done|in place|final|happening|tonight|on)\b"
            r"|\b(?:is|will be|be) the (?:night|day) i (?:die|go|end it|do it|kill myself)\b"
            r"|\b(?:got|have|bought|picked up|grabbed|collected)\s+(?:\w+\s+)?(?:what i need|"
            r"everything i need|all i need|the stuff|enough)(?:\s+(?:to do it|for it|from the "
            r"\w+))\b"
            r"|\b(?:picked|chose|chosen|set|have|got) (?:a|the) (?:date|day)\b(?! for (?:my|the"
            r"|our|a|"
            r"an|his|her|their|\w+s)\b)(?! (?:off|out|at|with|to)\b)"
            r"|\b(?:have|got)\s+(?:\w+\s+)?(?:the stuff|the means|what i need|everything) to "
            r"do it\b"
            r"|\b(?:" + _MEANS_NOUNS + r")\s+(?:are|is)\s+the plan\b"
        ),
    ),
    (
        "at_the_edge",
        # At a height or the tracks and not coming back down.
        re.compile(
            r"\b(?:on|from|at|up on|standing on|sitting on|edge of)\s+(?:the|a|this|that)\s+"
            r"(?:roof|rooftop|bridge|ledge|edge|cliff|tracks|overpass|balcony|top floor|"
            r"parking garage)\b"
        ),
    ),
    (
        "doing_it",
        # "going to do it this time", "so close to doing it": the act left unnamed.
        re.compile(
            r"\b(?:do|doing|go through with|going through with) it\b(?! (?:again|later|together|"
            r"with|for|right|properly|anyway|myself))"
        ),
    ),
    (
        "suicide",
        re.compile(
            r"\b(?:suicid\w*|sucid\w*|suicd\w*|suiside\w*|suacid\w*|sui\b|self ?harm\w*|"
            r"self ?injur\w*|s h\b|unalive\w*|permanent solution)"
        ),
    ),
    (
        "harm_self",
        re.compile(
            r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|"
            r"starve|starving|starved|hang|hanging|shoot|shooting|drown|drowning|off|offing|"
            r"poison|poisoning|punish|punishing|destroy|destroying|end|ending)\s+my ?self\b"
            r"|\bi (?:will|ll|am going to|m going to|gonna|wanna|want to) (?:kill|hurt|cut) me\b"
        ),
    ),
    (
        "end_it",
        re.compile(
            r"\b(?:end|ending|ended|finish|finishing)\s+(?:it|it all|things|everything|my life|"
            r"this life|my own life|the pain for good|the job|what i started)\b"
            r"|\b(?:take|taking)\s+my (?:own )?life\b|\bits (?:over|the end|the end of the (?:l"
            r"ine|road)) for me\b"
            r"|\b(?:done|finished|through) with (?:life|living|this life|existing|being alive)\b"
            r"|\b(?:its|it is) time to (?:die|go|end it)\b"
        ),
    ),
    (
        "wish_to_die",
        re.compile(
            r"\b(?:want|wanna|wanted|wish|wishing|hope|hoping|ready|need|deserve|rather|"
            r"going|gonna|planning|plan|prefer|longing|praying|pray|just)\s+(?:\w+\s+){0,2}?"
            r"(?:to\s+)?(?:die|be dead|dead|not exist|stop existing|not be alive|not be here|"
            r"be gone|stop breathing|disappear for good|vanish for good)\b(?! (?:in|into|from|u"
            r"nder|"
            r"for a)\b)"
        ),
    ),
    (
        "death_thoughts",
        re.compile(
            r"\b(?:better off dead|death (?:sounds|seems|feels|would be) \w+|"
            r"(?:tired|sick) of (?:being alive|living|existing|life)|"
            r"(?:thoughts?|thinking|think|dreaming|fantasi[sz]ing) (?:of|about) "
            r"(?:death|dying|being dead|not being here|ending it|killing myself)|"
            r"dont want to (?:live|be alive|exist|be here|wake up)|"
            r"drink (?:till|until) i stop breathing|dark thoughts|"
            r"(?:not existing|not being (?:here|alive)|being dead|nonexistence|the void) "
            r"(?:is|sounds|seems|feels) (?:so |really |kinda |kind of |pretty )?(?:comforting|"
            r"peaceful|nice|appealing|tempting|like a relief|good))\b"
        ),
    ),
    (
        "not_waking",
        re.compile(
            r"\b(?:not|never|dont|wont|didnt)\s+(?:\w+\s+)?wak(?:e|ing) up\b|"
            r"\bsleep (?:forever|for good|and never)\b|\bsleep for a \w+ or forever\b|"
            r"\b(?:forever|eternal|final|long) "
            r"(?:sleep|goodnight)\b|\bgo(?:ing)? to sleep for good\b"
        ),
    ),
    (
        "overdose",
        re.compile(
            r"\b(?:took|take|taking|swallowed|popped|ate|downed) (?:a (?:shit|fuck|whole|huge|c"
            r"razy) "
            r"?ton of|a lot of|tons of|way too (?:many|much)|too many|a fistful of|like \d+ of|\d+ "
            r"of) (?:my |the |those |these |her |his )?(?:xanax|xans|bars|pills|meds|tablets|be"
            r"nzos|"
            r"oxys?|percs|tylenol|advil|ibuprofen|paracetamol|sleeping pills|lithium|seroquel|"
            r"insulin|klonopin|valium|heroin|dope|fent\w*)\b"
            r"|\b(?:shoot|shooting|snort|snorting|smoke|smoking|inject|injecting|use|using) up "
            r"(?:everything|all (?:of )?(?:it|my \w+|the \w+)|the rest)\b"
            r"|\b(?:overdose|overdosed|overdosing|od|oding)\b|\b(?:take|taking|took|swallow|swal"
            r"lowing|"
            r"swallowed|down|downing|downed|use|using|shoot|do|mix|mixing)\s+(?:everything(?! f"
            r"rom)|it all"
            r"|all of (?:them|it|my \w+)|"
            r"all (?:my|the|of my) \w+|every (?:pill|last)|the whole (?:bottle|pack|box)|"
            r"a (?:handful|bunch|whole bottle)(?! of (?!pills|meds|my|them|those|these|xans|bars|"
            r"oxys?|percs|tabs|sleeping))|them all|(?:it|them) all at once)\b"
            r"|\b(?:took|take|taking|used|using|shot|did|drank|mixing|mixed|relapse|relapsing) "
            r"(?:\w+ ){0,10}on purpose\b"
            r"|\b(?:take|taking|use|using|drink|shoot|swallow) (?:\w+ ){0,2}enough (?:to|that|so)\b"
            r"|\bhop\w* (?:its|it is|it was|this is|this was) (?:too much|enough|the one|fatal|the "
            r"last)\b|\bhop\w* (?:it|this|that) kills me\b"
            r"|\b(?:swallowed|downed|took|taking|take|swallow|down|downing) (?:a|the|an entire|my|"
            r"her|his) (?:whole |full |entire )?(?:bottle|pack|box|packet|strip|blister) of "
            r"(?!water|wine|beer|juice|soda|coke|milk|tea|coffee|gum|candy|chips|vitamins)"
            r"|\b(?:mix|mixed|mixing) (?:\w+ ){0,2}(?:xanax|xans|benzos?|pills|meds|oxy\w*|percs|"
            r"fent\w*|opioids?|sleeping pills|valium|klonopin) (?:with|and) (?:vodka|alcohol|booze|"
            r"wine|whiskey|beer|liquor|drinks?)\b"
            r"|\b(?:" + _MEANS_NOUNS + r")\b(?=.*\b(?:all of them|every (?:one|last one)|"
            r"all at once)\b)"
        ),
    ),
    (
        "afterlife",
        # Joining the dead, or going into the water: "see my mom in heaven tonight".
        re.compile(
            r"\b(?:in heaven|on the other side|the real home|long walk off (?:a|the) short "
            r"pier)\b|\b(?:walk|walking|go|going|drive|driving|swim|swimming) (?:into|out into) "
            r"(?:the )?(?:ocean|sea|river|lake|water)\b|\b(?:jump|jumping) off (?:the|a) (?:pie"
            r"r|dock)\b"
        ),
    ),
    (
        "planned",
        # A plan made: "everything is planned for saturday", "figured out how and when".
        re.compile(
            r"\b(?:(?:have|got) it all planned|(?:everything|it all|its all) (?:is )?planned|all "
            r"planned out)(?! for (?:the|a|my|our|his|her|their)\b)|(?:know|figured out|decided"
            r"|worked out|picked) (?:exactly )?how (?:(?:im|i am) "
            r"(?:going to|gonna) do it|and when|to do it)|at peace with (?:my|the) decision\b"
        ),
    ),
    (
        "withholding",
        # Stopping a medicine that keeps the writer alive.
        re.compile(
            r"\b(?:stop|stopped|stopping|skip|skipping|skipped|quit|quitting) (?:taking )?(?:my )?"
            r"(?:insulin|heart (?:meds|medication|medicine|pills)|dialysis|blood thinners?|seizure "
            r"meds|transplant meds)\b"
        ),
    ),
    (
        "harm_act",
        # Self-harm happening: cutting deep, bleeding, hurting oneself on purpose.
        re.compile(
            r"\bcut (?:\w+ )?(?:deep|deeper|too deep)\b|\b(?:still|wont stop|cant stop(?: the)?"
            r"|keeps?) "
            r"bleeding\b|\b(?:hit|hitting|punch|punching|bang|banging|scratch|scratching|"
            r"burn|burning|burned|cut|cutting) (?:\w+ ){0,4}on purpose\b|\bbleeding (?:a lot|he"
            r"avily|"
            r"badly|everywhere|so much)\b|\b(?:i )?just cut(?:\s*$| again\b| myself\b| deep)|"
            r"\bblood everywhere\b|\blook like an accident\b|\b(?:wont|not gonna) surviv"
            r"e this "
            r"time\b|\bmake sure it works this time\b"
            r"|\bmake (?:it|myself|me|my \w+) bleed\b"
        ),
    ),
    (
        "leaving",
        # Leaving for good, in the words of work and hotels: "checking out this weekend".
        re.compile(
            r"\b(?:check|checking|checked|clock|clocking|tap|tapping|dip|dipping|peace|peacing|bow|"
            r"bowing) out(?: of here)?(?=\s*(?:$|[.!,]|for good|permanently|forever|"
            r"tonight|today|tomorrow|this weekend|soon|for real))|\b(?:tap|tapping|check|checking|"
            r"bow|bowing|opt|opting) out of (?:life|this life|this world|existence|living)\b"
            r"|\b(?:im|i am) out(?=[.!\s]*(?:$|for good|permanently|forever|for real|for the last))"
        ),
    ),
    (
        "farewell",
        re.compile(
            # A goodbye to people, not to a thing ("goodbye 2024", "said goodbye to my
            # old job"); a "last thing" only when it is the last ever.
            r"\b(?:this is (?:goodbye|good bye|farewell|it)|(?:goodbye|good bye|farewell) "
            r"(?:everyone|everybody|all|guys|yall|world|forever|for good|friends)|(?:saying|say|"
            r"said) (?:goodbye|good bye|bye) to (?:you|everyone|everybody|all|yall|the world)|"
            r"(?:goodbye|good bye|farewell)\s*$|last (?:message|messages|post|words|texts?|call"
            r"s?)|last thing (?:ill|i "
            r"will|i) ever|if i dont (?:answer|reply|respond|post|make it|wake|come back|show "
            r"up)|take care of my (?:dog|cat|kids?|pets?|son|daughter)|(?:wrote|writing|left) "
            r"(?:a|my|the) (?:note|letters?)|(?:im|i am) sorry for everything|(?:left|leaving|w"
            r"rote|"
            r"writing) instructions|giv(?:e|en|ing) away my (?:stuff|things|\w+)|gave away my|"
            r"(?:wrote|made|updated) my will|tell (?:my \w+|them|everyone|\w+) (?:im sorry|i love)|"
            r"this is the end|(?:bye|goodbye) (?:cruel )?world|bye (?:forever|for good)|"
            r"(?:is|its|be) my last (?:day|night|week|morning)|last (?:day|night|week) (?:on earth|"
            r"alive)|(?:giv(?:e|ing|en)|gave) (?:away )?my (?:cat|dog|pets?|stuff|things|belong"
            r"ings) (?:"
            r"away|"
            r"to)|i wont need (?:it|them|anyone|this|my \w+) (?:anymore|after)|dont (?:look for"
            r"|try to "
            r"find|come looking for|search for) me|last time (?:you ?ll|you will|anyone will|"
            r"youll) (?:hear from|see) me)\b"
        ),
    ),
    (
        "gone",
        re.compile(
            r"\b(?:dont wait up|wont be (?:here|around|alive|a problem|a burden|bothering)|"
            r"not (?:be|gonna be) "
            r"(?:here|around) (?:much longer|after|by|tomorrow|anymore)|after tonight|when im "
            r"gone|after im gone|once im gone|for after|disappear\w* (?:for good|forever)|"
            r"for good this time|(?:im|i am) done for good|gone for good|or ever\b|"
            r"(?:not|never) coming back|be with (?:my )?(?:dad|mom|mum|father|mother|grandma|"
            r"grandpa|nan|brother|sister|son|daughter|baby|wife|husband) (?:again|soon|tonight|"
            r"for good)|too \w+ to stay|cant stay (?:here|alive|anymore|any longer)|not staying "
            r"(?:here|alive|much longer)|(?:and )?then im gone|(?:wont|will not|not gonna) (?:e"
            r"xist|"
            r"be breathing)|(?:"
            r"wont|dont|"
            r"never) (?:ever )?(?:have to|need to) (?:worry about|deal with|put up with|take ca"
            r"re of|"
            r"hear from|see) me|(?:be )?(?:free|rid) of me)"
        ),
    ),
    (
        "means",
        re.compile(
            r"\b(?:got|have|has|bought|buying|ordered|holding|hold|staring at|looking at|"
            r"counting|counted|lined up|laid out|loaded|tied|hid|hidden|saving|saved|"
            r"stockpil\w*|collected|sharpened|grabbed|driving to|walking to|heading to|standing "
            r"on|sitting on|on the edge of|hanging out with)\s+(?:\w+\s+){0,3}?"
            r"(?:rope|noose|pills|gun|blade|blades|razor|razors|bridge|ledge|roof|tracks|cliff|"
            r"bottle of \w+|stash|belt|scripts|prescriptions)\b"
            r"|\b(?:rope|noose|gun|blade|razor)s? (?:is|are) (?:ready|in my|under my|in the car|"
            r"loaded)\b"
            r"|\b(?:rope|noose|pills|gun|blade|razor|meds|tablets)s? (?:(?:are|r|is) )?(?:ready"
            r"|out|in (?:my )?ha"
            r"nds?|"
            r"on my lap|in front of me|next to me|lined up|are kicking in|kicking in)\b|"
            r"\b(?:rope|noose|gun|blade|razor|knife)s? (?:\w+ ){0,4}?(?:next to me|beside me|in my "
            r"(?:hand|lap|pocket|bag|car)|on my (?:lap|bed|desk))\b"
            r"|\bwith (?:a|my|the) (?:rope|noose|gun|blade|razor|knife)\b|"
            r"\b(?:every|all (?:of )?(?:my|the)) (?:pill|pills|meds|tablets?) i (?:own|have|got)\b|"
            r"\b(?:pills|meds|tablets) i (?:saved|collected|stockpiled|kept|hoarded|have been "
            r"saving)\b|"
            r"\b(?:car|engine)s? running in the garage\b|\bgarage\b.{0,30}\b(?:car|engine|motor)"
            r"s? (?:is |s )?running\b|\b(?:car|engine|motor)s? (?:is |s )?running\b.{0,30}\bgarage"
            r" (?:door )?(?:is )?(?:shut|closed)\b|\bin the garage with the (?:engine|car) "
            r"running\b"
        ),
    ),
    (
        "unsafe",
        re.compile(
            r"\b(?:cant|cannot|dont|not|wont|never) (?:gonna |going to )?(?:keep myself|stay|feel|"
            r"be|trust myself to (?:be|stay)) safe\b|\bnot safe (?:with|from|around) myself\b|"
            r"\b(?:scared|afraid|terrified) of (?:myself|what i (?:might|will|could|am going to|"
            r"m gonna) do)\b|\bdont trust myself\b"
        ),
    ),
    # Concern only from here on.
    (
        "hopeless",
        re.compile(
            r"\bwhy (?:even )?bother(?: (?:with|doing) (?:any of (?:this|it)|anything|it all|"
            r"life)| trying| anymore|\s*$)"
            r"|\b(?:so )?why (?:even )?(?:try|keep trying)(?: anymore)?\s*$"
            r"|\b(?:i feel|feel|feeling|im|i am)\s+(?:so\s+|really\s+|completely\s+|just\s+)?"
            r"(?:empty|hollow)\s*$"
            r"|\b(?:cant|cannot|can not|dont|no longer) see (?:the |any )?light at the end\b"
            r"|\bwhats (?:even )?the point(?: of (?:anything|any of (?:this|it)|life|living|"
            r"trying|going on))?\s*$"
        ),
    ),
    (
        "burden",
        # The writer's absence imagined as a relief to others.
        re.compile(
            r"\b(?:better|happier|easier|save|saved|richer|relieved|lighter|free)\b.{0,60}?\b(?:if|"
            r"when|once) i(?: was| were|m| am)? (?:gone|dead|not (?:here|around))\b"
            r"|\b(?:if|when|once) i(?: was| were|m| am)? (?:gone|dead|not (?:here|around))\b"
            r".{0,40}?\b(?:better|happier|easier|save|saved|relief|relieved|free)\b"
            r"|\bnobody would (?:come to|miss|notice|care)\b"
            r"(?! (?:the|a|an|that|this|those|these|it)\b)"
            r"|\b(?:tired of|sick of|hate) being (?:such )?a burden\b"
            r"|\b(?:come to|show up to|at) my "
            r"funeral\b"
        ),
    ),
    (
        "deserve",
        re.compile(
            r"\bdeserve to (?:starve|die|suffer|hurt|bleed|be hurt|be punished|rot|be in pain|"
            r"be dead)\b|\b(?:my body|i) (?:needs?|deserves?) to be punished\b"
        ),
    ),
    (
        "numbing",
        re.compile(
            r"\b(?:used|using|use|drank|drinking|drink|took|taking|smoked|smoking|shot|popped|"
            r"got high|getting high)\b.{0,30}?\b(?:to|so i can|so i could|just to) (?:feel "
            r"nothing|not feel|numb|stop feeling|forget|black ?out|not think)\b"
        ),
    ),
    (
        "hoping_accident",
        re.compile(
            r"\b(?:hop|wish|pray)\w* (?:something (?:bad )?happens(?: to me)?\s*$|(?:a|the) "
            r"(?:car|truck|bus|train|plane) (?:hits|would hit|will hit|crashes|would crash)|i "
            r"(?:crash|get hit|dont make it))"
        ),
    ),
    (
        "go_away",
        re.compile(
            r"\bi (?:should|need to|wanna|want to|could|might as well) (?:just )?(?:go away|"
            r"disappear|vanish|stop existing)\b(?! (?:in|into|from|under|for a)\b)"
            r"|\bwish i (?:wasnt|werent|was not|were not) (?:around|here|alive|born)\b"
        ),
    ),
)

CONCEPTS += (
    (
        "emoji_means",
        # A message of means in emoji alone (the slang table maps gun, rope, coffin, grave
        # to words): "\U0001f48a\U0001f48a\U0001f48a", with a time or a goodbye the crisis tier.
        re.compile(
            r"^\s*(?:(?:\U0001f48a|\U0001f52a|\U0001fa78|gun|rope|coffin|grave|\ufe0f)\s*)+"
            r"(?:(?:bye|goodbye|tonight|rn|now|soon)\s*)?$"
        ),
    ),
    (
        "place",
        # Water, a height or the tracks, and nothing else said: "parked by the river".
        re.compile(
            r"\b(?:parked|sitting|standing|waiting|here|im)\s+(?:in (?:my|the) car\s+)?(?:by|at|"
            r"near|on|under|next to)\s+(?:the\s+)?(?:river|bridge|lake|tracks|cliff|ocean|sea|"
            r"water|overpass|dam|pier|quarry)\s*$"
        ),
    ),
    (
        "moment",
        # A moment decided on, the act left unsaid: "tonights the night", "its time".
        re.compile(
            r"\b(?:tonight|tonights|today|todays|tomorrow|2moro|tmrw|this weekend|monday|tuesday|"
            r"wednesday|thursday|friday|saturday|sunday)(?: is| s)? "
            r"(?:the|my) (?:night|day)\s*$"
            r"|\b(?:tonight|today) (?:feels|seems) right\s*$"
            r"|\b(?:tonight|today) i (?:stop|go|end it|do it|leave|quit)\s*$"
            r"|\b(?:its|it is) time\s*$|\bready to go\s*$"
        ),
    ),
    (
        "trapped",
        re.compile(
            r"\b(?:no way out|trapped(?! in (?:a|an|the|traffic)\b)|every door (?:is )?closed|n"
            r"o ladder|walls (?:are )?closin"
            r"g in|"
            r"no (?:exit|escape) (?:for me|from this))\b"
        ),
    ),
    (
        "not_caring",
        re.compile(
            r"\bdont (?:really |even )?care (?:what happens|if i (?:die|live|wake|make it|od|dont)|"
            r"whether i|about living)\b|\bnothing (?:works|helps) for me\b|\b(?:doesnt|dont) kill "
            r"me\b.{0,30}\bwill\b"
        ),
    ),
)

ACTS = frozenset(
    {"command", "until_death", "plan_ready", "at_the_edge", "overdose", "farewell", "means",
     "harm_act"}
)
CONCERN_ONLY = frozenset(
    {"place", "hopeless", "burden", "deserve", "numbing", "hoping_accident", "go_away", "trapped",
     "not_caring",
     "death_thoughts"}
)
# Unnamed acts that are the crisis tier with intent and a time, and nothing without.
CRISIS_ONLY = frozenset({"doing_it", "leaving", "afterlife"})
# What makes a moment (``moment``) decided: the crisis tier; a bare moment alone in a
# short message is a check-in, and in a longer one nothing.
MOMENT_DECIDED = re.compile(
    r"\b(?:already decided|decided|been ready|im ready|ready to go|i mean it|made peace|at peace|"
    r"no going back|made up my mind|mind is made up|feels right|dont try|goodbye|bye|for good|"
    r"tired of fighting|cant do this|im done|its time|for real this time)\b"
)
# Means named anywhere: what makes a bare moment ("tonights the night") the crisis tier.
MOMENT_MEANS = re.compile(
    r"\b(?:pills|meds|rope|noose|gun|blade|razor|bridge|tracks|scripts|sleeping pills|stash)\b"
)
# A decision said: an everyday reason does not explain away "checking out this weekend".
SETTLED = re.compile(
    r"\b(?:made peace|at peace with|mind is made up|made up my mind|no going back|already "
    r"decided)\b"
)
# Committed to the unnamed act without a time: "im actually going to do it".
COMMITTED = re.compile(r"\b(?:actually|really|for real|finally|definitely)\b")
# Means that only a time or a strong word make the crisis tier ("got pills").
WEAK_MEANS = re.compile(r"\b(?:pills|meds|tablets|bottle of \w+|stash|scripts|prescriptions)\b")
# Means that are lethal as they stand ("got rope"), unlike pills bought for a headache.
STRONG_MEANS = re.compile(
    r"\b(?:rope|noose|gun|blade|blades|razor|razors|bridge|ledge|roof|tracks|cliff|stash|"
    r"fent|fentanyl)\b|\b(?:counting|counted|lined up|laid out|loaded|stockpil\w*|saving|"
    r"saved|collected|staring at|holding|in (?:my )?hands?|ready|next to me|in front of me|"
    r"plan)\b"
)
# Intent said next to the words: "gonna", "about to", "want to", "ready to", "decided".
INTENT_NEAR = re.compile(
    r"\b(?:gonna|going to|about to|ready to|planning|plan to|plan is|want to|wanna|need to|"
    r"have to|trying to|decided|finally|ill|i will|im will|tryna|will|so close to|actually)\b"
)
# Intent that is a decision, not a wish: what makes passive words ("never wake up") near.
DECIDED = re.compile(
    r"\b(?:gonna|going to|about to|ready to|planning|plan to|plan is|decided|finally|ill|i will|"
    r"tryna|make sure|so close to)\b"
)
# Passive words: a wish ("want to sleep and never wake up") stays the concern tier.
PASSIVE = frozenset({"not_waking"})
# Not intent but fear or a maybe: "scared ill", "might", "hope i dont".
NOT_INTENT = re.compile(
    r"\b(?:scared|afraid|worried|terrified|might|maybe|could|hope i dont|what if|sometimes|"
    r"not|never|dont|wont)\b"
)
# A near time: tonight, today, now, this weekend, a weekday.
SOON = re.compile(
    r"\b(?:tonight|today|now|rn|tomorrow|this (?:weekend|time|morning|afternoon|evening)|"
    r"in an hour|for good|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
# At the edge and not coming back: what makes a roof or a bridge the crisis tier.
EDGE_ACT = re.compile(
    r"\b(?:not (?:coming|going) (?:down|back|home)|jump\w*|let go|step off|one (?:more )?step|"
    r"bye|goodbye)\b"
)
# For good: what makes leaving final.
FOR_GOOD = re.compile(r"\b(?:permanently|for good|forever|for real this time|for the last time)\b")
# The writer refuses the voice's command: "but im not listening".
REFUSAL = re.compile(
    r"\b(?:not|never|wont|dont|refuse to) (?:gonna |going to )?(?:listen|obey|do (?:it|what))\b"
    r"|\bignor\w*\b"
)
