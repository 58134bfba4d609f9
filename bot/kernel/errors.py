"""The one error handler for application commands, and the errors it knows.

Order of handling: a ``UserError`` (raised by our own code with a sentence meant for
the user) is shown as it is; permission and check failures say what is needed; a bad
option value says which; anything else gets a calm apology, and its traceback goes to
the log, never to the user.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.kernel.crisis_lines import crisis_lines, help_for_user

log = logging.getLogger(__name__)


def generic_failure(help_line: str | None = None) -> str:
    """The calm apology for anything unexpected, with ``help_line`` (the reader's own
    region's crisis line, ``failure_for``), else every region's lines, all from
    data/crisis_resources.toml (bot/kernel/crisis_lines.py)."""
    return (
        "Sorry, something went wrong on our side and it has been logged. Please try again "
        f"in a minute. If you need help right now, {help_line or crisis_lines().everywhere()}"
        ", or reach your program directly."
    )


async def failure_for(interaction: discord.Interaction) -> str:
    """``generic_failure`` with the crisis line of the member's own region."""
    return generic_failure(await help_for_user(interaction.user.id))


class UserError(app_commands.AppCommandError):
    """A problem the user can fix; the message says what is wrong and how to fix it."""


class NotAllowed(app_commands.CheckFailure):
    """The member lacks the role a command needs; the message names it."""


def message_for(error: app_commands.AppCommandError) -> str:
    return _known(error) or generic_failure()


def _known(error: app_commands.AppCommandError) -> str | None:
    """The message for an error we expect; None for anything else (a fault)."""
    original = getattr(error, "original", None)
    if isinstance(original, UserError):
        return str(original)
    if isinstance(error, UserError | NotAllowed):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in the program's server, not in DMs."
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"You need the {needed} permission to use this command."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Please wait {error.retry_after:.0f} seconds before using this again."
    if isinstance(error, app_commands.TransformerError):
        return f"{error.value!r} is not a valid value here: {error}"
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


MAX_MESSAGE = 2000  # Discord refuses longer messages, and the member would get nothing


def quoted(value: str, limit: int = 60) -> str:
    """What a member typed, as an answer quotes it back: cut short when long."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return f'"{shown}"'


def fitted(text: str) -> str:
    """An answer Discord accepts: one that quotes a huge input is cut, not lost."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer once; if the interaction was already answered, follow up instead."""
    text = fitted(text)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    text = _known(error)
    if text is None:
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("command /%s failed", command, exc_info=error)
    await send_ephemeral(interaction, text or await failure_for(interaction))
