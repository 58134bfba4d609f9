"""/setup and /setup-status end to end: the real bot against the sandbox server."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.kernel.clock import SimulatedClock
from bot.sandbox import payloads
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.driver import Sandbox
from bot.sandbox.state import Overwrite, Perm

pytestmark = pytest.mark.e2e

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
ADMIN = "program-admin"  # the sandbox server's owner
LAYOUT = ("agendas", "peer-support", "daily-check-in", "facilitators", "mod-log")


@pytest_asyncio.fixture
async def empty(tmp_path: Path) -> AsyncIterator[Sandbox]:
    """A server with nothing but #general, its owner and the bot."""
    sandbox = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START),
        seed_demo=False,
    )
    sandbox.add_channel("general")
    await sandbox.settle()
    yield sandbox
    await sandbox.stop()


@pytest_asyncio.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Sandbox]:
    """The demo layout: the roles and channels exist, none of them private yet."""
    sandbox = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START)
    )
    yield sandbox
    await sandbox.stop()


def replies_to(sandbox: Sandbox, member: str) -> list[str]:
    return [e.text for e in sandbox.events
            if e.kind in ("message", "edit") and e.actor == "Companion"
            and e.visible_to == member]


def can_view(sandbox: Sandbox, member: str, channel: str) -> bool:
    state = sandbox.server.state
    guild = state.guilds[sandbox.guild_id]
    bits = state.permissions(guild, sandbox.member_id(member), state.channels[
        sandbox.channel_id(channel)])
    return bool(bits & Perm.VIEW_CHANNEL)


def layout_snapshot(sandbox: Sandbox) -> Any:
    state = sandbox.server.state
    guild = state.guilds[sandbox.guild_id]
    channels = {state.channels[c].name: copy.deepcopy(state.channels[c].overwrites)
                for c in guild.channel_ids}
    roles = {r.id: (r.name, r.permissions) for r in guild.roles.values()}
    return channels, roles


async def deny_bot(sandbox: Sandbox, channel_name: str, bits: int) -> None:
    """An administrator takes a permission from the bot in one channel."""
    state = sandbox.server.state
    channel = state.channels[sandbox.channel_id(channel_name)]
    bot_id = state.bot_user.id
    channel.overwrites[bot_id] = Overwrite(bot_id, 1, 0, bits)
    sandbox.server.gateway.dispatch("CHANNEL_UPDATE", payloads.channel(state, channel))
    await sandbox.settle()


@pytest.mark.asyncio
async def test_setup_lays_out_an_empty_server(empty: Sandbox) -> None:
    await empty.slash(ADMIN, "/setup", "general")

    answer = replies_to(empty, ADMIN)[-1]
    assert "Setup finished" in answer
    state = empty.server.state
    guild = state.guilds[empty.guild_id]
    assert {"Facilitator", "Participant", "Peer"} <= {r.name for r in guild.roles.values()}
    names = {state.channels[c].name for c in guild.channel_ids}
    assert set(LAYOUT) <= names

    empty.add_member("alex", "participant")
    empty.add_member("riley", "peer")
    empty.add_member("rivera", "facilitator")
    await empty.settle()
    for private in ("facilitators", "mod-log"):
        assert not can_view(empty, "alex", private)
        assert not can_view(empty, "riley", private)
        assert can_view(empty, "rivera", private)
    assert can_view(empty, "alex", "peer-support")
    assert can_view(empty, "alex", "agendas")
    # The bot's own cache agrees: the overwrites reached discord.py, not only the server.
    discord_guild = empty.bot.get_guild(empty.guild_id)
    assert discord_guild is not None
    alex = discord_guild.get_member(empty.member_id("alex"))
    facilitators = discord_guild.get_channel(empty.channel_id("facilitators"))
    assert alex is not None and facilitators is not None
    assert not facilitators.permissions_for(alex).view_channel
    assert facilitators.permissions_for(discord_guild.me).send_messages
    # Agendas: everyone reads, only facilitators (and the bot) post.
    agendas = state.channels[empty.channel_id("agendas")]
    assert not state.permissions(guild, empty.member_id("alex"), agendas) & Perm.SEND_MESSAGES
    assert state.permissions(guild, empty.member_id("rivera"), agendas) & Perm.SEND_MESSAGES
    assert state.permissions(guild, state.bot_user.id, agendas) & Perm.SEND_MESSAGES


@pytest.mark.asyncio
async def test_a_second_run_changes_nothing(empty: Sandbox) -> None:
    await empty.slash(ADMIN, "/setup", "general")
    before = layout_snapshot(empty)
    stored_before = await empty.bot.db.fetchall(  # type: ignore[attr-defined]
        "SELECT * FROM server_layout ORDER BY kind, purpose")

    await empty.slash(ADMIN, "/setup", "general")

    assert "nothing was changed" in replies_to(empty, ADMIN)[-1]
    assert layout_snapshot(empty) == before
    stored_after = await empty.bot.db.fetchall(  # type: ignore[attr-defined]
        "SELECT * FROM server_layout ORDER BY kind, purpose")
    assert [tuple(r) for r in stored_after] == [tuple(r) for r in stored_before]
    assert len(stored_after) == 8  # three roles, five channels


@pytest.mark.asyncio
async def test_a_member_who_is_not_an_administrator_is_refused(empty: Sandbox) -> None:
    empty.add_member("alex")
    await empty.settle()
    before = layout_snapshot(empty)
    # Discord would not even offer /setup to alex; a server that shows every command to
    # everyone (Server Settings > Integrations) still gets the bot's own refusal.
    allow_role(empty.server.state, empty.actions.guild, "@everyone")

    await empty.slash("alex", "/setup", "general")

    assert "Only server administrators can run /setup" in replies_to(empty, "alex")[-1]
    assert layout_snapshot(empty) == before


@pytest.mark.asyncio
async def test_setup_asks_before_changing_what_exists(demo: Sandbox) -> None:
    demo.add_member("alex", "participant")
    await demo.settle()
    assert can_view(demo, "alex", "facilitators")

    await demo.slash(ADMIN, "/setup", "general")

    preview = replies_to(demo, ADMIN)[-1]
    assert "check before applying" in preview
    assert "Participant" in preview and "deny View Channels" in preview
    assert can_view(demo, "alex", "facilitators"), "nothing changes before the click"

    await demo.click(ADMIN, "Apply changes")

    assert "Setup finished" in replies_to(demo, ADMIN)[-1]
    assert not can_view(demo, "alex", "facilitators")
    assert not can_view(demo, "alex", "mod-log")
    state = demo.server.state
    guild = state.guilds[demo.guild_id]
    # The demo's existing roles and channels were adopted, not duplicated.
    assert sorted(r.name for r in guild.roles.values()).count("Facilitator") == 1
    assert [state.channels[c].name for c in guild.channel_ids].count("facilitators") == 1


@pytest.mark.asyncio
async def test_cancel_leaves_the_server_as_it_was(demo: Sandbox) -> None:
    before = layout_snapshot(demo)
    await demo.slash(ADMIN, "/setup", "general")
    await demo.click(ADMIN, "Cancel")
    assert "nothing was changed" in replies_to(demo, ADMIN)[-1]
    assert layout_snapshot(demo) == before


@pytest.mark.asyncio
async def test_setup_status_reports_a_removed_permission(empty: Sandbox) -> None:
    await empty.slash(ADMIN, "/setup", "general")
    # The step /setup explains and only a person can do: show the bot's commands to
    # the Facilitator role in Server Settings > Integrations.
    allow_role(empty.server.state, empty.actions.guild, "Facilitator")
    await empty.slash(ADMIN, "/setup-status", "general")
    assert "No problems" in replies_to(empty, ADMIN)[-1]

    await deny_bot(empty, "peer-support", Perm.MANAGE_MESSAGES)
    empty.add_member("rivera", "facilitator")
    await empty.settle()
    await empty.slash("rivera", "/setup-status", "general")

    status = replies_to(empty, "rivera")[-1]
    assert "Manage Messages" in status
    assert "the moderator cannot remove messages" in status
    assert "#peer-support" in status or str(empty.channel_id("peer-support")) in status


@pytest.mark.asyncio
async def test_setup_status_is_for_facilitators(empty: Sandbox) -> None:
    await empty.slash(ADMIN, "/setup", "general")
    empty.add_member("alex", "participant")
    await empty.settle()
    # Discord would not offer it to alex; a server that shows every command to everyone
    # still gets the bot's own refusal.
    allow_role(empty.server.state, empty.actions.guild, "@everyone")
    await empty.slash("alex", "/setup-status", "general")
    assert "Only facilitators" in replies_to(empty, "alex")[-1]


@pytest.mark.asyncio
async def test_start_up_check_tells_facilitators_once(demo: Sandbox) -> None:
    assert not [e for e in demo.events if e.where == "#facilitators"], "all is well at first"
    await deny_bot(demo, "peer-support", Perm.MANAGE_MESSAGES)

    await demo.restart_bot()
    told = [e.text for e in demo.events if e.where == "#facilitators"]
    assert len(told) == 1
    assert "Manage Messages" in told[0] and "cannot remove messages" in told[0]
    assert "Fix:" in told[0]

    await demo.restart_bot()
    assert len([e for e in demo.events if e.where == "#facilitators"]) == 1, "told once"


@pytest.mark.asyncio
async def test_setup_keeps_what_the_administrators_set_themselves(demo: Sandbox) -> None:
    state = demo.server.state
    guild = state.guilds[demo.guild_id]
    facilitator = next(r for r in guild.roles.values() if r.name == "Facilitator")
    channel = state.channels[demo.channel_id("facilitators")]
    channel.overwrites[facilitator.id] = Overwrite(facilitator.id, 0, int(Perm.MANAGE_MESSAGES))
    demo.server.gateway.dispatch("CHANNEL_UPDATE", payloads.channel(state, channel))
    await demo.settle()

    await demo.slash(ADMIN, "/setup", "general")
    await demo.click(ADMIN, "Apply changes")

    kept = channel.overwrites[facilitator.id]
    assert kept.allow & Perm.MANAGE_MESSAGES, "the administrators' own grant stays"
    assert kept.allow & Perm.VIEW_CHANNEL


@pytest.mark.asyncio
async def test_setup_status_notices_a_renamed_channel(empty: Sandbox) -> None:
    await empty.slash(ADMIN, "/setup", "general")
    state = empty.server.state
    channel = state.channels[empty.channel_id("peer-support")]
    channel.name = "peers"
    empty.server.gateway.dispatch("CHANNEL_UPDATE", payloads.channel(state, channel))
    await empty.settle()

    await empty.slash(ADMIN, "/setup-status", "general")

    status = replies_to(empty, ADMIN)[-1]
    assert "my settings name it #peer-support" in status
    assert "peer support: #peers" in status
    # Each channel named for what it is for, in words, never by its stored identifier.
    assert "- daily check-in: #daily-check-in" in status
    assert "- moderation log: #mod-log" in status
    assert "daily_checkin" not in status and "daily checkin" not in status


@pytest.mark.asyncio
async def test_setup_says_which_permission_it_lacks_and_changes_nothing(empty: Sandbox) -> None:
    state = empty.server.state
    guild = state.guilds[empty.guild_id]
    bot_role = next(r for r in guild.roles.values() if r.managed)
    bot_role.permissions &= ~Perm.MANAGE_CHANNELS
    empty.server.gateway.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(guild.id),
                                                        "role": payloads.role(bot_role)})
    await empty.settle()
    before = layout_snapshot(empty)

    await empty.slash(ADMIN, "/setup", "general")

    answer = replies_to(empty, ADMIN)[-1]
    assert "I cannot set up the server yet" in answer
    assert "Manage Channels" in answer and "python -m bot invite" in answer
    assert layout_snapshot(empty) == before, "no half-made layout"
