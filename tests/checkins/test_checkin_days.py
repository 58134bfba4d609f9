"""One definition of a participant's day: prompts, nudges, the digest, /report and
/progress all count a day only when the participant was enrolled, started, not paused,
prompts were on and the bot had the chance to prompt them.

The scenario: a New York program with participants in Sydney, London and Los Angeles,
who started a week before the bot first ran, across a pause and a day of downtime.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.checkins import reports as checkin_reports
from bot.checkins.prompts import MISSED_NUDGE, prompt_key
from bot.checkins.storage import checkins as checkin_db
from bot.kernel.db import deliveries, members
from tests.builders import participant, program_file
from tests.checkins.checkin_env import ANSWERS, Env, checkin_env

pytestmark = pytest.mark.asyncio

NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
ZONES = {"sam": "Australia/Sydney", "alex": "Europe/London", "jordan": "America/Los_Angeles"}
STARTED = date(2026, 11, 30)  # a Monday, a week before the bot first runs
PROGRAM = program_file(
    *(participant(n, z, start=STARTED, weeks=4) for n, z in ZONES.items()),
    name="Three zones",
    checkin_time="20:00",
)
USERS = {"sam": 201, "alex": 202, "jordan": 203}
FIRST_RUN = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # 07:00 in New York


async def _link(env: Env) -> None:
    for name, user_id in USERS.items():
        await members.upsert(env.db, user_id, name, env.clock.now(), participant_key=name)
    await env.service.replan()


def _report_counts(rows: list[checkin_reports.ReportRow]) -> tuple[int, int]:
    checked = sum(r.status in ("checked in", "started") for r in rows)
    expected = checked + sum(r.status == "missed" for r in rows)
    return checked, expected


async def _digest_agrees_with_report(env: Env) -> checkin_reports.Digest:
    """The digest just posted says what /report checkins says for the same day."""
    digest = env.outlet.digests[-1]
    rows = await checkin_reports.day_report(env.service, digest.reported_day)
    assert (digest.checked_in, digest.expected) == _report_counts(rows), (digest, rows)
    return digest


async def test_the_first_morning_counts_no_day_the_bot_never_prompted(tmp_path: Path) -> None:
    async with checkin_env(tmp_path, start=FIRST_RUN, program=PROGRAM) as env:
        await _link(env)
        # 08:00 New York on the bot's first day: a week of the program has passed, but
        # nobody was ever asked, so nobody is missing and nothing was expected.
        await env.run_until(datetime(2026, 12, 7, 8, 30, tzinfo=NEW_YORK))
        digest = await _digest_agrees_with_report(env)
        assert digest.missing == ()
        assert (digest.checked_in, digest.expected) == (0, 0)
        # The first prompts go out that evening; nobody is told "it's been a couple of
        # days since your last check-in" before they ever had a prompt.
        await env.run_until(datetime(2026, 12, 8, 12, 0, tzinfo=UTC))
        assert {name for _, name, _, _ in env.outlet.prompts} == set(ZONES)
        assert env.outlet.dms == []
        rows = await checkin_reports.day_report(env.service, date(2026, 12, 4))
        assert {r.status for r in rows} == {"not expected"}
        # sam's Monday prompt (20:00 in Sydney, 09:00 UTC) was three hours overdue when
        # the bot started: sent late, it counts; the day is over in Sydney, unanswered.
        late = next(p for p in env.outlet.prompts if p[1] == "sam")
        assert late[2:] == (date(2026, 12, 7), FIRST_RUN)
        rows = await checkin_reports.day_report(env.service, date(2026, 12, 7))
        assert {r.name: r.status for r in rows} == {
            "sam": "missed",
            "alex": "missed",
            "jordan": "missed",
        }
        progress = await checkin_reports.progress(env.service, await env.participant("jordan"))
        assert progress.missed_days == 1  # Monday, the first day he was asked; not 8


async def test_the_digest_and_the_report_count_sydney_on_the_same_day(tmp_path: Path) -> None:
    async with checkin_env(tmp_path, start=FIRST_RUN, program=PROGRAM) as env:
        await _link(env)
        # Everyone answers their Tuesday 8 December prompt (Sydney's comes first).
        for name in ZONES:
            zone = ZoneInfo(ZONES[name])
            await env.run_until(datetime(2026, 12, 8, 20, 30, tzinfo=zone))
            await env.service.record_answers(
                await env.participant(name), date(2026, 12, 8), ANSWERS
            )
        await env.run_until(datetime(2026, 12, 9, 8, 30, tzinfo=NEW_YORK))
        digest = await _digest_agrees_with_report(env)
        assert digest.reported_day == date(2026, 12, 8)
        assert (digest.checked_in, digest.expected) == (3, 3)


def _answer_times(skip: set[tuple[str, date]], last: date) -> list[tuple[datetime, str, date]]:
    """Each participant answers their prompt half an hour after it, unless skipped."""
    found = []
    day = date(2026, 12, 7)
    while day <= last:
        for name, zone in ZONES.items():
            if (name, day) not in skip:
                when = datetime.combine(day, time(20, 30), ZoneInfo(zone))
                if when >= FIRST_RUN:
                    found.append((when.astimezone(UTC), name, day))
        day += timedelta(days=1)
    return sorted(found)


def _watch_digests(env: Env) -> list[tuple[checkin_reports.Digest, tuple[int, int]]]:
    """Each digest with what /report said for its day at the moment it was posted."""
    seen: list[tuple[checkin_reports.Digest, tuple[int, int]]] = []
    record = env.outlet.post_digest

    async def post_digest(digest: checkin_reports.Digest) -> None:
        rows = await checkin_reports.day_report(env.service, digest.reported_day)
        seen.append((digest, _report_counts(rows)))
        await record(digest)

    env.outlet.post_digest = post_digest  # type: ignore[method-assign]
    return seen


async def test_three_zones_across_a_pause_and_a_day_of_downtime(tmp_path: Path) -> None:
    # The bot is down from Friday 11 December 23:00 New York to Sunday 13 December
    # 01:00 New York: nobody's Saturday 12 December prompt is ever sent.
    down_from = datetime(2026, 12, 12, 4, 0, tzinfo=UTC)
    down_until = datetime(2026, 12, 13, 6, 0, tzinfo=UTC)
    pause_at = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)  # jordan: paused to Monday 14th
    # jordan stops answering after Tuesday 8th; sam misses Wednesday 9th; alex answers
    # every prompt.
    skip = {("sam", date(2026, 12, 9))}
    skip |= {("jordan", date(2026, 12, d)) for d in range(9, 21)}
    async with checkin_env(tmp_path, start=FIRST_RUN, program=PROGRAM) as env:
        await _link(env)
        seen = _watch_digests(env)
        paused = down = False
        end = datetime(2026, 12, 17, 9, 0, tzinfo=NEW_YORK)
        for at, name, day in _answer_times(skip, date(2026, 12, 17)):
            if at >= end:
                break
            if not paused and at >= pause_at:
                await env.run_until(pause_at)
                await env.programs.set_paused_until("jordan", date(2026, 12, 15))
                paused = True
            if not down and at >= down_from:
                await env.run_until(down_from)
                env.scheduler.remove_all_jobs()  # the bot stops ...
                env.clock.set(down_until)
                await env.service.replan()  # ... and starts again a day later
                down = True
            if down_from <= at < down_until:
                continue  # the bot is down: nobody can answer
            await env.run_until(at)
            await env.service.record_answers(await env.participant(name), day, ANSWERS)
        await env.run_until(end)

        # Every morning's digest said what /report said for its day at that moment
        # (Saturday's digest fell in the downtime).
        assert [d.reported_day for d, _ in seen] == [
            date(2026, 12, 6) + timedelta(days=k) for k in range(11) if k != 5
        ]
        for digest, report in seen:
            assert (digest.checked_in, digest.expected) == report, digest

        # Now that every zone has finished these days, the report says:
        async def statuses(day: date) -> dict[str, str]:
            rows = await checkin_reports.day_report(env.service, day)
            return {r.name: r.status for r in rows}

        assert await statuses(date(2026, 12, 9)) == {
            "sam": "missed",
            "alex": "checked in",
            "jordan": "missed",
        }
        # Paused: not expected of jordan; the day of downtime: not expected of anyone.
        assert (await statuses(date(2026, 12, 10)))["jordan"] == "not expected"
        assert (await statuses(date(2026, 12, 11)))["jordan"] == "not expected"
        assert await statuses(date(2026, 12, 12)) == {
            "sam": "not expected",
            "alex": "not expected",
            "jordan": "not expected",
        }
        assert await statuses(date(2026, 12, 15)) == {
            "sam": "checked in",
            "alex": "checked in",
            "jordan": "missed",
        }
        # jordan was asked on the 9th, paused from the 10th (early that morning in Los
        # Angeles) and asked again from the 15th: those are his missed days, and the
        # one nudge he got came after two of them.
        prompted = sorted(d for _, n, d, _ in env.outlet.prompts if n == "jordan")
        assert date(2026, 12, 12) not in prompted
        assert not any(date(2026, 12, 10) <= d <= date(2026, 12, 14) for d in prompted)
        progress = await checkin_reports.progress(env.service, await env.participant("jordan"))
        assert progress.missed_days == 3  # 9, 15 and 16 December
        assert [t for uid, t in env.outlet.dms if uid == USERS["jordan"]] == [MISSED_NUDGE]
        sam = await checkin_reports.progress(env.service, await env.participant("sam"))
        assert sam.missed_days == 2  # 7 December (prompted late, at 23:00) and the 9th
        assert sam.streak == 7  # 10, 11, 13 ... 17 December: downtime does not break it


async def test_prompted_days_come_from_the_prompt_records_of_each_participant(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path, start=FIRST_RUN, program=PROGRAM) as env:
        now = env.clock.now()
        monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
        for key, day, status in (
            ("a_b", monday, "sent"),
            ("a%b", tuesday, "failed"),  # DMs closed: the bot had the chance
            ("axb", monday, "sent"),
            ("a_b", tuesday, "skipped"),  # too late after downtime: no chance
        ):
            await deliveries.claim(env.db, prompt_key(key, day), "checkin-prompt", None, now, now)
            await deliveries.settle(env.db, prompt_key(key, day), status, now)
        every = await checkin_db.prompted_days(env.db, monday)
        assert every == {"a_b": {monday}, "a%b": {tuesday}, "axb": {monday}}
        assert await checkin_db.prompted_days(env.db, monday, "a_b") == {"a_b": {monday}}
        assert await checkin_db.prompted_days(env.db, tuesday, "a_b") == {}
