"""Concern-tier rules by concept: passive wishes, hopelessness, feeling trapped, giving up,
burden and worrying use, in the many ways people say them (see ``concepts`` for the
scheme). Each weighs 1.0: one is enough for the gentle tier (a private check-in and a
quiet note, nothing removed), and next to crisis-category evidence they count towards
the crisis score too.
"""

from __future__ import annotations

from bot.crisis.domain.result import BURDEN, HOPELESS, PASSIVE, USE
from bot.crisis.domain.rules import Rule, make_rule

__all__ = ["CONCERN_CONCEPTS"]

_END = r"(?=\s*(?:$|[.!?,;:\n]))"

CONCERN_CONCEPTS: tuple[Rule, ...] = (
    # --- passive wishes ------------------------------------------------------------------
    make_rule(
        "concern.passive_wish",
        PASSIVE,
        1.0,
        r"\b(?:want|wanna|wish i could|would like|just want|need)\s+"
        r"(?:to\s+)?(?:just\s+)?(?:disappear|vanish|fade away|not exist|stop existing|"
        r"not be (?:here|around|alive)|be gone|go away forever|sleep forever|"
        r"(?:go to )?sleep (?:and|&|n) (?:never|not) wake(?: up)?|not wake up|never wake up)\b"
        r"(?!\s+(?:into|under|from|in (?!this (?:world|life))|at|on|with|off|by|before|after|"
        r"until|till|"
        r"for (?:a|the|an) (?:day|week|bit|while|weekend|hour|few)))",
        needs_subject=True,
        gate=("disappear", "vanish", "fade", "exist", "be here", "be around", "be alive",
              "gone", "away forever", "sleep", "wake"),
    ),
    make_rule(
        "concern.wish_gone",
        PASSIVE,
        1.0,
        r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\s+(?:that\s+)?(?:a|the|some|this)\s+"
        r"(?:car|bus|truck|train|plane|building|meteor|asteroid|bullet|something|tree|wave)\s+"
        r"(?:would|will|could)\s+(?:just\s+)?(?:hit|crash|kill|fall on|go down|take|end|crush)"
        r"(?:\s+(?:me|on me|with me))?\b"
        r"|\b(?:wish|wished)\s+(?:i|id)\s+(?:had\s+)?(?:never been born|never existed|"
        r"not been born|died|could just (?:die|disappear|not wake up|fall asleep forever))\b"
        r"|\bwouldnt (?:mind|care) (?:dying|being dead|not waking up|if i (?:died|didnt wake up|"
        r"never woke up|was gone|got hit|got sick and died))\b"
        r"|\b(?:id|i would|i d) be (?:ok|okay|fine|at peace|happy|alright) (?:with )?"
        r"(?:dying|being dead|not waking up|if i died)\b"
        r"|\bmaybe (?:it|itll|my heart|everything|i)\s*(?:will|ll|would|d)?\s*(?:just\s+)?"
        r"(?:stop|end|not wake up)" + _END + r""
        r"|\b(?:think|thinking|thought) (?:about|of) (?:death|dying|not (?:being here|waking up|"
        r"existing)) (?:a lot|all the time|constantly|every day|lately|so much)\b"
        r"|\b(?:hate|hating)\s+(?:being alive|living|existing|my (?:life|existence))\b"
        r"|\bdont (?:really |even |honestly )?see myself (?:being )?(?:around|alive|here|living)"
        r"(?=\s*(?:$|[.!?,;\n]|(?:in|by) (?:a few|the next|a couple|\d+|five|ten) "
        r"(?:years?|months?)|much longer|for (?:much )?long|past|beyond|anymore|next (?:year|"
        r"month|week)))"
        r"|\bwhy am i (?:even\s+)?(?:still\s+)?(?:here|alive|breathing)\b"
        r"|\bdont belong (?:here|in this world|anywhere|on this earth)\b"
        r"|\b(?:if i died|if i was gone|if i disappeared)\b[^.!?\n]{0,25}\b(?:would|will)\s+"
        r"(?:anyone|anybody|people|they)\s+(?:even\s+)?(?:care|notice|miss me)\b"
        r"|\bwould (?:anyone|anybody) (?:even\s+)?(?:care|notice|miss me)"
        r"(?:\s+if i (?:died|was gone|disappeared|left))?" + _END,
        needs_subject=True,
        negatable=False,
        gate=("wish", "hope", "pray", "wouldnt", "hate", "hating", "see myself", "why am i",
              "belong", "if i", "would any", "be ok", "be fine", "be okay", "be at", "be happy",
              "be alright", "maybe", "think", "thought"),
    ),
    make_rule(
        "concern.not_deserve",
        PASSIVE,
        1.0,
        r"\b(?:dont|do not|never) deserve to (?:be here|live|be alive|exist|be happy|get better)\b"
        r"|\bdisappointed (?:that )?i (?:woke up|am still (?:alive|here)|m still (?:alive|here)|"
        r"survived|didnt die|wake up)\b"
        r"|\b(?:im|i am|feel like im|feel like i am)\s+(?:slowly\s+)?fading(?: away)?" + _END + r""
        r"|\b(?:just\s+)?waiting (?:for (?:it|it all|everything) to (?:be over|end|stop)|to die|"
        r"for (?:death|the end))\b"
        r"|\b(?:keep|kept|am|im) hoping (?:that )?i (?:wont|dont|never) wake up\b"
        r"|\bthink(?:ing)? about (?:just )?not (?:being here|existing|waking up)\b"
        r"|\bid (?:rather|prefer to) not (?:be alive|exist|be here|wake up)\b"
        r"|\bi just exist\b|\bwish i (?:had )?died\b"
        r"|\bwant (?:it|everything|this|it all|the pain|life) (?:all )?to (?:stop|end|be over)\b",
        needs_subject=True,
        gate=("deserve", "hoping", "not being", "not existing", "not waking", "rather not",
              "prefer to", "just exist", "died", "stop", "end", "over", "disappointed", "fading",
              "waiting"),
    ),
    make_rule(
        "concern.nice_to_not_exist",
        PASSIVE,
        1.0,
        r"\b(?:would be|itd be|it would be|it d be) (?:so )?(?:nice|good|easier|better|peaceful|"
        r"a relief) to (?:just )?(?:not exist|not be here|disappear|not wake up|die|be dead|"
        r"stop existing|just stop)\b",
        gate=("be nice", "be good", "be easier", "be better", "be peaceful", "be a relief"),
    ),
    # --- hopeless and trapped --------------------------------------------------------------
    make_rule(
        "concern.hopeless_words",
        HOPELESS,
        1.0,
        r"(?:^|(?<=: )|\b(?:im|i am|i feel|i felt|feel|feeling|felt|so|its|it s|it is|"
        r"everything is|everything s|life is|this is|totally|completely|just|utterly|very|kind of|"
        r"kinda|pretty|"
        r"a bit|a little|really|been)\s+(?:so\s+|completely\s+|totally\s+|really\s+|just\s+)?)"
        r"(?:hopeless|hopless|hopelss)\b(?!\s+(?:at|with|romantic|case (?:of|with)|when it "
        r"comes|feeling|feelings|thoughts|phase|spell|days|times))"
        r"|\b(?:life|everything|it all|all of (?:it|this)|my life|living|existing|trying|"
        r"recovery)\s+(?:is|feels|seems|s)\s+(?:so\s+|just\s+|completely\s+|totally\s+)?"
        r"(?:pointless|meaningless|hopeless|worthless)\b"
        r"|\b(?:no|zero|lost all|lost|out of|without)\s+hope\b(?!\s+(?:of\b|for (?:the|this|my|"
        r"our) (?:\w+ )?(?:team|game|season|league|bracket|match)|for (?:the|this|that|our) "
        r"(?!future\b|world\b)))"
        r"|\bhope:?\s*(?:zero|0|none|gone|null)\b"
        r"|\b(?:beyond (?:help|saving|repair)|past saving|a lost cause)\b"
        r"|\bnothing\s+(?:will|is going to|is gonna|s gonna|is ever going to|ever)"
        r"\s+(?:ever\s+)?(?:gets?|be|change|changes|works?|helps?)\b(?:\s+(?:better|okay|ok|any "
        r"better))?(?=\s*(?:$|[.!?,;\n]|for me|again))"
        r"|\b(?:it|its|it s|things|life|this|i)\s+(?:will never|wont ever|wont|is never going to|"
        r"never going to|never gonna|"
        r"is never gonna|never|ll never|m never (?:going to|gonna))\s+(?:gets?|be|change)\s+"
        r"(?:better|okay|ok|any better|happy)\b"
        r"|\b(?:no|dont have a|cant see a|cant see any|dont see (?:a|any))\s+future\b"
        r"|\bno (?:way out|exit|escape)\b(?!\s+(?:room|from (?:the|this) (?:rain|heat|traffic)))"
        r"|\bnowhere (?:left\s+)?(?:to (?:go|turn)|for me)\b"
        r"|\b(?:feel|feeling|im|i am|so)\s+(?:so\s+)?trapped\b(?!\s+(?:in (?:traffic|the "
        r"(?:elevator|lift|car|snow|house by)|an? (?:elevator|meeting))|by the snow))"
        r"|\bstuck (?:in this|like this) forever\b"
        r"|\bcant (?:get|climb|dig) (?:myself )?out of (?:this|the) (?:hole|pit|darkness|"
        r"dark place)\b"
        r"|\b(?:everything (?:is|s)|im|i am|feel like im|feel like i am) falling apart\b"
        r"|\b(?:nobody|no one|noone) (?:even )?cares(?= about me| anyway)"
        r"|\b(?:finish|finished|done) with (?:life|living)\b"
        r"|\b(?:feel|feeling|im|i am)\s+(?:so\s+)?(?:dead|empty|hollow) inside\b"
        r"|\b(?:running out of|no more|out of|lost (?:my|all))\s+reasons?\s+to\s+(?:live|keep "
        r"going|go on|stay|try|keep trying)\b"
        r"|\b(?:whats|what is|wheres)\s+the point\s+of\s+(?:any of (?:this|it)|it all|anything|"
        r"even trying|trying|going on|getting up|me|recovery|this life)\b"
        r"|\bnothing (?:ever )?(?:helps|works|matters|changes)(?:\s+anymore)?" + _END + r""
        r"|\bnothing (?:matters|helps) (?:to me )?anymore\b"
        r"|\b(?:losing|lost|loosing) (?:the|this) (?:fight|battle|will)\b"
        r"|\b(?:losing|lost all|running out of) hope\b"
        r"|\b(?:hope|all hope) is gone\b"
        r"|\b(?:cant|can not|cannot) (?:feel|care about) anything anymore\b"
        r"|\b(?:im|i am|feel|feeling|just|so)\s+(?:so\s+|completely\s+|totally\s+)?numb\b"
        r"(?!\s+(?:from|after|because|since|in my|hands?|fingers?|feet|toes|leg|arm|face))"
        r"|\b(?:life|everything|it)\s+(?:is|s)\s+(?:just\s+)?(?:pain|dark|too much|suffering)"
        r"(?=\s*(?:$|[.!?,;\n]|at this point|now|anymore|and))"
        r"|\b(?:dont|cant|do not) (?:see|imagine) (?:things|it|life|anything) (?:ever )?(?:getting|"
        r"get) better\b"
        r"|\bwhy (?:do|would|should) i (?:even )?(?:keep )?(?:try|trying|bother)\b"
        r"|\bidk why i (?:even )?(?:try|bother)\b"
        r"|\b(?:see|find) (?:a|any|no) way out\b"
        r"|\b(?:dont|do not) (?:want to|wanna) feel (?:like )?this "
        r"(?:anymore|any more|way anymore)\b"
        r"|\bnever going to change" + _END + r""
        r"|\b(?:its|it s|it is|everything is|everything s|this is) (?:all |just )?too much"
        r"(?=\s*(?:$|[.!?,;\n]|and|for me|to handle|right now))"
        r"|\bsoul tired\b|\btired (?:to|in) my (?:bones|soul)\b"
        r"|\bno light at the end of (?:the|my|this) tunnel\b"
        r"|\b(?:cant|dont|can not|do not) see (?:a|any) reason to (?:keep|go on|live|stay|try|"
        r"carry on)\b"
        r"|\b(?:im|i am)\s+(?:so\s+)?over (?:everything|it all|life|living|everyone|being alive)"
        + _END + r""
        r"|\b(?:dont|do not) care (?:about anything|about myself|about (?:living|life))"
        r"(?:\s+anymore)?\b|\bdont care anymore about (?:anything|myself|life)\b"
        r"|\b(?:tired|sick) of pretending\b"
        r"|\bnot (?:ok|okay|fine) and (?:i )?never will be\b"
        r"|\blast time i (?:wanted to (?:be alive|live)|felt alive|was happy|wanted to wake up)\b"
        r"|\bwhats the use\b(?=\s*(?:$|[.!?,;\n]|anymore|of))"
        r"|\bnothing (?:left )?(?:for me|to live for)\b|\bnothing left" + _END + r""
        r"|\blife (?:has|holds) no (?:meaning|point|purpose)\b"
        r"|\b(?:no|without a|lost (?:my|all))\s+(?:meaning|purpose)\s+(?:in|to)\s+(?:life|living|"
        r"anything)\b",
        gate=("hope", "hopl", "pointless", "meaningless", "worthless", "beyond", "past saving",
              "lost cause", "nothing", "never", "wont", "future", "way out", "exit", "escape",
              "nowhere", "trapped", "forever", "meaning", "purpose", "out of", "falling apart",
              "inside", "reason", "point", "helps", "works", "matters", "changes", "fight",
              "soul", "tired", "tunnel", "over", "care", "pretending", "never will",
              "falling apart", "cares", "with life", "with living",
              "last time", "use",
              "battle", "losing", "loosing", "running out", "is gone", "anything anymore",
              "numb", "pain", "dark", "too much", "suffering", "better", "try", "bother",
              "way out", "feel", "change"),
    ),
    make_rule(
        "concern.giving_up",
        HOPELESS,
        1.0,
        r"\b(?:give|giving|gave|given)\s+up"
        r"(?=\s*(?:$|[.!?,;\n]|on (?:life|everything|living|myself|me|it all|all of it|"
        r"trying(?:\s*(?:$|[.!?,;\n]|anymore))|recovery|getting better)|completely|for good))"
        r"|\bwhy (?:even\s+)?(?:bother|try)\b(?=\s*(?:$|[.!?,;\n]|anymore|coming|going|getting))"
        r"|\b(?:done|tired of|sick of|exhausted from|so done)\s+(?:trying|fighting|being me|"
        r"everything|it all|existing|being alive|waking up|this life)\b(?!\s+(?:for (?:today|the "
        r"day|tonight|now)|with|about|over|for|at|on))"
        r"|\b(?:cant|can not|cannot|dont think i can)\s+(?:keep (?:doing (?:this|it)|going|"
        r"living(?: like this)?|on|trying|fighting)|go on|do this|fight(?: this| it)?|cope|"
        r"handle (?:it|this|life)|take (?:it|this)|live like this)\s*"
        r"(?:anymore|any more|much longer|any longer|like this|forever)?" + _END + r""
        r"|\bno (?:reason|point) (?:to|in) (?:keep going|go on|keep trying|get up|try|stay|be here|"
        r"carry on|keep living)\b"
        r"|\b(?:no|zero) (?:energy|strength|fight) left\b|\bout of fight\b"
        r"|\btoo (?:tired|exhausted|weak) to (?:keep going|go on|fight|keep fighting|try|carry on|"
        r"live|keep trying)\b"
        r"|\bquit (?:everything|on life|on everything|life)\b",
        gate=("give", "giving", "gave", "given", "bother", "try", "done", "tired", "sick",
              "exhausted", "cant", "can not", "cannot", "dont think", "reason", "point", "left",
              "out of fight", "quit", "too tired", "too exhausted", "too weak"),
    ),
    # --- burden ----------------------------------------------------------------------------
    make_rule(
        "concern.burden_words",
        BURDEN,
        1.0,
        r"\b(?:(?:every|any|some)(?:one|body)|they|people|the world|it|life|things|we|yall|"
        r"you all|my (?:family|kids|parents|friends|mom|mum|dad|wife|husband|partner|children))?"
        r"\s*(?:would|will|d|is|are|s)?\s*(?:be\s+)?(?:so\s+much\s+|a lot\s+)?"
        r"(?:happier|better|easier|fine|okay|ok)\s+(?:off\s+)?(?:if|when)\s+i\s+(?:just\s+)?"
        r"(?:wasnt|was not|werent|am not|m not|was gone|disappeared|vanished|left|died|stopped "
        r"existing|didnt exist|never existed|wasnt alive)\b"
        r"|\b(?:world|everyone|everybody|they|family|people|kids|mom|mum|dad|wife|husband|"
        r"partner|children)\s+(?:would|will|d)?\s*(?:be\s+)?(?:fine|okay|ok|better|happier)\s+"
        r"without me\b"
        r"|\b(?:only|just|nothing but)\s+(?:a\s+)?(?:weight|burden|drain)\s+(?:on|to|for)\b"
        r"|\b(?:nobody|no one|noone)\s+(?:would|will|d)\s+(?:even\s+)?(?:care|notice|miss me|"
        r"miss it)\s+if\s+i\s+(?:was gone|were gone|disappeared|died|left|stopped (?:showing up|"
        r"coming|existing)|vanished|wasnt (?:here|around)|killed myself|stopped|never came back|"
        r"didnt wake up)\b"
        r"|\b(?:im|i am|feel)\s+(?:so\s+)?(?:unlovable|broken)(?=\s*(?:$|[.!?,;:\n]|and\b))"
        r"|\bbetter off if i(?:d| had)? never been born\b"
        r"|\bmy (?:existence|life|birth) (?:is|was) a mistake\b"
        r"|\b(?:im|i am|feel like)\s+(?:such\s+|just\s+)?(?:a\s+)?(?:waste of (?:space|air|oxygen)"
        r"|worthless|useless)\b(?!\s+(?:at|with|when|in the kitchen))"
        r"|\b(?:i\s+)?(?:only\s+|just\s+)?(?:ruin|destroy|wreck|mess up)\s+everything"
        r"(?:\s+i touch|\s+for everyone)?" + _END + r""
        r"|\b(?:everyone|everybody|they|people|my family)\s+(?:is|are|s|seems?|must be)\s+"
        r"(?:so\s+)?(?:tired|sick) of me\b"
        r"|\b(?:only|just)\s+(?:cause|bring)\s+(?:pain|problems|trouble|misery|hurt)\b"
        r"|\bim (?:just\s+)?too much for (?:everyone|everybody|people|them|my family)\b"
        r"|\b(?:im|i am|i feel like|feel like)\s+(?:such\s+|just\s+|a total\s+|a complete\s+)?"
        r"(?:a\s+)?(?:failure|disappointment|waste of (?:everyones|everybodys|your) time)"
        r"(?:\s+(?:at|to|in)\s+(?:everything|everyone|life|my family))?" + _END + r""
        r"|\b(?:everyone|everybody|they|people|my family) (?:would|will|d) be (?:so )?relieved "
        r"(?:if|when) i\b"
        r"|\b(?:nobody|no one|noone) (?:cares|gives a shit|gives a damn) about me\b"
        r"|\b(?:the world|everyone) (?:is|s|would be) better (?:off )?without (?:people like me|"
        r"me in it)\b"
        r"|\b(?:my family|my kids|they|everyone) deserves? (?:better|someone better) than me\b"
        r"|\bi (?:really |just )?hate myself(?: so much)?(?=\s*(?:$|[.!?,;\n]|so much|and))",
        gate=("happier", "better", "easier", "fine", "okay", "ok", "without me", "weight",
              "burden", "drain", "care", "notice", "miss", "waste of", "worthless", "useless",
              "everything", "of me", "cause", "bring", "too much", "failure", "disappointment",
              "time", "relieved", "about me", "without", "than me", "hate myself", "unlovable",
              "broken", "born", "mistake"),
    ),
    # --- worrying use ----------------------------------------------------------------------
    make_rule(
        "concern.using_to_not_feel",
        USE,
        1.0,
        r"\b(?:drink|drinking|drank|use|using|used|smoke|smoking|getting high|get high|"
        r"getting drunk|get drunk|popping|took|taking|take|popped)\s+"
        r"(?:again\s+|more\s+|alone\s+|every (?:night|day)\s+|all day\s+|extra\s+|"
        r"(?:a whole |the whole )?(?:bottle|pills|meds|xans|bars)\s+)*"
        r"(?:(?:just\s+)?so\s+(?:i|that i)\s+(?:dont|wont|cant|wouldnt)\s+(?:have to\s+)?|"
        r"(?:un)?til\s+i\s+(?:cant|dont)\s+|until\s+i\s+(?:cant|dont)\s+|"
        r"(?:just\s+)?to\s+(?:not|stop)\s+)(?:feel|feeling|think|remember)\b"
        r"|\b(?:drink|drinking|drank|use|using|used|getting high|took|taking|popped|popping)\s+"
        r"(?:again\s+|more\s+|extra\s+|every (?:night|day)\s+|(?:\w+\s+)?(?:pills|meds|xans|"
        r"bars)\s+)*(?:just\s+)?to\s+(?:numb(?: out| it)?|get through (?:it|the day|the night)|"
        r"cope|escape|forget|black out|pass out)\b"

        r"|\bblacking out\s+(?:every (?:night|day)|on purpose|again|alone|most nights)\b"
        r"|\b(?:dont|do not|honestly dont)\s+(?:really\s+|even\s+)?care\s+(?:what happens(?: to "
        r"me)?(?=\s*(?:$|[.!?,;\n]|anymore))|if i (?:od|overdose|die|wake up|live|make it|"
        r"survive)\b)"
        r"|\b(?:getting|got|get) (?:high|wasted|drunk|fucked up) alone\b",
        needs_subject=True,
        negatable=False,
        gate=("feel", "think", "remember", "blacking out", "care", "alone", "numb", "through",
              "cope", "escape", "forget", "black out", "pass out"),
    ),
    make_rule(
        # Not caring whether one survives what one takes.
        "concern.come_what_may",
        USE,
        1.0,
        r"\bif i (?:go|die|od|overdose|dont wake up) (?:i|then i) (?:go|die|od|overdose|dont)\b"
        r"|\b(?:drinking|using|purging|cutting|restricting|starving myself|bingeing) (?:again )?"
        r"and (?:i )?(?:dont|do not) (?:want to|wanna) stop\b"
        r"|\b(?:keep|kept|been) (?:purging|starving myself|restricting|throwing up on purpose)\b"
        r"|\b(?:havent|have not|didnt) eaten (?:in|for) (?:\d+|a few|two|three|four|five|six|"
        r"several) days on purpose\b"
        r"|\bso high (?:that )?i forget (?:my (?:own )?name|everything|who i am)\b"
        r"|\bwhatever happens(?: to me)?,? happens\b",
        gate=("if i", "happens", "stop", "purging", "starving", "restricting", "throwing up",
              "eaten", "forget"),
    ),
)
