"""The measures migration carries the check-in's old weekly screens over, and the score
chart draws each questionnaire with its bands (and audits a facilitator's view)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.checkins.chart import png_text
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import audit as audit_log
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import load_migrations, migrate
from bot.measures import storage as measures_db
from bot.measures.chart import ScoreCharts
from tests.measures.measures_env import ALEX, measures_env

pytestmark = pytest.mark.asyncio


async def test_old_weekly_screens_are_carried_over(tmp_path: Path) -> None:
    migrations = load_migrations()
    ours = next(m for m in migrations if m.name.endswith("_measures.sql"))
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        await migrate(db, [m for m in migrations if m.version < ours.version])
        async with db.transaction() as c:
            for item, score in (("phq2_interest", 2), ("phq2_down", 1), ("gad2_nervous", 0),
                                ("gad2_worry", 1)):  # fmt: skip
                await c.execute(
                    "INSERT INTO screening_items VALUES ('alex', '2026-12-07', ?, ?, "
                    "'2026-12-08T01:00:00+00:00')",
                    (item, score),
                )
            for instrument, score, flagged in (("phq2", 3, 1), ("gad2", 1, 0)):
                await c.execute(
                    "INSERT INTO screenings VALUES ('alex', '2026-12-07', ?, ?, 6, ?, "
                    "'2026-12-08T01:00:00+00:00')",
                    (instrument, score, flagged),
                )
        await migrate(db, migrations)
        rows = await measures_db.for_participant(db, "alex")
        assert [(r.instrument, r.status, r.answers, r.score, r.band, r.scores) for r in rows] == [
            ("phq2", "completed", {"q1": 2, "q2": 1}, 3, "at or above the screening cut-off",
             {"total": 3}),
            ("gad2", "completed", {"q1": 0, "q2": 1}, 1, "below the screening cut-off",
             {"total": 1}),
        ]  # fmt: skip
        tables = {r[0] for r in await db.fetchall("SELECT name FROM sqlite_master")}
        assert "screenings" not in tables and "screening_items" not in tables
    finally:
        await db.close()


async def test_the_chart_draws_each_questionnaire_and_audits_a_facilitators_view(
    db: Database, clock: SimulatedClock
) -> None:
    env = await measures_env(db, clock)
    alex = await env.person("alex")
    charts = ScoreCharts(env.service)
    assert (await charts.chart_for("alex", "Your questionnaires")).png is None
    for week, values in ((1, [2, 2, 2, 2, 1, 1, 1, 1, 0]), (5, [1, 1, 1, 0, 0, 0, 0, 0, 0])):
        await env.service.after_checkin("alex", ALEX.id, env.at_week(week))
        phq9 = next(r for r in await measures_db.in_week(db, "alex", week)
                    if r.instrument == "phq9")  # fmt: skip
        await env.answer_all(alex, ALEX, phq9.id, values)
    chart = await charts.chart_for("alex", "alex: questionnaires", viewer_id=7)
    assert chart.png is not None and png_text(chart.png)["Scores"] == "PHQ-9:2"
    assert chart.lines == ("PHQ-9: 3 of 27 (minimal) on Mon 4 Jan; first 12, change -9",)
    entries = await audit_log.entries_about(db, "alex")
    assert [(e.actor_id, e.action) for e in entries] == [(7, "report.measures")]
