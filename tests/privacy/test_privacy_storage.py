"""Storage hygiene: owner-only files for the database and its backups, and logs that never
carry check-in answers, notes, RSVP reasons or the token, through a realistic session."""

from __future__ import annotations

import logging
import os
import stat
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import configure_logging
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.ops.health import make_backup
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox

PROGRAM = (Path(__file__).parents[1] / "scripts" / "reminders_chicago.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
ALEX_REMINDER = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)  # 2h before group, 15:00 Chicago
ALEX_EVENING = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
NOTE = "Quarrelled with Morgan-7c41 about the rent"
REASON = "Dentist-2b9e appointment"
SCREEN = "Several days"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.asyncio
async def test_database_its_wal_and_backups_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask would give 0644 to anything created carelessly
    try:
        path = tmp_path / "data" / "companion.sqlite3"
        db = await Database.open(path)
        await migrate(db)
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO bot_state VALUES ('k', 'v')")
        backup = make_backup(path, tmp_path / "backups", date(2026, 12, 7), keep=3)
        await db.close()
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    for sidecar in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if sidecar.exists():
            assert _mode(sidecar) == 0o600, sidecar.name
    assert backup is not None and _mode(backup) == 0o600
    assert _mode(backup.parent) == 0o700


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_logs_never_carry_answers_notes_reasons_or_the_token(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The most verbose configuration a clinic can choose: LOG_LEVEL=DEBUG, as applied by
    # the bot's own logging set-up (which keeps third-party chatter at INFO or above).
    caplog.set_level(logging.DEBUG)
    for ours in ("bot", "cogs"):
        caplog.set_level(logging.DEBUG, logger=ours)
    noisy = ("discord", "apscheduler", "aiosqlite")
    levels = {name: logging.getLogger(name).level for name in noisy}
    for name in noisy:  # as in a fresh process, whatever earlier tests left behind
        logging.getLogger(name).setLevel(logging.NOTSET)
    configure_logging("DEBUG")
    clock = SimulatedClock(START)
    sandbox = await Sandbox.start(database_path=tmp_path / "companion.sqlite3", clock=clock)
    try:
        token = sandbox.server.state.token
        await load_program(sandbox, parse_program(PROGRAM), clock.now())
        await sandbox.settle()
        await sandbox.click("alex", "I agree")
        await sandbox.advance_to(ALEX_REMINDER)
        await sandbox.click("alex", "Can't make it")
        await sandbox.submit("alex", {"reason": REASON})
        await sandbox.advance_to(ALEX_EVENING)
        # A full check-in with a note, the weekly screen, a share and a facilitator view.
        await sandbox.select("alex", "3", "How is your mood right now?")
        await sandbox.select("alex", "8", "How strong is your craving right now?")
        await sandbox.select("alex", "Poor", "How did you sleep last night?")
        await sandbox.select("alex", "No", "Did you take your medication as prescribed?")
        await sandbox.click("alex", "Next questions")
        await sandbox.select("alex", "Yes", "Have you used since your last check-in?")
        await sandbox.click("alex", "Add a note")
        await sandbox.submit("alex", {"note": NOTE})
        await sandbox.click("alex", "Done")
        await sandbox.click("alex", "Share mood and note")
        await sandbox.slash("rivera", "/report participant member:alex", "facilitators")
        # Export and erasure, then a DM from someone who has not agreed (sam), a restart.
        await sandbox.slash("alex", "/mydata export")
        await sandbox.slash("alex", "/mydata delete")
        await sandbox.click("alex", "Delete everything")
        await sandbox.dm("sam", "can't come tomorrow, see you thursday")
        await sandbox.restart_bot()
        said = "\n".join(e.text for e in sandbox.events if e.where == "dm:alex")
        for step in ("you can't make", "Check-in saved", "Mood today", "Deleted:"):
            assert step in said, f"the session did not get as far as {step!r}"
    finally:
        await sandbox.stop()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    names = sorted({r.name for r in caplog.records})
    assert len(caplog.records) > 40, f"the session must have produced a realistic log: {names}"
    assert {"bot.checkins.prompts", "bot.privacy.service", "bot.reminders.service"} <= set(names)
    secret_part = token.rsplit(".", 1)[-1]
    for record in caplog.records:
        if record.name.startswith("bot.sandbox"):
            continue  # the simulated Discord server's own log, not the bot's
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        for secret in (NOTE, "Morgan-7c41", REASON, "Dentist-2b9e", secret_part):
            assert secret not in text, f"{record.name} logged {secret!r}: {text[:300]}"
        # Answers by question id, the way the check-in stores them.
        for answer in ('"mood": 3', "'mood': 3", '"craving": 8', "'craving': 8"):
            assert answer not in text, f"{record.name} logged an answer: {text[:300]}"
