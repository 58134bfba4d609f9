"""The console: a person types script lines as a demo member and sees the bot answer."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox.console import run_console
from bot.sandbox.demo import DEMO_MEMBERS

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


async def session(*lines: str) -> str:
    out = io.StringIO()
    code = await run_console(lines=lines, out=out, start=START)
    assert code == 0
    return out.getvalue()


@pytest.mark.asyncio
async def test_the_demo_cast_is_there_and_about_is_answered_in_the_members_dm() -> None:
    out = await session("alex: /about", 'expect dm alex "not a crisis service"')
    for member in DEMO_MEMBERS:
        assert f"-- {member.name} joins as" in out
    assert "-- alex runs /about (in DM)" in out
    assert 'ok line 2: expect dm alex "not a crisis service"' in out
    assert out.rstrip().endswith("Bye.")


@pytest.mark.asyncio
async def test_mistakes_are_explained_and_the_session_goes_on() -> None:
    out = await session(
        "member sky facilitater",
        "nobody: hi",
        "clock 2027-01-01 09:00",
        "alex clicks \"I'll be there\"",
        "help",
        "members",
        "alex in #general: /about",
        "quit",
        "alex: /about",  # never reached: quit ends the session
    )
    assert '?? unknown role "facilitater" (participant, facilitator or peer)' in out
    assert "?? unknown member nobody" in out
    assert "The console's clock is already running" in out
    assert "FAIL line 4: alex clicks \"I'll be there\"" in out
    assert "Console commands: help, members (who is here, their role and zone), quit" in out
    assert "  rivera: facilitator" in out
    # members: each one's role and zone, as the demo program gives them
    assert "  alex: participant, America/Chicago\n" in out
    assert "  riley: participant, Australia/Sydney\n" in out
    assert "  robin: peer, America/New_York\n" in out
    assert "#general (only alex sees)" in out
    assert out.count("runs /about") == 1


@pytest.mark.asyncio
async def test_time_moves_only_when_told_and_is_shown_in_the_programs_zone() -> None:
    out = await session("advance 1d", "alex: /about")
    assert "=== Monday 2026-12-07 (America/New_York) ===" in out
    assert "=== Tuesday 2026-12-08 (America/New_York) ===" in out
    assert "09:00:00  -- alex runs /about (in DM)" in out


def test_piped_input_is_read_until_it_ends(tmp_path: Path) -> None:
    env = {**os.environ, "DISCORD_TOKEN": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "--database", str(tmp_path / "x.sqlite3")],
        input="alex: /about\nexpect dm alex \"not a crisis service\"\n",
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert 'ok line 2: expect dm alex "not a crisis service"' in done.stdout
    assert done.stdout.rstrip().endswith("Bye.")
