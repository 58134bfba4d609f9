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


PROGRAM_FILE = ROOT / "tests" / "scripts" / "reminders_chicago.toml"


def test_program_load_without_a_server_refuses_and_writes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "companion.sqlite3"
    result = run_cli("program", "load", str(PROGRAM_FILE),
                     env={"DATABASE_PATH": str(database)}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: which server is this program for? Set GUILD_ID in .env (the bot reads its "
        "program by server) or pass --guild ID; nothing was loaded."
    ]
    assert not database.exists()
    loaded = run_cli("program", "load", str(PROGRAM_FILE), "--guild", "123456789012345678",
                     env={"DATABASE_PATH": str(database)}, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    exported = run_cli("program", "export", env={
        "DATABASE_PATH": str(database), "GUILD_ID": "123456789012345678"}, cwd=tmp_path)
    assert exported.returncode == 0 and 'name = "Evening IOP"' in exported.stdout


@pytest.mark.parametrize(
    ("args", "env", "status", "says"),
    [
        (["run"], {"COMPANION_RETENTION_DAYS": "0"}, 2, "COMPANION_RETENTION_DAYS must be"),
        (["run"], {"COMPANION_RETENTION_DAYS": "abc"}, 2, "COMPANION_RETENTION_DAYS must be"),
        (["run"], {"COMPANION_RETENTION_DAYS": "3650000"}, 2, "from 1 to 3650"),
        (["program", "preview", "DEEP"], {}, 1, "nested too deeply"),
        (["program", "preview", str(PROGRAM_FILE), "--days", "99999999"], {}, 2, "--days"),
        (["program", "load", "--guild", "12", str(PROGRAM_FILE)], {}, 2, "17-20 digits"),
    ],
)
def test_bad_input_gets_one_clear_line_and_no_traceback(
    tmp_path: Path, args: list[str], env: dict[str, str], status: int, says: str
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    args = [str(deep) if a == "DEEP" else a for a in args]
    result = run_cli(*args, env={"DATABASE_PATH": str(tmp_path / "c.sqlite3"), **env},
                     cwd=tmp_path)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr and says in result.stderr
    assert len([line for line in result.stderr.splitlines() if says in line]) == 1


def test_a_questionnaire_the_bot_does_not_know_is_refused_offline_too(tmp_path: Path) -> None:
    """`program load` and `program preview` check what the running bot checks: a
    [[measure]] naming no instrument of data/instruments.toml is refused, and nothing
    is stored."""
    program = tmp_path / "program.toml"
    program.write_text(
        PROGRAM_FILE.read_text("utf-8") + '\n[[measure]]\ninstrument = "phq99"\nevery_weeks = 2\n',
        "utf-8",
    )
    database = tmp_path / "companion.sqlite3"
    env = {"DATABASE_PATH": str(database), "GUILD_ID": "123456789012345678"}
    for action in ("preview", "load"):
        result = run_cli("program", action, str(program), env=env, cwd=tmp_path)
        assert result.returncode == 1, (action, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert lines[0].startswith(
            f'{program}: measure[1].instrument: there is no questionnaire "phq99" (known: '
        )
        assert "phq9" in lines[0]
        assert lines[-1] == "1 problem; nothing was loaded."
        assert "Traceback" not in result.stderr
    assert not database.exists()
