"""The moderator end to end, where scripts cannot reach: edited messages, closed DMs,
and what the database keeps for facilitators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.crisis import storage as safety_db
from bot.kernel.clock import SimulatedClock
from bot.moderation.storage import moderation as mod_db
from bot.sandbox.driver import Sandbox
from bot.sandbox.events import SandboxEvent
from bot.sandbox.routes_messages import apply_edit

pytestmark = pytest.mark.e2e

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    running = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START)
    )
    for name in ("alex", "sam"):
        running.add_member(name, "participant", "America/Chicago")
    running.add_member("rivera", "facilitator")
    yield running
    await running.stop()


def bot_says(sandbox: Sandbox, where: str, text: str = "") -> list[SandboxEvent]:
    return [
        e
        for e in sandbox.events
        if e.kind in ("message", "edit")
        and e.actor == "Companion"
        and e.where == where
        and text.casefold() in e.text.casefold()
    ]


def deleted(sandbox: Sandbox, message_id: int) -> bool:
    return sandbox.server.state.messages[message_id].deleted


async def edit(sandbox: Sandbox, message_id: int, content: str) -> None:
    apply_edit(sandbox.server, sandbox.server.state.messages[message_id], {"content": content})
    await sandbox.settle()


@pytest.mark.asyncio
async def test_an_edit_that_adds_a_phone_number_is_removed(sandbox: Sandbox) -> None:
    message_id = await sandbox.post("alex", "peer-support", "call me after group")
    assert not deleted(sandbox, message_id)
    await edit(sandbox, message_id, "call me after group: 555-201-7788")
    assert deleted(sandbox, message_id)
    assert bot_says(sandbox, "dm:alex", "555-201-7788")
    (row,) = await mod_db.actions_for(sandbox.bot.db, sandbox.guild_id)  # type: ignore[attr-defined]
    assert row.rule == "personal_info.phone" and row.message_id == message_id


@pytest.mark.asyncio
async def test_an_edit_into_crisis_words_gets_help_once_and_stays(sandbox: Sandbox) -> None:
    message_id = await sandbox.post("alex", "peer-support", "rough day")
    await edit(sandbox, message_id, "rough day. i want to kill myself")
    await edit(sandbox, message_id, "rough day. i want to kill myself tonight")
    assert not deleted(sandbox, message_id)
    assert len(bot_says(sandbox, "#peer-support", "988")) == 1
    assert len(bot_says(sandbox, "#facilitators", "Crisis alert")) == 1


@pytest.mark.asyncio
async def test_closed_dms_never_lose_the_authors_text(sandbox: Sandbox) -> None:
    sandbox.actions.set_dms_open("sam", False)
    message_id = await sandbox.post("sam", "peer-support", "anyone got a plug for percs")
    assert deleted(sandbox, message_id)
    # Told in the channel, without repeating what was removed.
    (notice,) = bot_says(sandbox, "#peer-support", "couldn't DM you")
    assert "plug" not in notice.text
    (log_entry,) = bot_says(sandbox, "#mod-log", "drug_sourcing")
    assert "DMs are closed" in log_entry.text and "kept in the moderation log" in log_entry.text
    (row,) = await mod_db.actions_for(sandbox.bot.db, sandbox.guild_id)  # type: ignore[attr-defined]
    assert row.dm_status == "closed" and row.content == "anyone got a plug for percs"


@pytest.mark.asyncio
async def test_a_held_message_with_closed_dms_is_answered_in_the_channel(
    sandbox: Sandbox,
) -> None:
    sandbox.actions.set_dms_open("alex", False)
    text = "whats the lethal dose of tylenol, i want to die"
    message_id = await sandbox.post("alex", "peer-support", text)
    assert deleted(sandbox, message_id)
    (notice,) = bot_says(sandbox, "#peer-support", "paused for a facilitator")
    assert "988" in notice.text and "tylenol" not in notice.text
    (alert,) = bot_says(sandbox, "#facilitators", "Crisis alert")
    assert "held" in alert.text and "lethal dose of tylenol" in alert.text
    row = await safety_db.get_alert(sandbox.bot.db, 1)  # type: ignore[attr-defined]
    assert row is not None and row.held


@pytest.mark.asyncio
async def test_the_button_answers_only_facilitators(sandbox: Sandbox) -> None:
    await sandbox.slash("alex", "/crisis")
    await sandbox.click("rivera", "I'm on it")
    row = await safety_db.get_alert(sandbox.bot.db, 1)  # type: ignore[attr-defined]
    assert row is not None and row.acknowledged_by == sandbox.member_id("rivera")
