"""The runner's window semantics and failure reports, over a stand-in sandbox.

The stand-in replies to each DM with an echo, so what is in which window is known. The
runner with the real bot is tested in test_runner_e2e.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.kernel.clock import SimulatedClock
from bot.sandbox.events import SandboxEvent
from bot.sandbox.runner import Runner
from bot.sandbox.script import parse_script

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@dataclass
class EchoSandbox:
    clock: SimulatedClock = field(default_factory=lambda: SimulatedClock(START))
    events: list[SandboxEvent] = field(default_factory=list)
    members: dict[str, str | None] = field(default_factory=dict)
    next_id: int = 1

    def _record(self, kind: str, actor: str, where: str, text: str) -> int:
        self.next_id += 1
        self.events.append(SandboxEvent(kind, self.clock.now(), actor, where, None, text,  # type: ignore[arg-type]
                                        message_id=self.next_id))
        return self.next_id

    def add_member(self, name: str, role: str | None = None, timezone: str | None = None) -> int:
        self.members[name] = role
        return len(self.members)

    def add_channel(self, name: str) -> int:
        return 1

    async def post(self, member: str, channel: str, content: str) -> int:
        return self._record("member_message", member, f"#{channel}", content)

    async def dm(self, member: str, content: str) -> int:
        sent = self._record("member_message", member, f"dm:{member}", content)
        self._record("message", "Companion", f"dm:{member}", f"echo: {content}")
        return sent

    async def open_thread(self, member: str, channel: str, name: str) -> int:
        return self._record("thread", member, f"#{channel}/{name}", name)

    async def slash(self, member: str, command_line: str, channel: str | None = None) -> None:
        self._record("message", "Companion", f"#{channel}" if channel else f"dm:{member}",
                     f"ran {command_line}")

    async def click(self, member: str, label: str) -> None:
        raise LookupError(f'no button labelled "{label}" on a message {member} can see')

    async def select(
        self, member: str, option: str, in_: str, more: tuple[str, ...] = ()
    ) -> None: ...
    async def submit(self, member: str, fields: dict[str, str]) -> None: ...

    async def advance(self, delta: timedelta) -> None:
        self.clock.advance(delta)
        self._record("message", "Companion", "dm:alex", "daily check-in")

    async def advance_to(self, instant: datetime) -> None:
        self.clock.set(instant)

    async def restart_bot(self) -> None: ...
    async def settle(self) -> None: ...


async def run(script: str) -> tuple[Runner, list[str]]:
    lines: list[str] = []
    runner = Runner(EchoSandbox(), emit=lines.append)
    await runner.run(parse_script(script))
    return runner, lines


@pytest.mark.asyncio
async def test_consecutive_expects_share_a_window_and_the_next_run_starts_after_it() -> None:
    runner, _ = await run(
        "member alex participant\n"
        "alex: one\n"
        'expect dm alex "echo: one"\n'
        'expect 1 dm alex "echo"\n'     # same window as the line above: still one echo
        "alex: two\n"
        'expect 1 dm alex "echo"\n'     # a new window: only the second echo
        'expect no dm alex "one"\n'
    )
    assert runner.result.failures == []
    assert runner.result.checked == 4
    assert runner.result.exit_code == 0


@pytest.mark.asyncio
async def test_a_failed_expect_reports_its_line_and_what_its_window_held() -> None:
    runner, lines = await run(
        "member alex participant\n"
        "alex: one\n"
        'expect dm alex "one"\n'
        "alex: two\n"
        "advance 1h\n"
        'expect dm alex "one"\n'
        'expect dm alex "check-in"\n'
    )
    (failure,) = runner.result.failures
    assert runner.result.exit_code == 1
    assert failure.line == 6
    report = failure.report("UTC")
    assert report.splitlines()[:3] == [
        'line 6: expect dm alex "one"',
        '  failed: no DM to alex containing "one" (the bot sent 2 there)',
        "  seen since line 3:",
    ]
    assert "dm:alex  alex: two" in report
    assert "dm:alex  Companion: daily check-in" in report
    assert any(line.endswith('FAIL line 6: expect dm alex "one": no DM to alex containing '
                             '"one" (the bot sent 2 there)') for line in lines)


@pytest.mark.asyncio
async def test_an_action_that_cannot_be_done_stops_the_script_and_fails_it() -> None:
    runner, _ = await run(
        "member alex participant\n"
        "alex: hi\n"
        'alex clicks "I\'ll be there"\n'
        "alex: never sent\n"
        'expect dm alex "never"\n'
    )
    (failure,) = runner.result.failures
    assert (failure.line, failure.source) == (3, 'alex clicks "I\'ll be there"')
    assert "LookupError: no button labelled" in failure.detail
    assert runner.result.stopped
    assert runner.result.checked == 0
    assert "since the start" in failure.report("UTC")


@pytest.mark.asyncio
async def test_the_transcript_shows_members_the_bot_and_the_runners_notes_in_order() -> None:
    _, lines = await run(
        "member alex participant America/Chicago\n"
        "alex: /about\n"
        "advance 2h\n"
        'expect dm alex "check-in"\n'
    )
    assert lines == [
        "=== Monday 2026-12-07 (UTC) ===",
        "14:00:00  -- alex joins as participant (America/Chicago)",
        "14:00:00  -- alex runs /about (in DM)",
        "14:00:00  dm:alex  Companion: ran /about",
        "14:00:00  -- advance 2h",
        "16:00:00  dm:alex  Companion: daily check-in",
        '16:00:00  ok line 4: expect dm alex "check-in" (1 × DM to alex containing "check-in")',
    ]
