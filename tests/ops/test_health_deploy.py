"""Running unattended: the systemd unit, and health jobs only on real time."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "companion.service"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT, encoding="utf-8")
    return parser


def test_the_service_restarts_on_failure_and_runs_the_bot() -> None:
    service = unit()["Service"]
    assert service["Restart"] == "on-failure"
    assert service["ExecStart"].endswith("/.venv/bin/python -m bot run")
    assert service["KillSignal"] == "SIGTERM", "close() runs on SIGTERM"
    assert service["ReadWritePaths"] == f"{service['WorkingDirectory']}/data"
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
def test_systemd_accepts_the_unit() -> None:
    done = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True,
                          text=True, timeout=60, check=False)
    # The unit names the installed path; here the interpreter is not there, which is fine.
    complaints = [line for line in (done.stdout + done.stderr).splitlines()
                  if line.strip() and "is not executable" not in line]
    assert complaints == []


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_simulated_time_schedules_no_heartbeat_or_backup(tmp_path: Path) -> None:
    # A heartbeat every five simulated minutes would make `advance 1w` fire 2,016 jobs.
    sandbox = await Sandbox.start(database_path=tmp_path / "companion.sqlite3",
                                  clock=SimulatedClock(datetime(2026, 12, 7, 14, tzinfo=UTC)))
    try:
        scheduler = sandbox.bot.scheduler  # type: ignore[attr-defined]
        assert sandbox.bot.get_cog("Health") is not None
        assert not [job.id for job in scheduler.get_jobs() if job.id.startswith("health:")]
        assert not (tmp_path / "backups").exists()
    finally:
        await sandbox.stop()


def test_the_service_never_gives_up_during_an_outage_but_stops_on_a_wrong_token() -> None:
    # The bot waits out an outage itself (bot.kernel.discord_login), so every exit is a
    # crash worth restarting, except status 2 (a refused token or a bad setting).
    units = unit()
    assert units["Unit"]["StartLimitIntervalSec"] == "0", "restarts never stop"
    assert "StartLimitBurst" not in units["Unit"]
    assert units["Service"]["RestartPreventExitStatus"] == "2"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "cannot reach Discord: name resolution failed; retrying in" in readme
    assert "does not\nrestart it after exit status 2" in readme
