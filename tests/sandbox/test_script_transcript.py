"""The transcript reads like the conversation, in the script's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.sandbox.transcript import Note, render


@dataclass(frozen=True)
class Ev:
    kind: str
    at: datetime
    where: str
    text: str
    actor: str = "Companion"
    visible_to: str | None = None
    message_id: int | None = None
    target: str | None = None


def test_times_are_local_with_a_header_per_day_and_multiline_text_lines_up() -> None:
    entries: list[Ev | Note] = [
        Ev("member_message", datetime(2026, 12, 7, 14, 0, tzinfo=UTC), "#peer-support",
           "rough day", actor="alex"),
        Ev("message", datetime(2026, 12, 7, 14, 0, 1, tzinfo=UTC), "#peer-support",
           "Call or text 988\nYou are not alone", visible_to="alex"),
        Note(datetime(2026, 12, 8, 6, 0, tzinfo=UTC), "advance 16h"),
        Ev("timeout", datetime(2026, 12, 8, 6, 0, tzinfo=UTC), "guild:IOP",
           "timed out until 2026-12-08T07:00:00+00:00", target="bob"),
        Ev("delete", datetime(2026, 12, 8, 6, 0, tzinfo=UTC), "#general", "spam",
           target="bob"),
    ]
    assert render(entries, "America/New_York").splitlines() == [
        "=== Monday 2026-12-07 (America/New_York) ===",
        "09:00:00  #peer-support  alex: rough day",
        "09:00:01  #peer-support (only alex sees)  Companion: Call or text 988",
        "                                                     You are not alone",
        "=== Tuesday 2026-12-08 (America/New_York) ===",
        "01:00:00  -- advance 16h",
        "01:00:00  Companion: bob timed out until 2026-12-08 02:00 EST",
        "01:00:00  #general  Companion deleted bob's message: spam",
    ]


def test_long_lines_wrap_under_the_start_of_the_text() -> None:
    words = " ".join(["word"] * 40)
    at = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    lines = render([Ev("message", at, "dm:alex", words)], "UTC").splitlines()[1:]
    assert len(lines) > 1
    assert all(len(line) <= 100 for line in lines)
    indent = len("14:00:00  dm:alex  Companion: ")
    assert all(line.startswith(" " * indent + "word") for line in lines[1:])
    assert " ".join(" ".join(line.split()) for line in lines).count("word") == 40
