"""README's console section lists the members the console really starts with: it is
checked against what ``members`` prints with the demo program, so the two cannot drift
apart again (they once gave sam, jordan and riley the wrong zones and roles)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bot.program.domain.schedule import Program
from bot.sandbox.demo import DEMO_PROGRAM, demo_cast, members_listing, read_program

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(
    r"<!-- console-members\b.*?-->\s*```\n(?P<body>.*?)```\s*<!-- /console-members -->", re.S
)


def readme_listing() -> list[str]:
    found = BLOCK.search(README.read_text(encoding="utf-8"))
    assert found, "README.md has no console-members block in its console section"
    return [line.strip() for line in found.group("body").splitlines() if line.strip()]


def console_listing(program: Program) -> list[str]:
    return members_listing(demo_cast(program), program.timezone)


def test_the_readme_lists_the_members_the_console_starts_with() -> None:
    assert readme_listing() == console_listing(read_program(DEMO_PROGRAM))


def test_the_check_fails_when_the_demo_program_and_the_readme_disagree() -> None:
    program = read_program(DEMO_PROGRAM)
    # The README's old claim: sam in London. A demo program saying so no longer matches.
    moved = tuple(
        dataclasses.replace(p, timezone="Europe/London") if p.name == "sam" else p
        for p in program.participants
    )
    changed = dataclasses.replace(program, participants=moved)
    assert console_listing(changed) != readme_listing()
    assert "sam: participant, Europe/London" in console_listing(changed)
