"""The two-tier detector on the messages the issue names, on recovery talk, and on the
result shape callers rely on."""

from __future__ import annotations

import pytest

from bot.crisis.domain import longform
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


def test_a_laugh_without_an_everyday_cause_softens_to_a_check_in_not_silence() -> None:
    assert detect_crisis("i want to die lol").tier == CONCERN
    assert detect_crisis("i want to die").tier == CRISIS
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


def test_short_messages_never_reach_the_model() -> None:
    text = "i feel a bit off today " * 5
    result = detect_crisis(text)
    assert len(text) < longform.MIN_CHARS
    assert result.model_score is None


def test_the_model_raises_a_long_post_to_concern_and_never_to_crisis() -> None:
    model = longform.load_model()
    if model is None:
        pytest.fail("no model file: run python -m bench.train_crisis_longform --write")
    post = (
        "I dont know why I keep going. Every day I wake up and feel empty and numb. I "
        "have pushed everyone away and I sit in my room and cry and I feel like nothing "
        "will ever change for me. My life feels pointless. I hate myself and I dont see "
        "a future for myself at all, I just exist. I have no friends left and my family "
        "is tired of me. I cant sleep and I cant eat and I feel worthless every single day "
        "and night. Nobody understands and I am so alone with all of it."
    )
    result = detect_crisis(post)
    assert result.model_score is not None
    assert result.model_score >= model.threshold, result.model_score
    assert result.tier in (CONCERN, CRISIS)
    assert not any(s.rule == "model.long_message" for s in result.signals) or not result.is_crisis
    without = detect_crisis(post, use_model=False)
    assert without.model_score is None


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
