"""The fixed regular expressions for method detail: asking for or giving a lethal
amount, a height, a method or a place (held for review; the crisis path answers the
person). Each part has a name (the rule id) and the words one of which it needs, so
only the parts a message can match are run.

Guards read by ``content``: education about risk in the clause before ("the news said
a lethal dose of fentanyl is tiny") and a harmless object right after ("the lethal
dose of caffeine lol").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

METHOD_DETAIL_NAMES = (
    "would_it_take",
    "high_enough",
    "cut_to_work",
    "fatal_question",
    "which_kills",
    "bleed_out",
    "lethal_dose",
    "how_much_to_die",
    "best_method",
    "cutting_detail",
    "dose_to_die",
    "enough_to_die",
    "mixing_to_die",
    "how_long_to_die",
    "most_deadly",
    "painless_way",
    "whole_bottle",
    "stop_breathing",
    "height",
    "noose",
    "take_all_with",
    "like_an_accident",
    "combination_to_work",
    "how_long_by_method",
    "painless_method",
    "place_to_do_it",
    "hiding_from_treatment",
    "which_method_is_quicker",
    "amount_of_named_pills",
    "how_many_with_alcohol",
    "cutting_direction",
    "unguarded_height",
    "weapon_now",
    "eating_disorder_method",
    "self_harm_hidden",
    "method_instruction",
    "is_method_quick",
    "easiest_to_overdose",
    "mixing_to_kill",
    "stockpiling",
)


# After "way to go", "way to do it": words that make it an everyday errand ("the easiest
# way to go about asking", "quickest way to do it at home").
_NOT_DEATH = (
    r"(?:about|through|back|to|for|with|from|in|on|out|there|home|shopping|online|at|by|"
    r"when|if|without|while)\b"
)
_PILLS = (
    r"(?:pills?|meds?|medications?|tablets?|tabs|caps|capsules|tylenol|insulin|benadryl|"
    r"xanax|oxy|percs?|sleeping pills|of (?:my|these|those|them|it|the))"
)
# Ways to die a question or an instruction can be about ("the car route", "hanging").
_METHOD_NOUN = (
    r"(?:the (?:car|pill|pills|rope|gun|exhaust|garage|overdose|od|bottle|knife|bridge) "
    r"(?:route|way|method)|car exhaust|exhaust|carbon monoxide|car running in the garage|"
    r"hanging|hang yourself|hang myself|a noose|drowning|suffocat\w*|helium|"
    r"overdos(?:e|ing) on (?:\w+\s+){0,2}(?:pills|meds|tylenol|sleeping pills|insulin)|"
    r"an overdose|overdosing|od(?:ing)? on pills|bleeding out|slitting (?:my|your) wrists|"
    r"jumping off|jumping from|pills or (?:hanging|jumping|a gun)|a gun)"
)
# Medicines named in "would 30 of my klonopin be enough".
_DRUG_NAME = (
    r"(?:pills?|meds?|medications?|tablets?|tabs|caps|klonopin|seroquel|lithium|ambien|"
    r"trazodone|xanax|valium|ativan|benzos|bars|tramadol|oxys?|percs?|gabapentin|lyrica|"
    r"insulin|tylenol|advil|ibuprofen|aspirin|acetaminophen|antidepressants|sleeping pills|"
    r"zoloft|prozac|lexapro|wellbutrin|effexor|elavil|amitriptyline|propranolol|"
    r"clonidine|benadryl|melatonin|methadone|subs|suboxone)"
)
# What makes a method "work" ("want it to actually work", "so you dont wake up").
_INTENT = (
    r"(?:(?:want|need|for) it to (?:actually |really |definitely )?work|actually work|"
    r"really work|so (?:you|u|i) (?:dont|wont|never) wake up|(?:dont|wont|never|not) wake up|"
    r"to (?:die|not wake up)|for good|make sure it works)"
)
_COMBINATION = (
    r"\b(?:take|taking|swallow|swallowing|mix|mixing|combine|combining|wash (?:them|it) down)"
    r"\s+(?:\w+\s+){0,3}(?:with|and|down with)\s+(?:\w+\s+)?(?:alcohol|booze|vodka|liquor|"
    r"whiskey|whisky|wine|beer|benzos|xanax|bars|opiates|opioids|fent|fentanyl|heroin)\b"
)
@dataclass(frozen=True)
class _Requiring:
    """A part read only when a cheaper pattern is found first (the combination needs
    what makes it "work", which few messages say; the full pattern is slow on long ones)."""

    pattern: re.Pattern[str]
    first: re.Pattern[str]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.first.search(text) is None:
            return iter(())
        return self.pattern.finditer(text)


_METHOD_PARTS: tuple[re.Pattern[str] | _Requiring, ...] = (
    # "how many of my pills would it take", "would 40 of my sleeping pills do it",
    # "how much insulin is lethal", "how many sleeping pills counts as enough"
    re.compile(
        rf"\bhow (?:many|much)\b[^.?!]{{0,30}}\b{_PILLS}\b[^.?!]{{0,25}}\b(?:would|will|does|do)\s+"
        r"(?:it|i|you|that)\s+(?:take|need)\b"
        r"|\bhow (?:many|much)\b[^.?!]{0,30}\b(?:is|are|would be|counts? as|is considered)\s+"
        r"(?:lethal|fatal|deadly|too much to survive)\b"
        rf"|\b(?:would|will|could|can)\s+\d+\s+(?:\w+\s+){{0,3}}{_PILLS}\s+(?:do it|be enough|"
        r"kill me|work|finish me|end it)\b"
    ),
    # "is the 4th floor high enough", "which bridge is high enough", "how high does a
    # building need to be"
    re.compile(
        r"\b(?:floor|bridge|building|roof|balcony|cliff|overpass|parking garage|story|storey|"
        r"stories|jump|fall)\b[^.?!]{0,30}\b(?:high|tall) enough\b"
        r"|\bhow (?:high|tall|far)\b[^.?!]{0,40}\b(?:to not survive|to die|to be fatal|"
        r"to kill|(?:need|have) to be)\b[^.?!]{0,20}(?:survive|die|fatal|kill|$)"
    ),
    # "which way do you cut if you actually want it to work"
    re.compile(
        r"\b(?:which way|what direction|where)\s+(?:do|should|to|would)\s+(?:you|i|u)?\s*"
        r"(?:cut|slit)\b[^.?!]{0,40}\b(?:work|die|deep|bleed)"
        r"|\b(?:cut|slit)\b[^.?!]{0,30}\b(?:want it to work|actually work|to work|to die|"
        r"to bleed out)\b"
    ),
    re.compile(
        r"\b(?:what|which)\s+(?:dose|amount|number|quantity)s?\s+of\b[^.?!]{0,30}\b"
        r"(?:is|are|would be|will be)\s+"
        r"(?:fatal|lethal|deadly)\b|\bhow many\b[^.?!]{0,40}\bwould be (?:lethal|fatal|"
        r"deadly)\b|\b\d+\s*(?:mg|g|grams?)?\s+(?:of\s+)?(?:that|this|my|those|these|\w+)\s+"
        r"(?:would|will|could)\s+(?:kill (?:me|you|someone|a person)|be (?:lethal|fatal|deadly))\b"
    ),
    re.compile(
        r"\b(?:which|what)\s+(?:pills?|meds?|medications?|drugs?)\s+(?:would|will|could|can)\s+"
        r"(?:kill|stop (?:your|my|a|the) heart)\b"
    ),
    re.compile(r"\bhow (?:long|fast|quickly)\b[^.?!]{0,30}\b(?:bleed out|bleed to death)\b"),
    re.compile(r"\b(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity|dosage)s?\b"),
    re.compile(
        r"\bhow (?:many|much)\b[^.?!]{0,40}\b(?:to|would|will|does it take to|it takes to|"
        r"before (?:you|i|it))\s+(?:die|kill (?:me|you|myself|yourself|someone|a person)|"
        r"overdose|od|end it|not wake up|stop (?:your|my|the) heart)\b"
    ),
    re.compile(
        r"\b(?:best|easiest|quickest|fastest|painless|surest|most effective|quick|easy)\s+"
        r"(?:way|method|ways|methods)\s+(?:to|of|for)\s+(?:die|dying|kill (?:my|your)self|killing "
        r"(?:my|your)self|suicide|commit suicide|end (?:it|my life|your life)|overdose|od|cut|"
        r"self.?harm)\b"
    ),
    re.compile(
        r"\b(?:cut|cutting|slit|slitting|slice)\s+(?:\w+\s+){0,2}(?:vertically|lengthwise|"
        r"down the (?:arm|wrist)|along the (?:vein|artery))\b|\bhow (?:deep|hard)\s+(?:to|do "
        r"(?:i|you)(?: (?:have|need) to)?|should (?:i|you)|can (?:i|you))\s+(?:cut|slit)\b"
        r"|\bdeep enough to\b"
    ),
    re.compile(
        r"\b\d+\s*(?:mg|g|grams?|pills|tabs|tablets|caps)\b[^.?!]{0,40}\b(?:will|would|should|to|"
        r"can|enough to)\s+(?:kill (?:me|you|myself|yourself|someone|a person)|die|be lethal|"
        r"be fatal|overdose|od|stop (?:your|my|a|the) heart)\b"
    ),
    re.compile(
        r"\benough\s+(?:\w+\s+){0,3}to\s+(?:kill (?:me|you|myself|yourself|a person|someone)|"
        r"die|overdose|od|not wake up)\b"
    ),
    re.compile(
        r"\b(?:mix|mixing|combine|combining)\s+(?:\w+\s+){0,3}(?:with|and)\s+(?:\w+\s+){0,3}"
        r"to\s+(?:die|kill (?:my|your)self|not wake up|od|overdose)\b"
    ),
    # "how long does it take to die from hanging", "how long until you bleed out"
    re.compile(
        r"\bhow long\b[^.?!]{0,30}\b(?:to die(?! down| off| out)|(?:till|until|before) "
        r"(?:you|i|u|someone) (?:die|dies|pass out|stop breathing)|to bleed out|to suffocate|"
        r"to stop breathing|for (?:your|the|my) heart to stop)\b"
    ),
    # "which meds are the most deadly in an overdose", "the most lethal pills"
    re.compile(
        r"\b(?:which|what)\s+(?:pills?|meds?|medications?|drugs?|ones?|bridges?|buildings?)\s+"
        r"(?:are|is|would be|will be)\s+(?:the\s+)?(?:most|more)\s+"
        r"(?:deadly|lethal|fatal|painless)\b"
        r"|\bmost (?:deadly|lethal|fatal) (?:pills?|meds?|drugs?|medications?|way|method|combo|"
        r"combination|dose|amount)\b"
    ),
    # "whats the most painless way to go", "quickest way to check out"
    re.compile(
        r"\b(?:most|least|the)\s+(?:painless|painful|peaceful|certain|reliable|effective|"
        r"quickest|fastest|easiest|surest|cleanest)\s+(?:way|method|ways|methods)\s+(?:to|of)\s+"
        r"(?:go|die|do it|end it|end things|check out|not wake up|od|overdose|kill)\b"
        rf"(?!\s+{_NOT_DEATH})"
        r"|\b(?:painless|peaceful|quick|quickest|easiest|surest|cleanest)\s+(?:way|method)\s+"
        r"to\s+(?:go|do it|end things|check out|not wake up)\b"
        rf"(?!\s+{_NOT_DEATH})"
    ),
    # "can my antidepressants kill you if you take the whole bottle"
    re.compile(
        r"\b(?:kill|die|fatal|lethal|deadly|od|overdose|enough)\b[^.?!]{0,50}\b(?:the|a|my|your)\s+"
        r"(?:whole|entire|full) (?:bottle|pack|box|script|prescription|strip|months supply)\b"
        r"|\b(?:take|taking|took|swallow|swallowing|down|downing)\s+(?:the|a|my|your)?\s*"
        r"(?:whole|entire|full) (?:bottle|pack|box|script)\b[^.?!]{0,40}\b(?:kill|die|fatal|"
        r"lethal|deadly|enough|do it|work)\b"
    ),
    # "how much does it take to stop your breathing", "how much would stop your heart"
    re.compile(
        r"\bhow (?:much|many)\b[^.?!]{0,50}\b(?:stop (?:your |my |the |someones |their |a )?"
        r"(?:breathing|heart)|stop breathing|never wake up|not wake up|be fatal|be lethal)\b"
    ),
    # "what height do you need to jump from", "high enough that you wouldnt survive"
    re.compile(
        r"\b(?:what|which|how much)\s+(?:height|floor|story|storey|distance)\b[^.?!]{0,40}\b"
        r"(?:jump|fall|die|survive|certain|sure|fatal|kill|end it)\b"
        r"|\bhigh enough\b[^.?!]{0,40}\b(?:survive|die|kill|end it|fatal|certain|not make it|"
        r"wouldnt make it)\b"
        r"|\b(?:wouldnt|would not|wont|will not|not|never|cant) survive (?:the|that|a) "
        r"(?:fall|jump|drop)\b(?! semester| season| term| quarter| break)"
    ),
    re.compile(
        r"\b(?:how (?:do|to|would|can|should|could) (?:you |i |u |one |someone )?(?:tie|make)|"
        r"tying|tie|make)\s+a\s+noose\b"
    ),
    # "take all 30 of them with vodka"
    re.compile(
        r"\b(?:take|swallow|down)\s+(?:all|every one|the rest)\s+(?:\d+\s+)?(?:of\s+)?"
        r"(?:them|those|these|your|my|the|it)?\b[^.?!]{0,30}\b(?:with|and)\s+(?:vodka|alcohol|"
        r"booze|liquor|whiskey|whisky|wine|beer|a drink|drinks|a bottle|benzos|xanax|bars)\b"
    ),
    re.compile(r"\b(?:make|making|made) it (?:look|seem) like an? accident\b"),
    # A combination with what makes it "work": "if you want it to actually work you have
    # to take them with alcohol". "dont take them with alcohol" alone is a warning.
    _Requiring(
        re.compile(
            rf"\b{_INTENT}\b[^.?!]{{0,60}}{_COMBINATION}|{_COMBINATION}[^.?!]{{0,60}}\b{_INTENT}\b"
        ),
        re.compile(r"\b(?:work|works|wake|die|good)\b"),
    ),
    # "how long does it take if you go the car route", "how long until the exhaust works"
    re.compile(rf"\bhow long\b[^.?!]{{0,40}}\b{_METHOD_NOUN}\b"),
    # "is it true an overdose on sleeping pills is painless", "does hanging hurt"
    re.compile(
        rf"\b{_METHOD_NOUN}\b[^.?!]{{0,40}}\b(?:is|are|would be|be|feels?)\s+"
        r"(?:really |actually |totally |completely |pretty |always |usually )?"
        r"(?:painless|peaceful|instant|quick|quicker|certain|guaranteed|less painful)\b"
        rf"|\bdoes (?:\w+\s+){{0,3}}{_METHOD_NOUN}\s+hurt\b"
        r"|\b(?:does it|would it|will it) hurt (?:to|if (?:you|i|u)) (?:od|overdose|hang|drown|"
        r"bleed out|jump|suffocate|slit)\b"
        r"|\bis it (?:painful|painless|quick) to (?:od|overdose|hang|drown|bleed out|jump|"
        r"suffocate|die)\b"
    ),
    # "best place to do it where nobody finds you", "a spot where no one would find me"
    re.compile(
        r"\b(?:best|good|quiet|easiest|safest|perfect|ideal|right|a|the)\s+(?:place|spot|"
        r"location|bridge|building)\s+to\s+(?:do it|die|end it|end things|kill (?:my|your)self|"
        r"jump|go through with it|od|overdose)\b"
        r"|\b(?:place|spot|somewhere|location)\b[^.?!]{0,20}\bwhere (?:nobody|no one|noone|"
        r"no1) (?:would |will |can |could |is going to )?finds? (?:you|me|u|the body|my body|"
        r"your body)\b"
    ),
    # Hiding an eating disorder or self-harm from treatment, and how to purge.
    re.compile(
        r"\bhow (?:do|can|to|would|should|could|did) (?:you |i |u |people |someone |yall )?"
        r"(?:hide|cover up|conceal)\s+(?:the |my |your |ur |their )?(?:purging|purge|purges|"
        r"cuts|cutting|self harm|selfharm|weight loss|not eating|restricting|bingeing|binging|"
        r"vomiting|throwing up|fresh cuts|burns)\b"
        r"|\bhow (?:do|can|to|would|should|could) (?:you |i |u )?(?:make (?:my|your)self|"
        r"make urself) (?:throw up|puke|vomit|purge)\b"
        r"|\bhow to (?:purge|restrict|starve (?:my|your)self)\b"
        r"|\b(?:purge|purging|throw up|throwing up|restrict|restricting|cut|cutting|not eating|"
        r"skip meals|skipping meals|get rid of food|getting rid of food|lose weight|"
        r"losing weight|starve|starving)\s+(?:\w+\s+){0,4}without (?:anyone|people|them|my|"
        r"the|your|staff)\b[^.?!]{0,20}\b(?:knowing|noticing|finding out|hearing|seeing|"
        r"can tell|tell|notices|knows)\b"
        r"|\bso (?:the |my |your )?(?:treatment team|therapist|doctor|parents|staff|nurse|"
        r"nurses|counselor|dietitian|team) (?:cant|wont|doesnt|dont|will not|can not|cannot) "
        r"(?:tell|notice|know|find out|see)\b"
    ),
    # "which is quicker, pills or hanging"
    re.compile(
        r"\b(?:which|what)(?: one| way| method)? (?:is|would be|s|works) (?:quicker|faster|"
        r"less painful|more painful|more certain|surer|more reliable|more lethal|deadlier|"
        rf"better)\b[^.?!]{{0,40}}\b{_METHOD_NOUN}\b"
    ),
    # "would 30 of my klonopin be enough", "if i took all my lithium would it work"
    re.compile(
        r"\b(?:would|will|could|can|is|are)\s+\d+\s+(?:of\s+(?:my|these|those|the|your|her|his)"
        rf"\s+)?(?:\w+\s+){{0,2}}{_DRUG_NAME}\s+(?:be enough|do it|kill me|work|finish me|"
        r"end it|be lethal|be fatal)\b"
        r"|\b(?:took|take|swallowed|swallow|taking)\s+all\s+(?:of\s+)?(?:my|the|these|those|"
        r"your)\s+(?:\w+\s+){0,2}(?:would|will|could|does|do)\s+(?:it|that|they)\s+(?:work|"
        r"do it|kill me|be enough|be fatal|be lethal)\b"
    ),
    # "how many bars with a fifth of vodka" (not "how many drinks with my meds is safe")
    re.compile(
        r"\bhow (?:many|much)\b[^.?!]{0,30}\b(?:with|and|plus|on top of)\s+(?:a |some |half a |"
        r"a whole |the whole )?(?:(?:fifth|bottle|handle|pint|shots?|drinks?)\s+of\s+)?"
        r"(?:vodka|alcohol|booze|liquor|whiskey|whisky|wine|beer|benzos|xanax|bars|fent|"
        r"fentanyl|heroin)\b(?![^.?!]{0,30}\b(?:safe|okay|ok|fine|allowed|interact)\b)"
    ),
    # "is it better to cut across or down"
    re.compile(
        r"\b(?:better|best|should (?:i|you)|which way|supposed) to (?:cut|slit)\s+(?:\w+\s+)?"
        r"(?:across|down|up|sideways|horizontally|vertically|lengthwise)\b"
        r"|\b(?:cut|slit)\s+(?:across|down|sideways|horizontally) or (?:across|down|up|along|"
        r"vertically|lengthwise)\b"
    ),
    # "what bridge around here has no fence"
    re.compile(
        r"\b(?:which|what|any|where|know of a|know a|is there a)\b[^.?!]{0,20}"
        r"\b(?:bridge|building|roof|rooftop|parking garage|overpass|cliff|tower|balcony)s?\b"
        r"[^.?!]{0,30}\b(?:no|without a|without any|doesnt have a|dont have a)\s+(?:fence|net|"
        r"nets|railing|rail|barrier|bars|guard ?rail)\b"
        r"|\b(?:unlocked roof|roof access)\b[^.?!]{0,30}\b(?:where|which|know|any)\b"
    ),
    # "where can i get a gun today no waiting"
    re.compile(
        r"\b(?:get|buy|find|borrow|grab)\s+(?:a|an|some)\s+(?:gun|firearm|pistol|handgun|"
        r"revolver)\b[^.?!]{0,30}\b(?:today|tonight|fast|quick|quickly|right now|asap|no "
        r"waiting|without waiting|without a background check|no background check|no questions)\b"
    ),
    # Eating-disorder methods: making oneself sick, laxatives or diet pills to lose weight,
    # tricking the scale, fasting longer without passing out, how few calories.
    re.compile(
        r"\bmake (?:yourself|urself|myself|your self|my self) (?:throw up|puke|vomit|purge|sick "
        r"after eating)\b"
        r"|\b(?:laxatives?|diuretics?|diet pills|ipecac|water pills)\b[^.?!]{0,40}\b(?:lose weight|"
        r"weight loss|drop weight|stop eating|not eat|skip meals|purge|how many|which ones?|"
        r"work best|fastest)\b"
        r"|\b(?:which|what|how many)\s+(?:laxatives?|diuretics?|diet pills|water pills)\b"
        r"|\b(?:trick|fool|cheat|beat|fake)\s+(?:the |my |a )?(?:scale|weigh ?ins?|weight checks?|"
        r"dietitian|dietician)\b|\bwater loading\b"
        r"|\b(?:tips|how|ways?|tricks?)\b[^.?!]{0,15}\b(?:fast|fasting|restrict|restricting|starve|"
        r"starving|not eat|not eating|stop eating)\b(?! for (?:blood ?work|surgery|a procedure|"
        r"ramadan|lent|yom kippur|a test|labs|a colonoscopy|religious))[^.?!]{0,25}\b(?:longer|"
        r"without (?:passing out|"
        r"fainting|getting caught|anyone noticing|feeling hungry|being hungry))\b"
        r"|\bhow (?:few|little|low) (?:calories|cals) (?:can|could|should|do|does|before|to|"
        r"is too|until)\b"
    ),
    # Self-harm kept out of sight, and what to cut with.
    re.compile(
        r"\b(?:where|how)\b[^.?!]{0,20}\b(?:cut|burn|scratch|hurt (?:my|your)self)\b[^.?!]{0,20}"
        r"(?:\bso (?:nobody|no one|noone|people dont|they dont|it doesnt show)"
        r"|\bwithout (?:leaving )?(?:scars|marks)|\bnobody (?:sees|will see|can see))"
        r"|\b(?:best|what|which|sharpest|easiest|good)\b[^.?!]{0,20}\bto (?:cut|slice) "
        r"(?:(?:my|your)self )?with\b(?!\s+\w)"
    ),
    # Instructions: "make sure you take them all at once so it works", "the trick is to do
    # it where no one checks on you", "does the car thing actually work".
    re.compile(
        r"\b(?:take|swallow|taking|swallowing)\s+(?:them|it|all|everything|the whole \w+)\s+"
        r"(?:\w+\s+)?(?:all at once|at once|at the same time|in one go)\b[^.?!]{0,30}\bso "
        r"(?:it|that it|they) (?:actually |really )?(?:works?|takes|kicks in)\b"
        r"|\bdo it (?:somewhere |where |when )(?:\w+ )?(?:nobody|no one|noone) (?:checks|finds|"
        r"will find|can find|would find|looks|comes)\b"
        r"|\bdoes the (?:car|pill|pills|rope|gun|bridge|exhaust|garage|bag|helium) thing "
        r"(?:actually |really )?work\b"
    ),
    # "is hanging quick", "is it painless to freeze to death"
    re.compile(
        rf"\bis (?:it )?{_METHOD_NOUN} (?:really |actually )?(?:painless|quick|peaceful|instant|"
        r"fast|certain)\b"
        r"|\bis it (?:painful|painless|quick|peaceful) to (?:freeze|starve|bleed) to death\b"
    ),
    # "which pills are the easiest to overdose on", "can you overdose on tylenol and how many"
    re.compile(
        r"\b(?:which|what)\s+(?:pills?|meds?|medications?|drugs?)\b[^.?!]{0,20}\b(?:easiest|"
        r"quickest|fastest|best|most likely) to (?:overdose|od|die)\b"
        r"|\b(?:overdose|od)\s+on\s+[^.?!]{0,30}\bhow (?:many|much)\b"
        r"(?![^.?!]{0,30}\b(?:safe|okay|ok|fine|allowed)\b)"
    ),
    # "what happens if you mix oxy and xanax, would it kill you"; "mixing xanax and
    # alcohol ... how much" (not "how much is safe"; "would it kill you to" is an idiom).
    re.compile(
        r"\b(?:mix|mixing|combine|combining)\b[^.?!]{0,40}\b(?:would|will|could|can) "
        r"(?:it|that|they|the combo) kill (?:you|me|u|someone)\b(?! to\b)"
        r"|\b(?:mix|mixing|combine|combining)\s+(?:\w+\s+){0,3}(?:with|and)\s+(?:\w+\s+){0,2}"
        r"[^?!]{0,40}\bhow (?:much|many)\b(?![^.?!]{0,30}\b(?:safe|okay|ok|fine|allowed)\b)"
    ),
    # Saving up means: "stockpile sleeping pills", "saving up my meds"
    re.compile(
        r"\b(?:stockpile|stockpiling|hoard|hoarding|save up|saving up|stash|stashing)\s+"
        r"(?:\w+\s+){0,3}(?:pills|meds|sleeping pills|benzos|tylenol|insulin|prescriptions?|"
        r"seroquel|lithium)\b"
        r"|\b(?:pills|meds|sleeping pills|benzos|prescriptions?)\b[^.?!]{0,20}\bto "
        r"(?:stockpile|hoard|save up|stash)\b"
    ),
)
# Each part with its name and the words one of which it needs: only those parts run (one
# combined alternation tried every part at every position, the slowest thing here).
_PART_GATES = (
    "how would will could can",
    "high tall far",
    "cut slit",
    "what which how would will could",
    "which what",
    "how",
    "lethal fatal deadly",
    "how",
    "best easiest quickest fastest painless surest most quick easy",
    "cut cutting slit slitting slice how deep",
    "mg g gram grams pills tabs tablets caps",
    "enough",
    "mix mixing combine combining",
    "long",
    "most",
    "way ways method methods",
    "whole entire full",
    "breathing heart wake fatal lethal",
    "height floor story storey distance high survive",
    "noose",
    "take swallow down",
    "accident",
    "alcohol booze vodka liquor whiskey whisky wine beer benzos xanax bars opiates opioids "
    "fent fentanyl heroin",
    "long",
    "painless peaceful instant quick quicker certain guaranteed hurt",
    "place spot location somewhere",
    "hide cover conceal purge purging throw puke vomit restrict restricting starve cut "
    "cutting noticing knowing notices knows team therapist doctor parents staff nurse nurses "
    "counselor dietitian",
    "quicker faster painful certain surer reliable lethal deadlier better",
    # amount_of_named_pills: a medicine named, or "took all".
    "pills pill meds med medications medication tablets tablet tabs caps klonopin seroquel "
    "lithium ambien trazodone xanax valium ativan benzos bars tramadol oxy oxys percs perc "
    "gabapentin lyrica insulin tylenol advil ibuprofen aspirin acetaminophen antidepressants "
    "zoloft prozac lexapro wellbutrin effexor elavil amitriptyline propranolol clonidine "
    "benadryl melatonin methadone subs suboxone all",
    "how",
    "cut slit",
    "fence net nets railing rail barrier bars guard guardrail roof",
    "gun firearm pistol handgun revolver",
    # eating_disorder_method: each of its shapes needs one of these.
    "throw puke vomit purge laxative laxatives diuretic diuretics diet ipecac water "
    "scale weigh weighin weighins dietitian dietician loading longer passing fainting caught "
    "noticing hungry calories cals",
    "cut burn scratch hurt slice",
    "once checks finds find looks comes thing",
    # is_method_quick: a method named.
    "route way method exhaust carbon garage hanging hang noose drowning suffocate "
    "suffocating suffocation helium overdose overdosing od bleeding slitting jumping gun "
    "freeze starve bleed",
    "overdose od",
    "mix mixing combine combining",
    "stockpile stockpiling hoard hoarding save saving stash stashing",
)
METHOD_PARTS = tuple(
    (name, part, frozenset(gate.split()))
    for name, part, gate in zip(METHOD_DETAIL_NAMES, _METHOD_PARTS, _PART_GATES, strict=True)
)
# Word -> the parts (by position) it opens: a message's words are looked up once instead
# of every part's gate being asked about every message.
PARTS_BY_WORD: dict[str, tuple[int, ...]] = {}
for _index, (_name, _part, _gate) in enumerate(METHOD_PARTS):
    for _word in _gate:
        PARTS_BY_WORD[_word] = (*PARTS_BY_WORD.get(_word, ()), _index)

# Every method-detail part needs one of these words (the union of the parts' gates);
# checked before any part is looked up.
METHOD_GATE = frozenset(PARTS_BY_WORD)

# A joke about something harmless ("the lethal dose of caffeine lol"): not a method.
HARMLESS = re.compile(
    r"\b(?:caffeine|coffee|coffees|espresso|energy drinks?|sugar|chocolate|candy|cringe|"
    r"homework|spicy|hot sauce|cheese|pizza|carbs)\b"
)
# Before a method-detail match, in the same clause: education about risk, not a request
# ("the news said a lethal dose of fentanyl is tiny").
EDUCATION = re.compile(
    r"\b(?:news|article|read|learned|learnt|heard|study|studies|research|pharmacist|doctor|"
    r"nurse|counselor|counsellor|group|training|class)\b[^.!?\n]{0,40}$"
    # ... or the past ("i used to make myself throw up, 6 months free of that now").
    r"|\b(?:used to|use to|back when|years ago|in my addiction|in active addiction)\b"
    r"[^.!?\n]{0,30}$"
)
