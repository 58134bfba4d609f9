"""Issue 15's figure: 10 people each sending 3 crisis DMs within 5 minutes give exactly
10 open alerts (each with its 3 messages) and 10 repeats per interval, all posted, with
no re-alert job lost and none failed (bench/alert_storm.py prints the same figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.alert_storm import run_storm

pytestmark = pytest.mark.e2e


@pytest.mark.asyncio
async def test_ten_people_three_crisis_dms_each_make_ten_alerts_and_ten_repeats(
    tmp_path: Path,
) -> None:
    figures = await run_storm(tmp_path, people=10, messages=3, intervals=3)
    assert figures.replies == 30  # every crisis DM answered
    assert figures.alerts == 10 and figures.posted == 10
    assert figures.excerpts == [3] * 10
    assert figures.repeats_per_interval == [10, 10, 10]
    assert figures.jobs == 10 and figures.failed_jobs == 0
