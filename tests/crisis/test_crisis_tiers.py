"""The two-tier detector on the messages the issue names, on recovery talk, and on the
result shape callers rely on."""

from __future__ import annotations

import pytest

from bot.crisis.domain import longform, shortform
from bot.crisis.domain.crisis import NOT_CRISIS, CrisisResult, detect_crisis
from bot.crisis.domain.result import CONCERN, CRISIS, NONE

# The first paragraph of the issue: each of these went unanswered.
ISSUE_EXAMPLES = [
    ("kms", CRISIS),
    ("I bought a rope", CRISIS),
    ("i just want to sleep and never wake up", CONCERN),
    ("what's the point of living", CONCERN),
    # Relapse after a break is when overdoses kill (tolerance is down): an overdose risk
    # now, so the crisis tier.
    ("I relapsed and I'm scared I'll overdose", CRISIS),
    ("honestly I want to die too", CRISIS),
]


@pytest.mark.parametrize(("text", "tier"), ISSUE_EXAMPLES)
def test_every_issue_example_lands_on_its_tier(text: str, tier: str) -> None:
    result = detect_crisis(text)
    assert result.tier == tier, f"{text!r}: {result.tier} via {result.signals}"


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "gonna ctb tonight",
        "i want to unalive myself",
        "been thinking about sewerslide",
        "about to off myself",
        "feelin real suicidal",
        "im so sucidal",
        "i wanna kil myself",
        "planning to end it tonight",
        "want to die",
        "bought a 🪢",
        "🔪🩸 again",
        "took the whole bottle",
        "IM GOING TO KILL MYSELF",
    ],
)
def test_slang_typos_missing_pronouns_and_emoji_reach_the_crisis_tier(text: str) -> None:
    assert detect_crisis(text).is_crisis, text


@pytest.mark.parametrize(
    "text",
    [
        "everyone would be better off without me",
        "i'm such a burden",
        "i don't care if i wake up tomorrow",
        "using to forget",
        "i feel hopeless",
        "i wish i wasn't here",
        "tired of being alive",
    ],
)
def test_passive_wishes_burden_hopelessness_and_worrying_use_are_concern(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == CONCERN, f"{text!r}: {result.tier} via {result.signals}"
    assert result.is_concern and result.flagged and not result.is_crisis


@pytest.mark.parametrize(
    "text",
    [
        # the past and milestones
        "I used to cut, 90 days clean",
        "two years ago i tried to kill myself and today i'm grateful",
        "a year ago i thought everyone would be better off without me",
        # other people
        "my friend said she wants to kill herself",
        "he feels like a burden, how do i help him",
        "my sister relapsed and i'm scared she'll overdose",
        # group topics and support
        "today's group was about suicidal thoughts and safety plans",
        "you're not a burden, alex",
        "if you're thinking about suicide, call or text 988",
        "my safety plan: if i ever feel suicidal i call my sister",
        # quotes
        'the song goes "i want to die in your arms tonight"',
        "> i want to kill myself\nthat's what the character says",
        # idioms and hyperbole
        "this homework is killing me",
        "this traffic makes me want to kms 😂",
        "i'd rather die than sing karaoke lol",
        "i'm dead 💀",
        "i'm hopeless at cooking",
        "what's the point of the gym if i eat pizza after lol",
        "i bought a jump rope for cardio",
        "i need to cut back on caffeine",
        "i took too many selfies lol",
    ],
)
def test_recovery_talk_and_hyperbole_stay_quiet_on_both_tiers(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == NONE, f"{text!r}: {result.tier} via {result.signals}"


def test_a_laugh_does_not_lower_the_tier_but_an_everyday_cause_with_it_is_hyperbole() -> None:
    # People in crisis laugh at themselves too: a laugh alone never lowers a tier.
    assert detect_crisis("i want to die lol").tier == CRISIS
    assert detect_crisis("im gonna kill myself lmaooo").tier == CRISIS
    assert detect_crisis("i want to die").tier == CRISIS
    assert detect_crisis("this exam makes me want to die lol").tier == NONE
    assert detect_crisis("you guys make me want to kill myself lol no seriously im done").is_crisis


def test_concern_next_to_means_or_a_goodbye_is_a_crisis() -> None:
    assert detect_crisis("i'm such a burden").tier == CONCERN
    assert detect_crisis("i'm such a burden. 💊").tier == CRISIS
    assert detect_crisis("i can't do this anymore. bye everyone").tier == CRISIS


def test_weak_crisis_evidence_with_no_time_said_earns_a_check_in() -> None:
    # "wanted" with no time: last night or last year? Not an alert, but not silence.
    assert detect_crisis("i wanted to die").tier == CONCERN
    assert detect_crisis("i wanted to die last night and i still do").tier == CRISIS


def test_the_result_keeps_the_shape_callers_use() -> None:
    result = detect_crisis("I took 30 pills an hour ago")
    assert result.is_crisis and result.tier == CRISIS
    assert "overdose" in result.categories
    assert result.rule == "overdose.took"
    assert 0 < result.confidence <= 1
    assert NOT_CRISIS.tier == NONE and NOT_CRISIS.rule is None
    # A result built the old way (is_crisis only) is on the crisis tier.
    assert CrisisResult(is_crisis=True, score=2.0).tier == CRISIS
    with pytest.raises(ValueError):
        CrisisResult(is_crisis=False, score=0.0, tier="maybe")


def test_concern_categories_are_named_for_the_facilitators_note() -> None:
    assert detect_crisis("everyone would be better off without me").categories == ("burden",)
    assert detect_crisis("whats the point of living").categories == ("hopeless",)


def test_short_messages_never_reach_the_long_model() -> None:
    text = "i feel a bit off today " * 5
    assert len(text) < longform.MIN_CHARS
    assert not any(s.rule == "model.long_message" for s in detect_crisis(text).signals)


def test_the_model_raises_a_long_post_to_concern_and_never_to_crisis() -> None:
    model = longform.load_model()
    assert model is not None, "no model file: run python -m bench.train_crisis_longform --write"
    from bench.crisis_eval import load

    left_to_the_model = [
        e.text for e in load("lab_long") if detect_crisis(e.text, use_model=False).tier == NONE
    ]
    raised = [detect_crisis(text) for text in left_to_the_model]
    assert any(r.tier == CONCERN for r in raised)
    for result in raised:
        assert result.model_score is not None
        assert not result.is_crisis
        if result.tier == CONCERN:
            assert result.model_score >= model.threshold
            assert result.rule == "model.long_message"


def test_a_long_recovery_post_is_not_raised_by_the_model() -> None:
    if longform.load_model() is None:
        pytest.fail("no model file: run python -m bench.train_crisis_longform --write")
    post = (
        "Long one, sorry. Week 6: I've been thinking a lot about what rivera said about "
        "triggers. For me it's the drive home past the liquor store, and Sundays when the "
        "house is quiet. I tried the plan we made: call someone, eat something, get out of "
        "the house. It worked twice and didn't once. I'm not beating myself up about it. "
    ) * 2
    assert detect_crisis(post).tier == NONE


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        # an act, wished or meant, by the writer (pronoun or not), any wording
        ("I have decided to die", CRISIS),
        ("gonna yeet myself off a bridge", CRISIS),
        ("cant stop imagining hanging myself", CRISIS),
        ("i am thinking to end my life", CRISIS),
        ("so close to ending it tonight", CRISIS),
        ("tonight im taking everything", CRISIS),
        # means, a plan, a place, unsafe now
        ("sitting here with my dads pistol", CRISIS),
        ("counting my pills again. theres enough now", CRISIS),
        ("i know exactly how id do it and when", CRISIS),
        ("i dont think i can stay safe tonight", CRISIS),
        ("scared of what im gonna do tonight", CRISIS),
        ("the voices are telling me to jump", CRISIS),
        # goodbyes add up, one cue alone does not
        ("this is the end for me. bye", CRISIS),
        ("if anyone finds this, im sorry", CRISIS),
        ("signing off for good. its been real", CRISIS),
        # self-harm and overdose now
        ("i opened up my arm again tonight", CRISIS),
        ("theres blood everywhere i went too deep", CRISIS),
        ("shot up way more than usual and nobodys home", CRISIS),
        # concern: passive, hopeless, trapped, giving up, burden, worrying use
        ("every day i wake up disappointed that i woke up", CONCERN),
        ("i dont see things ever getting better", CONCERN),
        ("no light at the end of the tunnel for me", CONCERN),
        ("too tired to keep going", CONCERN),
        ("everyone would be relieved if i was gone", CONCERN),
        ("im a disappointment to everyone", CONCERN),
        ("drinking again and i dont want to stop", CONCERN),
        ("took extra pills to numb out", CONCERN),
        # said without the usual words
        ("lemme just die already", CRISIS),
        ("if nobody answers im doing it", CRISIS),
        ("i decided im not going to live past my birthday", CRISIS),
        ("does anyone know how long it takes to die from an overdose", CRISIS),
        ("i bought rat poison and im going to drink it", CRISIS),
        ("tell everyone im sorry. i love you all", CRISIS),
        ("i am finish with life, tonight i go", CRISIS),
    ],
)
def test_concepts_catch_wordings_no_phrase_rule_lists(text: str, tier: str) -> None:
    result = detect_crisis(text, use_model=False)
    assert result.tier == tier, f"{text!r}: {result.tier} via {result.signals}"


@pytest.mark.parametrize(
    "text",
    [
        # the same words, said of something ordinary or of someone else, or in the past
        "gonna take all my meds on time this week",
        "i want to take my life in a new direction",
        "finally ended things with my toxic ex",
        "thinking about ending my gym membership",
        "bye guys, see you thursday",
        "goodbye everyone, moving to ohio, thank you for everything",
        "im ready to go to group!",
        "i give up on trying to understand the new phone",
        "no hope of finishing this puzzle tonight haha",
        "feeling kind of hopeless about the job search but ill keep applying",
        "no one would notice if i skipped the work party right?",
        "the pills in my hand are vitamins, relax",
        "someone in my AA meeting said 'i wanted to die every day' and i related",
        "my roommate told me she wants to kill herself, what should i do?",
        "last year i had a plan and a date. this year i have a job and a dog",
        "if you ever feel like ending it, text me",
        "i'll die if this bus doesn't come soon",
        "i'm not scared anymore of speaking in group",
        "if anyone is feeling suicidal please talk to someone, it gets better",
        "im not going to be around this weekend, camping",
        "i felt hopeless last winter but the light therapy helped",
        "im a burden? no! were a team",
        "nobody cares, loser",
        "bought rat poison for the mice in the garage",
    ],
)
def test_the_concept_guards_keep_ordinary_and_recovery_talk_quiet(text: str) -> None:
    result = detect_crisis(text, use_model=False)
    assert result.tier == NONE, f"{text!r}: {result.tier} via {result.signals}"


def test_the_short_model_raises_to_concern_only_when_the_rules_are_quiet() -> None:
    model = shortform.load_model()
    assert model is not None, "no model file: run python -m bench.train_crisis_short --write"
    quiet = detect_crisis("good morning everyone", use_model=True)
    assert quiet.tier == NONE and quiet.model_score is not None
    assert quiet.model_score < model.threshold
    # A message the rules already judged is left as it is.
    ruled = detect_crisis("kms", use_model=True)
    assert ruled.is_crisis and not any(s.rule == "model.short_message" for s in ruled.signals)


def test_the_crisis_tier_alone_agrees_with_the_whole_detector() -> None:
    """The moderation verdict reads ``detect_crisis_tier`` (concern rules run only when
    crisis evidence needs them): it must never miss a crisis the whole detector finds."""
    from bench.crisis_eval import PARTS, load
    from bot.crisis.domain.crisis import detect_crisis_tier
    from bot.kernel.text_normalise import plain

    texts = [e.text for part in (*PARTS, "lab_long") for e in load(part)]
    differ = [
        t
        for t in texts
        if detect_crisis_tier(plain(t)).is_crisis != detect_crisis(t, use_model=False).is_crisis
    ]
    assert not differ
