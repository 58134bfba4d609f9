"""Least privilege in the command picker: facilitator and admin commands carry default
member permissions, so Discord offers them to nobody else; the sandbox honours them;
/setup explains and /setup-status checks the Integrations step that shows them to the
Facilitator role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from bot.app import CompanionBot
from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.roles import ADMIN_PICKER, FACILITATOR_PICKER
from bot.sandbox.actions import SandboxUsageError
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.driver import Sandbox

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
ADMIN = "program-admin"  # the sandbox server's owner


def _restricted(command: app_commands.Command[Any, ..., Any]) -> set[str]:
    names: set[str] = set()
    node: Any = command
    while node is not None:
        names |= {getattr(c, "__qualname__", "") for c in getattr(node, "checks", ())}
        node = node.parent
    return {kind for kind in ("facilitator_only", "admin_only") if any(kind in n for n in names)}


def _leaves(top: Any) -> list[app_commands.Command[Any, ..., Any]]:
    if isinstance(top, app_commands.Command):
        return [top]
    return [c for c in top.walk_commands() if isinstance(c, app_commands.Command)]


@pytest.mark.asyncio
async def test_every_facilitator_and_admin_command_is_hidden_and_no_other(
    tmp_path: Path,
) -> None:
    bot = CompanionBot(Settings(database_path=tmp_path / "bot.sqlite3"),
                       clock=SimulatedClock(START))
    try:
        await bot.setup_hook()
        hidden, shown = [], []
        for top in bot.tree.get_commands():
            kinds = [_restricted(leaf) for leaf in _leaves(top)]
            payload = top.to_dict(bot.tree)
            wanted = payload.get("default_member_permissions")
            if all(kinds) and kinds:
                hidden.append(top.name)
                expected = ADMIN_PICKER if all("admin_only" in k for k in kinds) else (
                    FACILITATOR_PICKER)
                assert wanted is not None and int(wanted) == expected.value, (top.name, wanted)
            elif top.name != "setup":  # /setup was always for administrators only
                shown.append(top.name)
                assert wanted is None, (top.name, wanted)
    finally:
        await bot.close()
    assert {"record", "audit", "report", "program", "mod", "graduate"} <= set(hidden)
    assert {"checkin", "schedule", "mydata", "crisis", "coping"} <= set(shown)


@pytest_asyncio.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Sandbox]:
    sandbox = await Sandbox.start(database_path=tmp_path / "companion.sqlite3",
                                  clock=SimulatedClock(START))
    sandbox.add_member("alex", "participant", "America/Chicago")
    sandbox.add_member("casey", "peer")
    sandbox.add_member("rivera", "facilitator")
    await sandbox.settle()
    yield sandbox
    await sandbox.stop()


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_discord_offers_facilitator_commands_only_to_whom_the_server_shows_them(
    demo: Sandbox,
) -> None:
    for member in ("alex", "casey"):
        for line in ("/record export participant:alex", "/audit", "/report checkins"):
            with pytest.raises(SandboxUsageError, match="Discord does not offer"):
                await demo.slash(member, line, "general")
    # Participants' own commands are offered as before.
    await demo.slash("alex", "/about", "general")
    # The demo server shows the bot's commands to the Facilitator role (Integrations),
    # and the owner sees everything.
    mark = len(demo.events)
    await demo.slash("rivera", "/report checkins", "facilitators")
    await demo.slash(ADMIN, "/audit", "facilitators")
    assert [e for e in demo.events[mark:] if e.visible_to == "rivera"]
    assert [e for e in demo.events[mark:] if e.visible_to == ADMIN]
    # Taking the Facilitator role off the Integrations list hides them from rivera too.
    allow_role(demo.server.state, demo.actions.guild, "Facilitator", allowed=False)
    with pytest.raises(SandboxUsageError, match="Discord does not offer"):
        await demo.slash("rivera", "/report checkins", "facilitators")


@pytest.mark.e2e
@pytest.mark.asyncio
async def test_setup_explains_and_setup_status_checks_the_integrations_step(
    tmp_path: Path,
) -> None:
    sandbox = await Sandbox.start(database_path=tmp_path / "companion.sqlite3",
                                  clock=SimulatedClock(START), seed_demo=False)
    try:
        sandbox.add_channel("general")
        await sandbox.settle()

        def last_reply() -> str:
            return [e.text for e in sandbox.events if e.visible_to == ADMIN][-1]

        await sandbox.slash(ADMIN, "/setup", "general")
        assert "Server Settings > Integrations" in last_reply()
        await sandbox.slash(ADMIN, "/setup-status", "general")
        status = last_reply()
        assert "do not see" in status, status
        assert "/agenda" in status and "Integrations" in status, status
        assert "/audit" not in status  # administrators' commands stay hidden on purpose
        allow_role(sandbox.server.state, sandbox.actions.guild, "Facilitator")
        await sandbox.slash(ADMIN, "/setup-status", "general")
        assert "No problems" in last_reply()
        # The bot read the server's command settings with its own token.
        assert not sandbox.bot_errors.take()
    finally:
        await sandbox.stop()


def test_the_picker_permissions_are_discords_bits() -> None:
    assert FACILITATOR_PICKER == discord.Permissions(manage_guild=True)
    assert ADMIN_PICKER == discord.Permissions(administrator=True)
