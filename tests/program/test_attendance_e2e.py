"""Attendance through the real bot: the session list offers the sessions that have
started (most recent first, then the coming week's), narrowed by what is typed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.program.domain.program_file import parse_program
from bot.sandbox.driver import Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
THURSDAY_NIGHT = datetime(2026, 12, 11, 2, 30, tzinfo=UTC)  # Thursday 21:30 New York


async def test_the_session_list_starts_with_the_most_recent_sessions(sandbox: Sandbox) -> None:
    for name in ("alex", "sam", "jordan"):
        sandbox.add_member(name, "participant", "America/Chicago")
    sandbox.add_member("rivera", "facilitator")
    await sandbox.settle()
    await sandbox.bot.programs.import_program(parse_program(DEMO.read_text()), sandbox.clock.now())
    await sandbox.advance_to(THURSDAY_NIGHT)

    choices = await sandbox.autocomplete(
        "rivera", "/attendance take session:", "session", channel="facilitators"
    )
    values = [c["value"] for c in choices]
    assert values[:3] == [
        "evening.process-group:2026-12-10",
        "evening.process-group:2026-12-09",
        "evening.life-skills:2026-12-08",
    ]
    assert "evening.process-group:2026-12-07" in values  # three days ago
    typed = await sandbox.autocomplete(
        "rivera", "/attendance take session:Mon 07", "session", channel="facilitators"
    )
    assert [c["value"] for c in typed] == ["evening.process-group:2026-12-07"]
