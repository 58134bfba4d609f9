"""Every conversation script under tests/scripts/ replays with all its expectations met.

Each script is a specification of end-to-end behaviour, run against the real bot in the
sandbox; the transcript is printed when one fails, so the failure explains itself.
A script NAME.script with a NAME.toml beside it runs with that program file, as with
``python -m bot sandbox --script NAME.script --program NAME.toml``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.program.domain.schedule import Program
from bot.sandbox.cli import execute, prepare
from bot.sandbox.ratelimit import RateLimitPolicy
from bot.sandbox.steps import Step

SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.script"))

pytestmark = pytest.mark.e2e


def test_there_are_scripts_to_run() -> None:
    assert SCRIPTS, "tests/scripts/ holds no *.script files"


def load(path: Path) -> tuple[list[Step], Program | None]:
    program_file = path.with_suffix(".toml")
    return prepare(
        path.read_text(encoding="utf-8"), program_file if program_file.exists() else None
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
async def test_script_replays_with_every_expectation_met(path: Path) -> None:
    steps, program = load(path)
    out = io.StringIO()
    # Discord's limits stay on, with windows 20 times shorter: the bot still meets every
    # bucket and 429, without the suite waiting out real five-second windows.
    code = await execute(steps, program, out=out, ratelimits=RateLimitPolicy(scale=0.05))
    assert code == 0, f"{path.name} failed:\n{out.getvalue()}"
