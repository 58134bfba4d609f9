"""Enrolment: link each participant of the program to a server member, open their DM
channel once (stored, so later reminders cost one request each) and welcome them once.

Enrolment is per participant: every participant is linked before anyone is welcomed, and
one welcome that fails (DMs closed, Discord errors) never stops the others. A welcome
that failed for a reason that may pass is retried by the delivery desk; facilitators see
who could not be reached in the report and in /setup-status."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

import discord

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.delivery import DeliveryDesk
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.ports import ConsentNotice
from bot.program.domain.schedule import Participant, Program
from bot.program.participants import (
    MemberIndex,
    may_name,
    member_for_participant,
    members_by_name,
)
from bot.program.service import ProgramService

log = logging.getLogger(__name__)


WELCOME_KIND = "welcome"


def _welcome_key(participant: Participant) -> str:
    return f"{WELCOME_KIND}:{participant.key}"


@dataclass
class EnrolmentReport:
    linked: list[str] = field(default_factory=list)
    welcomed: list[str] = field(default_factory=list)
    not_in_server: list[str] = field(default_factory=list)
    dm_closed: list[str] = field(default_factory=list)
    # Welcomes not delivered: (participant, the reason), whether retried or given up.
    unreachable: list[tuple[str, str]] = field(default_factory=list)


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
    desk: DeliveryDesk | None = None,
    index: MemberIndex | None = None,
) -> EnrolmentReport:
    """Idempotent: run it after every import, at start-up and when a member joins.
    ``index``: the server's members by name, kept between calls for one member's."""
    report = EnrolmentReport()
    if guild is None:
        return report
    desk = desk or DeliveryDesk(db, clock, None)
    found: list[tuple[Participant, discord.Member]] = []
    by_name: Mapping[str, discord.Member] | MemberIndex
    if only is not None:
        # One member (they joined, or a retry of their welcome): the entries that could
        # name them, looked up in the kept index, not every participant in a fresh one.
        entries = [p for p in program.participants if may_name(p, only)]
        by_name = index if index is not None else MemberIndex()
    else:
        entries = list(program.participants)
        by_name = members_by_name(guild)  # once, not a scan of the members per participant
    # Link everyone first: a reminder needs the link, not the welcome.
    for participant in entries:
        member = member_for_participant(guild, participant, by_name)
        if only is not None and member != only:
            continue
        if member is None:
            report.not_in_server.append(participant.display)
            continue
        found.append((participant, member))
    # One transaction for the whole pass: a program of thousands is one commit.
    if found:
        await members.link_many(
            db, [(member.id, member.name, participant.key) for participant, member in found],
            clock.now(),
        )
    report.linked.extend(participant.display for participant, _ in found)
    # Whom this pass still owes a welcome: one read, not one per participant. (A status
    # read here that is out of date by the time of the send is harmless: the claim of
    # the delivery desk refuses a welcome settled meanwhile.)
    welcomes = await deliveries.statuses(db, WELCOME_KIND) if len(found) > 1 else None
    for participant, member in found:
        try:
            await _welcome(
                db, clock, messenger, desk, program, participant, member, report,
                welcome=welcome, notice=notice, on_dm_closed=on_dm_closed,
                statuses=welcomes,
            )
        except Exception:
            # A bug in one welcome (not a failed send: the desk records those) must not
            # keep the others from theirs.
            log.exception("welcoming %s failed", participant.key)
            report.unreachable.append((participant.display, "an unexpected error"))
    if report.not_in_server:
        log.warning("%d participant(s) not in the server yet", len(report.not_in_server))
    if report.unreachable:
        log.warning("welcome not delivered to %d participants", len(report.unreachable))
    return report


async def _welcome(
    db: Database,
    clock: Clock,
    messenger: Messenger,
    desk: DeliveryDesk,
    program: Program,
    participant: Participant,
    member: discord.Member,
    report: EnrolmentReport,
    *,
    welcome: Callable[[Program, Participant], str],
    notice: ConsentNotice,
    on_dm_closed: Callable[[Participant, int], Awaitable[None]] | None,
    statuses: dict[str, str] | None,
) -> None:
    key = _welcome_key(participant)
    status = statuses.get(key) if statuses is not None else await deliveries.status_of(db, key)
    if status in deliveries.SETTLED:
        # Privacy (issue 9): members welcomed before the notice existed get it now.
        await notice.send_notice_once(member.id, participant.key)
        return
    now = clock.now()

    async def send() -> discord.Message:
        return await messenger.send(member.id, content=welcome(program, participant))

    # A welcome stays useful while the participant is in the program.
    until = datetime.combine(participant.end, time(0), tzinfo=UTC)
    outcome = await desk.deliver(key, WELCOME_KIND, member.id, now, send, useful_until=until)
    if outcome.status == "held":
        return
    if not outcome.delivered:
        report.unreachable.append((participant.display, outcome.reason))
        if isinstance(outcome.error, DmClosed):
            report.dm_closed.append(participant.display)
            if outcome.error.first_time and on_dm_closed is not None:
                await on_dm_closed(participant, member.id)
        elif isinstance(outcome.error, NotInServer):
            report.not_in_server.append(participant.display)
        return
    report.welcomed.append(participant.display)
    # Privacy (issue 9): the consent notice (I agree / Not now) follows the welcome.
    await notice.send_notice_once(member.id, participant.key)


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
        desk: DeliveryDesk | None = None,
        programs: ProgramService | None = None,
    ) -> None:
        self.db = db
        self.desk = desk or DeliveryDesk(db, clock, None)
        self.programs = programs
        self.desk.on_retry(WELCOME_KIND, self.resend)
        self.clock = clock
        self.messenger = messenger
        self.guild = guild
        self.ready = ready
        self.welcome = welcome
        self.notice = notice
        self.on_dm_closed = on_dm_closed
        self.members = MemberIndex()

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
            desk=self.desk,
            index=self.members,
        )

    async def resend(self, key: str) -> None:
        """A welcome's retry (the delivery desk): ``welcome:<participant>``."""
        program = await self.programs.current() if self.programs else None
        guild = self.guild()
        participant = program.participant(key.removeprefix("welcome:")) if program else None
        if program is None or participant is None or guild is None:
            return
        member = member_for_participant(guild, participant, self.members)
        if member is not None:
            await self.enrol(program, only=member)
