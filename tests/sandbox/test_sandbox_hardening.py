"""The sandbox cannot pass, hang or break by accident: absurd time spans and unreadable
script files are refused with one line (exit 2); a script re-run on the same
``--database`` gives the same result, and a file the sandbox did not make is never
touched; any number of restarts works."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from bot.sandbox import driver
from bot.sandbox.cli import EXIT_FAILED, EXIT_MALFORMED, EXIT_OK, execute, prepare, run_script
from bot.sandbox.ratelimit import RateLimitPolicy
from bot.sandbox.script import ScriptError, parse_script


def run(tmp_path: Path, content: bytes | str, **options: Path) -> tuple[int, str, str]:
    path = tmp_path / "case.script"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    code = run_script(path, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue().strip()


@pytest.mark.parametrize(
    ("script", "why"),
    [
        ("advance 99999999999d\n", "advance 99999999999d is too far: one line moves time at "
         "most 366 days (split it over several advance lines)"),
        ("advance 999999999999999999999999s\n", "advance 999999999999999999999999s is too "
         "far"),
        ("advance 400d\n", "advance 400d is too far"),
        ("advance to 9999-12-31 00:00\n", "advance to 9999-12-31 00:00 is too far"),
        ("clock 9999-12-31 00:00\n", "9999-12-31 is outside the sandbox's calendar (2015 to "
         "2080, where Discord's message ids work)"),
        ("clock 1990-01-01 00:00\n", "1990-01-01 is outside the sandbox's calendar"),
        ("clock 2080-06-01 00:00\n" + "advance 366d\n", "is outside the sandbox's calendar"),
    ],
)
def test_an_absurd_span_of_time_is_refused_before_anything_runs(
    tmp_path: Path, script: str, why: str
) -> None:
    code, out, err = run(tmp_path, script)
    assert code == EXIT_MALFORMED
    assert why in err
    assert len(err.splitlines()) == 1
    assert out == ""  # no sandbox started, no transcript


def test_a_year_of_advance_is_still_allowed() -> None:
    steps = parse_script("advance 366d\nadvance to 2028-12-01 09:00\n")
    assert len(steps) == 2
    with pytest.raises(ScriptError):
        parse_script("advance 367d\n")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "this is a binary file, not a script (a "
         "script is plain text)"),
        ("alex: caf\u00e9\n".encode("latin-1"), "line 1: not UTF-8 text (byte 0xe9); save "
         "the script as UTF-8"),
        (b"member alex participant\n\xff\xfe\n", "line 2: not UTF-8 text (byte 0xff); "
         "save the script as UTF-8"),
    ],
    ids=["binary", "latin-1", "bad-byte"],
)
def test_a_script_that_is_not_utf8_text_is_refused_in_one_line(
    tmp_path: Path, content: bytes, why: str
) -> None:
    code, _, err = run(tmp_path, content)
    assert code == EXIT_MALFORMED
    assert err == f"{tmp_path / 'case.script'}: {why}"


RERUN = (
    "clock 2026-12-07 09:00 America/New_York\n"
    "member alex participant America/Chicago\n"
    "alex: /about\n"
    'expect 1 dm alex "not a crisis service"\n'
)
# The demo program: a participant's first run stores their consent, so a second run
# that kept the first one's data would find no "I agree" to click.
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
CONSENT = (
    "clock 2026-12-07 09:00 America/New_York\n"
    'alex clicks "I agree"\n'
    'expect dm alex "your choice is saved"\n'
)


@pytest.mark.e2e
def test_a_script_rerun_on_the_same_database_gives_the_same_result(tmp_path: Path) -> None:
    database = tmp_path / "kept.sqlite3"
    first = run(tmp_path, CONSENT, database=database, program=DEMO)
    second = run(tmp_path, CONSENT, database=database, program=DEMO)
    assert first[0] == second[0] == EXIT_OK, second[1] + second[2]
    assert "PASSED: all 1 expectations held" in second[1]
    assert database.exists()  # kept for inspection after the run


@pytest.mark.e2e
def test_a_database_the_sandbox_did_not_make_is_never_touched(tmp_path: Path) -> None:
    database = tmp_path / "companion.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('a real program')")
    before = database.read_bytes()
    code, out, err = run(tmp_path, RERUN, database=database)
    assert code == EXIT_MALFORMED
    assert err == (f"{database} is not a database the sandbox made, so the sandbox will not "
                   "touch it: give --database a new file name")
    assert database.read_bytes() == before
    assert out == ""


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_any_number_of_restarts_works(monkeypatch: pytest.MonkeyPatch) -> None:
    # Discord allows five command syncs in 20 s; windows a quarter as long and a 3 s
    # ready limit keep this quick while a sixth start still has to wait past that limit.
    monkeypatch.setattr(driver, "READY_TIMEOUT", 3.0)
    script = ("member alex participant\n" + "restart\n" * 6 + "alex: /about\n"
              'expect dm alex "not a crisis service"\n')
    steps, program = prepare(script)
    out = io.StringIO()
    code = await execute(steps, program, out=out, ratelimits=RateLimitPolicy(scale=0.25))
    transcript = out.getvalue()
    assert code == EXIT_OK, transcript
    assert transcript.count("-- restart: the bot stops and starts again") == 6
    assert "for Discord's rate limits while it started" in transcript
    assert code != EXIT_FAILED
