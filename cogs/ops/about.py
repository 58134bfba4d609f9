"""/about: what Companion is and is not, and where to get help right now."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.crisis_lines import crisis_lines

ABOUT_TEXT = (
    "I'm Companion, your program's helper between visits. I can remind you of your own "
    "sessions, ask a short daily check-in, offer a coping skill when things get hard, and "
    "connect you with your facilitators.\n\n"
    "**I am not a crisis service and not a therapist.** I don't diagnose, and I can't "
    "watch over you around the clock. What you tell me in DMs stays private to you and "
    "your program's facilitators."
)


def help_now() -> str:
    """Where to get help right now; the lines come from data/crisis_resources.toml."""
    return (
        "If you might hurt yourself or you are in danger, please reach a person now: "
        f"{crisis_lines().everywhere()}. You can also tell your facilitator."
    )


def about_embed() -> discord.Embed:
    embed = discord.Embed(title="About Companion", description=ABOUT_TEXT)
    embed.add_field(name="Need help right now?", value=help_now(), inline=False)
    return embed


class About(commands.Cog):
    @app_commands.command(name="about", description="What Companion is, and where to get help now")
    async def about(self, interaction: discord.Interaction) -> None:
        # Ephemeral in the server so it does not clutter channels; in DMs it stays.
        await interaction.response.send_message(
            embed=about_embed(), ephemeral=interaction.guild is not None
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(About())
