"""`python -m bot invite`: the link asks for exactly the documented permissions."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.ops.permissions import NEEDS, invite_cli, permissions_value
from bot.sandbox.state import BOT_PERMISSIONS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DOC = ROOT / "README.md"  # its "Deploy for your program" section
APP_ID = "123456789012345678"

# Discord's names in Server Settings, to discord.py's flag names: written out here
# independently of bot/ops/permissions.py, so the test checks the list rather than itself.
LABEL_TO_FLAG = {
    "View Channels": "view_channel",
    "Send Messages": "send_messages",
    "Embed Links": "embed_links",
    "Read Message History": "read_message_history",
    "Create Public Threads": "create_public_threads",
    "Send Messages in Threads": "send_messages_in_threads",
    "Pin Messages": "pin_messages",
    "Manage Messages": "manage_messages",
    "Timeout Members": "moderate_members",
    "Manage Channels": "manage_channels",
    "Manage Roles": "manage_roles",
    "Administrator": "administrator",
    "Manage Server": "manage_guild",
    "Ban Members": "ban_members",
    "Kick Members": "kick_members",
    "Mention Everyone": "mention_everyone",
}


def documented_labels() -> list[str]:
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    table = text.split("<!-- permissions-table")[1].split("<!-- /permissions-table -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in rows[1:]]  # rows[0] is the header


def run_invite(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "GUILD_"))}
    clean["PYTHONPATH"] = str(ROOT)
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", "invite", *args], capture_output=True, text=True,
        env=clean, cwd=ROOT, timeout=60, stdin=subprocess.DEVNULL, check=False,
    )


def invite_permissions(url: str) -> int:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(parts.query)
    assert query["client_id"] == [APP_ID]
    assert query["scope"] == ["bot applications.commands"]
    return int(query["permissions"][0])


def test_the_command_line_prints_the_invite_with_the_documented_permissions() -> None:
    done = run_invite("--application-id", APP_ID)
    assert done.returncode == 0, done.stderr
    value = invite_permissions(done.stdout.strip())

    expected = 0
    for label in documented_labels():
        expected |= getattr(discord.Permissions, LABEL_TO_FLAG[label]).flag
    assert value == expected
    granted = {flag for flag, on in discord.Permissions(value) if on}
    assert "administrator" not in granted and "mention_everyone" not in granted


def test_the_documented_table_is_the_list_in_the_code() -> None:
    assert documented_labels() == [need.label for need in NEEDS]
    for need in NEEDS:
        assert LABEL_TO_FLAG[need.label] == need.flag
        assert f"| {need.label} | {need.feature} |" in DEPLOY_DOC.read_text(encoding="utf-8")


def test_the_application_id_may_come_from_the_environment() -> None:
    done = run_invite(env={"DISCORD_APPLICATION_ID": APP_ID})
    assert done.returncode == 0, done.stderr
    assert invite_permissions(done.stdout.strip()) == permissions_value()


@pytest.mark.parametrize(
    ("given", "env", "says"),
    [
        (None, {}, "no application id"),
        ("12ab", {}, "must be the numeric id"),
        ("", {"DISCORD_APPLICATION_ID": "  "}, "no application id"),
    ],
)
def test_a_missing_or_malformed_id_is_explained(given: str | None, env: dict[str, str],
                                                says: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert invite_cli(given, out, err, env) == 2
    assert out.getvalue() == ""
    assert says in err.getvalue()
    assert "Application ID" in err.getvalue()


def test_the_sandbox_bot_has_what_the_invite_grants() -> None:
    # The sandbox models a bot invited with this link; a permission added to the list
    # must be granted there too, or the sandbox would disagree with Discord.
    assert permissions_value() & ~BOT_PERMISSIONS == 0


def test_every_need_names_the_feature_and_what_breaks_without_it() -> None:
    for need in NEEDS:
        assert need.feature and need.without
        assert re.fullmatch(r"[A-Z][A-Za-z ]+", need.label)
