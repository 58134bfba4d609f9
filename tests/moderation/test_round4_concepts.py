"""Concepts added in round 4 (from the blind set's misses): each new shape breaks its
rule, and the ordinary talk each widening could have caught by mistake stays."""

from __future__ import annotations

import pytest

from bot.moderation.domain.moderation import ChatMessage, moderate


def verdict(rules, text: str):
    return moderate(ChatMessage("alex", "peer-support", text), rules)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A drug called by a person's name; plural amounts; an offer of anything at all.
        ("need charlie tonight", "drug_sourcing"),
        ("whos got a couple gs", "drug_sourcing"),
        ("i can get u anything u want, hmu", "drug_sourcing"),
        # An illness as an insult, mocking emoji at a mention, the group against someone.
        ("bulimic loser", "harassment"),
        ("ur mental pal", "harassment"),
        ("🤡🤡 <@123456789012345678>", "harassment"),
        ("everyone laughs at you when you leave", "harassment"),
        # Someone else's routine and home by a landmark.
        ("casey closes every friday at the pizza place", "personal_info"),
        ("taylor stays near the church off maple", "personal_info"),
        # Height, deadly combinations, a surer method, rope, an amount not to come back.
        ("what parking garage around here is tall enough", "method_detail"),
        ("what combo of pills would stop your heart", "method_detail"),
        ("what is the most foolproof method", "method_detail"),
        ("how to tie a noose", "method_detail"),
        ("how many would it be so i never wake up", "method_detail"),
    ],
)
def test_new_concepts_break_their_rule(rules, text: str, category: str) -> None:
    assert category in verdict(rules, text).categories


@pytest.mark.parametrize(
    "text",
    [
        "need to see charlie tonight, we are going to the meeting together",
        "my friend tina is looking for a sponsor",
        "I can get you whatever you need from the store",
        "anyone have a few points of advice for week one",
        "im anorexic and scared to eat in front of people",
        "youre in mental health treatment too?",
        "everyone here cares about you",
        "not everyone hates you, i promise",
        "crackhead energy today, cleaned my whole apartment at 2am",
        "I live by the park on elm and walk there every morning",
        "group meets every tuesday at the library",
        "the pharmacy closes after 6 on weekends at the mall",
        "the tallest building in town is so pretty at night",
        "which meds are dangerous together so I can avoid them",
        "whats the surest way to get to the clinic",
        "most people survive an overdose if someone has narcan",
        "what kind of knot do you use for your boat",
        "how much water should I drink to not get dehydrated",
    ],
)
def test_look_alikes_are_left_alone(rules, text: str) -> None:
    assert verdict(rules, text).action in ("none", "support"), text
