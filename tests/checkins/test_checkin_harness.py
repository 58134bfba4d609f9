"""The check-in harness itself (tests/checkins/checkin_env.py): one prompt planned per
participant, each sent at their own local time."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.checkins.checkin_env import START, checkin_env


@pytest.mark.asyncio
async def test_the_harness_plans_one_prompt_per_participant(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        assert env.job_ids("checkin:") == [
            "checkin:alex:2027-03-08", "checkin:jordan:2027-03-08", "checkin:sam:2027-03-08",
        ]
        # Jordan's 20:00 in Sydney was 09:00 UTC, three hours before the start: within
        # the catch-up window, so it is sent at once rather than lost.
        await env.run_until(START)
        assert [(key, day) for _, key, day, _ in env.outlet.prompts] == [
            ("jordan", date(2027, 3, 8))
        ]
        await env.run_until(START + timedelta(days=1))
        assert {key for _, key, _, _ in env.outlet.prompts} == {"alex", "sam", "jordan"}
