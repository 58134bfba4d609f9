"""What facilitators see: the day report (and its CSV), one participant's view, and the
audit row every such view writes."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.checkins import reports as checkin_reports
from bot.kernel.db import audit as checkin_audit
from tests.checkins.checkin_env import ANSWERS, checkin_env

pytestmark = pytest.mark.asyncio

RIVERA = 900


async def test_the_day_report_says_who_checked_in_who_did_not_and_the_flags(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        alex, sam = await env.participant("alex"), await env.participant("sam")
        await env.service.record_answers(alex, None, {**ANSWERS, "mood": "2"})
        await env.service.finish(alex, None)
        await env.service.record_answers(sam, None, {"mood": "7"})  # not finished
        await env.run_until(env.clock.now() + timedelta(days=2))  # jordan is asked, in vain
        monday = date(2027, 3, 8)
        rows = await checkin_reports.day_view(env.service, RIVERA, monday)
        status = {r.name: r.status for r in rows}
        assert status == {"alex": "checked in", "sam": "started", "jordan": "missed"}
        flags = {r.name: r.flags for r in rows}
        assert flags["alex"] == ("Follow-up offered: Mood 2/10 (2 or less)",)
        table = list(csv.DictReader(io.StringIO(
            checkin_reports.report_csv(env.service, monday, rows).decode()
        )))
        by_name = {row["participant"]: row for row in table}
        assert by_name["alex"]["mood"] == "2" and by_name["alex"]["craving"] == "2"
        assert by_name["jordan"]["mood"] == "" and by_name["jordan"]["status"] == "missed"
        audit = await checkin_audit.entries_about(env.db, "day:2027-03-08")
        assert [(e.actor_id, e.action) for e in audit] == [(RIVERA, "report.checkins")]


async def test_every_view_of_a_participant_is_audited(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, ANSWERS)
        first = await checkin_reports.participant_view(env.service, RIVERA, alex)
        env.clock.advance(timedelta(hours=1))
        await checkin_reports.participant_view(env.service, RIVERA + 1, alex)
        assert first.progress.days_checked_in == 1
        audit = await checkin_audit.entries_about(env.db, "alex")
        assert [(e.actor_id, e.action) for e in audit] == [
            (RIVERA, "report.participant"), (RIVERA + 1, "report.participant"),
        ]
        assert audit[1].at - audit[0].at == timedelta(hours=1)
