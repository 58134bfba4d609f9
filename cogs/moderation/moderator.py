"""The peer-channel moderator (messages created and edited, wherever the bot listens:
bot/moderation/watch.py) and the facilitators' /mod commands: per-server terms,
allow-list, exempt channels, watched channels, dry-run, lifting warnings and timeouts,
and the program's crisis-resource region and contact."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.errors import UserError
from bot.kernel.roles import facilitator_only
from bot.moderation import content_warnings
from bot.moderation.listening import listen
from bot.moderation.service import TermRefused
from bot.moderation.storage import moderation as mod_db
from cogs.moderation import _watch as watch_commands
from cogs.moderation._views import ConfirmTerm, preview_text

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

RETENTION_JOB = "moderation:retention"
MAX_TERM = 100
KIND_NAMES = {
    "harassment": "harassment terms",
    "drug_sourcing": "drug-sourcing terms",
    "allow": "allow-list",
    "exempt": "exempt channels",
}


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(text.split()).casefold()
    if not cleaned:
        raise UserError(f"The {what} is empty: type the word or phrase itself.")
    if len(cleaned) > MAX_TERM:
        raise UserError(f"The {what} is {len(cleaned)} characters; keep it under {MAX_TERM}.")
    return cleaned


class Moderator(commands.Cog):
    mod = app_commands.Group(
        name="mod", description="Peer-channel moderator settings (facilitators)", guild_only=True
    )
    terms = app_commands.Group(name="terms", description="Extra terms", parent=mod)
    allow = app_commands.Group(name="allow", description="Text that never triggers", parent=mod)
    exempt = app_commands.Group(name="exempt", description="Channels left alone", parent=mod)
    warnings = app_commands.Group(name="warnings", description="Harassment warnings", parent=mod)
    timeout = app_commands.Group(name="timeout", description="Timeouts", parent=mod)
    watch = app_commands.Group(
        name="watch", description="Channels the bot reads for crisis and moderation", parent=mod
    )

    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.moderation
        # The program's safety settings are crisis's; the /mod commands change them.
        self.safety = self.service.safety

    async def cog_load(self) -> None:
        await self._forget_old_content()

    async def cog_unload(self) -> None:
        self.bot.scheduler.remove_jobs_with_prefix(RETENTION_JOB)

    async def _forget_old_content(self) -> None:
        """Clear kept message text past its retention, daily (storage/moderation.py)."""
        cleared = await self.service.forget_old_content()
        if cleared:
            log.info("cleared the kept text of %d old moderation log rows", cleared)
        next_run = self.bot.clock.now() + timedelta(days=1)
        self.bot.scheduler.schedule_at(RETENTION_JOB, next_run, self._forget_old_content)

    # --- messages ---------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot:
            return
        read, outcome = await listen(self.service, message)
        if read and outcome is None and self.service.is_peer_channel(message.channel):
            # Continuity of care (issue 11): a message the moderator left alone may still
            # touch a topic someone asked a heads-up about; ask its author for spoilers.
            await content_warnings.check(self.service, message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        message = payload.message
        if message.guild is None or message.author.bot:
            return
        before = payload.cached_message
        if before is not None and before.content == message.content:
            return  # an embed unfurled; nobody changed the words
        await listen(self.service, message, edited=True)

    # --- rule changes -------------------------------------------------------------------

    async def _change(
        self, interaction: discord.Interaction, kind: str, term: str, *, add: bool
    ) -> None:
        guild_id = self.service.guild_id()
        if add:
            done = await mod_db.add_rule_change(
                self.bot.db, guild_id, kind, term, interaction.user.id, self.bot.clock.now()
            )
        else:
            done = await mod_db.remove_rule_change(self.bot.db, guild_id, kind, term)
        what = KIND_NAMES[kind]
        if not done:
            state = "already on" if add else "not on"
            raise UserError(f"“{term}” is {state} this server's {what}; nothing changed.")
        self.service.rules_changed()
        verb = "added to" if add else "removed from"
        await self.service.post_mod_log(
            f"**Rules changed**: {interaction.user.mention} {verb} the {what}: “{term}”."
        )
        await interaction.response.send_message(f"“{term}” {verb} the {what}.", ephemeral=True)

    @terms.command(name="add", description="Add a term the moderator removes (previewed first)")
    @facilitator_only()
    async def terms_add(
        self,
        interaction: discord.Interaction,
        category: Literal["harassment", "drug_sourcing"],
        term: str,
    ) -> None:
        # Refused with a sentence when too short after the normaliser ("a", "b0"), too
        # long, or already listed; otherwise shown against the last day's messages first.
        try:
            folded = await self.service.check_new_term(category, term)
            preview = await self.service.preview_new_term(category, term)
        except TermRefused as refused:
            raise UserError(str(refused)) from refused
        view = ConfirmTerm(
            owner_id=interaction.user.id, category=category, term=folded, apply=self._apply_term
        )
        await interaction.response.send_message(
            preview_text(preview.summary(), preview.matched), view=view, ephemeral=True
        )

    async def _apply_term(self, interaction: discord.Interaction, category: str, term: str) -> None:
        guild_id = self.service.guild_id()
        done = await mod_db.add_rule_change(
            self.bot.db, guild_id, category, term, interaction.user.id, self.bot.clock.now()
        )
        what = KIND_NAMES[category]
        if not done:
            await interaction.response.edit_message(
                content=f"“{term}” is already on this server's {what}; nothing changed.", view=None
            )
            return
        self.service.rules_changed()
        await self.service.post_mod_log(
            f"**Rules changed**: {interaction.user.mention} added to the {what}: “{term}”."
        )
        await interaction.response.edit_message(content=f"“{term}” added to the {what}.", view=None)

    @terms.command(name="remove", description="Remove a term this server added")
    @facilitator_only()
    async def terms_remove(
        self,
        interaction: discord.Interaction,
        category: Literal["harassment", "drug_sourcing"],
        term: str,
    ) -> None:
        await self._change(interaction, category, _clean(term, "term"), add=False)

    @allow.command(name="add", description="Text that never triggers a rule (a public number)")
    @facilitator_only()
    async def allow_add(self, interaction: discord.Interaction, text: str) -> None:
        await self._change(interaction, "allow", _clean(text, "text"), add=True)

    @allow.command(name="remove", description="Take text off the allow-list")
    @facilitator_only()
    async def allow_remove(self, interaction: discord.Interaction, text: str) -> None:
        await self._change(interaction, "allow", _clean(text, "text"), add=False)

    @exempt.command(name="add", description="Leave a channel alone (crisis help still applies)")
    @facilitator_only()
    async def exempt_add(
        self, interaction: discord.Interaction, channel: discord.TextChannel
    ) -> None:
        await self._change(interaction, "exempt", channel.name.casefold(), add=True)

    @exempt.command(name="remove", description="Moderate a channel again")
    @facilitator_only()
    async def exempt_remove(
        self, interaction: discord.Interaction, channel: discord.TextChannel
    ) -> None:
        await self._change(interaction, "exempt", channel.name.casefold(), add=False)

    @mod.command(name="dryrun", description="Dry run: the moderator only logs what it would do")
    @facilitator_only()
    async def dryrun(self, interaction: discord.Interaction, mode: Literal["on", "off"]) -> None:
        on = mode == "on"
        await self.safety.set_dry_run(on)
        self.service.rules_changed()
        state = "on: it only logs" if on else "off: it acts again"
        await self.service.post_mod_log(
            f"**Dry run {mode}**: {interaction.user.mention} turned the moderator's "
            f"dry run {state}."
        )
        await interaction.response.send_message(
            f"Dry run is {state}. Crisis help always acts.", ephemeral=True
        )

    @mod.command(name="show", description="This server's changes to the moderator's rules")
    @facilitator_only()
    async def show(self, interaction: discord.Interaction) -> None:
        changes = await mod_db.rule_changes(self.bot.db, self.service.guild_id())
        dry_run = await self.safety.dry_run()
        region = await self.safety.program_region_name()
        lines = [f"Dry run: **{'on' if dry_run else 'off'}**."]
        for kind, name in KIND_NAMES.items():
            listed = ", ".join(f"“{t}”" for t in changes[kind]) or "none"
            lines.append(f"{name.capitalize()}: {listed}")
        lines.append(f"Crisis lines for the program: {region}.")
        await interaction.response.send_message("\n".join(lines)[:2000], ephemeral=True)

    # --- where the bot listens ----------------------------------------------------------

    @watch.command(name="add", description="Read a channel and its threads like a peer channel")
    @facilitator_only()
    async def watch_add(
        self, interaction: discord.Interaction, channel: discord.TextChannel
    ) -> None:
        await watch_commands.add(self.service, interaction, channel)

    @watch.command(name="remove", description="Stop reading a channel you added")
    @facilitator_only()
    async def watch_remove(
        self, interaction: discord.Interaction, channel: discord.TextChannel
    ) -> None:
        await watch_commands.remove(self.service, interaction, channel)

    @watch.command(name="list", description="Every place the bot reads for crisis words")
    @facilitator_only()
    async def watch_list(self, interaction: discord.Interaction) -> None:
        await watch_commands.show(self.service, interaction)

    # --- lifting ----------------------------------------------------------------------

    @warnings.command(name="lift", description="Lift a member's harassment warnings")
    @facilitator_only()
    async def warnings_lift(self, interaction: discord.Interaction, member: discord.Member) -> None:
        lifted = await self.service.lift_warnings(member, interaction.user)
        if not lifted:
            raise UserError(f"{member.display_name} has no warnings to lift.")
        await interaction.response.send_message(
            f"Lifted {lifted} warning(s) of {member.display_name}.", ephemeral=True
        )

    @timeout.command(name="lift", description="End a member's timeout now")
    @facilitator_only()
    async def timeout_lift(self, interaction: discord.Interaction, member: discord.Member) -> None:
        if not await self.service.lift_timeout(member, interaction.user):
            raise UserError(f"{member.display_name} is not timed out.")
        await interaction.response.send_message(
            f"{member.display_name}'s timeout is lifted.", ephemeral=True
        )

    # --- crisis settings for the program -----------------------------------------------

    @mod.command(name="region", description="The program's crisis-line region (default US)")
    @facilitator_only()
    async def region(self, interaction: discord.Interaction, code: str) -> None:
        name = self.safety.region_name(code)
        if name is None:
            known = ", ".join(self.safety.region_codes())
            raise UserError(f"I have no crisis lines for {code!r}. Known regions: {known}.")
        await self.safety.set_program_region(code)
        await interaction.response.send_message(
            f"/crisis now shows {name}'s lines, unless a member chose their own.", ephemeral=True
        )

    @mod.command(name="contact", description="How participants reach the program (in /crisis)")
    @facilitator_only()
    async def contact(self, interaction: discord.Interaction, text: str) -> None:
        cleaned = " ".join(text.split())
        if not cleaned or len(cleaned) > 300:
            raise UserError("Give the program's contact in 1 to 300 characters.")
        await self.safety.set_program_contact(cleaned)
        await interaction.response.send_message(
            f"/crisis now says: “You can also reach your program: {cleaned}.”", ephemeral=True
        )


async def setup(bot: CompanionBot) -> None:
    await bot.add_cog(Moderator(bot))
