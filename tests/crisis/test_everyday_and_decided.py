"""Concepts widened in round 4: a thing that dies and the past told by an age stay
quiet; the rest of the sentence still counts. Phrasings here are not in the corpora."""

from __future__ import annotations

import pytest

from bot.crisis.domain.crisis import detect_crisis

# Ordinary talk that shares words with crisis language.
QUIET = [
    "laptop's gonna die any minute, sending the worksheet later",
    "my earbuds died halfway through the walk",
    "wait for the swelling to die down before you ice it",
    "calling all die-hard board game fans for saturday",
    "i attempted suicide at 17 and today i'm a peer mentor",
    "was cutting at 14, now i teach yoga",
    "two years since my last drink and my kids noticed",
    "cant make it thursday, dentist appointment. see you next week",
    "wont be around saturday, family thing out of town",
    "that was my last post for today, logging off",
    "my last text to my old boss said goodbye and good riddance",
    "donated a bag of old shoes and said goodbye to half my closet",
    "nobody would notice the stain on the carpet anyway",
    "no hope for our bowling team this year",
    "a bit numb from the new dose, gonna ask my psychiatrist if thats normal",
    "the overdose numbers in the news this week are scary",
    "i feel like myself again, honestly i love my life",
    "i could literally die, she said yes \U0001f970",
]

# Crisis language next to the same words still reaches the crisis tier.
STILL_CRISIS = [
    "wont be around after the trip. for good this time. goodbye everyone",
    "my laptop is dead and i want to kill myself",
    "im going to kill myself at 10 tonight",
]


@pytest.mark.parametrize("text", QUIET)
def test_everyday_things_and_the_told_past_stay_quiet(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "none", (text, result.signals)


@pytest.mark.parametrize("text", STILL_CRISIS)
def test_the_rest_of_the_sentence_still_counts(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "crisis", (text, result.signals)


# A moment decided on, an absence for ever, means the rules' shapes missed, a body made
# to bleed, a medicine stopped on purpose, starving until it is over, committed intent.
DECIDED = [
    "friday is the day. mind is made up",
    "tmrw is the night. no going back",
    "dont wait up. not tonight, not ever",
    "wont be here after christmas. dont save me a seat anymore",
    "saving my prescriptions up for saturday",
    "motor running, garage shut, just wanted to say sorry",
    "gonna make myself bleed tonight",
    "quit my seizure meds on purpose so it happens faster",
    "no food or water until its over",
    "i gonna kill me tonight",
    "after all this im really going to do it",
]

# The same words in ordinary talk.
NOT_DECIDED = [
    "today is the day!",
    "its time for group, see you there",
    "dont wait up, working a late shift",
    "im really going to do it, signing up for the half marathon",
    "saving my prescriptions receipts for taxes, the pharmacy is slow",
]

# Hopeless, burden and passive wishes the rules' shapes missed: a check-in.
CONCERN = [
    "used again, never gonna stay clean, so why try",
    "i hate being a burden to my family",
    "cant see any light at the end of this",
    "not gonna do anything, i just wish i wasnt alive",
    "dark thoughts all evening",
]


@pytest.mark.parametrize("text", DECIDED)
def test_decided_moments_and_acts_reach_the_crisis_tier(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "crisis", (text, result.signals)


@pytest.mark.parametrize("text", NOT_DECIDED)
def test_everyday_moments_are_not_alerted(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier != "crisis", (text, result.signals)


@pytest.mark.parametrize("text", CONCERN)
def test_hopelessness_and_burden_get_a_check_in(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "concern", (text, result.signals)


# Emoji, a place alone, joining the dead, "im out" for good, a voice heard, a settled mind.
ANSWERED_AT_ALL = [
    "\U0001f52a\U0001f52a",
    "\u26b0\ufe0f",
    "waiting by the quarry",
    "empty. just feel empty",
    "the void sounds peaceful",
    "im out. permanently",
]
ALERTED = [
    "\U0001f48a\U0001f48a\U0001f48a bye",
    "gonna be with my dad in heaven soon",
    "heard them saying to jump",
    "at peace with it now. clocking out tonight",
]
NOT_ANSWERED = [
    "sitting by the lake with my kids, so calm",
    "my grandpa is in heaven now, i hope hes proud",
    "im out of coffee again",
    "heard them telling me to cut down on screen time",
]


@pytest.mark.parametrize("text", ANSWERED_AT_ALL)
def test_bare_signs_get_at_least_a_check_in(text: str) -> None:
    assert detect_crisis(text).flagged, text


@pytest.mark.parametrize("text", ALERTED)
def test_joined_dead_voices_and_settled_leaving_are_alerted(text: str) -> None:
    result = detect_crisis(text)
    assert result.tier == "crisis", (text, result.signals)


@pytest.mark.parametrize("text", NOT_ANSWERED)
def test_the_same_words_in_everyday_talk_stay_quiet(text: str) -> None:
    result = detect_crisis(text)
    assert not result.flagged, (text, result.signals)


def test_thoughts_with_the_writer_safe_now_are_a_check_in_and_not_alerted() -> None:
    from bot.crisis.domain.crisis import detect_crisis_tier
    from bot.kernel.text_normalise import plain

    text = "had thoughts of suicide last night but im safe now"
    assert detect_crisis(text).tier == "concern"
    assert not detect_crisis_tier(plain(text)).is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "thoughts of suicide all day and i dont feel safe now",
        "thinking about suicide, im ok with it now",
        "been thinking about suicide and im taking the pills tonight, im fine",
    ],
)
def test_not_safe_or_an_act_still_alerts(text: str) -> None:
    assert detect_crisis(text).tier == "crisis", text
