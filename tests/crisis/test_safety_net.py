"""The safety net: strong risk words said by the writer reach at least the concern tier,
and the strong guards keep recovery talk quiet. Phrasings here are not in the corpora."""

from __future__ import annotations

import pytest

from bot.crisis.domain import safety_net
from bot.crisis.domain.crisis import canonical, detect_crisis, detect_crisis_tier
from bot.crisis.domain.result import RISK_WORDS
from bot.kernel.text_normalise import plain

# Said by the writer, in shapes the crisis rules do not list: each gets an answer.
ANSWERED = [
    "honestly thinking about death a lot this week",
    "might just swallow the whole bottle and see",
    "the rope is in my trunk",
    "counting my pills again",
    "wrote a note for my roommate",
    "pretty sure ill starve myself till it stops",
    "cant keep myself safe around my meds tonight",
    "this is it. goodbye everyone",
    "sooo tired of living fr",
    "my plan is to take everything i have after work",
]

# Someone else, the past, a negation, a title, support, means put away, a joke.
QUIET = [
    "my uncle took every pill he had, hes in the icu and i'm a wreck",
    "back in college i used to starve myself. eating three meals now",
    "never going to hurt myself again, that's my promise to me",
    "the podcast about suicide loss helped me grieve",
    "if you ever feel like ending it, text me first ok?",
    "my pills are locked in the safe my sponsor set up",
    "this spreadsheet is going to kill me lol",
    "i burned myself on the stove making pancakes",
    "goodbye 2025, you were rough but i made it",
    "bye all, off to my cousin's wedding this weekend",
    "gonna od on pizza tonight",
    "he said he wants to disappear for good, what do i do",
]


@pytest.mark.parametrize("text", ANSWERED)
def test_risk_words_said_by_the_writer_are_answered(text: str) -> None:
    result = detect_crisis(text)
    assert result.flagged, canonical(text)


@pytest.mark.parametrize("text", QUIET)
def test_strong_guards_keep_recovery_talk_quiet(text: str) -> None:
    result = detect_crisis(text)
    assert not result.flagged, [s.rule for s in result.signals]


def test_risk_words_alone_give_a_gentle_check_in_that_the_verdict_does_not_hold() -> None:
    text = "kinda dreaming about being dead lately"
    result = detect_crisis(text, use_model=False)
    assert result.tier == "concern"
    assert [s.category for s in result.signals] == [RISK_WORDS]
    # The moderation verdict (crisis tier only) sees nothing to answer on the crisis path.
    assert not detect_crisis_tier(plain(text)).is_crisis


# An act, means in hand, or the words with intent or a near time: the crisis tier,
# the same in the moderation verdict as everywhere else.
NET_CRISIS = [
    "the rope is in my trunk",
    "voices keep saying its time to jump and i believe them",
    "not eating again until my body gives out",
    "drank half a bottle of vodka with my sleeping pills on purpose",
    "sitting on the ledge of the car park, not coming down",
    "im checking out for good this weekend",
    "cut way too deep, it wont stop bleeding",
]


@pytest.mark.parametrize("text", NET_CRISIS)
def test_acts_and_near_intent_the_rules_miss_reach_the_crisis_tier(text: str) -> None:
    result = detect_crisis(text, use_model=False)
    assert result.is_crisis, [s.rule for s in result.signals]
    assert detect_crisis_tier(plain(text)).is_crisis


# The same words in everyday life, or refused, or wished but not decided.
NET_NOT_CRISIS = [
    "checking out of the hotel this weekend",
    "the voices tell me to cut myself but im not listening, called my nurse",
    "fixing the roof this weekend",
    "im gonna do it, signing up for the 10k",
    "i keep biting my nails on purpose to annoy my sister lol",
    "i just want to sleep and never wake up",
]


@pytest.mark.parametrize("text", NET_NOT_CRISIS)
def test_everyday_words_refusals_and_passive_wishes_are_not_alerted(text: str) -> None:
    assert not detect_crisis(text).is_crisis


def test_the_net_reads_chat_not_posts() -> None:
    post = "counting my pills again. " + "it has been a long week at work and i am tired. " * 6
    assert not safety_net.routed(canonical(post))
    assert safety_net.routed(canonical("counting my pills again"))


def test_a_result_the_rules_already_flagged_is_left_as_it_is() -> None:
    flagged = detect_crisis("i want to kill myself tonight", use_model=False)
    assert flagged.is_crisis
    assert safety_net.raise_tier(flagged, "i want to kill myself tonight") is flagged


def test_the_moderation_verdict_alerts_on_every_message_the_detector_calls_crisis() -> None:
    """A peer-channel message is answered on the crisis path exactly when a DM with the same
    words would be (the concern path after the verdict does not answer crises)."""
    from bench.crisis_eval import PARTS, load

    texts = [e.text for part in PARTS for e in load(part)]
    disagree = [
        t
        for t in texts
        if detect_crisis(t, use_model=False).is_crisis != detect_crisis_tier(plain(t)).is_crisis
    ]
    assert not disagree, len(disagree)


# Euphemisms and acts the rules' shapes do not hold (written for this test, in no corpus).
EUPHEMISMS = [
    "walking into the river tonight",
    "stopped my insulin on purpose",
    "every tablet i own is lined up on the desk",
    "leaving my phone here, dont come looking for me",
    "wont exist by sunday",
    "its all planned out for friday",
    "we'll see who's laughing when im in heaven tonight",
]


@pytest.mark.parametrize("text", EUPHEMISMS)
def test_euphemisms_and_acts_reach_the_crisis_tier(text: str) -> None:
    assert detect_crisis(text).is_crisis, [s.rule for s in detect_crisis(text).signals]
