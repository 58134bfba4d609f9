"""Method detail, widened by concept: combinations with what makes them "work", time
and pain by a named method, places, hiding an eating disorder or self-harm from the
treatment team, amounts of a named medicine, instructions, stockpiling. ``method``
joins these parts to its own; each has a name (the rule id) and the words one of which
it needs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
class Requiring:
    """A part read only when a cheaper pattern is found first (the combination needs
    what makes it "work", which few messages say; the full pattern is slow on long ones)."""

    pattern: re.Pattern[str]
    first: re.Pattern[str]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.first.search(text) is None:
            return iter(())
        return self.pattern.finditer(text)


MORE_NAMES = (
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
    "highest_place",
    "deadly_together",
    "surest_method",
    "knot_or_rope",
    "amount_not_to_come_back",
)
MORE_PARTS: tuple[re.Pattern[str] | Requiring, ...] = (
    # A combination with what makes it "work": "if you want it to actually work you have
    # to take them with alcohol". "dont take them with alcohol" alone is a warning.
    Requiring(
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
# Asking or telling where a fall is highest or unguarded: "which bridge in town is the
# highest", "the top floor of the garage on 3rd has no fence btw".
_HIGH_PLACE = (
    r"(?:bridges?|buildings?|garages?|parking garage|parking structure|roofs?|rooftops?|"
    r"cliffs?|overpass(?:es)?|towers?|balcon(?:y|ies)|dam|top floor|top level|top deck)"
)
MORE_PARTS = (
    *MORE_PARTS,
    re.compile(
        rf"\b(?:which|what)\s+(?:\w+\s+){{0,2}}{_HIGH_PLACE}\b[^.?!]{{0,30}}\b(?:highest|"
        r"tallest|high enough|tall enough|biggest drop|longest drop|highest drop)\b"
        rf"|\bwhere(?:s| is| are)? (?:the )?(?:highest|tallest) {_HIGH_PLACE}\b"
        rf"|\b(?:top floor|top level|top deck|roof|rooftop)\b[^.?!]{{0,40}}\b(?:has no|have no|"
        r"doesnt have a|dont have a|without a|without any|got no) (?:fence|railing|rail|barrier|"
        r"guard ?rail|net|nets|bars)\b"
    ),
    # "which meds are deadly together" (not "which are dangerous together so i can avoid
    # them": a safety question).
    re.compile(
        r"\b(?:which|what)\s+(?:\w+\s+){0,3}(?:is|are|would be|become|get)?\s*(?:deadly|lethal|"
        r"fatal)\s+(?:together|combined|mixed|with each other|in combination)\b"
        r"|\b(?:which|what)\s+(?:\w+\s+){0,2}(?:combination|combo|combos|mix)\b[^.?!]{0,30}"
        r"\b(?:is deadly|is lethal|is fatal|kills?|would kill|stops? (?:your|my|the|a) heart)\b"
        r"(?![^?!]{0,60}\b(?:avoid|safe|safer|careful|warn|never)\b)"
    ),
    # "whats the surest method", "dont use that one, people survive it. the other one
    # works better": a method chosen for not being survived.
    re.compile(
        r"\b(?:surest|most reliable|most certain|most foolproof|foolproof|most guaranteed|"
        r"most lethal)\s+(?:\w+\s+)?(?:way|method|option)s?\b"
        r"(?!\s+(?:to|of|for)\s+(?!(?:die|end it|end things|do it|go|kill|not wake|not survive|"
        r"not come back)\b))"
        r"|\b(?:people|most people|you|lots of people|many people|some people)\s+(?:usually |"
        r"often |always |sometimes |mostly )?survive (?:it|that|that one|this one|this)\b"
        r"[^?!]{0,60}\b(?:other one|another one|instead|works better|work better|better one)\b"
        r"|\bwhich (?:one|method|way|ones|methods)s? (?:do )?(?:people|you|most people) "
        r"(?:survive|not survive|dont survive|die from)\b"
    ),
    # Knot and rope euphemisms: "what kind of knot do you use", "make sure the rope holds".
    re.compile(
        r"(?:\b(?:what|which) (?:kind|type|sort) of (?:knot|rope)\b[^.?!]{0,30}\b(?:use|hold|holds|"
        r"strong|best)\b"
        r"|\bhow (?:do|to|would|can|should) (?:you |i |u |people )?(?:tie|make) (?:a |the )?"
        r"(?:noose|slipknot|slip knot|hangmans knot|hangman knot)\b"
        r"|\b(?:rope|knot|belt|cord)s?\b[^.?!]{0,30}\b(?:hold|holds|take|takes) (?:my|your|a "
        r"persons|someones|the|body) weight\b"
        r"|\bmake sure (?:the|your|my) (?:rope|knot|belt|cord) (?:holds?|doesnt (?:break|slip))\b)"
        r"(?![^.?!]{0,30}\b(?:boat|shoes?|necktie|hair|bracelet|tent|hammock|climbing|"
        r"fishing|sailing|camping|macrame|scarf|package|box|tarp)\b)"
    ),
    # "i know exactly how much of it you need to not come back"
    re.compile(
        r"\bhow (?:much|many)\b[^.?!]{0,50}\b(?:to|so (?:you|i|u)|and) (?:not|never|dont|"
        r"wont) (?:come back|wake up|survive|make it)\b"
    ),
)
# The words one of which each part above needs, in the same order.
MORE_GATES = (
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
    "highest tallest top roof rooftop",
    "deadly lethal fatal combination combo combos mix",
    "surest reliable certain foolproof guaranteed lethal survive",
    "knot rope noose slipknot belt cord",
    "back wake survive",
)
