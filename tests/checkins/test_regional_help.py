"""Every message that names a crisis line gives the lines of the reader's region, from
data/crisis_resources.toml: the welcome, the error apology, /about, the privacy notice
and the check-in's urgent reply."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bot.checkins.service import crisis_resources
from bot.kernel.crisis_lines import help_for_user, help_for_zone, use_region_lookup
from bot.kernel.errors import generic_failure
from bot.privacy.service import notice_text
from bot.program.domain.schedule import Participant, Program
from bot.reminders.messages import welcome_content
from cogs.ops.about import about_embed

UK, AUSTRALIA, US = "116 123", "13 11 14", "988"


def welcome_for(zone: str) -> str:
    program = Program(name="Evening IOP", timezone="America/New_York", tracks=(), participants=())
    someone = Participant(
        name="sam", track="Evening", timezone=zone, start=date(2026, 12, 7), weeks=8
    )
    return welcome_content(program, someone)


@pytest.mark.parametrize(
    ("zone", "wanted", "not_wanted"),
    [
        ("Europe/London", UK, US),
        ("Australia/Sydney", AUSTRALIA, US),
        ("America/Los_Angeles", US, UK),
        ("America/Toronto", US, UK),
    ],
)
def test_the_welcome_names_the_lines_of_the_participants_region(
    zone: str, wanted: str, not_wanted: str
) -> None:
    text = welcome_for(zone)
    assert wanted in text and not_wanted not in text


def test_where_no_region_is_known_every_regions_lines_are_given() -> None:
    text = welcome_for("Asia/Tokyo")
    assert all(line in text for line in (US, UK, AUSTRALIA))


def test_the_check_in_urgent_reply_names_the_regions_lines() -> None:
    london = crisis_resources("Europe/London")
    assert "Samaritans" in london and UK in london and "999" in london and US not in london
    assert AUSTRALIA in crisis_resources("Australia/Sydney")
    assert all(line in crisis_resources() for line in (US, UK, AUSTRALIA))


@pytest.fixture
def members_in_regions() -> Iterator[None]:
    regions = {1: "GB", 2: "AU", 3: None}

    async def lookup(user_id: int) -> str | None:
        if user_id == 4:
            raise RuntimeError("the database is gone")
        return regions.get(user_id)

    use_region_lookup(lookup)
    yield
    use_region_lookup(None)


@pytest.mark.asyncio
@pytest.mark.usefixtures("members_in_regions")
async def test_errors_about_and_the_notice_name_the_members_own_region() -> None:
    uk = await help_for_user(1)
    assert UK in generic_failure(uk) and US not in generic_failure(uk)
    australia = await help_for_user(2)
    assert AUSTRALIA in notice_text(90, australia) and US not in notice_text(90, australia)
    about = about_embed(await help_for_user(1, full=True))
    first = about.fields[0].value or ""
    assert "Samaritans" in first and US not in first
    # Not known, or the lookup failed: every region's lines, never none.
    for user_id in (3, 4):
        text = generic_failure(await help_for_user(user_id))
        assert all(line in text for line in (US, UK, AUSTRALIA))
    assert help_for_zone("Europe/London") == await help_for_user(1)
