"""The crisis detector's result: what it says matched, and how it is measured."""

from __future__ import annotations

from bot.crisis.domain.crisis import detect_crisis


def test_an_overdose_in_progress_is_named_as_such() -> None:
    result = detect_crisis("I just took 40 tylenol")
    assert result.is_crisis
    assert "overdose" in result.categories
    assert result.rule == "overdose.took"


def test_means_and_timing_raise_the_confidence_over_intent_alone() -> None:
    intent = detect_crisis("I want to die")
    planned = detect_crisis("I want to die. I have 40 tylenol saved up for tonight")
    assert intent.is_crisis and planned.is_crisis
    assert planned.confidence > intent.confidence
    assert {"intent", "means", "timing"} <= set(planned.categories)


def test_the_word_suicide_alone_is_not_a_crisis() -> None:
    assert not detect_crisis("suicide").is_crisis
    assert not detect_crisis("suicide prevention month starts today").is_crisis


def test_a_pill_emoji_counts_as_means_next_to_intent() -> None:
    alone = detect_crisis("💊")
    with_intent = detect_crisis("💊 i cant do this anymore")
    assert not alone.is_crisis
    assert with_intent.is_crisis
    assert "means" in with_intent.categories


def test_tonight_alone_is_not_a_signal() -> None:
    result = detect_crisis("group tonight at 7, see you there")
    assert not result.is_crisis
    assert result.signals == ()


def test_a_quoted_line_from_someone_else_is_not_the_speaker() -> None:
    assert not detect_crisis("> I want to kill myself\nthat's what the character says").is_crisis


def test_crisis_later_in_a_recovery_message_is_still_found() -> None:
    text = "I'm 90 days clean. But honestly I want to die tonight."
    assert detect_crisis(text).is_crisis


def test_curly_apostrophes_and_capitals_read_like_plain_text() -> None:
    assert detect_crisis("I DON’T WANT TO BE ALIVE ANYMORE").is_crisis


def test_empty_and_ordinary_messages_have_no_signals() -> None:
    for text in ("", "   ", "good morning everyone", "made pancakes"):
        result = detect_crisis(text)
        assert not result.is_crisis
        assert result.rule is None
        assert result.confidence == 0.0
