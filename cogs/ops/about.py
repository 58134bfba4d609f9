"""/about: what Companion is and is not, and where to get help right now."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.crisis_lines import crisis_lines, help_for_user

ABOUT_TEXT = (
    "I'm Companion, your program's helper between visits. I can remind you of your own "
    "sessions, ask a short daily check-in, offer a coping skill when things get hard, and "
    "connect you with your facilitators.\n\n"
    "**I am not a crisis service and not a therapist.** I don't diagnose, and I can't "
    "watch over you around the clock.\n\n"
    "**Your DMs to me:** nobody reads them as they come in, and I don't keep them. If you "
    "write words of crisis or ask for a person, a short excerpt goes privately to your "
    "program's facilitators so someone can follow up. To reach a person, use /reach-out "
    "or just tell me (\"please reach out\")."
)


def help_now(lines: str | None = None) -> str:
    """Where to get help right now: ``lines`` (the reader's region's), else every
    region's; the lines come from data/crisis_resources.toml."""
    return (
        "If you might hurt yourself or you are in danger, please reach a person now: "
        f"{lines or crisis_lines().everywhere()}. You can also tell your facilitator."
    )


def about_embed(regional: str | None = None) -> discord.Embed:
    """/about; with the reader's own region's lines first when their region is known."""
    embed = discord.Embed(title="About Companion", description=ABOUT_TEXT)
    everywhere = crisis_lines().everywhere()
    if regional and regional != everywhere:
        embed.add_field(name="Need help right now?", value=help_now(regional), inline=False)
        embed.add_field(name="Somewhere else?", value=everywhere[:1024], inline=False)
    else:
        embed.add_field(name="Need help right now?", value=help_now(), inline=False)
    return embed


class About(commands.Cog):
    @app_commands.command(name="about", description="What Companion is, and where to get help now")
    async def about(self, interaction: discord.Interaction) -> None:
        # Ephemeral in the server so it does not clutter channels; in DMs it stays.
        await interaction.response.send_message(
            embed=about_embed(await help_for_user(interaction.user.id, full=True)),
            ephemeral=interaction.guild is not None,
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(About())
