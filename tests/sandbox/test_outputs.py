"""A clean transcript: logs go to a file beside the run's database, the terminal gets an
error as one short line, and files the bot sends are saved in the run's folder."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox.events import FileSaver
from bot.sandbox.outputs import RunOutputs, logs_to_file

ROOT = Path(__file__).resolve().parents[2]


def test_the_runs_outputs_sit_beside_its_database(tmp_path: Path) -> None:
    outputs = RunOutputs.plan(tmp_path / "runs" / "demo.sqlite3")
    assert outputs.files == tmp_path / "runs" / "demo-files"
    assert outputs.log == tmp_path / "runs" / "demo.log"


def test_without_a_database_a_new_folder_outlives_the_run() -> None:
    outputs = RunOutputs.plan(None)
    try:
        assert outputs.database.parent.is_dir()
        assert outputs.database.parent.name.startswith("companion-sandbox-")
        assert outputs.log.parent == outputs.files.parent == outputs.database.parent
    finally:
        outputs.database.parent.rmdir()


def test_logs_go_to_the_file_and_only_errors_reach_the_terminal_in_one_line(
    tmp_path: Path,
) -> None:
    log_file = tmp_path / "run.log"
    terminal = io.StringIO()
    logger = logging.getLogger("bot.crisis.service")
    level = logging.getLogger().level
    logging.getLogger().setLevel(logging.INFO)
    try:
        with logs_to_file(log_file, terminal):
            logger.info("crisis alert 1: user 1579 wrote words of crisis")
            logger.warning("could not DM user 1579")
            try:
                raise OSError("disk full")
            except OSError:
                logger.exception("could not save the check-in\nsecond line")
    finally:
        logging.getLogger().setLevel(level)
    assert terminal.getvalue() == (
        f"error: could not save the check-in: OSError: disk full (details in {log_file})\n"
    )
    written = log_file.read_text(encoding="utf-8")
    assert "crisis alert 1" in written and "could not DM user 1579" in written
    assert "Traceback (most recent call last)" in written
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"


def test_a_file_is_saved_once_per_name_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    saver = FileSaver(tmp_path / "files")
    first = saver.save("progress.png", b"one")
    second = saver.save("progress.png", b"two")
    sneaky = saver.save("../../escape.csv", b"three")
    assert (first.name, second.name) == ("progress.png", "progress-2.png")
    assert second.read_bytes() == b"two"
    assert sneaky.parent == tmp_path / "files"
    assert oct(first.stat().st_mode & 0o777) == "0o600"


@pytest.mark.e2e
def test_a_script_run_prints_where_its_log_and_files_are_and_keeps_the_transcript_clean(
    tmp_path: Path,
) -> None:
    script = tmp_path / "about.script"
    script.write_text('member alex participant\nalex: /about\nexpect dm alex "Companion"\n',
                      encoding="utf-8")
    database = tmp_path / "run.sqlite3"
    env = {**os.environ, "DISCORD_TOKEN": "", "LOG_LEVEL": "INFO"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "--script", str(script), "--database",
         str(database)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        f"Sandbox database: {database}",
        f"Log: {tmp_path / 'run.log'} (only errors are shown here, in one line each)",
        f"Files the bot sends are saved in: {tmp_path / 'run-files'}",
    ]
    # INFO and WARNING lines went to the log; an error is one line pointing at it.
    for line in done.stderr.splitlines():
        assert line.startswith("error: ") and line.endswith(f"(details in {tmp_path / 'run.log'})")
    assert not any(" INFO " in line or " WARNING " in line for line in lines)
    assert " INFO " in (tmp_path / "run.log").read_text(encoding="utf-8")
