"""Health: a heartbeat line in the log every few minutes, and a daily online backup of
the database that keeps the last N.

Both are scheduler jobs with stable ids (``health:heartbeat``, ``health:backup:<date>``)
that schedule their own next run, like every recurring job in Companion. Settings come
from the environment (listed in the README); a bad value is logged and its default
used, because a typo in a backup setting must not keep the program's bot offline.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.scheduling import ClockedScheduler
from bot.ops.dbtools import DbToolError, run_backup

log = logging.getLogger(__name__)

HEARTBEAT_JOB = "health:heartbeat"
BACKUP_JOB_PREFIX = "health:backup:"
BACKUP_NAME = re.compile(r"^companion-(\d{4}-\d{2}-\d{2})\.sqlite3$")


@dataclass(frozen=True)
class HealthSettings:
    heartbeat: timedelta = timedelta(minutes=5)  # zero: no heartbeat
    backup_dir: Path = Path("data/backups")
    backups_kept: int = 7  # zero: no backups
    backup_at: time = time(3, 30)  # UTC


def load_health_settings(
    env: Mapping[str, str] | None = None, *, database_path: Path | None = None
) -> HealthSettings:
    """HEARTBEAT_MINUTES, BACKUP_DIR, BACKUPS_KEPT, BACKUP_TIME (HH:MM, UTC)."""
    env = os.environ if env is None else env
    defaults = HealthSettings()
    # Beside the database by default, so a sandbox or test database keeps its own.
    folder = database_path.parent / "backups" if database_path else defaults.backup_dir
    raw_dir = env.get("BACKUP_DIR", "").strip()
    return HealthSettings(
        heartbeat=timedelta(
            minutes=_number(env, "HEARTBEAT_MINUTES", defaults.heartbeat.seconds // 60)
        ),
        backup_dir=Path(raw_dir) if raw_dir else folder,
        backups_kept=_number(env, "BACKUPS_KEPT", defaults.backups_kept),
        backup_at=_time_of_day(env, "BACKUP_TIME", defaults.backup_at),
    )


def _number(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    if raw.isascii() and raw.isdigit() and int(raw) <= 10_000:  # not "²", which int() refuses
        return int(raw)
    log.error("%s must be a whole number (0 turns it off), got %r: using %d", key, raw, default)
    return default


def _time_of_day(env: Mapping[str, str], key: str, default: time) -> time:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        log.error("%s must be a time of day in UTC like 03:30, got %r: using %s",
                  key, raw, default.strftime("%H:%M"))
        return default


# ---- backups ----------------------------------------------------------------------------
def backup_path(folder: Path, day: date) -> Path:
    return folder / f"companion-{day.isoformat()}.sqlite3"


def backups_in(folder: Path) -> list[Path]:
    """Companion's backups in ``folder``, oldest first; other files are not ours."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and BACKUP_NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return the deleted files."""
    backups = backups_in(folder)
    old = backups[: max(0, len(backups) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def make_backup(database: Path, folder: Path, day: date, keep: int) -> Path | None:
    """Back up with SQLite's online backup API (consistent while the bot writes) into an
    owner-only file, then rotate. None when the day's backup already exists."""
    target = backup_path(folder, day)
    if target.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    run_backup(database, target)
    for path in rotate(folder, keep):
        log.info("backup: removed the old backup %s", path.name)
    return target


def next_backup_at(now: datetime, at: time) -> datetime:
    """The next instant at ``at`` (UTC) that is not before ``now``."""
    today = datetime.combine(now.astimezone(UTC).date(), at, UTC)
    return today if today >= now else today + timedelta(days=1)


# ---- the heartbeat ----------------------------------------------------------------------
def database_size(path: Path) -> int:
    """The database with its write-ahead log: what a backup or the disk has to hold."""
    total = 0
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            total += candidate.stat().st_size
        except OSError:
            pass
    return total


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def format_latency(seconds: float) -> str:
    # discord.py reports nan (or inf) until the first heartbeat acknowledgement.
    return "n/a" if not math.isfinite(seconds) else f"{seconds * 1000:.0f} ms"


class HealthService:
    def __init__(
        self,
        db: Database,
        scheduler: ClockedScheduler,
        clock: Clock,
        latency: Callable[[], float],
        settings: HealthSettings,
    ) -> None:
        self.db = db
        self.scheduler = scheduler
        self.clock = clock
        self.latency = latency
        self.settings = settings

    def start(self) -> None:
        now = self.clock.now()
        if self.settings.heartbeat > timedelta(0):
            self.scheduler.schedule_at(HEARTBEAT_JOB, now + self.settings.heartbeat,
                                       self.heartbeat)
        if self.settings.backups_kept > 0:
            today = now.astimezone(UTC).date()
            today_at = datetime.combine(today, self.settings.backup_at, UTC)
            if now >= today_at and not backup_path(self.settings.backup_dir, today).exists():
                # Down at backup time today: catch up now rather than wait a whole day.
                self._schedule_backup(now, today)
            else:
                due = next_backup_at(now, self.settings.backup_at)
                self._schedule_backup(due, due.date())

    def stop(self) -> None:
        self.scheduler.remove_jobs_with_prefix("health:")

    def _schedule_backup(self, when: datetime, day: date) -> None:
        self.scheduler.schedule_at(f"{BACKUP_JOB_PREFIX}{day.isoformat()}", when,
                                   self.backup, day)

    async def heartbeat_line(self) -> str:
        last = await deliveries.last_sent_at(self.db, "reminder")
        jobs = len(self.scheduler.get_jobs())
        return (
            f"heartbeat: gateway latency {format_latency(self.latency())}, "
            f"{jobs} scheduled jobs, last reminder sent {last or 'never'}, "
            f"database {human_size(database_size(self.db.path))}"
        )

    async def heartbeat(self) -> None:
        try:
            log.info("%s", await self.heartbeat_line())
        finally:
            # Schedule the next one even if this one failed: a silent heartbeat is the
            # very thing it exists to reveal.
            self.scheduler.schedule_at(
                HEARTBEAT_JOB, self.clock.now() + self.settings.heartbeat, self.heartbeat
            )

    async def backup(self, day: date) -> Path | None:
        settings = self.settings
        try:
            made = await asyncio.to_thread(
                make_backup, self.db.path, settings.backup_dir, day, settings.backups_kept
            )
        except (DbToolError, OSError) as exc:
            log.error("backup of %s for %s failed: %s", self.db.path, day, exc)
            made = None
        else:
            if made is None:
                log.info("backup: %s already exists", backup_path(settings.backup_dir, day))
            else:
                log.info("backup: wrote %s (%s)", made, human_size(made.stat().st_size))
        finally:
            following = day + timedelta(days=1)
            self._schedule_backup(datetime.combine(following, settings.backup_at, UTC), following)
        return made
