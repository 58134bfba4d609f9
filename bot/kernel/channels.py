"""Finding the program's configured channels in the server."""

from __future__ import annotations

import discord


def find_text_channel(guild: discord.Guild | None, name_or_id: str) -> discord.TextChannel | None:
    if guild is None:
        return None
    wanted = name_or_id.strip().lstrip("#")
    if wanted.isdigit():
        channel = guild.get_channel(int(wanted))
        return channel if isinstance(channel, discord.TextChannel) else None
    return discord.utils.get(guild.text_channels, name=wanted)


def program_guild(client: discord.Client, guild_id: int | None) -> discord.Guild | None:
    return client.get_guild(guild_id) if guild_id else None
