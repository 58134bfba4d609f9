"""Agendas against the sandbox's Discord: the post is pinned with a questions thread, the
track's older agenda is unpinned, a restart between scheduling and posting posts once,
and input that cannot fit an embed is refused with nothing saved.

Conversation scripts cannot look at pins and threads, so these checks read the sandbox
server's state directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.program.domain.program_file import parse_program
from bot.sandbox.driver import Sandbox
from bot.sandbox.state import Message

pytestmark = pytest.mark.e2e

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo_program.toml"
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday 09:00 New York
WEDNESDAY = "evening.process-group:2026-12-09"
THURSDAY = "evening.process-group:2026-12-10"
THURSDAY_POST = datetime(2026, 12, 10, 21, 0, tzinfo=UTC)  # 16:00 New York, 2h before


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    running = await Sandbox.start(
        database_path=tmp_path / "agendas.sqlite3", clock=SimulatedClock(START)
    )
    # Participants join only when a test needs them: every DM to them while days are
    # replayed counts against the sandbox's (real-time) per-channel rate limit.
    running.add_member("rivera", "facilitator")
    await running.settle()
    bot: Any = running.bot
    await bot.programs.import_program(parse_program(DEMO.read_text()), START)
    await running.settle()
    yield running
    await running.stop()


def agenda_posts(sandbox: Sandbox) -> list[Message]:
    channel = sandbox.channel_id("agendas")
    return [
        m
        for m in sandbox.server.state.visible_messages(channel, None)
        if m.author_id == sandbox.server.state.bot_user.id
    ]


async def compose(sandbox: Sandbox, session: str, title: str, items: str) -> None:
    await sandbox.slash("rivera", f"/agenda compose session:{session}", channel="facilitators")
    await sandbox.submit("rivera", {"title": title, "items": items})


def last_reply(sandbox: Sandbox) -> str:
    replies = [e for e in sandbox.events if e.where == "#facilitators" and e.kind != "pin"]
    return replies[-1].text


@pytest.mark.asyncio
async def test_a_posted_agenda_is_pinned_with_a_thread_and_replaces_the_older_pin(
    sandbox: Sandbox,
) -> None:
    await compose(sandbox, WEDNESDAY, "Urge surfing", "Check-in round\n- Urge surfing\n3. Practice")
    await sandbox.click("rivera", "Post now")
    [wednesday] = agenda_posts(sandbox)
    embed = wednesday.embeds[0]
    assert embed["title"] == "Urge surfing"
    assert "1. Check-in round\n2. Urge surfing\n3. Practice" in embed["description"]
    assert "<t:1796857200:F>" in embed["description"]  # Wednesday 18:00 New York
    assert wednesday.pinned
    thread = sandbox.server.state.channels[wednesday.thread_id or 0]
    assert thread.name == "Questions: Process group, Wed 9 Dec"
    assert any(
        "Ask them here" in m.content for m in sandbox.server.state.visible_messages(thread.id, None)
    )

    await compose(sandbox, THURSDAY, "Values", "Check-in round\nValues card sort")
    await sandbox.click("rivera", "Schedule")
    await sandbox.advance_to(THURSDAY_POST)
    wednesday_now, thursday = agenda_posts(sandbox)
    assert thursday.embeds[0]["title"] == "Values"
    assert thursday.pinned and not wednesday_now.pinned
    assert thursday.thread_id is not None

    # The session is cancelled after posting: the post says so and is unpinned.
    await sandbox.slash(
        "rivera", f"/session cancel session:{THURSDAY} reason:Snow", channel="facilitators"
    )
    thursday = sandbox.server.state.messages[thursday.id]
    assert thursday.embeds[0]["title"] == "Cancelled: Values"
    assert "This session is cancelled" in thursday.embeds[0]["description"]
    assert not thursday.pinned


@pytest.mark.asyncio
async def test_a_restart_between_scheduling_and_posting_posts_exactly_once(
    sandbox: Sandbox,
) -> None:
    await compose(sandbox, THURSDAY, "Values", "Check-in round\nValues card sort")
    await sandbox.click("rivera", "Schedule")
    await sandbox.restart_bot()
    await sandbox.advance_to(THURSDAY_POST - timedelta(hours=1))
    sandbox.add_member("sam", "participant", "America/New_York")
    await sandbox.advance_to(THURSDAY_POST)
    await sandbox.restart_bot()  # and once more after posting: nothing is owed any more
    await sandbox.advance_to(datetime(2026, 12, 10, 22, 30, tzinfo=UTC))
    posts = agenda_posts(sandbox)
    assert [m.embeds[0]["title"] for m in posts] == ["Values"]
    assert posts[0].pinned and posts[0].thread_id is not None
    # sam's 1h reminder (17:00 New York) carries the agenda.
    reminders = [e.text for e in sandbox.events if e.where == "dm:sam" and "Reminder" in e.text]
    assert "Values card sort" in reminders[-1]


@pytest.mark.asyncio
async def test_more_items_than_an_embed_holds_are_refused_and_nothing_is_saved(
    sandbox: Sandbox,
) -> None:
    items = "\n".join(f"Item {n}" for n in range(1, 17))
    await compose(sandbox, WEDNESDAY, "Too much", items)
    assert "16 items, more than the 15" in last_reply(sandbox)
    assert "Nothing was saved" in last_reply(sandbox)
    bot: Any = sandbox.bot
    assert await bot.agendas.live(WEDNESDAY) is None
    # "Fix it" reopens the form as typed; trimming it to 15 items is accepted.
    await sandbox.click("rivera", "Fix it")
    await sandbox.submit("rivera", {"items": "\n".join(items.splitlines()[:15])})
    assert "State: **draft**" in last_reply(sandbox)
    assert (await bot.agendas.live(WEDNESDAY)).content.items[-1] == "Item 15"
