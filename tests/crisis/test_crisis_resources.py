"""Crisis resources per region and the reply a person in crisis receives."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.crisis.resources import (
    DEFAULT_PATH,
    CrisisResourceError,
    load_resources,
    parse_resources,
    render_hold_reply,
    render_reply,
)


@pytest.fixture(scope="module")
def shipped():
    return load_resources()


@pytest.mark.parametrize(
    ("code", "must_mention"),
    [
        ("US", ["988", "988lifeline.org", "HOME to 741741", "911"]),
        ("CA", ["988", "911"]),
        ("UK", ["116 123", "999", "112"]),
        ("GB", ["116 123", "999"]),
        ("IE", ["116 123", "112"]),
        ("AU", ["13 11 14", "000"]),
    ],
)
def test_each_region_gets_its_own_lines_and_emergency_number(shipped, code, must_mention):
    reply = render_reply(shipped.for_region(code))
    for text in must_mention:
        assert text in reply


def test_an_unknown_or_missing_region_falls_back_to_the_international_list(shipped):
    for code in ("FR", None, "", "zz"):
        region = shipped.for_region(code)
        assert region.fallback
        assert "findahelpline.com" in render_reply(region)


def test_region_codes_are_case_insensitive(shipped):
    assert shipped.for_region("au").name == "Australia"


def test_the_reply_is_warm_and_follows_safe_messaging(shipped):
    reply = render_reply(shipped.for_region("US"), name="riley", facilitators_told=True)
    assert reply.startswith("riley, I'm really glad you said something")
    assert "don't have to carry it alone" in reply
    assert "facilitators know" in reply
    assert "not a crisis service" in reply
    lowered = reply.lower()
    assert "commit suicide" not in lowered
    for method_word in ("pills", "overdose", "rope", "dose"):
        assert method_word not in lowered


def test_the_reply_can_carry_how_to_reach_the_program(shipped):
    reply = render_reply(shipped.for_region("US"), program_contact="call the front desk")
    assert "You can also reach your program: call the front desk." in reply


def test_a_held_message_is_explained_kindly_with_resources(shipped):
    reply = render_hold_reply(shipped.for_region("UK"), name="sam")
    assert reply.startswith("sam, your message in the peer channel is paused")
    assert "You're not in trouble" in reply
    assert "116 123" in reply


def _raw() -> dict:
    with DEFAULT_PATH.open("rb") as handle:
        return tomllib.load(handle)


def test_a_region_without_an_emergency_number_is_rejected_by_name():
    raw = _raw()
    del raw["region"][4]["emergency"]
    with pytest.raises(CrisisResourceError, match=r"region #5 \(Australia\): 'emergency'"):
        parse_resources(raw)


def test_a_resource_without_how_to_reach_it_is_rejected_by_name():
    raw = _raw()
    del raw["region"][2]["resource"][0]["how"]
    with pytest.raises(CrisisResourceError, match=r"United Kingdom\) resource #1 \(Samaritans\)"):
        parse_resources(raw)


def test_unsafe_wording_is_refused_at_load():
    raw = _raw()
    raw["region"][0]["resource"][0]["how"] = "Call if you want to commit suicide"
    with pytest.raises(CrisisResourceError, match="commit suicide"):
        parse_resources(raw)


def test_a_code_used_twice_is_refused():
    raw = _raw()
    raw["region"][1]["codes"] = ["CA", "US"]
    with pytest.raises(CrisisResourceError, match="'US' is also used by United States"):
        parse_resources(raw)


def test_exactly_one_fallback_is_required():
    raw = _raw()
    raw["region"][5]["fallback"] = False
    with pytest.raises(CrisisResourceError, match="exactly one region must have fallback"):
        parse_resources(raw)


def test_a_broken_file_names_the_file(tmp_path: Path):
    path = tmp_path / "crisis.toml"
    path.write_text("[[region]\n", encoding="utf-8")
    with pytest.raises(CrisisResourceError, match=r"crisis\.toml"):
        load_resources(path)
