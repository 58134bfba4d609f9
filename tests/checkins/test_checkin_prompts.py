"""Prompts at each participant's local time, one check-in per local day, late answers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.checkins.domain.checkin import AnswerError
from bot.checkins.domain.checkin_time import StalePromptError
from bot.checkins.service import NotOpen
from bot.checkins.storage import checkins as checkin_db
from bot.kernel.db import deliveries
from tests.checkins.checkin_env import ANSWERS, START, checkin_env

pytestmark = pytest.mark.asyncio

ZONES = {
    "alex": ZoneInfo("America/Chicago"),
    "sam": ZoneInfo("Europe/London"),
    "jordan": ZoneInfo("Australia/Sydney"),
}


async def test_prompts_arrive_at_local_time_in_three_zones_across_a_dst_change(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        await env.run_until(datetime.fromisoformat("2027-03-17T00:00:00+00:00"))
        sent = {(key, day): at for _, key, day, at in env.outlet.prompts}
        for (key, day), at in sent.items():
            local = at.astimezone(ZONES[key])
            if (key, day) == ("jordan", date(2027, 3, 8)):
                continue  # the catch-up prompt, sent at start (see the harness test)
            assert local.date() == day and local.time() == time(20, 0), (key, day, local)
        # Chicago moved to summer time on Sunday 14 March: the same 20:00 is an hour
        # earlier in UTC from that day on.
        assert sent[("alex", date(2027, 3, 13))].hour == 2
        assert sent[("alex", date(2027, 3, 14))].hour == 1
        assert sent[("sam", date(2027, 3, 14))].hour == 20
        assert sent[("jordan", date(2027, 3, 14))].hour == 9
        # One prompt per participant per local day, and no day skipped.
        for key in ZONES:
            days = sorted(day for k, day in sent if k == key)
            assert days == [date(2027, 3, 8) + timedelta(days=n) for n in range(len(days))]


async def test_a_prompt_is_never_sent_twice_even_after_a_replan(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        await env.run_until(datetime.fromisoformat("2027-03-09T03:00:00+00:00"))
        before = len(env.outlet.prompts)
        await env.service.replan()  # as after a restart or a program change
        await env.run_until(datetime.fromisoformat("2027-03-09T04:00:00+00:00"))
        assert len(env.outlet.prompts) == before
        assert await deliveries.count_by_status(env.db, "checkin-prompt") == {"sent": before}


async def test_a_changed_checkin_time_moves_the_next_prompt_and_off_stops_them(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.set_time(alex, time(7, 30))  # 06:00 in Chicago now
        due = env.service.next_prompt_for("alex")
        assert due is not None
        assert due.astimezone(ZONES["alex"]) == datetime(2027, 3, 8, 7, 30, tzinfo=ZONES["alex"])
        await env.service.set_time(alex, None, enabled=False)
        assert env.service.next_prompt_for("alex") is None
        await env.run_until(START + timedelta(days=3))
        assert all(key != "alex" for _, key, _, _ in env.outlet.prompts)


async def test_answering_again_the_same_day_updates_that_days_checkin(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        first = await env.service.record_answers(alex, None, ANSWERS)
        env.clock.advance(timedelta(hours=2))
        second = await env.service.record_answers(alex, None, {"mood": "8"})
        rows = await checkin_db.for_participant(env.db, "alex")
        assert len(rows) == 1
        assert rows[0].checkin.answers["mood"] == 8
        assert rows[0].checkin.answers["craving"] == 2  # kept
        assert second.first_answered_at == first.first_answered_at
        assert second.updated_at > first.updated_at


async def test_a_late_answer_counts_for_the_prompts_day_and_an_old_one_is_refused(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        monday = date(2027, 3, 8)
        # Tuesday 00:40 in Chicago: last night's prompt still counts for Monday.
        env.clock.set(datetime(2027, 3, 9, 0, 40, tzinfo=ZONES["alex"]))
        saved = await env.service.record_answers(alex, monday, ANSWERS)
        assert saved.day == monday
        # Thursday: Monday's prompt is stale; nothing is written.
        env.clock.set(datetime(2027, 3, 11, 9, 0, tzinfo=ZONES["alex"]))
        with pytest.raises(StalePromptError, match="can no longer be answered"):
            await env.service.record_answers(alex, monday, {"mood": "1"})
        rows = await checkin_db.for_participant(env.db, "alex")
        assert [(r.day, r.checkin.answers["mood"]) for r in rows] == [(monday, 6)]


async def test_checking_in_early_skips_that_days_prompt(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        sam = await env.participant("sam")
        await env.service.record_answers(sam, None, ANSWERS)
        assert "checkin:sam:2027-03-08" not in env.job_ids()
        assert "checkin:sam:2027-03-09" in env.job_ids()
        await env.run_until(START + timedelta(days=1, hours=12))
        assert [day for _, key, day, _ in env.outlet.prompts if key == "sam"] == [
            date(2027, 3, 9)
        ]


async def test_bad_answers_are_explained_and_nothing_is_written(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        with pytest.raises(AnswerError, match="from 0 to 10"):
            await env.service.record_answers(alex, None, {"mood": "11"})
        with pytest.raises(AnswerError, match="the limit is 1,000"):
            await env.service.save_texts(alex, None, {"note": "x" * 1001})
        with pytest.raises(AnswerError, match="no longer asks"):
            await env.service.record_answers(alex, None, {"mood": "5", "shoe_size": "9"})
        assert await checkin_db.for_participant(env.db, "alex") == []


async def test_no_checkin_outside_the_program(tmp_path: Path) -> None:
    before = datetime.fromisoformat("2027-03-01T15:00:00+00:00")
    async with checkin_env(tmp_path, start=before) as env:
        alex = await env.participant("alex")
        with pytest.raises(NotOpen, match="run from Monday 8 March 2027"):
            await env.service.record_answers(alex, None, ANSWERS)
        assert await checkin_db.for_participant(env.db, "alex") == []
