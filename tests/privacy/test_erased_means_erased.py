"""Erased means erased: after /mydata delete, the participant's note, medication name and
crisis text are in neither the database file nor its WAL, and no log line at INFO (or
above) named them. The real bot, against the sandbox."""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import configure_logging
from bot.program.domain.program_file import parse_program
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.ratelimit import RateLimitPolicy

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "family_sessions.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
NOTE = "Argued with Quill-5d2e over the car keys"
DRUG = "Naltrexone-8b1f"
CRISIS = "I have the pills lined up and I want to die tonight, Wren-3c9a knows"
NAME = "alex"


def _their_text(data: bytes) -> list[str]:
    return [s for s in (NOTE, DRUG, CRISIS, "Quill-5d2e", "Naltrexone", "Wren-3c9a")
            if s.encode() in data]


async def test_erased_text_is_in_neither_the_database_file_nor_the_wal_nor_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Logging as the bot sets it up at LOG_LEVEL=INFO (APScheduler's own job lines, which
    # carry job ids, stay at WARNING and above), as in a fresh process.
    noisy = ("discord", "apscheduler", "aiosqlite")
    levels = {name: logging.getLogger(name).level for name in noisy}
    for name in noisy:
        logging.getLogger(name).setLevel(logging.NOTSET)
    configure_logging("INFO")
    caplog.set_level(logging.INFO)
    for ours in ("bot", "cogs"):
        caplog.set_level(logging.INFO, logger=ours)
    path = tmp_path / "companion.sqlite3"
    sandbox = await Sandbox.start(
        database_path=path, clock=SimulatedClock(START),
        ratelimits=RateLimitPolicy(scale=0.05),
    )
    try:
        await load_program(sandbox, parse_program(PROGRAM), sandbox.clock.now())
        sandbox.add_member("casey", "peer", "America/New_York")
        await sandbox.settle()
        await sandbox.click(NAME, "I agree")
        await sandbox.slash(NAME, f"/medication add time:09:00 name:{DRUG}")
        await sandbox.advance(timedelta(hours=1))  # the medication reminder is sent
        await sandbox.slash(
            "rivera", f"/family-link add member:casey participant:{NAME}", channel="facilitators"
        )
        await sandbox.click(NAME, "Yes, link them")
        await sandbox.slash(NAME, "/checkin")
        await sandbox.select(NAME, "3", "How is your mood right now?")
        await sandbox.select(NAME, "8", "How strong is your craving right now?")
        await sandbox.select(NAME, "Poor", "How did you sleep last night?")
        await sandbox.select(NAME, "No", "Did you take your medication as prescribed?")
        await sandbox.click(NAME, "Next questions")
        await sandbox.select(NAME, "Yes", "Have you used since your last check-in?")
        await sandbox.click(NAME, "Add a note")
        await sandbox.submit(NAME, {"note": NOTE})
        await sandbox.click(NAME, "Done")
        await sandbox.dm(NAME, CRISIS)
        await sandbox.click("rivera", "I'm on it")  # an open alert would hold the erasure
        await sandbox.slash("rivera", f"/graduate member:{NAME}", channel="facilitators")
        await sandbox.advance(timedelta(days=2))  # reminders, prompts, skipped ones
        said = "\n".join(e.text for e in sandbox.events if e.where == f"dm:{NAME}")
        for step in ("Check-in saved", "988"):
            assert step in said, f"the session did not get as far as {step!r}"
        before = path.read_bytes() + path.with_name(path.name + "-wal").read_bytes()
        assert _their_text(before), "the test must put their text on disk first"

        await sandbox.slash(NAME, "/mydata delete")
        await sandbox.click(NAME, "Delete everything")
        assert "Deleted:" in [e.text for e in sandbox.events if e.where == f"dm:{NAME}"][-1]

        # While the bot still runs, as a copy of the files would find them.
        wal = path.with_name(path.name + "-wal")
        found = {"database file": _their_text(path.read_bytes())}
        if wal.exists():
            found["WAL"] = _their_text(wal.read_bytes())
        assert not any(found.values()), found
    finally:
        await sandbox.stop()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert len(caplog.records) > 20, "the session must have produced a realistic log"
    for record in caplog.records:
        if record.name.startswith("bot.sandbox") or record.levelno < logging.INFO:
            continue  # the simulated Discord server's own log
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        assert not _their_text(text.encode()), f"{record.name} logged: {text[:300]}"
        assert f"{NAME}:" not in text and f" {NAME} " not in f" {text} ", (
            f"{record.name} named the participant: {text[:300]}"
        )
