"""Expectation matching on synthetic events: counts, 'no', case, ephemerals, windows."""

from __future__ import annotations

import pytest

from bot.sandbox.expectations import check
from tests.sandbox.script_events import AT, Ev, expect


def holds(line: str, window: list[Ev], history: list[Ev] | None = None) -> bool:
    return check(expect(line), window, history if history is not None else window).ok


DMS = [
    Ev("message", "dm:alex", "Reminder: Group Therapy at 3pm", message_id=1),
    Ev("message", "dm:alex", "group therapy moved", message_id=2),
    Ev("message", "dm:sam", "Your check-in", message_id=3),
    Ev("member_message", "dm:alex", "group therapy?", actor="alex", message_id=4),
]


def test_containment_is_case_insensitive_and_member_messages_do_not_count() -> None:
    assert holds('expect dm alex "GROUP THERAPY"', DMS)
    assert holds('expect 2 dm alex "group therapy"', DMS)  # alex's own message is not the bot's
    assert not holds('expect 3 dm alex "group therapy"', DMS)
    assert not holds('expect 1 dm alex "group therapy"', DMS)
    assert holds('expect 1 dm alex "moved"', DMS)


def test_a_dm_to_someone_else_does_not_count() -> None:
    assert not holds('expect dm alex "check-in"', DMS)
    assert holds('expect dm sam "check-in"', DMS)
    assert holds("expect no dm bob", DMS)
    assert not holds("expect no dm sam", DMS)
    assert holds('expect no dm sam "reminder"', DMS)
    assert not holds('expect no dm alex "reminder"', DMS)


def test_expect_dm_without_text_needs_any_dm() -> None:
    assert holds("expect dm sam", DMS)
    assert not holds("expect dm riley", DMS)


def test_ephemeral_replies_count_for_the_channel_they_were_shown_in() -> None:
    events = [Ev("message", "#general", "Call or text 988", visible_to="alex", message_id=9)]
    assert holds('expect #general "988"', events)
    assert not holds("expect no #general", events)
    assert holds("expect no #peer-support", events)


def test_an_edit_counts_once_with_both_texts_searchable() -> None:
    events = [
        Ev("message", "dm:alex", "Thinking…", message_id=5),
        Ev("edit", "dm:alex", "Here is a grounding exercise", message_id=5),
    ]
    assert holds('expect 1 dm alex "grounding"', events)
    assert holds('expect 1 dm alex "thinking"', events)
    assert holds('expect 1 dm alex "e"', events)


def test_embed_and_component_text_is_searched_as_recorded() -> None:
    text = "Session reminder\nGroup therapy\nI'll be there"
    events = [Ev("message", "dm:alex", text, message_id=1)]
    assert holds("expect dm alex \"i'll be there\"", events)


def test_deleted_and_kept_look_at_the_members_newest_message() -> None:
    history = [
        Ev("member_message", "#peer-support", "first", actor="bob", message_id=10),
        Ev("delete", "#peer-support", actor="Companion", message_id=10, target="bob"),
        Ev("member_message", "#peer-support", "second", actor="bob", message_id=11),
    ]
    assert holds("expect kept bob", [], history)
    assert not holds("expect deleted bob", [], history)
    history.append(Ev("delete", "#peer-support", message_id=11, target="bob"))
    assert holds("expect deleted bob", [], history)
    assert not holds("expect kept bob", [], history)


def test_deleted_fails_clearly_when_the_member_never_posted() -> None:
    outcome = check(expect("expect kept bob"), [], [])
    assert not outcome.ok
    assert "bob has not posted anything" in outcome.detail


def test_timeout_holds_while_the_latest_timeout_runs() -> None:
    events = [Ev("timeout", "guild:IOP", "timed out until 2026-12-07T15:00:00+00:00",
                 target="bob")]
    step, negated = expect("expect timeout bob"), expect("expect no timeout bob")
    assert check(step, [], events, now=AT).ok
    assert not check(negated, [], events, now=AT).ok
    assert not holds("expect timeout sam", [], events)
    assert holds("expect no timeout sam", [], events)
    later = AT.replace(hour=16)
    assert not check(step, [], events, now=later).ok  # it ran out
    removed = [*events, Ev("timeout", "guild:IOP", "timeout removed", target="bob")]
    assert not check(step, [], removed, now=AT).ok


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        ('expect dm alex "yoga"', 'no DM to alex containing "yoga" (the bot sent 2 there)'),
        ('expect 1 dm alex "therapy"', 'expected exactly 1 × DM to alex containing "therapy", '
         "found 2 (of 2 at dm:alex)"),
        ("expect no dm alex", "expected no DM to alex, found 2"),
    ],
)
def test_failures_say_what_was_expected_and_what_was_found(line: str, detail: str) -> None:
    outcome = check(expect(line), DMS, DMS)
    assert not outcome.ok
    assert outcome.detail == detail
