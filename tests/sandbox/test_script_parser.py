"""The conversation-script parser: every line form, and precise errors for bad lines."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.script import (
    AdvanceStep,
    ChannelStep,
    ClickStep,
    ClockStep,
    DmStep,
    ExpectStep,
    MemberStep,
    PostStep,
    RestartStep,
    ScriptError,
    SelectStep,
    SlashStep,
    SubmitStep,
    check_members,
    parse_script,
    strip_comment,
)

FULL = """\
# a comment
clock 2026-12-07 09:00 America/New_York    # set simulated time
member alex participant America/Chicago    # add a member
member rivera facilitator
channel art-room
alex in #peer-support: I had a rough day, #1 worst
alex: hello there
alex: /coping situation:craving
alex in #general: /schedule
alex clicks "I'll be there"
alex selects "7" in "Mood"
alex submits note="Tired but ok" mood="6"
advance 2h
advance 1h30m
advance to 2026-12-08 18:00
restart
expect dm alex "group therapy"
expect #peer-support "988"
expect 2 dm alex "group therapy"
expect no dm bob
expect no dm bob "text"
expect no #peer-support
expect deleted bob
expect kept bob
expect timeout bob
"""

NY = ZoneInfo("America/New_York")


def test_several_options_of_a_multi_select_are_one_step() -> None:
    [step] = parse_script('rivera selects "alex" "sam" "jordan" in "Who was present?"')
    assert step == SelectStep(1, "rivera", "alex", "Who was present?", ("sam", "jordan"))
    assert step.options == ("alex", "sam", "jordan")


def test_every_line_form_parses_to_its_step() -> None:
    steps = parse_script(FULL)
    assert [s.line for s in steps] == list(range(2, 26))
    assert steps[0] == ClockStep(2, datetime(2026, 12, 7, 9, 0, tzinfo=NY), "America/New_York")
    assert steps[1] == MemberStep(3, "alex", "participant", "America/Chicago")
    assert steps[2] == MemberStep(4, "rivera", "facilitator", None)
    assert steps[3] == ChannelStep(5, "art-room")
    assert steps[4] == PostStep(6, "alex", "peer-support", "I had a rough day, #1 worst")
    assert steps[5] == DmStep(7, "alex", "hello there")
    assert steps[6] == SlashStep(8, "alex", "/coping situation:craving", None)
    assert steps[7] == SlashStep(9, "alex", "/schedule", "general")
    assert steps[8] == ClickStep(10, "alex", "I'll be there")
    assert steps[9] == SelectStep(11, "alex", "7", "Mood")
    assert steps[10] == SubmitStep(12, "alex", {"note": "Tired but ok", "mood": "6"})
    assert steps[11] == AdvanceStep(13, delta=timedelta(hours=2))
    assert steps[12] == AdvanceStep(14, delta=timedelta(hours=1, minutes=30))
    assert steps[13] == AdvanceStep(15, until=datetime(2026, 12, 8, 18, 0, tzinfo=NY))
    assert steps[14] == RestartStep(16)
    expects = steps[15:]
    assert all(isinstance(s, ExpectStep) for s in expects)
    summary = [(s.what, s.target, s.text, s.count, s.negated) for s in expects]  # type: ignore[attr-defined]
    assert summary == [
        ("dm", "alex", "group therapy", None, False),
        ("channel", "peer-support", "988", None, False),
        ("dm", "alex", "group therapy", 2, False),
        ("dm", "bob", None, None, True),
        ("dm", "bob", "text", None, True),
        ("channel", "peer-support", None, None, True),
        ("deleted", "bob", None, None, False),
        ("kept", "bob", None, None, False),
        ("timeout", "bob", None, None, False),
    ]


def test_slash_commands_keep_their_options_as_typed_for_the_sandbox_to_match() -> None:
    steps = parse_script(
        'alex: /note add text:"two words"  mood:7\n'
        "alex in #general: /pause until:2026-12-20 reason:away at 10:30\n"
    )
    assert steps[0] == SlashStep(1, "alex", '/note add text:"two words"  mood:7')
    assert steps[0].command == "note"
    assert steps[1] == SlashStep(
        2, "alex", "/pause until:2026-12-20 reason:away at 10:30", "general"
    )


def test_submit_values_keep_quotes_escaped_inside_and_hashes() -> None:
    (step,) = parse_script(r'sam submits note="she said \"hi\" # not a comment" x=""')
    assert step == SubmitStep(1, "sam", {"note": 'she said "hi" # not a comment', "x": ""})


def test_comments_need_a_space_after_the_hash_and_whole_line_comments_are_skipped() -> None:
    assert strip_comment("alex in #general: #1 fan   # why") == "alex in #general: #1 fan"
    assert strip_comment('expect dm alex "a # b"  # c') == 'expect dm alex "a # b"'
    assert parse_script("   # only a comment\n\n#\n") == []


def test_advance_to_without_a_clock_line_is_read_in_utc() -> None:
    (step,) = parse_script("advance to 2026-12-08 18:00")
    assert step == AdvanceStep(1, until=datetime(2026, 12, 8, 18, 0, tzinfo=ZoneInfo("UTC")))


def test_advance_to_accepts_its_own_zone() -> None:
    (step,) = parse_script("advance to 2026-12-08 18:00:30 Europe/London")
    assert isinstance(step, AdvanceStep)
    assert step.until == datetime(2026, 12, 8, 18, 0, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("script", "line", "why"),
    [
        ("member alex facilitater", 1,
         'unknown role "facilitater" (participant, facilitator or peer)'),
        ("\n\nmember alex participant Mars/Olympus", 3, 'unknown time zone "Mars/Olympus"'),
        ("member alex participant\nmember alex peer", 2, "member alex was already added on line 1"),
        ("member expect peer", 1, '"expect" is a script keyword'),
        ("member Alex peer", 1, '"Alex" is not a member name'),
        ("member alex", 1, "write member NAME ROLE"),
        ("alex: hi\nclock 2026-12-07 09:00", 2, "clock must come before every other line"),
        ("clock 2026-12-07", 1, "write clock YYYY-MM-DD HH:MM"),
        ("clock 2026-13-07 09:00", 1, '"2026-13-07 09:00" is not a date and time'),
        ("clock 2026-12-07 9am UTC", 1, "is not a date and time"),
        ("advance", 1, "advance needs a duration"),
        ("advance 2 hours", 1, "advance takes one duration"),
        ("advance 2x", 1, '"2x" is not a duration'),
        ("advance 0m", 1, "advance needs a duration above zero"),
        ("advance to tomorrow", 1, "write advance to YYYY-MM-DD HH:MM"),
        ("clock 2026-12-07 09:00\nadvance 1d\nadvance to 2026-12-08 08:00", 3,
         "advance to 2026-12-08 08:00 is not later than the simulated time then "
         "(2026-12-08 09:00 UTC)"),
        ("restart now", 1, 'restart takes nothing after it, found "now"'),
        ("alex in #lobby: hi", 1, "unknown channel #lobby"),
        ("alex in general: hi", 1, 'a channel is written with "#"'),
        ("alex:", 1, "alex says nothing"),
        ('alex clicks "I\'ll be there', 1, "a quote is not closed"),
        ("alex clicks I'll be there", 1, "the label in double quotes"),
        ("alex clicks Yes No", 1, 'write alex clicks "Button label"'),
        ('alex selects "7" "Mood"', 1, 'write alex selects "option" ["option" ...] in "Select"'),
        ('alex selects "7" in "a" in "Mood"', 1, 'write alex selects "option" ["option" ...]'),
        ("alex submits note", 1, '"note" is not a field'),
        ('alex submits a="1" a="2"', 1, "field a is given twice"),
        ("alex: /", 1, "a slash command needs a name right after '/'"),
        ("alex: / about", 1, "a slash command needs a name right after '/'"),
        ("alex: /About", 1, '"/About" is not a command name'),
        ('alex: /note text:"two words', 1, "a quote is not closed"),
        ("alex waves", 1, 'cannot read "alex waves"'),
        ("expect", 1, "expect needs something to check"),
        ("expect no", 1, "expect needs something to check"),
        ("expect dm", 1, "expect dm needs a member name"),
        ("expect dm alex group therapy", 1, "put the expected text in one pair of quotes"),
        ('expect dm alex ""', 1, "the expected text is empty"),
        ("expect 2 dm alex", 1, "needs a text to count"),
        ("expect #lobby", 1, "unknown channel #lobby"),
        ("expect reply alex", 1, 'cannot expect "reply"'),
        ("expect 2 deleted bob", 1, "expect deleted takes no count"),
        ("expect kept", 1, "write expect kept NAME"),
        ("channel general", 1, "channel #general already exists"),
        ("channel Bad Name", 1, "write channel NAME"),
    ],
)
def test_malformed_lines_say_which_line_and_what_is_wrong(script: str, line: int, why: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script(script)
    assert caught.value.line == line
    assert why in caught.value.why
    assert str(caught.value).startswith(f"line {line}: ")


def test_the_error_for_a_misspelt_role_reads_exactly_as_documented() -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script("clock 2026-12-07 09:00\n" * 1 + "\n" * 5 + "member rivera facilitater")
    assert str(caught.value) == (
        'line 7: unknown role "facilitater" (participant, facilitator or peer)'
    )


def test_a_channel_added_by_a_channel_line_can_be_used_after_it() -> None:
    steps = parse_script("channel art-room\nsam in #art-room: look")
    assert steps[1] == PostStep(2, "sam", "art-room", "look")


def test_members_must_be_declared_or_known_from_the_program() -> None:
    steps = parse_script("member alex peer\nalex: hi\nsam clicks \"Yes\"\nexpect dm sam")
    with pytest.raises(ScriptError) as caught:
        check_members(steps, set())
    assert caught.value.line == 3
    assert "unknown member sam" in caught.value.why
    check_members(steps, {"sam"})  # the program named sam: nothing to complain about
