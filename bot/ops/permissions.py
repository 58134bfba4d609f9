"""The permissions Companion asks for, each with the feature that needs it, and the
invite link built from them.

This list is the one source: the invite URL, `/setup`'s channel overwrites, the start-up
self-check and the README all come from it, so a feature that needs a new permission
adds one line here and everything else follows.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlencode

import discord

INVITE_BASE = "https://discord.com/oauth2/authorize"
# `bot` adds the bot user to the server; `applications.commands` lets it register the
# slash commands there.
SCOPES = ("bot", "applications.commands")


@dataclass(frozen=True)
class Need:
    """One permission (a discord.py ``Permissions`` flag name) and why the bot needs it."""

    flag: str
    label: str  # as Discord's server settings name it
    feature: str  # what needs it (the documented list)
    without: str  # what breaks when it is missing (the self-check's sentence)

    @property
    def value(self) -> int:
        return int(getattr(discord.Permissions, self.flag).flag)


NEEDS: tuple[Need, ...] = (
    Need("view_channel", "View Channels",
         "every feature that works in a channel: see the program's channels",
         "I cannot see the channel at all"),
    Need("send_messages", "Send Messages",
         "agendas, the daily check-in thread, replies in the peer channel, facilitator "
         "alerts and the moderation log",
         "I cannot post there"),
    Need("embed_links", "Embed Links",
         "agendas, check-in digests and moderation-log entries are embeds",
         "agendas, digests and log entries arrive without their content"),
    Need("read_message_history", "Read Message History",
         "reply to a member's message (crisis help in the peer channel)",
         "I cannot reply to a message there"),
    Need("create_public_threads", "Create Public Threads",
         "the daily check-in thread and the questions thread under each agenda",
         "I cannot open the day's thread there"),
    Need("send_messages_in_threads", "Send Messages in Threads",
         "shared check-ins are posted in the day's check-in thread",
         "I cannot post in that channel's threads"),
    Need("pin_messages", "Pin Messages",
         "pin the newest agenda and unpin older ones",
         "I cannot pin the current agenda"),
    Need("manage_messages", "Manage Messages",
         "the peer-channel moderator removes messages that break the rules",
         "the moderator cannot remove messages"),
    Need("moderate_members", "Timeout Members",
         "the peer-channel moderator times out flooding and repeated harassment",
         "the moderator cannot time anyone out"),
    Need("manage_channels", "Manage Channels",
         "/setup creates the program's channels",
         "/setup cannot create channels"),
    Need("manage_roles", "Manage Roles",
         "/setup creates the program's roles and makes the facilitator channels private",
         "/setup cannot create roles or change who sees a channel"),
)

# What the bot needs in each configured channel, by the purpose /setup gives it. The
# start-up self-check and /setup-status compare these with the bot's real permissions.
CHANNEL_NEEDS: dict[str, tuple[str, ...]] = {
    "agendas": ("view_channel", "send_messages", "embed_links", "pin_messages",
                "create_public_threads", "send_messages_in_threads"),
    "peer_support": ("view_channel", "send_messages", "read_message_history",
                     "manage_messages", "moderate_members"),
    "daily_checkin": ("view_channel", "send_messages", "create_public_threads",
                      "send_messages_in_threads"),
    "facilitators": ("view_channel", "send_messages", "embed_links"),
    "mod_log": ("view_channel", "send_messages", "embed_links"),
}

_BY_FLAG = {need.flag: need for need in NEEDS}


def need(flag: str) -> Need:
    return _BY_FLAG[flag]


def permissions_value(needs: tuple[Need, ...] = NEEDS) -> int:
    """The permissions integer of the invite: the sum of the listed bits."""
    value = 0
    for item in needs:
        value |= item.value
    return value


def invite_url(application_id: int) -> str:
    query = urlencode({
        "client_id": str(application_id),
        "permissions": str(permissions_value()),
        "scope": " ".join(SCOPES),
    })
    return f"{INVITE_BASE}?{query}"


def parse_application_id(raw: str) -> int:
    """The application id as an int, or ValueError with a sentence an admin can act on."""
    text = raw.strip()
    if not text.isdigit() or not 17 <= len(text) <= 20:
        raise ValueError(
            f"the application id must be the numeric id (17-20 digits) shown as "
            f"'Application ID' on the developer portal's General Information page, got {text!r}"
        )
    return int(text)


def needs_table() -> str:
    """The documented list, as a Markdown table (the README shows it)."""
    lines = ["| permission | why Companion needs it |", "|---|---|"]
    lines += [f"| {item.label} | {item.feature} |" for item in NEEDS]
    return "\n".join(lines)


def invite_cli(
    given: str | None, out: TextIO, err: TextIO, env: Mapping[str, str] | None = None
) -> int:
    """``python -m bot invite``: print the invite link; exit 2 without a usable id."""
    env = os.environ if env is None else env
    raw = given if given is not None else env.get("DISCORD_APPLICATION_ID", "")
    if not raw.strip():
        print(
            "invite: no application id. Pass --application-id ID or set "
            "DISCORD_APPLICATION_ID in .env (developer portal > your application > "
            "General Information > Application ID).",
            file=err,
        )
        return 2
    try:
        application_id = parse_application_id(raw)
    except ValueError as exc:
        print(f"invite: {exc}", file=err)
        return 2
    print(invite_url(application_id), file=out)
    return 0
