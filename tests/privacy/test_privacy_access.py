"""Who may do what: every facilitator and admin command refused to a participant, and
no participant reaching another's data through a privacy button."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from bot.kernel.clock import SimulatedClock
from bot.program.domain.program_file import parse_program
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.demo import load_program
from bot.sandbox.driver import Sandbox
from cogs.privacy._views import FacilitatorEraseButton, SelfEraseButton
from tests.privacy.privacy_data import Person, rows_naming

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]

PROGRAM = (Path(__file__).parents[1] / "scripts" / "checkin_prompt.toml").read_text("utf-8")
START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
REFUSED = ("only facilitators", "only the server's administrators", "only server administrators")

# A value for each kind of option, so the command line is complete; the refusal must come
# before any value is looked at.
SAMPLE = {
    discord.AppCommandOptionType.string: "x",
    discord.AppCommandOptionType.integer: "1",
    discord.AppCommandOptionType.number: "1",
    discord.AppCommandOptionType.boolean: "true",
    discord.AppCommandOptionType.user: "sam",
    discord.AppCommandOptionType.channel: "general",
    discord.AppCommandOptionType.role: "Participant",
    discord.AppCommandOptionType.mentionable: "sam",
    discord.AppCommandOptionType.attachment: "1",  # an id: the sandbox uploads nothing
}


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    clock = SimulatedClock(START)
    running = await Sandbox.start(database_path=tmp_path / "companion.sqlite3", clock=clock)
    try:
        await load_program(running, parse_program(PROGRAM), clock.now())
        await running.settle()
        yield running
    finally:
        await running.stop()


def companion(sandbox: Sandbox) -> Any:
    """The running CompanionBot (the driver types it as a plain commands.Bot)."""
    return sandbox.bot


def _restricted(command: app_commands.Command[Any, ..., Any]) -> bool:
    names = " ".join(getattr(c, "__qualname__", "") for c in command.checks)
    return "facilitator_only" in names or "admin_only" in names


def _line(command: app_commands.Command[Any, ..., Any]) -> str:
    parts = [f"/{command.qualified_name}"]
    for param in command.parameters:
        if param.required:
            value = str(param.choices[0].name) if param.choices else SAMPLE[param.type]
            parts.append(f"{param.name}:{value}")
    return " ".join(parts)


def facilitator_commands(sandbox: Sandbox) -> list[app_commands.Command[Any, ..., Any]]:
    guild = discord.Object(sandbox.guild_id)
    seen: dict[str, app_commands.Command[Any, ..., Any]] = {}
    for scope in (None, guild):
        for command in sandbox.bot.tree.walk_commands(guild=scope):
            if isinstance(command, app_commands.Command) and _restricted(command):
                seen[command.qualified_name] = command
    return list(seen.values())


async def test_every_facilitator_and_admin_command_is_refused_to_a_participant(
    sandbox: Sandbox,
) -> None:
    # Discord offers these commands to nobody without Manage Server (or Administrator);
    # a server that shows every command to everyone (Server Settings > Integrations)
    # still gets the bot's own refusal.
    allow_role(sandbox.server.state, sandbox.actions.guild, "@everyone")
    commands = facilitator_commands(sandbox)
    names = {c.qualified_name for c in commands}
    # The privacy commands are among them (the list is not empty by accident).
    assert {"record export", "record delete", "audit", "report participant"} <= names
    for command in commands:
        mark = len(sandbox.events)
        await sandbox.slash("alex", _line(command), "general")
        answers = [e.text.lower() for e in sandbox.events[mark:] if e.visible_to == "alex"]
        assert any(r in a for a in answers for r in REFUSED), (command.qualified_name, answers)
        assert not [e for e in sandbox.events[mark:] if e.visible_to != "alex"], command.name


async def test_setup_is_refused_to_a_facilitator(sandbox: Sandbox) -> None:
    await sandbox.slash("rivera", "/setup", "general")
    assert any("administrators" in e.text for e in sandbox.events if e.visible_to == "rivera")


# ---- buttons: a confirmation only works for the person (or role) it was made for ----------


@dataclass
class FakeResponse:
    said: list[str] = field(default_factory=list)

    def is_done(self) -> bool:
        return bool(self.said)

    async def send_message(self, text: str, **_: Any) -> None:
        self.said.append(text)

    async def edit_message(self, **kwargs: Any) -> None:
        self.said.append(str(kwargs.get("content")))

    async def defer(self, **_: Any) -> None:
        self.said.append("(deferred)")


@dataclass
class FakeInteraction:
    client: Any
    user: Any
    guild: Any = None
    response: FakeResponse = field(default_factory=FakeResponse)


async def test_no_one_can_confirm_anothers_erasure(sandbox: Sandbox) -> None:
    await sandbox.click("alex", "I agree")
    alex = Person("alex", sandbox.member_id("alex"), "none")
    before = await rows_naming(companion(sandbox).db, alex)
    guild = sandbox.bot.get_guild(sandbox.guild_id)
    assert guild is not None
    sam = guild.get_member(sandbox.member_id("sam"))
    # sam presses alex's own "Delete everything" (a custom id seen or guessed).
    theirs = FakeInteraction(sandbox.bot, sam, guild)
    await SelfEraseButton("yes", alex.user_id).callback(theirs)  # type: ignore[arg-type]
    assert "belongs to someone else" in theirs.response.said[0]
    # ... and a facilitator's erasure confirmation.
    facilitators = FakeInteraction(sandbox.bot, sam, guild)
    await FacilitatorEraseButton("yes", "alex").callback(facilitators)  # type: ignore[arg-type]
    assert "Only facilitators" in facilitators.response.said[0]
    assert await rows_naming(companion(sandbox).db, alex) == before


async def test_a_participant_exports_only_their_own_record(sandbox: Sandbox) -> None:
    """/mydata has no option naming anyone: the record is always the invoker's."""
    group = next(c for c in sandbox.bot.tree.walk_commands() if c.qualified_name == "mydata")
    assert isinstance(group, app_commands.Group)
    for command in group.commands:
        assert isinstance(command, app_commands.Command)
        assert command.parameters == []
