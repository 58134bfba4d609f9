"""The driver with the real Companion bot: start, act, read back, restart, advance time,
and a settle that says what the bot is still doing when it never finishes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import discord
import pytest

from bot.kernel.clock import SimulatedClock
from bot.sandbox.driver import Sandbox
from bot.sandbox.settle import SettleTimeout


@pytest.mark.asyncio
async def test_about_in_a_dm_and_in_a_channel(sandbox: Sandbox) -> None:
    sandbox.add_member("alex", "participant", "America/Chicago")
    await sandbox.slash("alex", "/about")
    await sandbox.slash("alex", "/about", channel="general")
    answers = [(e.where, e.visible_to) for e in sandbox.events if e.actor == "Companion"]
    assert answers == [("dm:alex", None), ("#general", "alex")]
    assert all("988" in e.text for e in sandbox.events)
    assert sandbox.member_tz("alex") == "America/Chicago"


@pytest.mark.asyncio
async def test_the_bot_is_configured_for_the_sandbox_guild(sandbox: Sandbox) -> None:
    assert sandbox.bot.get_guild(sandbox.guild_id) is not None
    in_server = {c.name for c in sandbox.server.state.commands.values()
                 if c.guild_id == sandbox.guild_id}
    everywhere = {c.name for c in sandbox.server.state.commands.values() if c.guild_id is None}
    # Facilitator commands live in the program's server only; what participants use in
    # a DM with the bot is global (Discord offers only global commands in DMs).
    assert {"program", "session", "closure"} <= in_server
    assert {"about", "coping", "schedule", "checkin"} <= everywhere
    assert not in_server & everywhere
    assert discord.http.Route.BASE == sandbox.server.base_url


@pytest.mark.asyncio
async def test_restart_keeps_the_server_and_reconnects_a_new_bot(sandbox: Sandbox) -> None:
    sandbox.add_member("sam", "peer")
    first_bot = sandbox.bot
    await sandbox.post("sam", "general", "before the restart")
    await sandbox.restart_bot()
    assert sandbox.bot is not first_bot and first_bot.is_closed()
    assert sandbox.server.gateway.identifies == 2
    guild = sandbox.bot.get_guild(sandbox.guild_id)
    assert guild is not None and guild.get_member(sandbox.member_id("sam")) is not None
    await sandbox.slash("sam", "/about")
    assert sandbox.events[-1].where == "dm:sam"
    assert sandbox.events[0].text == "before the restart"


@pytest.mark.asyncio
async def test_advance_moves_the_clock_to_the_target(sandbox: Sandbox) -> None:
    start = sandbox.clock.now()
    await sandbox.advance(timedelta(days=3))
    assert sandbox.clock.now() == start + timedelta(days=3)
    await sandbox.advance_to(start + timedelta(days=4))
    assert sandbox.clock.now() == start + timedelta(days=4)


@pytest.mark.asyncio
async def test_advance_runs_each_due_job_at_its_own_instant(sandbox: Sandbox) -> None:
    seen: list[object] = []
    start = sandbox.clock.now()

    async def job() -> None:
        seen.append(sandbox.clock.now())

    scheduler = getattr(sandbox.bot, "scheduler")  # noqa: B009  (CompanionBot's, not Bot's)
    for hours in (5, 1, 3):
        scheduler.add_job(job, "date", run_date=start + timedelta(hours=hours),
                                      id=f"test:{hours}")
    await sandbox.advance(timedelta(hours=4))
    assert seen == [start + timedelta(hours=1), start + timedelta(hours=3)]
    assert sandbox.clock.now() == start + timedelta(hours=4)


@pytest.mark.asyncio
async def test_settle_names_what_the_bot_is_still_doing(sandbox: Sandbox) -> None:
    stuck = asyncio.create_task(asyncio.sleep(30), name="never-finishes")
    try:
        with pytest.raises(SettleTimeout, match="never-finishes"):
            await sandbox.settler.settle(sandbox.bot, limit=0.05)
    finally:
        stuck.cancel()


@pytest.mark.asyncio
async def test_stop_gives_discord_py_its_real_addresses_back(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    before = discord.http.Route.BASE
    running = await Sandbox.start(database_path=tmp_path / "x.sqlite3", clock=clock)
    await running.stop()
    assert discord.http.Route.BASE == before
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY).startswith("wss://")
