"""The command line, run as a user would: ``python -m bot ...`` in a subprocess."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "GUILD_", "DATABASE_", "LOG_"))
    }
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["run", "--help"],
        ["sandbox", "--help"],
        ["db", "--help"],
        ["db", "backup", "--help"],
        ["db", "check", "--help"],
        ["db", "migrate", "--help"],
        ["moderate", "--help"],
    ],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0
    assert "usage: python -m bot" in result.stdout


def test_bad_configuration_gets_one_line_per_problem(tmp_path: Path) -> None:
    result = run_cli("db", "check", env={"GUILD_ID": "nope", "LOG_LEVEL": "LOUD"}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith("configuration: ") for line in lines)


def test_migrate_backup_and_check(tmp_path: Path) -> None:
    db_path = tmp_path / "companion.sqlite3"
    env = {"DATABASE_PATH": str(db_path)}
    migrated = run_cli("db", "migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "migrated to schema version" in migrated.stdout
    again = run_cli("db", "migrate", env=env, cwd=tmp_path)
    assert "already at schema version" in again.stdout

    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO members (user_id, display_name, created_at) VALUES (42, 'alex', 'now')"
        )
    backup_path = tmp_path / "backup.sqlite3"
    backed_up = run_cli("db", "backup", str(backup_path), env=env, cwd=tmp_path)
    assert backed_up.returncode == 0, backed_up.stderr
    assert oct(backup_path.stat().st_mode & 0o777) == "0o600"

    checked = run_cli("db", "check", env={"DATABASE_PATH": str(backup_path)}, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "integrity ok" in checked.stdout and "(current)" in checked.stdout
    with sqlite3.connect(backup_path) as conn:
        assert conn.execute("SELECT display_name FROM members").fetchall() == [("alex",)]

    refused = run_cli("db", "backup", str(backup_path), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "already exists" in refused.stderr


def test_check_reports_a_database_behind_the_code(tmp_path: Path) -> None:
    db_path = tmp_path / "old.sqlite3"
    sqlite3.connect(db_path).close()
    result = run_cli("db", "check", env={"DATABASE_PATH": str(db_path)}, cwd=tmp_path)
    assert result.returncode == 1
    assert "behind: run 'db migrate'" in result.stdout


def test_check_without_a_database_says_so(tmp_path: Path) -> None:
    result = run_cli(
        "db", "check", env={"DATABASE_PATH": str(tmp_path / "none.sqlite3")}, cwd=tmp_path
    )
    assert result.returncode == 1
    assert "no database at" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
