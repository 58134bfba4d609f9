"""Health: the heartbeat line, daily online backups and their rotation."""

from __future__ import annotations

import logging
import sqlite3
import stat
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.scheduling import ClockedScheduler
from bot.ops.health import (
    BACKUP_JOB_PREFIX,
    HEARTBEAT_JOB,
    HealthService,
    HealthSettings,
    backups_in,
    load_health_settings,
    make_backup,
)

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def scheduler() -> AsyncIterator[ClockedScheduler]:
    clock = SimulatedClock(START)
    running = ClockedScheduler(clock)
    running.start(paused=True)  # jobs are inspected here, not run by the scheduler
    yield running
    running.shutdown(wait=False)


def service(db: Database, scheduler: ClockedScheduler, tmp_path: Path,
            **settings: object) -> HealthService:
    options: dict[str, object] = {"backup_dir": tmp_path / "backups"}
    options.update(settings)
    return HealthService(db, scheduler, scheduler.clock, lambda: 0.0421,
                         HealthSettings(**options))  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_the_heartbeat_logs_latency_jobs_last_reminder_and_size(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sent = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    assert await deliveries.claim(db, "reminder:x", "reminder", None, sent, sent)
    await deliveries.settle(db, "reminder:x", "sent", sent)
    health = service(db, scheduler, tmp_path)
    health.start()

    with caplog.at_level(logging.INFO, logger="bot.ops.health"):
        await health.heartbeat()

    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("heartbeat:")]
    assert len(lines) == 1
    line = lines[0]
    assert "gateway latency 42 ms" in line
    assert "2 scheduled jobs" in line  # the next heartbeat and the next backup
    assert f"last reminder sent {sent.isoformat()}" in line
    assert " KB" in line or " MB" in line
    job = scheduler.get_job(HEARTBEAT_JOB)
    assert job is not None and job.trigger.run_date == START + timedelta(minutes=5)


@pytest.mark.asyncio
async def test_a_heartbeat_before_any_reminder_or_connection_says_so(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path
) -> None:
    health = HealthService(db, scheduler, scheduler.clock, lambda: float("nan"),
                           HealthSettings(backup_dir=tmp_path))
    line = await health.heartbeat_line()
    assert "gateway latency n/a" in line and "last reminder sent never" in line


def write_rows(path: Path, value: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES (?)", (value,))
    conn.close()


def test_backups_rotate_keeping_the_newest(tmp_path: Path) -> None:
    source = tmp_path / "companion.sqlite3"
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    first = date(2026, 12, 1)
    for offset in range(9):
        write_rows(source, f"day {offset}")
        assert make_backup(source, folder, first + timedelta(days=offset), keep=7) is not None

    kept = [p.name for p in backups_in(folder)]
    assert kept == [f"companion-2026-12-{day:02d}.sqlite3" for day in range(3, 10)]
    assert (folder / "notes.txt").exists(), "files that are not backups are left alone"
    newest = sqlite3.connect(folder / "companion-2026-12-09.sqlite3")
    try:
        assert newest.execute("SELECT count(*) FROM notes").fetchone()[0] == 9
    finally:
        newest.close()
    assert stat.S_IMODE((folder / kept[-1]).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_second_backup_on_the_same_day_keeps_the_first(tmp_path: Path) -> None:
    source = tmp_path / "companion.sqlite3"
    write_rows(source, "morning")
    folder = tmp_path / "backups"
    day = date(2026, 12, 7)
    assert make_backup(source, folder, day, keep=3) is not None
    write_rows(source, "evening")
    assert make_backup(source, folder, day, keep=3) is None
    assert len(backups_in(folder)) == 1


@pytest.mark.asyncio
async def test_the_daily_backup_copies_the_open_database_and_schedules_the_next(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO members (user_id, display_name, created_at) VALUES (?, ?, ?)",
            (1, "alex", START.isoformat()),
        )
    health = service(db, scheduler, tmp_path, backups_kept=2)
    day = START.date()

    made = await health.backup(day)

    assert made is not None and made.name == "companion-2026-12-07.sqlite3"
    copy = sqlite3.connect(made)
    try:
        assert copy.execute("SELECT display_name FROM members").fetchall() == [("alex",)]
    finally:
        copy.close()
    following = scheduler.get_job(f"{BACKUP_JOB_PREFIX}2026-12-08")
    assert following is not None
    assert following.trigger.run_date == datetime(2026, 12, 8, 3, 30, tzinfo=UTC)


@pytest.mark.asyncio
async def test_a_backup_missed_today_is_made_at_start(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path
) -> None:
    # 14:00 UTC, past the 03:30 backup time, and no backup for today yet.
    service(db, scheduler, tmp_path).start()
    job = scheduler.get_job(f"{BACKUP_JOB_PREFIX}2026-12-07")
    assert job is not None and job.trigger.run_date == START


@pytest.mark.asyncio
async def test_with_todays_backup_made_the_next_is_tomorrow(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path
) -> None:
    health = service(db, scheduler, tmp_path, backup_at=time(2, 0))
    await health.backup(START.date())
    health.stop()
    health.start()
    assert scheduler.get_job(f"{BACKUP_JOB_PREFIX}2026-12-07") is None
    job = scheduler.get_job(f"{BACKUP_JOB_PREFIX}2026-12-08")
    assert job is not None and job.trigger.run_date == datetime(2026, 12, 8, 2, 0, tzinfo=UTC)


@pytest.mark.asyncio
async def test_zero_turns_heartbeat_and_backups_off(
    db: Database, scheduler: ClockedScheduler, tmp_path: Path
) -> None:
    service(db, scheduler, tmp_path, heartbeat=timedelta(0), backups_kept=0).start()
    assert scheduler.get_jobs() == []


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_health_settings(
        {"HEARTBEAT_MINUTES": "2", "BACKUP_DIR": str(tmp_path / "b"), "BACKUPS_KEPT": "30",
         "BACKUP_TIME": "01:15"},
        database_path=tmp_path / "db.sqlite3",
    )
    assert settings == HealthSettings(timedelta(minutes=2), tmp_path / "b", 30, time(1, 15))
    assert load_health_settings({}, database_path=tmp_path / "x" / "db.sqlite3").backup_dir == (
        tmp_path / "x" / "backups"
    )


def test_a_bad_setting_is_logged_and_its_default_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.ops.health"):
        settings = load_health_settings({"BACKUPS_KEPT": "seven", "BACKUP_TIME": "25:99"},
                                        database_path=tmp_path / "db.sqlite3")
    assert settings.backups_kept == 7 and settings.backup_at == time(3, 30)
    text = caplog.text
    assert "BACKUPS_KEPT must be a whole number" in text and "BACKUP_TIME must be" in text
