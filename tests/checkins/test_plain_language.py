"""People see words, not values: every participant- and facilitator-facing check-in
message rendered with sample data holds no ``_``-joined identifier, no Python repr and
no "1 items"; exports are flat columns; what is refused is given back in full."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.checkins import plain as checkin_plain
from bot.checkins.domain.checkin import AnswerValue, follow_up, validate_answer
from bot.checkins.domain.checkin_questions import load_checkin_config
from bot.checkins.prompts import MISSED_NUDGE, nice_day
from bot.checkins.reports import Digest, ReportRow
from bot.checkins.service import crisis_resources
from bot.checkins.sharing import SHARE_NUDGE
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import Subject
from bot.kernel.plain import flat_row, instrument_name, plain, plural, short_day
from bot.privacy.service import PrivacyService
from bot.program.domain.schedule import WeeklySession
from bot.program.personal_data import PROGRAM_DATA
from bot.program.service import ProgramService
from cogs.checkins import _views as views
from cogs.checkins._outlet import digest_lines
from cogs.checkins.checkin import NOT_ENROLLED
from cogs.checkins.checkin_reports import report_embed

CONFIG = load_checkin_config()
UNDERSCORED = re.compile(r"\b[A-Za-z0-9]+_[A-Za-z0-9_]+\b")
REPR = re.compile(
    r"\w+\([a-z_]+=|datetime\.|frozenset\(|\{'|\['|<[a-z]+\.[A-Za-z]+ object|\bNone\b|\bTrue\b"
    r"|\bFalse\b"
)
BAD_PLURAL = re.compile(
    r"\b1 (items|check-ins|days|participants|people|missed check-ins|entries)\b"
    r"|\(1 items\)|\b[02-9] (item|check-in|day|participant)\b(?![-\w])"
)
ALL_ANSWERS: dict[str, AnswerValue] = {
    "mood": 1,
    "craving": 9,
    "sleep": "poor",
    "medication": "not_prescribed",
    "used": "prefer_not_to_say",
    "halt": frozenset({"tired", "lonely"}),
    "note": "a long day",
}


def assert_plain(text: str) -> None:
    assert not UNDERSCORED.search(text), f"an identifier in: {text!r}"
    assert not REPR.search(text), f"a repr in: {text!r}"
    assert not BAD_PLURAL.search(text), f"a wrong plural in: {text!r}"
    assert "GAD2" not in text and "PHQ2" not in text


def rendered() -> list[str]:
    """Every check-in message a person sees, with sample data at the edges (1, 0, 2)."""
    texts = [
        checkin_plain.checkin_summary(CONFIG, ALL_ANSWERS),
        checkin_plain.checkin_summary(CONFIG, {**ALL_ANSWERS, "halt": frozenset()}),
        *follow_up(CONFIG, ALL_ANSWERS).reasons,
        MISSED_NUDGE,
        NOT_ENROLLED,
        views.prompt_content(date(2026, 12, 7), 0, 2),
        crisis_resources(),
        checkin_plain.checkin_time_text(time(20), "America/Los_Angeles", None, 0),
        checkin_plain.checkin_time_text(None, "America/Los_Angeles", None, None),
        SHARE_NUDGE,
    ]
    for count in (0, 1, 2):
        texts.append(checkin_plain.streak_text(count, count, count))
        texts.append(checkin_plain.screen_line("gad2", count, 6, count == 2))
        digest = Digest(
            date(2026, 12, 8),
            date(2026, 12, 7),
            count,
            count,
            count,
            (("jordan", count),),
            (("alex", "reach_out", "Craving 9/10 (8 or more)"),),
        )
        texts.extend(digest_lines(digest))
    for kind in ("threshold", "reach_out", "screen", "crisis"):
        texts.append(checkin_plain.flag_line(kind, "Mood 1/10 (2 or less)"))
    for question in CONFIG.active_questions:
        value = ALL_ANSWERS.get(question.id)
        if value is not None:
            texts.append(checkin_plain.answer_text(CONFIG, question.id, value))
            texts.append(checkin_plain.answer_cell(CONFIG, question.id, value))
        for bad in ("maybe", 99, ["bored"], "x" * 1001):
            try:
                validate_answer(question, bad)
            except ValueError as error:
                texts.append(str(error))
    rows = [
        ReportRow("alex", "alex", "checked in", {}, ("Asked to be contacted: x",)),
        ReportRow("sam", "sam", "not expected", {}, ()),
    ]
    embed = report_embed(date(2026, 12, 7), rows)
    texts += [str(embed.title)] + [f"{f.name} {f.value}" for f in embed.fields]
    texts += checkin_plain.give_back({"note": "what I wrote"})
    return texts


def test_every_check_in_message_speaks_plain_language() -> None:
    texts = rendered()
    assert len(texts) > 40
    for text in texts:
        assert_plain(text)


def test_the_checks_catch_what_people_saw_before() -> None:
    """The patterns above catch the messages reported from the sandbox."""
    seen = [
        "Check-in saved: medication not_prescribed, used no, halt tired",
        "1 check-ins so far",
        "Flags (1 items)",
        "GAD2 3/6",
        "WeeklySession(key='x', start=datetime.time(17, 0))",
    ]
    for text in seen:
        with pytest.raises(AssertionError):
            assert_plain(text)


def test_the_summary_after_done_names_answers_in_words() -> None:
    summary = checkin_plain.checkin_summary(CONFIG, ALL_ANSWERS)
    assert summary == (
        "Mood 1/10, Craving 9/10, Sleep: Poor, Medication: Not prescribed, "
        "Used since last check-in: Prefer not to say, Feeling: Lonely and tired"
    )
    assert checkin_plain.checkin_time_text(time(20), "America/Los_Angeles", None, 0) == (
        "Your daily check-in will arrive at 20:00 your time (Los Angeles). "
        "Weekly screens: on Mondays."
    )
    assert checkin_plain.streak_text(1, 1, 1) == (
        "Your streak: **1 day** (longest 1 day); 1 check-in so far."
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (True, "yes"),
        (date(2026, 12, 7), "Monday 7 December 2026"),
        (time(17, 0), "17:00"),
        (timedelta(hours=2, minutes=30), "2 hours 30 minutes"),
        (timedelta(days=1), "1 day"),
        (frozenset({"b", "a"}), "a, b"),
        (datetime(2026, 12, 7, 17, 5, tzinfo=ZoneInfo("UTC")), "Monday 7 December 2026, 17:05"),
    ],
)
def test_values_become_words(value: object, words: str) -> None:
    assert plain(value) == words


def test_plurals_dates_and_instruments() -> None:
    assert [plural(n, "check-in") for n in (0, 1, 2)] == [
        "0 check-ins",
        "1 check-in",
        "2 check-ins",
    ]
    assert plural(1, "entry") == "1 entry" and plural(3, "entry") == "3 entries"
    assert plural(2, "person") == "2 people"
    assert short_day(date(2026, 12, 7)) == "Mon 7 Dec"
    assert nice_day(date(2026, 12, 7)) == "Monday 7 December"
    assert [instrument_name(c) for c in ("gad2", "PHQ2", "phq-9")] == ["GAD-2", "PHQ-2", "PHQ-9"]


def test_a_record_in_an_export_is_flat_columns_never_a_repr() -> None:
    session = WeeklySession("alex-1", "Individual counseling", "individual", (1,), time(17), 50)
    row = flat_row({"name": "alex", "appointments": [session], "answers": {"halt": ["tired"]}})
    assert row["appointments 1 start"] == "17:00"
    assert row["appointments 1 title"] == "Individual counseling"
    assert row["answers halt"] == "tired"
    assert not any(REPR.search(str(v)) for v in row.values() if v is not None)


PROGRAM_WITH_APPOINTMENT = Path(__file__).parents[1] / "scripts" / "privacy_consent.toml"


@pytest.mark.asyncio
async def test_the_mydata_export_csv_holds_no_python_repr(db: Database, tmp_path: Path) -> None:
    programs = ProgramService(db, guild_id=1)
    now = datetime(2026, 12, 1, tzinfo=ZoneInfo("UTC"))
    await programs.import_text(PROGRAM_WITH_APPOINTMENT.read_text(), now)
    service = PrivacyService(db=db, clock=_Fixed(now), providers=(PROGRAM_DATA,))
    files = dict(await service.export_files(Subject(None, "alex")))
    text = files["program-entry.csv"].decode()
    assert "WeeklySession" not in text and "datetime." not in text
    entry = next(csv.DictReader(io.StringIO(text)))
    assert entry["appointments 1 title"] == "Individual counseling"
    assert entry["appointments 1 days"] == "Tue" and entry["appointments 1 start"] == "17:00"


class _Fixed:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


def test_a_refused_note_is_given_back_in_full() -> None:
    note = "I had a hard day. " * 300  # 5,400 characters: longer than one message
    parts = checkin_plain.give_back({"note": note})
    assert parts[0] == checkin_plain.GIVE_BACK_INTRO
    assert all(len(p) <= checkin_plain.MESSAGE_LIMIT for p in parts)
    returned = "".join(p.removeprefix("```\n").removesuffix("```") for p in parts[1:])
    assert returned == note
    assert checkin_plain.give_back({"note": "   "}) == []


def test_the_note_modal_allows_exactly_what_the_bot_accepts() -> None:
    modal = views.NoteModal(None, date(2026, 12, 7), CONFIG, {})
    for qid, field in modal.inputs.items():
        assert field.max_length == CONFIG.question(qid).max_length
    assert modal.inputs["note"].max_length == 1000
