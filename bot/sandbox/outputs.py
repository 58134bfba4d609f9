"""Where a sandbox run keeps what it makes: its database, the files the bot sends, its log.

All three sit side by side: ``--database runs/demo.sqlite3`` gives ``runs/demo-files/``
and ``runs/demo.log``. Without ``--database`` the command line makes a new folder for
them under the system's temporary folder and keeps it, so the chart the bot sent can
still be opened after the run.

A sandbox run starts from an empty database, so a script gives the same result every
time it runs. A database the sandbox made (it marks each one) is therefore replaced, with
the files of that run; any other file at the path is refused: the sandbox never
overwrites data it did not create, such as a program's real database.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

# Marks a database the sandbox made (a key in bot_state), so a later run may replace it.
SANDBOX_MARK = "sandbox.database"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
SHORT_LIMIT = 160  # characters of an error's one line on the terminal


class DatabaseRefused(Exception):
    """The path holds a file the sandbox did not make; the message says what to do."""


@dataclass(frozen=True)
class RunOutputs:
    database: Path
    files: Path
    log: Path

    @classmethod
    def beside(cls, database: Path) -> RunOutputs:
        stem = Path(database.name).stem or "sandbox"
        log = database.with_name(f"{stem}.log")
        if log == database:
            log = database.with_name(f"{database.name}.log")
        return cls(database, database.with_name(f"{stem}-files"), log)

    @classmethod
    def plan(cls, database: Path | None) -> RunOutputs:
        """Beside the database given, else in a new folder that outlives the run."""
        if database is not None:
            return cls.beside(database)
        folder = Path(tempfile.mkdtemp(prefix="companion-sandbox-"))
        return cls.beside(folder / "sandbox.sqlite3")

    def announce(self, out: TextIO) -> None:
        print(f"Sandbox database: {self.database}", file=out)
        print(f"Log: {self.log} (only errors are shown here, in one line each)", file=out)
        print(f"Files the bot sends are saved in: {self.files}", file=out, flush=True)


def is_sandbox_database(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM bot_state WHERE key = ?",
                               (SANDBOX_MARK,)).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def check_database(path: Path) -> None:
    """Raise ``DatabaseRefused`` when ``path`` holds something the sandbox did not make."""
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder: give --database a file name")
    if path.exists() and path.stat().st_size and not is_sandbox_database(path):
        raise DatabaseRefused(
            f"{path} is not a database the sandbox made, so the sandbox will not touch it: "
            "give --database a new file name"
        )


def prepare_database(path: Path) -> bool:
    """Make ``path`` ready for a fresh run; True when an earlier run's data was removed.

    Raises ``DatabaseRefused`` when a file there is not a database the sandbox made.
    """
    check_database(path)
    if not path.exists():
        return False
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm",
                                                                      "-journal"))):
        leftover.unlink(missing_ok=True)
    files = RunOutputs.beside(path).files
    if files.is_dir():
        shutil.rmtree(files)
    return True


class OneLine(logging.Formatter):
    """An error as one short line; the whole record, traceback included, is in the log."""

    def __init__(self, log_path: Path) -> None:
        super().__init__()
        self.log_path = log_path

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage().splitlines()[0] if record.getMessage() else ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f": {type(error).__name__}: {error}".splitlines()[0]
        if len(text) > SHORT_LIMIT:
            text = text[: SHORT_LIMIT - 1] + "…"
        return f"error: {text} (details in {self.log_path})"


@contextmanager
def logs_to_file(path: Path, stream: TextIO | None = None) -> Iterator[None]:
    """Send every log record to ``path`` and only errors, one line each, to ``stream``."""
    root = logging.getLogger()
    saved = root.handlers[:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # the log names members by id: only its owner reads it
    to_file = logging.FileHandler(path, mode="w", encoding="utf-8")
    to_file.setFormatter(logging.Formatter(LOG_FORMAT))
    short = logging.StreamHandler(stream or sys.stderr)
    short.setLevel(logging.ERROR)
    short.setFormatter(OneLine(path))
    for handler in saved:
        root.removeHandler(handler)
    root.addHandler(to_file)
    root.addHandler(short)
    try:
        yield
    finally:
        root.removeHandler(to_file)
        root.removeHandler(short)
        to_file.close()
        for handler in saved:
            root.addHandler(handler)
