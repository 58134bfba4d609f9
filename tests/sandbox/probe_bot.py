"""A small discord.py bot that uses every interaction feature the sandbox serves.

The sandbox's own tests run it instead of Companion, so they do not depend on which cogs
exist: each command below exercises one kind of response.
"""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.sandbox.driver import plain_factory

FRUITS = ("apple", "apricot", "banana", "cherry")
CHART = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 160  # 40 KB that look like a PNG


class NoteForm(discord.ui.Modal, title="A note"):
    note: discord.ui.TextInput[NoteForm] = discord.ui.TextInput(label="Note", custom_id="note")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"noted: {self.note.value}")


class Menu(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Yes", custom_id="probe:yes")
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button[Menu]) -> None:
        await interaction.response.edit_message(content="You said yes", view=None)

    @discord.ui.button(label="Form", custom_id="probe:form")
    async def form(self, interaction: discord.Interaction, button: discord.ui.Button[Menu]) -> None:
        await interaction.response.send_modal(NoteForm())

    @discord.ui.select(
        placeholder="Mood", custom_id="probe:mood",
        options=[discord.SelectOption(label=str(n), value=f"m{n}") for n in range(1, 4)],
    )
    async def mood(self, interaction: discord.Interaction, select: discord.ui.Select[Menu]) -> None:
        await interaction.response.send_message(f"mood {select.values[0]}", ephemeral=True)


class Probe(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.seen: list[discord.Message] = []

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        # "ping" without the prefix too: scripts fail on a bot's errors, and "!ping" is
        # also an unknown text command to discord.py.
        if message.content in ("!ping", "ping"):
            await message.channel.send("pong")

    @app_commands.command(description="Say it back")
    async def echo(self, interaction: discord.Interaction, text: str,
                   ephemeral: bool = False) -> None:
        await interaction.response.send_message(text, ephemeral=ephemeral)

    @app_commands.command(description="Think, then answer")
    async def slow(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done slowly")
        await interaction.followup.send("and a followup")

    @app_commands.command(description="Edit the original response")
    async def edits(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first draft")
        await interaction.edit_original_response(content="final text")

    @app_commands.command(description="Choose a fruit")
    async def pick(self, interaction: discord.Interaction, fruit: str) -> None:
        await interaction.response.send_message(f"picked {fruit}")

    @pick.autocomplete("fruit")
    async def pick_fruit(self, interaction: discord.Interaction,
                         current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

    @app_commands.command(description="Buttons, a select and a form")
    async def menu(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Choose:", view=Menu())

    @app_commands.command(description="A chart, sent as a file in a DM and in the reply")
    async def chart(self, interaction: discord.Interaction) -> None:
        await interaction.user.send("Your week", file=discord.File(io.BytesIO(CHART),
                                                                   filename="progress.png"))
        await interaction.response.send_message(
            "Here it is", file=discord.File(io.BytesIO(CHART), filename="progress.png"),
            ephemeral=True)

    @app_commands.command(description="Try to DM me")
    async def dmme(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.user.send("private hello")
        except discord.Forbidden as error:
            await interaction.response.send_message(f"cannot DM you ({error.code})",
                                                    ephemeral=True)
            return
        await interaction.response.send_message("sent you a DM", ephemeral=True)


def probe_factory(settings: Settings, clock: SimulatedClock) -> commands.Bot:
    bot = plain_factory(settings, clock)
    guild = discord.Object(id=settings.guild_id or 0)

    async def setup_hook() -> None:
        await bot.add_cog(Probe(bot))
        bot.add_view(Menu())
        # Global too: Discord offers only global commands in DMs, and the probe is used
        # in both places.
        await bot.tree.sync()
        bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


def probe_cog(bot: commands.Bot) -> Probe:
    cog = bot.get_cog("Probe")
    assert isinstance(cog, Probe)
    return cog
