"""/coping free text understands the ordinary words of recovery, misspelt or not,
measured on tests/coping/recovery_phrases.toml (100 phrases; the figure that counts is
on the half never tuned on)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.coping.domain.coping import CRISIS, Situation, resolve_situation
from bot.coping.domain.free_text import corrected

PHRASES = tomllib.loads((Path(__file__).parent / "recovery_phrases.toml").read_text())["phrases"]


def share_matched(part: str) -> tuple[int, int]:
    chosen = [p for p in PHRASES if p["part"] == part]
    right = 0
    for phrase in chosen:
        found = resolve_situation(phrase["text"])
        right += isinstance(found, Situation) and found.key == phrase["situation"]
    return right, len(chosen)


def test_the_corpus_has_100_phrases_over_every_situation() -> None:
    assert len(PHRASES) == 100
    assert {p["part"] for p in PHRASES} == {"tune", "check"}
    assert len({p["situation"] for p in PHRASES}) == 10


@pytest.mark.parametrize("part", ["tune", "check"])
def test_most_phrases_go_to_the_right_situation(part: str) -> None:
    right, total = share_matched(part)
    print(f"\n{part}: {right}/{total} phrases matched to the right situation")
    assert right / total >= 0.9


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("I'm craving so bad right now", "craving"),
        ("cravings are killing me tonight", "craving"),
        ("I relapsed last night", "after_lapse"),
        ("relasped after 30 days", "after_lapse"),
        ("i slipped", "after_lapse"),
        ("triggered by the bar on my street", "craving"),
        ("panicking", "anxiety"),
        ("can't sleep", "sleep"),
        ("lonley", "loneliness"),
        ("so angery", "anger"),
        ("I used again", "after_lapse"),
        ("thinking about using", "craving"),
    ],
)
def test_the_words_of_recovery(text: str, situation: str) -> None:
    found = resolve_situation(text)
    assert isinstance(found, Situation) and found.key == situation


def test_crisis_words_still_come_first() -> None:
    assert resolve_situation("I relapsed and I want to die") is CRISIS
    assert resolve_situation("craving so bad I might overdose") is CRISIS


def test_ordinary_words_are_not_bent_into_recovery_words() -> None:
    assert corrected("along") == "along"  # not "alone"
    assert corrected("crazy") == "crazy"  # not a craving
    assert corrected("danger") == "danger"  # not "anger": the first letter differs
    assert corrected("lonley") == "lonely"
    assert corrected("insomina") == "insomnia"
    urgent = resolve_situation("urgent meeting with my boss tomorrow")
    assert not (isinstance(urgent, Situation) and urgent.key == "craving")
    assert resolve_situation("the weather today") is None
