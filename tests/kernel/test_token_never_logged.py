"""The bot's token never reaches the logs, whatever the level, even while things fail."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox
from bot.sandbox.faults import FaultPlan

pytestmark = pytest.mark.e2e


@pytest.mark.asyncio
async def test_token_is_absent_from_every_log_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = await Sandbox.start(
        database_path=tmp_path / "db.sqlite3",
        clock=SimulatedClock(datetime(2026, 12, 7, 14, 0, tzinfo=UTC)),
        # Errors and retries are where tokens tend to leak (a failed request logged whole).
        faults=FaultPlan(seed=3, rate_5xx=0.2),
    )
    try:
        token = sandbox.server.state.token
        secret_part = token.rsplit(".", 1)[-1]
        sandbox.add_member("alex", "participant", "America/Chicago")
        await sandbox.slash("alex", "/about")
        await sandbox.server.gateway.drop()  # a reconnect re-sends IDENTIFY with the token
        await sandbox.settle()
        await sandbox.restart_bot()
        await sandbox.slash("alex", "/about")
    finally:
        await sandbox.stop()
    assert len(caplog.records) > 50, "the test must have produced a realistic log"
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert secret_part not in text, f"token leaked in {record.name}: {text[:200]}"
