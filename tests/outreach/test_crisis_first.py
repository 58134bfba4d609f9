"""Crisis first (issue 21, issue 15): the reply to a person in crisis goes out before, and
independently of, the facilitators' alert. With every post to #facilitators failing with
500s (Discord's client retries each with growing waits), the DM reply still arrives at
once, and the alert is posted by its repeat once the channel works again."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from bot.crisis.service import REALERT_MINUTES
from bot.sandbox.driver import default_factory
from tests.conftest import StartSandbox

MESSAGES = "/channels/{channel_id}/messages"

pytestmark = pytest.mark.e2e


@pytest.mark.asyncio
async def test_the_reply_does_not_wait_for_a_failing_alert(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox(bot_factory=default_factory())
    sandbox.add_member("rivera", "facilitator")
    sandbox.add_member("alex", "participant", "America/New_York")
    sandbox.add_member("sam", "participant", "America/New_York")
    await sandbox.settle()
    facilitators = sandbox.channel_id("facilitators")
    # Posts there fail with 500s; discord.py retries each, waiting 1 s, then 2 s.
    sandbox.server.faults.fail_next(
        500, count=2, method="POST", route=MESSAGES, channel_id=facilitators
    )
    began = time.monotonic()
    sandbox.actions.dm("alex", "i want to kill myself tonight")
    while not any(e.where == "dm:alex" and "988" in e.text for e in sandbox.events):
        assert time.monotonic() - began < 5.0, "the crisis reply waited on the alert"
        await asyncio.sleep(0.01)
    assert time.monotonic() - began < 1.0
    assert not any(e.where == "#facilitators" for e in sandbox.events)
    await sandbox.settle()  # the alert's retries
    assert time.monotonic() - began >= 3.0
    posted = [e for e in sandbox.events if e.where == "#facilitators"]
    assert len(posted) == 1 and "Crisis alert #1" in posted[0].text

    # A post refused outright: the reply still goes, and the repeat posts the whole alert.
    sandbox.server.faults.fail_next(403, method="POST", route=MESSAGES, channel_id=facilitators)
    await sandbox.dm("sam", "i took 30 of my sleeping pills")
    assert any(e.where == "dm:sam" and "988" in e.text for e in sandbox.events)
    assert not any(e.where == "#facilitators" and "@sam" in e.text for e in sandbox.events)
    await sandbox.advance(timedelta(minutes=REALERT_MINUTES))
    about_sam = [e for e in sandbox.events if e.where == "#facilitators" and "@sam" in e.text]
    assert len(about_sam) == 1 and "Crisis alert #2" in about_sam[0].text
