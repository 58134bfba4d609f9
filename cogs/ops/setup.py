"""/setup and /setup-status: lay out the program's server, and see what is missing."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.kernel.delivery import problems_report
from bot.kernel.errors import NotAllowed, UserError, failure_for, send_ephemeral
from bot.kernel.roles import facilitator_only
from bot.ops import storage as layout_db
from bot.ops.command_picker import how_to, picker_problems
from bot.ops.setup_status import clip, self_check, status_text
from cogs._client import companion

if TYPE_CHECKING:
    from bot.app import CompanionBot

log = logging.getLogger(__name__)

NOT_ADMIN = (
    "Only server administrators can run /setup: it creates roles and channels and changes "
    "who can see them. Ask whoever manages this server."
)


def _program_guild(bot: CompanionBot, interaction: discord.Interaction) -> discord.Guild:
    guild = interaction.guild
    if guild is None:
        raise UserError("Run this in the program's server, not in DMs.")
    if bot.settings.guild_id is not None and guild.id != bot.settings.guild_id:
        raise UserError("This server is not the program's server (GUILD_ID in .env).")
    return guild


def _require_admin(interaction: discord.Interaction) -> None:
    # The command is hidden from non-admins by default, but a server can change who
    # sees it in its integration settings: check again here.
    user = interaction.user
    if not isinstance(user, discord.Member) or not user.guild_permissions.administrator:
        raise NotAllowed(NOT_ADMIN)


def _result_text(done: list[str], facilitator_role: str) -> str:
    lines = ["**Setup finished.**", *[f"- {line}" for line in done], how_to(facilitator_role)]
    return "\n".join(clip(lines))


class SetupButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"setup:(?P<action>apply|cancel)"
):
    """The preview's buttons. Dispatched by custom id, so they need no stored view (and
    no timeout task); a click after a restart still works, because applying makes a
    fresh plan and only ever adds what is missing."""

    def __init__(self, action: str) -> None:
        label, style = (
            ("Apply changes", discord.ButtonStyle.danger)
            if action == "apply"
            else ("Cancel", discord.ButtonStyle.secondary)
        )
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"setup:{action}"))
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SetupButton:
        return cls(match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            _require_admin(interaction)
            if self.action == "cancel":
                await interaction.response.edit_message(
                    content="Setup cancelled: nothing was changed.", view=None
                )
                return
            bot = companion(interaction.client)
            guild = _program_guild(bot, interaction)
            await interaction.response.edit_message(content="Setting up the server...", view=None)
            result = await bot.server_setup.apply(guild, interaction.user.id, bot.clock.now())
            await interaction.edit_original_response(
                content=_result_text(result.done or ["Nothing needed changing."],
                                     bot.settings.facilitator_role)
            )
        except (UserError, NotAllowed) as error:
            await send_ephemeral(interaction, str(error))
        except Exception:
            log.exception("the /setup confirmation failed")
            await send_ephemeral(interaction, await failure_for(interaction))


def confirm_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SetupButton("apply"))
    view.add_item(SetupButton("cancel"))
    # Finished at once, so discord.py does not keep it: the buttons dispatch by template.
    view.stop()
    return view


class Setup(commands.Cog):
    def __init__(self, bot: CompanionBot) -> None:
        self.bot = bot
        self.service = bot.server_setup
        self._checked = False

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # on_ready fires again after every reconnect; the check belongs to the first.
        if self._checked:
            return
        self._checked = True
        try:
            await self_check(self.bot, self.bot.db, self.bot.clock, self.bot.settings)
        except Exception:
            log.exception("the start-up self-check failed")

    @app_commands.command(name="setup", description="Create or adopt the program's roles and "
                          "channels (server administrators)")
    @app_commands.guild_only()
    @app_commands.default_permissions(administrator=True)
    async def setup_command(self, interaction: discord.Interaction) -> None:
        _require_admin(interaction)
        guild = _program_guild(self.bot, interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        plan = await self.service.plan(guild)
        me = guild.me.display_name
        if plan.blockers:
            await interaction.followup.send(
                "\n".join(["**I cannot set up the server yet.**", *plan.blockers]), ephemeral=True
            )
            return
        if plan.nothing_to_do:
            # Still record the choices: a server laid out by hand is adopted as it is.
            result = await self.service.apply(guild, interaction.user.id, self.bot.clock.now())
            note = " Its layout is now recorded." if result.stored else ""
            await interaction.followup.send(
                f"Everything is already set up: nothing was changed.{note} "
                f"See /setup-status for the details.\n{how_to(self.bot.settings.facilitator_role)}",
                ephemeral=True,
            )
            return
        if not plan.changes_existing:
            # Only new roles and channels: nothing an administrator could lose.
            result = await self.service.apply(guild, interaction.user.id, self.bot.clock.now())
            await interaction.followup.send(
                _result_text(result.done, self.bot.settings.facilitator_role), ephemeral=True
            )
            return
        lines = ["**/setup will do this.** It changes things that already exist, so please "
                 "check before applying:", *[f"- {line}" for line in plan.describe(me)]]
        await interaction.followup.send(
            "\n".join(clip(lines)), view=confirm_view(), ephemeral=True
        )

    @app_commands.command(name="setup-status",
                          description="The program's server layout and anything missing")
    @app_commands.guild_only()
    @facilitator_only()
    async def setup_status(self, interaction: discord.Interaction) -> None:
        guild = _program_guild(self.bot, interaction)
        stored = await layout_db.layout(self.bot.db, guild.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        picker = await picker_problems(self.bot, self.bot.tree, guild,
                                       self.bot.settings.facilitator_role)
        # What could not be delivered (and why) is part of the server's health.
        delivery = await problems_report(self.bot.db, self.bot.clock.now())
        text = status_text(guild, self.bot.settings, stored, picker)
        await interaction.followup.send(
            "\n".join(clip([text, *delivery])), ephemeral=True
        )


async def setup(bot: CompanionBot) -> None:
    bot.add_dynamic_items(SetupButton)
    await bot.add_cog(Setup(bot))
