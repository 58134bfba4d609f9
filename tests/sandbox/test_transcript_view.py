"""Whose eyes read a message decides the zone its times are shown in; ``expect`` matches
both what the reader sees and the raw markup; files are named with their size and path."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.sandbox.events import SandboxEvent, SentFile
from bot.sandbox.expectations import check
from bot.sandbox.script import parse_script
from bot.sandbox.steps import ExpectStep
from bot.sandbox.transcript import TranscriptWriter, Viewer

SENT = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 09:00 in New York
MARKUP = "Process group <t:1796684400:F> (<t:1796684400:R>)"  # 18:00 New York
ZONES = {"alex": "America/Chicago", "jordan": "Europe/London", "rivera": None}
VIEWER = Viewer("America/New_York", ZONES.get)


def event(where: str, text: str = MARKUP, visible_to: str | None = None,
          files: tuple[SentFile, ...] = ()) -> SandboxEvent:
    return SandboxEvent("message", SENT, "Companion", where, visible_to, text, 1, files=files)


def expect(line: str) -> ExpectStep:
    step = parse_script(line)[0]
    assert isinstance(step, ExpectStep)
    return step


def test_a_dm_is_read_in_its_members_zone() -> None:
    assert VIEWER.text(event("dm:alex")) == (
        "Process group Monday, December 7, 2026 5:00 PM (in 9 hours)"
    )
    assert VIEWER.text(event("dm:jordan")) == (
        "Process group Monday, December 7, 2026 11:00 PM (in 9 hours)"
    )


def test_a_channel_is_read_in_the_scripts_zone_and_an_ephemeral_reply_in_its_readers() -> None:
    assert "6:00 PM" in VIEWER.text(event("#general"))
    assert "11:00 PM" in VIEWER.text(event("#general", visible_to="jordan"))


def test_a_member_without_a_zone_reads_in_the_scripts_zone() -> None:
    assert "6:00 PM" in VIEWER.text(event("dm:rivera"))


def test_the_transcript_shows_the_rendered_time_not_the_markup() -> None:
    lines = TranscriptWriter("America/New_York", viewer=VIEWER).lines(event("dm:alex"))
    assert "<t:" not in "\n".join(lines)
    assert "Monday, December 7, 2026 5:00 PM (in 9 hours)" in lines[-1]


def test_expect_matches_the_rendered_time_and_the_raw_markup() -> None:
    window = [event("dm:alex")]
    for line in ('expect dm alex "Monday, December 7, 2026 5:00 PM (in 9 hours)"',
                 'expect dm alex "<t:1796684400:F>"'):
        assert check(expect(line), window, window, SENT, VIEWER.text).ok, line
    # What alex does not see (the New York wall time) does not match his DM.
    assert not check(expect('expect dm alex "6:00 PM"'), window, window, SENT, VIEWER.text).ok


def test_a_file_is_shown_with_its_size_and_where_it_was_saved() -> None:
    chart = SentFile("progress.png", 38_912, "/tmp/run/sandbox-files/progress.png")
    lines = TranscriptWriter("UTC").lines(event("dm:alex", "Your week", files=(chart,)))
    assert lines[-1].strip() == "[file progress.png, 38 KB -> /tmp/run/sandbox-files/progress.png]"


def test_expect_file_matches_the_files_name_not_the_text() -> None:
    chart = SentFile("progress.png", 38_912, None)
    window = [event("dm:alex", "Your week", files=(chart,)), event("dm:sam", "progress")]
    assert check(expect('expect file dm alex "progress"'), window, window).ok
    assert check(expect("expect 1 file dm alex"), window, window).ok
    outcome = check(expect('expect file dm sam "progress"'), window, window)
    assert not outcome.ok
    assert outcome.detail == (
        'no file in a DM to sam named like "progress" (the bot sent no file there)'
    )
