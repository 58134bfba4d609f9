"""Agenda input, text and templates: what a facilitator types becomes a post that fits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.agendas.domain import (
    MAX_HOMEWORK,
    MAX_ITEM,
    MAX_ITEMS,
    MAX_TITLE,
    AgendaContent,
    AgendaError,
    Stopped,
    choice_label,
    embed_parts,
    find_group_occurrence,
    group_occurrences,
    parse_agenda,
    parse_templates,
    summary,
)
from bot.program.domain.program_file import parse_program

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = parse_program((ROOT / "data" / "demo_program.toml").read_text())
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def test_items_are_one_per_line_with_bullets_and_numbers_removed() -> None:
    content = parse_agenda(
        "  Urge   surfing ", "- Check-in\n\n* Skill: urge surfing\n2) Practice\n• Wrap-up\n", " "
    )
    assert content == AgendaContent(
        "Urge surfing", ("Check-in", "Skill: urge surfing", "Practice", "Wrap-up"), ""
    )


@pytest.mark.parametrize(
    ("title", "items", "homework", "message"),
    [
        ("", " \n ", "", "The agenda is empty"),
        ("", "Check-in", "", "needs a title"),
        ("Values", "", "Read p. 4", "at least one item"),
        ("x" * (MAX_TITLE + 1), "Check-in", "", f"keep it to {MAX_TITLE}"),
        ("Values", "\n".join(["a"] * (MAX_ITEMS + 1)), "", f"more than the {MAX_ITEMS}"),
        ("Values", "ok\n" + "y" * (MAX_ITEM + 1), "", "Item 2 is"),
        ("Values", "ok", "z" * (MAX_HOMEWORK + 1), "The homework is"),
    ],
)
def test_bad_input_gets_a_specific_answer(
    title: str, items: str, homework: str, message: str
) -> None:
    with pytest.raises(AgendaError, match=message):
        parse_agenda(title, items, homework)


_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400)


@settings(max_examples=150, deadline=None)
@given(title=_text, items=st.lists(_text, max_size=25), homework=_text)
def test_anything_accepted_fits_one_embed(title: str, items: list[str], homework: str) -> None:
    try:
        content = parse_agenda(title, "\n".join(items), homework)
    except AgendaError:
        return
    found = group_occurrences(PROGRAM, NOW, NOW + timedelta(days=3))[0]
    for stopped in (None, Stopped.WITHDRAWN, Stopped.SESSION):
        parts = embed_parts(content, found, stopped=stopped)
        assert len(parts.title) <= 256
        assert len(parts.description) <= 4096
        assert all(len(value) <= 1024 for _, value in parts.fields)
        total = len(parts.title) + len(parts.description) + len(parts.footer)
        total += sum(len(name) + len(value) for name, value in parts.fields)
        assert total <= 6000
    assert len(summary(content)) <= 1024


def test_a_long_agenda_is_summarised_for_reminders_with_a_count_of_the_rest() -> None:
    content = AgendaContent("Values", tuple(f"Item {n} " + "x" * 150 for n in range(1, 16)))
    text = summary(content)
    assert text.startswith("**Values**\n• Item 1 ")
    assert text.endswith("more")
    shown = text.count("• ")
    assert f"…and {15 - shown} more" in text
    assert len(text) <= 1024


def test_group_sessions_come_from_tracks_never_from_personal_appointments() -> None:
    found = group_occurrences(PROGRAM, NOW, NOW + timedelta(days=7))
    titles = {g.occurrence.title for g in found}
    assert titles == {"Process group", "Life skills", "Support group", "Yoga"}
    assert choice_label(found[0]) == "Mon 7 Dec 18:00, Process group, Evening"
    # The program's own cancellation (New Year's Eve) and closures (24, 25 Dec) apply.
    holidays = group_occurrences(
        PROGRAM, datetime(2026, 12, 21, tzinfo=UTC), datetime(2027, 1, 2, tzinfo=UTC)
    )
    keys = {g.key for g in holidays}
    assert "evening.process-group:2026-12-31" not in keys
    assert "evening.process-group:2026-12-24" not in keys
    assert "evening.process-group:2026-12-28" in keys


def test_a_moved_occurrence_is_found_by_its_original_key_at_its_new_time() -> None:
    found = find_group_occurrence(PROGRAM, "evening.life-skills:2026-12-29")
    assert found is not None
    assert found.occurrence.local_start.replace(tzinfo=None) == datetime(2026, 12, 30, 12, 0)
    assert find_group_occurrence(PROGRAM, "evening.life-skills:not-a-date") is None


def test_a_cancelled_post_says_so_first() -> None:
    found = group_occurrences(PROGRAM, NOW, NOW + timedelta(days=1))[0]
    parts = embed_parts(AgendaContent("Values", ("Check-in",)), found, stopped=Stopped.SESSION)
    assert parts.title == "Cancelled: Values"
    assert parts.description.startswith("**This session is cancelled.**")


def test_a_withdrawn_agenda_says_the_agenda_was_withdrawn_never_the_session() -> None:
    found = group_occurrences(PROGRAM, NOW, NOW + timedelta(days=1))[0]
    parts = embed_parts(AgendaContent("Values", ("Card sort",)), found, stopped=Stopped.WITHDRAWN)
    text = " ".join((parts.title, parts.description, parts.footer)).lower()
    assert parts.title == "Agenda withdrawn"
    assert "the session still takes place" in text
    assert "cancel" not in text
    assert "card sort" not in text  # what was withdrawn is no longer shown as the plan
    assert "<t:" in parts.description  # which session it was, in each reader's time


def test_the_shipped_templates_are_valid() -> None:
    templates = parse_templates((ROOT / "data" / "agenda_templates.toml").read_text())
    assert [t.key for t in templates] == [
        "relapse-prevention",
        "dbt-skills-group",
        "family-session",
        "process-group",
    ]
    assert all(t.content.items for t in templates)


def test_template_problems_are_all_reported() -> None:
    text = """
[[template]]
name = "Grief"
title = "Grief group"
items = []

[[template]]
name = "grief"
title = "Again"
items = ["One"]
colour = "blue"
"""
    with pytest.raises(AgendaError) as caught:
        parse_templates(text)
    message = str(caught.value)
    assert "template 1 (Grief): The agenda needs at least one item" in message
    assert "template 2: unknown keys colour" in message
