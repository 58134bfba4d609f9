"""The consent gate every cog puts before storing something about a person.

Privacy (issue 9): nothing about a person is kept before they agreed to the notice.
The gate asks privacy (the ``ConsentStatus`` port) and, when there is no agreement,
answers with a kind refusal and the notice's **I agree** button (privacy's view, handed
in). A refused check-in note that shows crisis still goes the crisis path first (the
``CrisisPath`` port): safety comes before consent, and the alert keeps only a link and
a short excerpt. ``bot/app.py`` builds one gate and exposes it as ``bot.consent_gate``.
"""

from __future__ import annotations

from collections.abc import Callable

import discord

from bot.kernel.ports import ConsentStatus, CrisisPath

CONSENT_NEEDED = (
    "Before I save {what}, I need your okay: only you and your facilitators ever see what "
    "I keep, and you can export or delete it any time. Press **I agree** below (or see "
    "/privacy for what exactly is kept), then try again."
)


def typed_command(interaction: discord.Interaction) -> str | None:
    """The slash command as the person typed it (``/medication add time:08:00
    name:Sertraline``), so a refusal can give it back; None for a button or a form."""
    command = interaction.command
    if interaction.type is not discord.InteractionType.application_command or command is None:
        return None
    options = " ".join(f"{name}:{value}" for name, value in interaction.namespace)
    return f"/{command.qualified_name} {options}".strip()


def refusal(what: str, interaction: discord.Interaction) -> str:
    text = CONSENT_NEEDED.format(what=what)
    typed = typed_command(interaction)
    if typed and " " in typed:  # nothing to give back for a command without options
        # Nothing a person typed is lost: after I agree, they can send it again as it was.
        shown = typed.replace("`", "'")
        text += f"\nWhat you typed, to send again: `{shown}`"
    return text


class ConsentGate:
    def __init__(
        self,
        consent: ConsentStatus,
        crisis: CrisisPath,
        notice_view: Callable[[], discord.ui.View],
    ) -> None:
        self.consent = consent
        self.crisis = crisis
        self.notice_view = notice_view

    async def __call__(
        self, interaction: discord.Interaction, what: str, *, crisis_text: str | None = None
    ) -> bool:
        """True if the user agreed to the notice. Otherwise answer with a kind refusal
        and the **I agree** button, and return False (the caller stores nothing)."""
        if await self.consent.has_agreed(interaction.user.id):
            return True
        if crisis_text and self.crisis.detect(crisis_text).is_crisis:
            await interaction.response.defer(thinking=True)
            reply = await self.crisis.handle(
                user=interaction.user, text=crisis_text, where="checkin"
            )
            await interaction.followup.send(reply)
            await interaction.followup.send(refusal(what, interaction), view=self.notice_view())
            return False
        text = refusal(what, interaction)
        if interaction.response.is_done():
            await interaction.followup.send(text, view=self.notice_view(), ephemeral=True)
        else:
            await interaction.response.send_message(text, view=self.notice_view(), ephemeral=True)
        return False
