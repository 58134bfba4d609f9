"""Requests for a person in DMs ("can someone call me", "is anyone there", "please reach
out"), typos and all, measured on tests/outreach/person_requests.toml. The held-out part
was written before the rules and is reported separately."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.outreach.domain.asks import asks_for_person

CORPUS = tomllib.loads((Path(__file__).parent / "person_requests.toml").read_text("utf-8"))


@pytest.mark.parametrize("part", ["tuned", "held_out"])
def test_requests_for_a_person_are_recognised_and_others_are_not(part: str) -> None:
    asks, others = CORPUS[part]["asks"], CORPUS[part]["others"]
    missed = [t for t in asks if not asks_for_person(t)]
    false = [t for t in others if asks_for_person(t)]
    print(f"{part}: recall {len(asks) - len(missed)}/{len(asks)}, "
          f"false alarms {len(false)}/{len(others)}")
    assert not missed and not false, (missed, false)


@pytest.mark.parametrize(
    "text",
    ["yes, reach out", "YES REACH OUT", "can somone call me", "is anyon there?", "plz reach out"],
)
def test_lowercase_uppercase_and_typos(text: str) -> None:
    assert asks_for_person(text)


@pytest.mark.parametrize(
    "text", ["don't call me", "no need to reach out", "my mom will call me", "call me crazy"]
)
def test_refusals_and_other_people_are_not_requests(text: str) -> None:
    assert not asks_for_person(text)
