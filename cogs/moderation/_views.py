"""The confirm step of /mod terms add: the preview, then **Add it** or **Cancel**.

A plain (not persistent) view: the preview is ephemeral and short-lived, and after a
restart a facilitator simply runs the command again (nothing was added).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.kernel.excerpts import excerpt

CONFIRM_SECONDS = 300
SHOWN = 8

Apply = Callable[[discord.Interaction, str, str], Awaitable[None]]


def preview_text(summary: str, matched: tuple[str, ...]) -> str:
    """The facilitator's ephemeral preview: the summary and the matched lines, hidden in
    spoilers (they are members' words, and may hurt to read)."""
    lines = [summary]
    for text in matched[:SHOWN]:
        lines.append(f"> ||{excerpt(text)}||")
    if len(matched) > SHOWN:
        lines.append(f"… and {len(matched) - SHOWN} more.")
    return "\n".join(lines)[:2000]


class ConfirmTerm(discord.ui.View):
    def __init__(self, *, owner_id: int, category: str, term: str, apply: Apply) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.owner_id = owner_id
        self.category = category
        self.term = term
        self.apply = apply

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the facilitator who asked can confirm this term.", ephemeral=True
            )
            return False
        return True

    @discord.ui.button(label="Add it", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.stop()
        await self.apply(interaction, self.category, self.term)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=f"Nothing changed: “{self.term}” was not added.", view=None
        )
