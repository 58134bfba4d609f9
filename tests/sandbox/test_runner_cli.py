"""The script command's exit code 2: a malformed script or program file is refused
before any bot starts, with the file, the line and what is wrong."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from bot.sandbox.cli import EXIT_MALFORMED, run_script
from tests.builders import participant, program_file

PROGRAM = program_file(
    participant("sam", "Europe/London", start=date(2026, 12, 7), weeks=12)
)


def run(tmp_path: Path, script: str, program: str | None = None) -> tuple[int, str]:
    path = tmp_path / "case.script"
    path.write_text(script, encoding="utf-8")
    program_path = None
    if program is not None:
        program_path = tmp_path / "program.toml"
        program_path.write_text(program, encoding="utf-8")
    err = io.StringIO()
    code = run_script(path, program=program_path, out=io.StringIO(), err=err)
    return code, err.getvalue().strip()


def test_a_misspelt_role_exits_2_naming_the_file_and_line(tmp_path: Path) -> None:
    code, err = run(tmp_path, "clock 2026-12-07 09:00\n# cast\nmember rivera facilitater\n")
    assert code == EXIT_MALFORMED
    assert err == (
        f'{tmp_path / "case.script"}: line 3: unknown role "facilitater" '
        "(participant, facilitator or peer)"
    )


def test_a_member_nobody_added_exits_2(tmp_path: Path) -> None:
    code, err = run(tmp_path, "member alex participant\nsam: hello\n")
    assert code == EXIT_MALFORMED
    assert err.endswith("line 2: unknown member sam (add one first: member sam participant)")


def test_a_missing_script_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_script(tmp_path / "nope.script", err=err) == EXIT_MALFORMED
    assert "cannot read the script" in err.getvalue()


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("member sam participant\n", "line 1: member sam is already named by the program file"),
        ("riley: hi\n", "line 1: unknown member riley"),
    ],
)
def test_the_program_file_names_members_for_the_script(
    tmp_path: Path, script: str, message: str
) -> None:
    code, err = run(tmp_path, script, PROGRAM)
    assert code == EXIT_MALFORMED
    assert message in err


def test_a_broken_program_file_exits_2_with_its_problems(tmp_path: Path) -> None:
    broken = program_file(participant("sam", "Europe/Londn", start=date(2026, 12, 7), weeks=12))
    code, err = run(tmp_path, "sam: hi\n", broken)
    assert code == EXIT_MALFORMED
    assert "participant[1].timezone" in err
