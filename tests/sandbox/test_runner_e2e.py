"""The script runner with the real bot in the sandbox: expectations that hold pass, and
expectations that must fail really fail, with exit 1 and the failed line named."""

from __future__ import annotations

import io

import pytest

from bot.sandbox.cli import EXIT_FAILED, EXIT_OK, execute, prepare

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

# The expect line closes the first window, so what a test checks next is only what its
# own lines caused, whatever the bot does when a member joins.
CAST = (
    "clock 2026-12-07 09:00 America/New_York\n"
    "member alex participant America/Chicago\n"
    "expect no #peer-support\n"
)


async def replay(script: str) -> tuple[int, str]:
    steps, program = prepare(script)
    out = io.StringIO()
    code = await execute(steps, program, out=out)
    return code, out.getvalue()


async def test_about_from_a_script_says_it_is_not_a_crisis_service() -> None:
    code, out = await replay(CAST + 'alex: /about\nexpect dm alex "not a crisis service"\n')
    assert code == EXIT_OK, out
    assert "-- alex runs /about (in DM)" in out
    assert "dm:alex  Companion: About Companion" in out
    assert out.rstrip().endswith("PASSED: all 2 expectations held")


async def test_an_expect_that_does_not_hold_exits_1_naming_the_line_and_the_window() -> None:
    code, out = await replay(
        CAST
        + "alex: /about\n"
        + 'expect dm alex "group therapy"\n'       # /about says nothing of it
        + 'expect 2 dm alex "not a crisis service"\n'  # it answers once
        + "expect no dm alex\n"
    )
    assert code == EXIT_FAILED
    summary = out[out.index("FAILED:"):]
    assert summary.startswith("FAILED: 3 of 4 expectations did not hold")
    assert 'line 5: expect dm alex "group therapy"' in summary
    assert "line 6: expect 2 dm alex" in summary
    assert "found 1" in summary
    assert "line 7: expect no dm alex" in summary
    assert "seen since line 3:" in summary
    assert "not a crisis service" in summary.lower()  # what was seen is shown


async def test_a_later_window_does_not_see_what_an_earlier_one_checked() -> None:
    code, out = await replay(
        CAST
        + "alex: /about\n"
        + 'expect dm alex "not a crisis service"\n'
        + "advance 1h\n"
        + 'expect dm alex "not a crisis service"\n'   # nothing new since line 5
    )
    assert code == EXIT_FAILED
    assert 'line 7: expect dm alex "not a crisis service"' in out
    assert "seen since line 5:" in out


async def test_an_ephemeral_answer_in_a_channel_is_in_that_channel_not_in_dm() -> None:
    code, out = await replay(
        CAST
        + "alex in #general: /about\n"
        + 'expect #general "not a crisis service"\n'
        + "expect no dm alex\n"
        + "expect no #peer-support\n"
    )
    assert code == EXIT_OK, out
    assert "#general (only alex sees)" in out


async def test_an_action_the_member_cannot_take_stops_the_script_with_exit_1() -> None:
    code, out = await replay(
        CAST + "alex: /about\n" + 'alex clicks "I\'ll be there"\n' + "alex: /about\n"
    )
    assert code == EXIT_FAILED
    assert "the script stopped at an action that could not be done" in out
    assert "line 5: alex clicks \"I'll be there\"" in out


async def test_restart_keeps_the_conversation_and_the_bot_answers_again() -> None:
    code, out = await replay(
        CAST + "alex: /about\nrestart\nalex: /about\nexpect 2 dm alex \"not a crisis service\"\n"
    )
    assert code == EXIT_OK, out
    assert "-- restart" in out
