"""A button that fails answers with the calm apology and the crisis lines of the
member's own region, as a slash command that fails does, never a region not theirs.
The real bot against the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "checkin_prompt.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
UK, AUSTRALIA, US = "116 123", "13 11 14", "988"


async def test_a_failed_button_names_the_lines_of_the_members_region(tmp_path: Path) -> None:
    sandbox = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START)
    )
    try:
        await load_program(sandbox, parse_program(PROGRAM), sandbox.clock.now())
        await sandbox.settle()

        async def broken(user_id: int, agree: bool) -> None:
            raise RuntimeError("the disk is full")

        sandbox.bot.privacy.choose = broken  # type: ignore[method-assign]
        for who, wanted, not_wanted in (("sam", UK, US), ("jordan", AUSTRALIA, US)):
            before = len(sandbox.events)
            await sandbox.click(who, "I agree")
            answers = [e.text for e in sandbox.events[before:] if e.where == f"dm:{who}"]
            assert any("something went wrong on our side" in t for t in answers), answers
            apology = next(t for t in answers if "something went wrong" in t)
            assert wanted in apology and not_wanted not in apology, apology
    finally:
        await sandbox.stop()
