"""Means named by the medicine people in a program actually hold (an antidepressant, a
mood stabiliser, a sleep or pain medicine), not only by "pills": the same act with a
prescription's name reaches the same tier, and talk of taking it as prescribed does not."""

import pytest

from bot.crisis.domain.crisis import detect_crisis


@pytest.mark.parametrize(
    "text",
    [
        "been saving up my sertraline for a month. tonight's the night",
        "i've been stockpiling my gabapentin and i'm done",
        "been hoarding my quetiapine since march, tonight",
        "took all my lamotrigine an hour ago",
        "saved up my painkillers, this weekend im taking them all",
        # An overdose on a named medicine is no figure of speech ("od on pizza" is).
        "im going to overdose on gabapentin tonight",
        "i want to overdose on lithium",
        "i overdosed on quetiapine an hour ago",
    ],
)
def test_a_named_prescription_is_means_like_pills(text: str) -> None:
    assert detect_crisis(text).tier == "crisis", text


@pytest.mark.parametrize(
    "text",
    [
        "my doctor upped my sertraline to 100mg, feeling a bit better",
        "does gabapentin make anyone else sleepy?",
        "remember to take your lamotrigine with food",
        "switched from zoloft to lexapro last month",
        "going to od on pizza tonight lol",
    ],
)
def test_talk_about_a_prescription_stays_quiet(text: str) -> None:
    assert detect_crisis(text).tier == "none", text
