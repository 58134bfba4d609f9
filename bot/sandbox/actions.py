"""What members do: post, DM the bot, open threads, run slash commands, click, select,
submit modals.

Each action changes the sandbox state and sends the bot the dispatch Discord would send
(MESSAGE_CREATE, THREAD_CREATE, INTERACTION_CREATE, GUILD_MEMBER_ADD). Actions a real Discord client
would not let the member take raise ``SandboxUsageError`` with what was available.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bot.sandbox import payloads
from bot.sandbox.command_permissions import may_use
from bot.sandbox.routes_interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE_INTERACTION,
    COMPONENT,
    MODAL_SUBMIT,
)
from bot.sandbox.state import (
    AppCommand,
    Channel,
    ChannelType,
    Interaction,
    Member,
    Message,
    User,
)
from bot.sandbox.threads import LATEST, SEPARATOR, pick_thread, split_address, thread_slug

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 6, 7, 8, 9, 10
BUTTON, STRING_SELECT, TEXT_INPUT, LABEL = 2, 3, 4, 18


class SandboxUsageError(Exception):
    """A member tried something their Discord client would not allow."""


class MemberActions:
    def __init__(self, server: SandboxServer, guild_id: int) -> None:
        self.server = server
        self.state = server.state
        self.guild = self.state.guilds[guild_id]

    # ---- people and places --------------------------------------------------------------
    def user(self, name: str) -> User:
        user = self.state.user_by_name(name)
        if user is None or user.id not in self.guild.members:
            raise SandboxUsageError(f"no member named {name!r}")
        return user

    def channel(self, name: str) -> Channel:
        """A channel by name, or a thread under one: ``parent/thread-name``, ``parent/latest``."""
        parent_name, thread = split_address(name)
        if thread is None:
            found_channel = self.state.channel_by_name(self.guild.id, name)
            if found_channel is None:
                raise SandboxUsageError(f"no channel named #{name.lstrip('#')}")
            return found_channel
        channel = self._text_channel(parent_name)
        found = pick_thread(self.threads(channel), thread)
        if found is None:
            names = ", ".join(f"#{channel.name}/{thread_slug(t.name)}"
                              for t in self.threads(channel)) or "none yet"
            what = "no thread" if thread == LATEST else f"no thread named {thread!r}"
            raise SandboxUsageError(f"{what} under #{channel.name} (threads there: {names})")
        return found

    def _text_channel(self, name: str) -> Channel:
        name = name.lstrip("#")
        channel = next((self.state.channels[c] for c in self.guild.channel_ids
                        if self.state.channels[c].name == name
                        and not self.state.channels[c].is_thread), None)
        if channel is None:
            raise SandboxUsageError(f"no channel named #{name}")
        return channel

    def threads(self, parent: Channel) -> list[Channel]:
        channels = (self.state.channels[c] for c in self.guild.channel_ids)
        return [c for c in channels if c.is_thread and c.parent_id == parent.id]

    def open_thread(self, member: str, parent: str, name: str) -> Channel:
        """A member starts a public thread under a channel (THREAD_CREATE, as Discord sends
        to a bot that can see the channel)."""
        user = self.user(member)
        where = self._text_channel(parent)
        if any(thread_slug(t.name) == thread_slug(name) for t in self.threads(where)):
            raise SandboxUsageError(f"#{where.name}{SEPARATOR}{thread_slug(name)} exists already")
        thread = self.state.add_channel(self.guild, name, type=ChannelType.PUBLIC_THREAD,
                                        parent_id=where.id, owner_id=user.id)
        data = payloads.channel(self.state, thread)
        self.server.gateway.dispatch("THREAD_CREATE", {**data, "newly_created": True})
        self.server.log.thread(thread, user.id)
        return thread

    def add_member(self, name: str, roles: list[str] | tuple[str, ...] = ()) -> User:
        """A member joins the server (GUILD_MEMBER_ADD)."""
        user = self.state.add_user(name)
        user.dms_open = name not in self.server.faults.plan.closed_dms
        role_ids = []
        for role_name in roles:
            role = next((r for r in self.guild.roles.values() if r.name == role_name), None)
            if role is None:
                raise SandboxUsageError(f"no role named {role_name!r}")
            role_ids.append(role.id)
        member = Member(user.id, self.state.clock.now(), role_ids)
        self.guild.members[user.id] = member
        data = payloads.member(self.state, member)
        data["guild_id"] = str(self.guild.id)
        self.server.gateway.dispatch("GUILD_MEMBER_ADD", data)
        return user

    def add_channel(self, name: str) -> Channel:
        """A text channel appears (CHANNEL_CREATE)."""
        if self.state.channel_by_name(self.guild.id, name) is not None:
            raise SandboxUsageError(f"#{name.lstrip('#')} exists already")
        channel = self.state.add_channel(self.guild, name)
        self.server.gateway.dispatch("CHANNEL_CREATE", payloads.channel(self.state, channel))
        return channel

    def set_dms_open(self, name: str, is_open: bool) -> None:
        """A member turns 'allow direct messages' off (or on): the bot then gets 50007."""
        self.user(name).dms_open = is_open

    # ---- messages ----------------------------------------------------------------------
    def post(self, member: str, channel: str | Channel, content: str) -> Message:
        user = self.user(member)
        where = channel if isinstance(channel, Channel) else self.channel(channel)
        until = self.guild.members[user.id].timed_out_until
        if where.guild_id is not None and until and until > self.state.clock.now():
            raise SandboxUsageError(f"{member} is timed out until {until.isoformat()}")
        message = self.state.add_message(where, user.id, self._mentions(content))
        self.server.publish_message(message)
        return message

    def dm(self, member: str, content: str) -> Message:
        user = self.user(member)
        channel = self.state.dm_channel(user.id)
        message = self.state.add_message(channel, user.id, self._mentions(content))
        self.server.publish_message(message)
        return message

    def _mentions(self, content: str) -> str:
        """``@alex`` typed by a member becomes a real mention, as Discord's client does."""

        def mention(match: re.Match[str]) -> str:
            user = self.state.user_by_name(match.group(1))
            return f"<@{user.id}>" if user else match.group(0)

        return re.sub(r"@([\w.-]+)", mention, content)

    # ---- interactions -----------------------------------------------------------------
    def _interact(self, user: User, kind: int, channel: Channel, data: dict[str, Any],
                  message_id: int | None = None, trigger_id: int | None = None) -> Interaction:
        ix = Interaction(
            id=self.state.snowflake(), token=f"ix.{secrets.token_urlsafe(24)}", type=kind,
            user_id=user.id, channel_id=channel.id, guild_id=channel.guild_id, data=data,
            created_at=self.state.clock.now(), message_id=message_id, trigger_id=trigger_id,
        )
        self.state.interactions[ix.id] = ix
        self.server.gateway.dispatch("INTERACTION_CREATE", payloads.interaction(self.state, ix))
        return ix

    def _place(self, user: User, channel: str | None) -> Channel:
        return self.state.dm_channel(user.id) if channel is None else self.channel(channel)

    def command(self, name: str, *, in_dm: bool = False) -> AppCommand:
        """A registered slash command; in a DM only global ones, as in Discord's client."""
        scopes = (None,) if in_dm else (None, self.guild.id)
        for command in self.state.commands.values():
            if command.name == name and command.type == 1 and command.guild_id in scopes:
                return command
        if in_dm and any(c.name == name and c.type == 1 for c in self.state.commands.values()):
            raise SandboxUsageError(
                f"/{name} is registered for the server only, so Discord does not offer it in "
                "a DM: run it in a channel"
            )
        known = sorted(c.name for c in self.state.commands.values() if c.type == 1)
        raise SandboxUsageError(f"no slash command /{name} (registered: {', '.join(known)})")

    def slash(self, member: str, command_line: str, channel: str | None = None,
              *, focus: str | None = None) -> Interaction:
        """Run ``/name [sub] opt:value ...``; with ``focus``, ask for autocomplete instead."""
        user = self.user(member)
        words = command_line.strip().lstrip("/").split(None, 1)
        if not words:
            raise SandboxUsageError("empty slash command")
        command = self.command(words[0], in_dm=channel is None)
        if channel is not None and not may_use(self.state, self.guild, user.id, command):
            raise SandboxUsageError(
                f"Discord does not offer /{command.name} to {member}: it needs permissions "
                f"{member} lacks, unless the server allows it in Server Settings > Integrations"
            )
        rest = words[1] if len(words) > 1 else ""
        resolved: dict[str, dict[str, Any]] = {}
        options = self._options(command.options, rest, resolved, focus)
        data: dict[str, Any] = {"id": str(command.id), "name": command.name, "type": 1,
                                "options": options}
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        if resolved:
            data["resolved"] = resolved
        kind = AUTOCOMPLETE_INTERACTION if focus else APPLICATION_COMMAND
        return self._interact(user, kind, self._place(user, channel), data)

    def _options(self, spec: list[dict[str, Any]], text: str, resolved: dict[str, Any],
                 focus: str | None) -> list[dict[str, Any]]:
        first, _, rest = text.strip().partition(" ")
        for option in spec:
            if option["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) and option["name"] == first:
                inner = self._options(option.get("options") or [], rest, resolved, focus)
                return [{"name": option["name"], "type": option["type"], "options": inner}]
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in spec):
            names = [o["name"] for o in spec]
            raise SandboxUsageError(f"choose a subcommand: {', '.join(names)}")
        values = _split_options(text, [o["name"] for o in spec])
        out = []
        for option in spec:
            name = option["name"]
            if name not in values:
                if option.get("required") and name != focus:
                    raise SandboxUsageError(f"option {name!r} is required")
                continue
            entry: dict[str, Any] = {"name": name, "type": option["type"],
                                     "value": self._value(option, values[name], resolved)}
            if name == focus:
                entry["focused"] = True
                entry["value"] = values[name]
            out.append(entry)
        if focus is not None and focus not in values:
            out.append({"name": focus, "type": STRING, "value": "", "focused": True})
        return out

    def _value(self, option: dict[str, Any], raw: str, resolved: dict[str, Any]) -> Any:
        kind = option["type"]
        for choice in option.get("choices") or []:
            if raw.lower() in (str(choice["name"]).lower(), str(choice["value"]).lower()):
                return choice["value"]
        if option.get("choices") and not option.get("autocomplete"):
            names = ", ".join(str(c["name"]) for c in option["choices"])
            raise SandboxUsageError(f"{option['name']} must be one of: {names}")
        try:
            if kind == INTEGER:
                return int(raw)
            if kind == NUMBER:
                return float(raw)
        except ValueError:
            raise SandboxUsageError(f"{option['name']} needs a number, got {raw!r}") from None
        if kind == BOOLEAN:
            return raw.lower() in ("true", "yes", "1", "on")
        if kind in (USER, MENTIONABLE):
            user = self.user(raw.lstrip("@"))
            resolved.setdefault("users", {})[str(user.id)] = payloads.user(user)
            member = payloads.member(self.state, self.guild.members[user.id], with_user=False)
            resolved.setdefault("members", {})[str(user.id)] = member
            return str(user.id)
        if kind == CHANNEL:
            channel = self.channel(raw)
            resolved.setdefault("channels", {})[str(channel.id)] = {
                "id": str(channel.id), "name": channel.name, "type": int(channel.type),
                "permissions": "0"}
            return str(channel.id)
        if kind == ROLE:
            role = next((r for r in self.guild.roles.values() if r.name == raw.lstrip("@")), None)
            if role is None:
                raise SandboxUsageError(f"no role named {raw!r}")
            resolved.setdefault("roles", {})[str(role.id)] = payloads.role(role)
            return str(role.id)
        return raw

    # ---- components ---------------------------------------------------------------------
    def _seen_by(self, user: User) -> Iterator[Message]:
        """Bot messages the member can see, newest first."""
        dm = self.state.dm_channel(user.id)
        # Messages are kept in the order they were made, and their ids (snowflakes of the
        # simulated clock) grow with it: newest first without sorting them all each time.
        for message in reversed(self.state.messages.values()):
            if message.deleted or message.author_id != self.state.bot_user.id:
                continue
            if message.ephemeral_for not in (None, user.id):
                continue
            channel = self.state.channels[message.channel_id]
            if channel.guild_id == self.guild.id or channel.id == dm.id:
                yield message

    def _seen_in(self, user: User, channel: str | None) -> Iterator[Message]:
        """``_seen_by``, only in ``channel`` ("dm" for the member's DMs) when given."""
        wanted = None
        if channel is not None:
            wanted = (self.state.dm_channel(user.id) if channel == "dm"
                      else self.channel(channel)).id
        for message in self._seen_by(user):
            if wanted is None or message.channel_id == wanted:
                yield message

    def click(self, member: str, label: str, channel: str | None = None) -> Interaction:
        """Press the newest button labelled ``label`` the member sees (in ``channel``
        only, when given: a channel's name, or "dm")."""
        user = self.user(member)
        seen: list[str] = []
        for message in self._seen_in(user, channel):
            for item in _walk(message.components):
                if item.get("type") != BUTTON:
                    continue
                seen.append(str(item.get("label")))
                if str(item.get("label", "")).lower() == label.lower() and "custom_id" in item:
                    if item.get("disabled"):
                        raise SandboxUsageError(f"the button {label!r} is disabled")
                    data = {"custom_id": item["custom_id"], "component_type": BUTTON}
                    return self._interact(user, COMPONENT, self.state.channels[message.channel_id],
                                          data, message.id)
        raise SandboxUsageError(f"{member} sees no button {label!r} (buttons: {seen[:10]})")

    def select(
        self, member: str, option: str, in_: str, more: tuple[str, ...] = (),
        channel: str | None = None,
    ) -> Interaction:
        """Pick ``option`` (and ``more``, all in one interaction, as a multi-select sends
        them) in the select whose placeholder or custom id is ``in_`` (in ``channel``
        only, when given)."""
        user = self.user(member)
        wanted = (option, *more)
        for message in self._seen_in(user, channel):
            for item in _walk(message.components):
                names = (str(item.get("placeholder", "")).lower(),
                         str(item.get("custom_id")).lower())
                if item.get("type") != STRING_SELECT or in_.lower() not in names:
                    continue
                choices = item.get("options") or []
                labels = [c["label"] for c in choices]
                values: list[str] = []
                for picked in wanted:
                    match = next((c for c in choices if picked.lower() in
                                  (str(c["label"]).lower(), str(c["value"]))), None)
                    if match is None:
                        raise SandboxUsageError(
                            f"{in_!r} has no option {picked!r} (options: {labels})")
                    if match["value"] in values:
                        raise SandboxUsageError(f"{picked!r} is picked twice in {in_!r}")
                    values.append(match["value"])
                low, high = item.get("min_values", 1), item.get("max_values", 1)
                if not low <= len(values) <= high:
                    raise SandboxUsageError(
                        f"{in_!r} takes {low} to {high} options; {len(values)} were picked")
                data = {"custom_id": item["custom_id"], "component_type": STRING_SELECT,
                        "values": values}
                where = self.state.channels[message.channel_id]
                return self._interact(user, COMPONENT, where, data, message.id)
        raise SandboxUsageError(f"{member} sees no select {in_!r}")

    def submit(self, member: str, fields: dict[str, str]) -> Interaction:
        user = self.user(member)
        opened = [ix for ix in self.state.interactions.values()
                  if ix.user_id == user.id and ix.modal is not None]
        if not opened:
            raise SandboxUsageError(f"{member} has no open form")
        ix = opened[-1]
        modal = ix.modal or {}
        ix.modal = None  # a submitted (or dismissed) modal is gone
        wanted = {k.lower(): v for k, v in fields.items()}
        rows, used = _fill(modal.get("components") or [], wanted)
        unknown = set(wanted) - used
        if unknown:
            raise SandboxUsageError(f"the form has no field {sorted(unknown)}")
        data = {"custom_id": modal.get("custom_id"), "components": rows}
        submitted = self._interact(user, MODAL_SUBMIT, self.state.channels[ix.channel_id], data,
                                   ix.message_id, trigger_id=ix.id)
        return submitted


def _walk(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in components:
        yield item
        yield from _walk(item.get("components") or [])
        if isinstance(item.get("component"), dict):
            yield from _walk([item["component"]])


def _fill(components: list[dict[str, Any]], wanted: dict[str, str],
          label: str = "") -> tuple[list[dict[str, Any]], set[str]]:
    """The modal's components as submitted: each input carries the member's value."""
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for item in components:
        kind = item.get("type")
        if kind == 1:
            inner, got = _fill(item.get("components") or [], wanted)
            out.append({"type": 1, "components": inner})
            used |= got
        elif kind == LABEL and isinstance(item.get("component"), dict):
            inner, got = _fill([item["component"]], wanted, str(item.get("label", "")))
            out.append({"type": LABEL, "component": inner[0]})
            used |= got
        elif kind in (TEXT_INPUT, STRING_SELECT):
            keys = [k for k in (str(item.get("label") or label).lower(),
                                str(item.get("custom_id")).lower()) if k in wanted]
            value = wanted[keys[0]] if keys else str(item.get("value") or "")
            used.update(keys)
            if kind == TEXT_INPUT:
                out.append({"type": kind, "custom_id": item["custom_id"], "value": value})
            else:
                out.append({"type": kind, "custom_id": item["custom_id"],
                            "values": [value] if value else []})
    return out, used


def _split_options(text: str, names: list[str]) -> dict[str, str]:
    """``a:1 b:two words`` → {"a": "1", "b": "two words"}; quotes around a value are dropped."""
    if not text.strip() or not names:
        return {}
    pattern = re.compile(r"(?:^|\s)(" + "|".join(map(re.escape, names)) + r"):")
    matches = list(pattern.finditer(text))
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end():end].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[match.group(1)] = value
    if not matches and text.strip():
        raise SandboxUsageError(f"options look like name:value; options are {', '.join(names)}")
    return values
