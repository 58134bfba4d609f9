"""Synthetic transcript events for testing ``expect`` lines without running a bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.sandbox.script import ExpectStep, parse_script

AT = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Ev:
    kind: str
    where: str
    text: str = ""
    actor: str = "Companion"
    visible_to: str | None = None
    message_id: int | None = None
    target: str | None = None
    at: datetime = AT


def expect(line: str) -> ExpectStep:
    (step,) = parse_script(line)
    assert isinstance(step, ExpectStep)
    return step
