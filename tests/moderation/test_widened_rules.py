"""The rules widened by concept: new shapes of each rule break, and the look-alikes
each widening could have caught by mistake."""

from __future__ import annotations

import pytest

from bot.moderation.domain.moderation import ChatMessage, moderate


def categories(rules, text: str) -> tuple[str, ...]:
    return moderate(ChatMessage("alex", "peer-support", text), rules).categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Sourcing: a seller named plainly, a price as a figure, a lender, a place.
        ("need a ride to pick up from my guy, ill share", "drug_sourcing"),
        ("where do yall get ur stuff now that the guy on 5th stopped", "drug_sourcing"),
        ("selling the rest of my concerta, 40 for the bottle", "drug_sourcing"),
        ("who can front me till friday", "drug_sourcing"),
        ("whos got glass around midtown", "drug_sourcing"),
        ("anyone got k? pm me", "drug_sourcing"),
        ("new batch in, same spot as last time 🔌", "drug_sourcing"),
        ("still got some of my old scripts left if anybody needs em", "drug_sourcing"),
        ("looking to cop, someone dm me pls", "drug_sourcing"),
        # Harassment: contempt without an insult word, a member's name, "your X is ...".
        ("youre the reason this group sucks", "harassment"),
        ("the world would be better without people like you", "harassment"),
        ("nobody cares sam", "harassment"),
        ("your sobriety is a joke", "harassment"),
        ("imagine being such a loser", "harassment"),
        ("dirty stinking cow", "harassment"),
        # Personal info: spelt or spaced digits, a local number, whereabouts.
        ("her number is five five five two one three eight eight nine zero", "personal_info"),
        ("text him 5 5 5 - 8 6 7 - 0 1 9 2", "personal_info"),
        ("call riley at 555-0143, she never picks up for us", "personal_info"),
        ("she lives at one four elm street apt three", "personal_info"),
        ("casey works at the diner on 5th, go ask for her", "personal_info"),
        ("pat is in room 311 at county general", "personal_info"),
        ("he drives a grey truck, plate 8TRX442", "personal_info"),
        # Method detail: height, time to die, the most deadly, a whole bottle, a knot.
        ("whats the most painless way to go", "method_detail"),
        ("how long does it take to die from hanging", "method_detail"),
        ("which pills are the most lethal", "method_detail"),
        ("would my lithium kill me if i took the whole bottle", "method_detail"),
        ("how much would it take to stop your breathing", "method_detail"),
        ("what floor do you need to jump from to be sure", "method_detail"),
    ],
)
def test_widened_shapes_are_caught(rules, text, category):
    assert category in categories(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        "you're the reason i stayed sober this month, thank you",
        "nobody cares about your clean date more than you do, keep going",
        "you guys ruined my diet with all the snacks lol",
        "my guy is driving me to my appointment",
        "anyone know a guy who fixes cars cheap?",
        "can anyone front me the $5 for lunch lol, will pay you back friday",
        "the blues festival is this weekend, anyone want to go? dm me",
        "i took my adderall each morning like prescribed",
        "another relapse for me, back to day one, but i'm here",
        "call the clinic at 555-0100 if you're late",
        "my sister works at the hospital on 5th, she loves it",
        "i live on 3rd street now, moved last week",
        "group is in room 204 today",
        "how long does it take to die down, the cravings i mean",
        "what's the most effective way to go about asking my boss for time off",
        "is my dose high enough to make it through the day",
        "what's the lethal dose of caffeine lol, five coffees today",
    ],
)
def test_look_alikes_of_the_widened_rules_are_left_alone(rules, text):
    # (Crisis support is the crisis detector's call, not a moderation action.)
    verdict = moderate(ChatMessage("alex", "peer-support", text), rules)
    assert verdict.action in ("none", "support"), verdict
    assert set(verdict.categories) <= {"crisis"}, verdict


def test_text_stored_backwards_is_read_as_it_is_shown(rules):
    # U+202E turns the letters around on screen: "oxy for sale dm".
    verdict = moderate(ChatMessage("alex", "peer-support", "\u202eelas rof yxo\u202c dm"), rules)
    assert "drug_sourcing" in verdict.categories
    assert verdict.remove_message and verdict.return_text
