"""Enrolment: link each participant of the program to a server member, open their DM
channel once (stored, so later reminders cost one request each) and welcome them once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import discord

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.ports import ConsentNotice
from bot.program.domain.schedule import Participant, Program
from bot.program.participants import member_for_participant, members_by_name

log = logging.getLogger(__name__)


@dataclass
class EnrolmentReport:
    linked: list[str] = field(default_factory=list)
    welcomed: list[str] = field(default_factory=list)
    not_in_server: list[str] = field(default_factory=list)
    dm_closed: list[str] = field(default_factory=list)


async def enrol(
    db: Database,
    clock: Clock,
    messenger: Messenger,
    guild: discord.Guild | None,
    program: Program,
    *,
    welcome: Callable[[Program, Participant], str],
    notice: ConsentNotice,
    only: discord.Member | None = None,
    on_dm_closed: Callable[[Participant, int], Awaitable[None]] | None = None,
) -> EnrolmentReport:
    """Idempotent: run it after every import, at start-up and when a member joins."""
    report = EnrolmentReport()
    if guild is None:
        return report
    by_name = members_by_name(guild)  # once, not a scan of the members per participant
    for participant in program.participants:
        member = member_for_participant(guild, participant, by_name)
        if only is not None and member != only:
            continue
        if member is None:
            report.not_in_server.append(participant.display)
            continue
        now = clock.now()
        await members.upsert(db, member.id, member.name, now, participant_key=participant.key)
        report.linked.append(participant.display)
        key = f"welcome:{participant.key}"
        if not await deliveries.claim(db, key, "welcome", member.id, now, now):
            # Privacy (issue 9): members welcomed before the notice existed get it now.
            await notice.send_notice_once(member.id, participant.key)
            continue
        try:
            message = await messenger.send(member.id, content=welcome(program, participant))
        except DmClosed as closed:
            await deliveries.settle(db, key, "failed", now, detail="dm closed")
            if closed.first_time and on_dm_closed is not None:
                await on_dm_closed(participant, member.id)
            report.dm_closed.append(participant.display)
            continue
        except NotInServer:
            await deliveries.settle(db, key, "failed", now, detail="not in server")
            report.not_in_server.append(participant.display)
            continue
        await deliveries.settle(db, key, "sent", clock.now(), message_id=message.id)
        report.welcomed.append(participant.display)
        # Privacy (issue 9): the consent notice (I agree / Not now) follows the welcome.
        await notice.send_notice_once(member.id, participant.key)
    if report.not_in_server:
        log.warning("%d participant(s) not in the server yet", len(report.not_in_server))
    return report


class Enrolment:
    """``enrol`` with what it needs bound, for the running bot: after every change to
    the program (once the server is loaded), at start-up and when a member joins.

    ``bot/app.py`` adds ``after_change`` to the program's listeners *before* the session
    reminders start, so a new participant is linked before reminders replan."""

    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        messenger: Messenger,
        guild: Callable[[], discord.Guild | None],
        ready: Callable[[], bool],
        welcome: Callable[[Program, Participant], str],
        notice: ConsentNotice,
        on_dm_closed: Callable[[Participant, int], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.messenger = messenger
        self.guild = guild
        self.ready = ready
        self.welcome = welcome
        self.notice = notice
        self.on_dm_closed = on_dm_closed

    async def after_change(self, before: Program | None, after: Program | None) -> None:
        if after is not None and self.ready():
            await self.enrol(after)

    async def enrol(self, program: Program, only: discord.Member | None = None) -> EnrolmentReport:
        return await enrol(
            self.db,
            self.clock,
            self.messenger,
            self.guild(),
            program,
            welcome=self.welcome,
            notice=self.notice,
            only=only,
            on_dm_closed=self.on_dm_closed,
        )
