"""Time zone names people type, and the Discord timestamps times are shown with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.kernel.discord_time import discord_timestamp, when
from bot.kernel.timezones import (
    UnknownTimezoneError,
    match_timezones,
    resolve_timezone,
    suggest_timezones,
)


def test_a_typo_in_a_zone_gets_the_right_suggestion() -> None:
    with pytest.raises(UnknownTimezoneError) as caught:
        resolve_timezone("America/Chicgo")
    assert str(caught.value) == 'unknown zone "America/Chicgo" (did you mean "America/Chicago"?)'
    assert caught.value.suggestions[0] == "America/Chicago"


def test_wrong_case_suggests_the_real_name_first() -> None:
    assert suggest_timezones("europe/london")[0] == "Europe/London"
    with pytest.raises(UnknownTimezoneError, match="Europe/London"):
        resolve_timezone("europe/london")


def test_nonsense_gets_an_example_instead_of_a_guess() -> None:
    with pytest.raises(UnknownTimezoneError, match='such as "America/New_York"'):
        resolve_timezone("qqqqqqqq")
    with pytest.raises(UnknownTimezoneError):
        resolve_timezone("../../etc/passwd")


def test_autocomplete_finds_cities_by_what_people_type() -> None:
    assert match_timezones("new york") == ["America/New_York"]
    assert "Australia/Sydney" in match_timezones("sydn")
    assert len(match_timezones("")) == 25
    assert "America/Chicago" in match_timezones("Chicgo")  # falls back to suggestions


def test_discord_timestamps_name_the_instant_not_a_wall_time() -> None:
    instant = datetime(2027, 1, 4, 23, 0, tzinfo=UTC)
    assert discord_timestamp(instant) == "<t:1799103600:F>"
    assert discord_timestamp(instant, "R") == "<t:1799103600:R>"
    same = instant.astimezone(ZoneInfo("America/Chicago"))
    assert discord_timestamp(same, "f") == "<t:1799103600:f>"
    assert when(instant) == "<t:1799103600:F> (<t:1799103600:R>)"


def test_discord_timestamps_refuse_naive_times_and_unknown_styles() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        discord_timestamp(datetime(2027, 1, 4, 23, 0))
    with pytest.raises(ValueError, match="style"):
        discord_timestamp(datetime(2027, 1, 4, tzinfo=UTC), "x")


def test_instants_before_1970_round_down() -> None:
    instant = datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone(timedelta(0)))
    assert discord_timestamp(instant, "t") == "<t:-1:t>"
