"""Who a Discord user is in the program: the one lookup every cog uses."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.kernel.clock import Clock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.program.domain.schedule import Participant, Program
from bot.program.service import ProgramService


async def participant_for_user(
    db: Database, programs: ProgramService, user: discord.abc.User, clock: Clock
) -> tuple[Program, Participant] | None:
    """The program and the participant record of ``user``, or None if not enrolled.

    A participant is found by the key already linked to the user, by their Discord id,
    or by their username; a match by name is linked so later renames do not lose it.
    """
    program = await programs.current()
    if program is None:
        return None
    row = await members.get(db, user.id)
    if row is not None and row.participant_key is not None:
        linked = program.participant(row.participant_key)
        if linked is not None:
            return program, linked
    found = program.participant(str(user.id)) or program.participant(user.name)
    if found is None:
        return None
    await members.upsert(db, user.id, user.name, clock.now(), participant_key=found.key)
    return program, found


def members_by_name(guild: discord.Guild) -> dict[str, discord.Member]:
    """The server's members by username, for looking up many participants at once."""
    index: dict[str, discord.Member] = {}
    for member in guild.members:
        index.setdefault(member.name, member)
    return index


def member_for_participant(
    guild: discord.Guild,
    participant: Participant,
    by_name: Mapping[str, discord.Member] | MemberIndex | None = None,
) -> discord.Member | None:
    """The server member a program entry names (by id, else by username).

    ``by_name`` (``members_by_name`` for one pass, a ``MemberIndex`` kept between
    lookups) spares a scan of the member list per participant, which a program of
    thousands would otherwise pay for each of them.
    """
    if participant.discord_id is not None:
        return guild.get_member(participant.discord_id)
    if participant.name is None:
        return None
    if isinstance(by_name, MemberIndex):
        return by_name.named(guild, participant.name)
    if by_name is not None:
        return by_name.get(participant.name)
    return discord.utils.get(guild.members, name=participant.name)


def may_name(participant: Participant, member: discord.Member) -> bool:
    """Whether the entry could name ``member`` (by id, or by username when it has no id);
    ``member_for_participant`` says whether it does."""
    if participant.discord_id is not None:
        return participant.discord_id == member.id
    return participant.name == member.name


class MemberIndex:
    """The server's members by username, kept from one lookup to the next.

    Looking a participant up by scanning the member list costs the size of the server
    each time: for the prompts, joins and retries of a program of thousands, thousands
    times thousands. The index is built once and rebuilt only when it cannot answer
    for sure: a name it does not hold (someone who joined or was renamed since, or is
    not in the server: the rebuild costs what the scan did), or one whose member has
    left or been renamed since. A name it holds is checked against the server before
    it is trusted, so a stale index never names the wrong member."""

    def __init__(self) -> None:
        self._guild_id: int | None = None
        self._by_name: dict[str, discord.Member] = {}

    def named(self, guild: discord.Guild, name: str) -> discord.Member | None:
        if self._guild_id == guild.id:
            member = self._by_name.get(name)
            if member is not None and member.name == name and guild.get_member(member.id) is member:
                return member
        self._by_name = members_by_name(guild)
        self._guild_id = guild.id
        return self._by_name.get(name)
