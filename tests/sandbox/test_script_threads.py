"""Threads and pins in conversation scripts: ``#parent/thread-name``, ``#parent/latest``,
``NAME opens #parent/thread-name`` and ``expect pinned #channel "text"``."""

from __future__ import annotations

from dataclasses import dataclass

import discord
import pytest

from bot.sandbox.driver import Sandbox
from bot.sandbox.expectations import check
from bot.sandbox.runner import Runner
from bot.sandbox.script import (
    PostStep,
    ScriptError,
    SlashStep,
    ThreadStep,
    check_members,
    parse_script,
)
from bot.sandbox.threads import pick_thread, thread_slug
from tests.sandbox.probe_bot import probe_cog
from tests.sandbox.script_events import Ev, expect


def outcome(line: str, events: list[Ev]) -> tuple[bool, str]:
    found = check(expect(line), events, events)
    return found.ok, found.detail


# ---- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("check-ins-2026-12-07", "check-ins-2026-12-07"),
        ("Rough night", "rough-night"),
        ("  Questions:  Group Therapy (Dec 7) ", "questions-group-therapy-dec-7"),
        ("Café  talk", "café-talk"),
        ("a / b", "a-b"),
    ],
)
def test_a_threads_name_folds_to_lowercase_with_dashes_for_spaces(name: str, slug: str) -> None:
    assert thread_slug(name) == slug


@dataclass(frozen=True)
class T:
    id: int
    name: str


def test_latest_is_the_newest_thread_and_a_name_matches_case_insensitively() -> None:
    threads = [T(1, "Monday"), T(3, "Wednesday"), T(2, "Tuesday")]
    assert pick_thread(threads, "latest") == T(3, "Wednesday")
    assert pick_thread(threads, "tuesday") == T(2, "Tuesday")
    assert pick_thread(threads, "friday") is None
    assert pick_thread([], "latest") is None


# ---- parsing -----------------------------------------------------------------------------


def test_threads_are_addressed_like_channels_in_actions_and_expectations() -> None:
    steps = parse_script(
        "alex opens #peer-support/rough-night\n"
        "alex in #peer-support/Rough-Night: anyone up?\n"
        "alex in #daily-check-in/latest: /checkin\n"
        'expect #peer-support/rough-night "glad"\n'
        "expect no #daily-check-in/latest\n"
        'expect 2 pinned #agendas "Group therapy"\n'
        'expect no pinned #agendas/latest "draft"\n'
    )
    assert steps[0] == ThreadStep(1, "alex", "peer-support", "rough-night")
    assert steps[1] == PostStep(2, "alex", "peer-support/rough-night", "anyone up?")
    assert steps[2] == SlashStep(3, "alex", "/checkin", "daily-check-in/latest")
    summary = [(s.what, s.target, s.text, s.count, s.negated) for s in steps[3:]]  # type: ignore[attr-defined]
    assert summary == [
        ("channel", "peer-support/rough-night", "glad", None, False),
        ("channel", "daily-check-in/latest", None, None, True),
        ("pinned", "agendas", "Group therapy", 2, False),
        ("pinned", "agendas/latest", "draft", None, True),
    ]
    check_members(steps, {"alex"})  # a pinned check names no member


@pytest.mark.parametrize(
    ("script", "why"),
    [
        ("alex in #nowhere/latest: hi", "unknown channel #nowhere"),
        ('expect #peer-support/"odd: name" "x"', 'does not name a thread'),
        ("alex opens #peer-support", "write alex opens #channel/thread-name"),
        ("alex opens #peer-support/latest", '"latest" names the newest thread'),
        ("alex opens #peer-support/a #peer-support/b", "write alex opens"),
        ('expect pinned "text"', "expect pinned needs a channel"),
        ("expect pinned dm alex", "expect pinned needs a channel"),
    ],
)
def test_malformed_thread_and_pin_lines_say_what_is_wrong(script: str, why: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script(script)
    assert why in caught.value.why


# ---- expectations ------------------------------------------------------------------------

THREADS = [
    Ev("thread", "#peer-support/monday", "monday", actor="alex"),
    Ev("message", "#peer-support/monday", "glad you're here", message_id=1),
    Ev("thread", "#peer-support/tuesday", "tuesday", actor="sam"),
    Ev("message", "#peer-support/tuesday", "welcome back", message_id=2),
    Ev("message", "#peer-support", "channel text", message_id=3),
]


def test_a_thread_expectation_sees_that_thread_only() -> None:
    assert outcome('expect #peer-support/monday "glad"', THREADS)[0]
    assert not outcome('expect #peer-support/tuesday "glad"', THREADS)[0]
    assert not outcome('expect #peer-support "glad"', THREADS)[0]  # the parent is another place
    assert outcome('expect 1 #peer-support "channel text"', THREADS)[0]


def test_latest_is_the_newest_thread_when_the_expectation_is_checked() -> None:
    ok, detail = outcome('expect #peer-support/latest "welcome back"', THREADS)
    assert ok and "#peer-support/tuesday" in detail
    assert not outcome('expect #peer-support/latest "glad"', THREADS)[0]
    assert outcome('expect #peer-support/latest "glad"', THREADS[:2])[0]


def test_latest_without_any_thread_fails_unless_nothing_was_expected() -> None:
    ok, detail = outcome('expect #general/latest "x"', THREADS)
    assert not ok and detail == "there is no thread under #general yet"
    assert outcome("expect no #general/latest", THREADS)[0]


PINS = [
    Ev("message", "#agendas", "Agenda: group therapy", message_id=1),
    Ev("pin", "#agendas", "Agenda: group therapy", message_id=1, target="Companion"),
    Ev("message", "#agendas", "Agenda: art session", message_id=2),
    Ev("pin", "#agendas", "Agenda: art session", message_id=2, target="Companion"),
    Ev("unpin", "#agendas", "Agenda: art session", message_id=2, target="Companion"),
    Ev("pin", "#peer-support/monday", "Thread rules", message_id=3, target="Companion"),
]


def test_pinned_is_what_is_pinned_now_including_pins_in_a_thread() -> None:
    assert outcome('expect pinned #agendas "group therapy"', PINS)[0]
    assert outcome('expect 1 pinned #agendas "agenda"', PINS)[0]
    assert outcome('expect no pinned #agendas "art session"', PINS)[0]  # unpinned since
    assert outcome('expect pinned #peer-support/monday "rules"', PINS)[0]
    assert not outcome('expect pinned #peer-support "rules"', PINS)[0]
    ok, detail = outcome('expect pinned #agendas "yoga"', PINS)
    assert not ok
    assert detail == (
        'no pinned message in #agendas containing "yoga" '
        '(pinned there now: "Agenda: group therapy")'
    )


def test_pinned_reads_the_whole_run_not_only_the_window() -> None:
    step = expect('expect pinned #agendas "group therapy"')
    assert check(step, [], PINS).ok


# ---- against a real client ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_member_opens_a_thread_posts_there_and_the_bot_answers_in_it(
    probe: Sandbox,
) -> None:
    probe.add_member("alex", "participant")
    await probe.settle()
    runner = Runner(probe)
    result = await runner.run(parse_script(
        "alex opens #peer-support/Rough-night\n"
        "alex in #peer-support/rough-night: ping\n"
        'expect #peer-support/rough-night "pong"\n'
        'expect #peer-support/latest "pong"\n'
        "expect no #peer-support\n"
        "alex in #peer-support/latest: ping\n"
        'expect 1 #peer-support/latest "pong"\n'
    ))
    assert result.failures == []
    assert result.checked == 4
    seen = probe_cog(probe.bot).seen[-1]
    # The bot's client knows the thread (THREAD_CREATE), under its channel.
    assert isinstance(seen.channel, discord.Thread)
    assert seen.channel.parent is not None and seen.channel.parent.name == "peer-support"
    assert seen.channel.owner_id == probe.member_id("alex")


@pytest.mark.asyncio
async def test_posting_in_a_thread_that_is_not_there_stops_with_the_threads_listed(
    probe: Sandbox,
) -> None:
    probe.add_member("alex", "participant")
    await probe.settle()
    runner = Runner(probe)
    result = await runner.run(parse_script(
        "alex in #peer-support/latest: hi\n"
    ))
    assert result.stopped
    assert "no thread under #peer-support (threads there: none yet)" in result.failures[0].detail
    result = await Runner(probe).run(parse_script(
        "alex opens #peer-support/monday\nalex in #peer-support/tuesday: hi\n"
    ))
    assert result.stopped
    assert result.failures[0].detail == (
        "no thread named 'tuesday' under #peer-support (threads there: #peer-support/monday)"
    )


@pytest.mark.asyncio
async def test_pins_the_bot_makes_and_removes_are_expected_from_a_script(probe: Sandbox) -> None:
    channel = probe.bot.get_channel(probe.channel_id("agendas"))
    assert isinstance(channel, discord.TextChannel)
    kept = await channel.send("Agenda: group therapy")
    dropped = await channel.send("Agenda: art session")
    await kept.pin()
    await dropped.pin()
    await dropped.unpin()
    await probe.settle()
    result = await Runner(probe).run(parse_script(
        'expect pinned #agendas "group therapy"\n'
        'expect no pinned #agendas "art session"\n'
        'expect pinned #agendas "art session"\n'
    ))
    assert [f.line for f in result.failures] == [3]
    assert [e.kind for e in probe.events if e.kind in ("pin", "unpin")] == ["pin", "pin", "unpin"]
