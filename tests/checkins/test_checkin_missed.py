"""Missed check-ins: a kind nudge after 2 missed days (once per run), the facilitators'
digest after 3, posted once a day at 08:00 program time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.checkins.service import MISSED_NUDGE
from bot.kernel.db import deliveries
from tests.checkins.checkin_env import ANSWERS, USER_IDS, Env, checkin_env

pytestmark = pytest.mark.asyncio

NEW_YORK = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")


def at(day: int, hour: int, zone: ZoneInfo = CHICAGO) -> datetime:
    return datetime(2027, 3, day, hour, 0, tzinfo=zone)


async def answer_on(env: Env, name: str, day: int) -> None:
    """Check in at 20:30 local on 2027-03-<day> (after that evening's prompt)."""
    participant = await env.participant(name)
    await env.run_until(at(day, 20, ZoneInfo(participant.timezone)) + timedelta(minutes=30))
    await env.service.record_answers(participant, None, ANSWERS)


async def test_two_missed_days_bring_one_kind_nudge_and_three_the_digest(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        for name in ("sam", "jordan"):  # the others keep checking in every day
            participant = await env.participant(name)
            await env.service.set_time(participant, None, enabled=False)
        await answer_on(env, "alex", 8)  # Monday; then nothing on Tuesday or Wednesday
        await env.run_until(at(10, 21))
        assert [text for _, text in env.outlet.dms] == []
        # Thursday 20:00: Tuesday and Wednesday are missed: one kind nudge, with the prompt.
        await env.run_until(at(11, 21))
        assert env.outlet.dms == [(USER_IDS["alex"], MISSED_NUDGE)]
        # Thursday 08:00 in New York: 2 missed days, not yet in the digest.
        thursday = [d for d in env.outlet.digests if d.day == date(2027, 3, 11)]
        assert len(thursday) == 1
        assert "alex" not in dict(thursday[0].missing)
        # Participants who switched prompts off are never asked, so never missing.
        assert not {"sam", "jordan"} & set(dict(thursday[0].missing))
        # Friday's digest lists alex (Tuesday, Wednesday, Thursday); no second nudge.
        await env.run_until(at(12, 21))
        friday = next(d for d in env.outlet.digests if d.day == date(2027, 3, 12))
        assert ("alex", 3) in friday.missing
        assert len(env.outlet.dms) == 1
        # The digest went out at 08:00 New York time, once a day.
        days = [d.day for d in env.outlet.digests]
        assert len(days) == len(set(days))
        assert await deliveries.count_by_status(env.db, "checkin-digest") == {"sent": len(days)}
        # Checking in ends the run: Saturday's digest no longer lists alex.
        await env.service.record_answers(await env.participant("alex"), None, ANSWERS)
        await env.run_until(at(13, 9, NEW_YORK))
        saturday = next(d for d in env.outlet.digests if d.day == date(2027, 3, 13))
        assert all(name != "alex" for name, _ in saturday.missing)


async def test_the_digest_counts_yesterdays_checkins_and_reports_flags(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        env.clock.set(at(8, 21))
        await env.service.record_answers(alex, None, {**ANSWERS, "craving": "9"})
        await env.service.finish(alex, None)
        await env.run_until(datetime.combine(date(2027, 3, 9), time(8, 30), NEW_YORK))
        digest = next(d for d in env.outlet.digests if d.day == date(2027, 3, 9))
        assert digest.expected == 3 and digest.checked_in == 1
        assert [(n, k) for n, k, _ in digest.flags] == [("alex", "threshold")]
