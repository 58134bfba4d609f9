"""The delivery desk: every owed message goes out once, or is tried again, or is given
up with a reason a facilitator can read. Nothing owed is dropped in silence.

A service hands the desk one delivery at a time (its key, who and when it is for, until
when it is still useful, and how to send it). The desk:

1. waits for a token from the pacer *before* claiming, so a claim is only made when the
   request can go on the wire at once (a hard kill then leaves claims only for sends
   that were actually in flight);
2. claims the delivery record (``bot.kernel.db.deliveries``) and sends, marking the
   message with a nonce derived from the key, so Discord creates it at most once even
   if a send cut off by a kill is repeated after the restart;
3. settles it: sent (or late); given up for a permanent reason (DMs closed, not in the
   server, a message Discord refuses); or, for a reason that may pass (429, 5xx, a
   timeout, the server or its channels not loaded yet), waiting in ``retry`` until a
   retry time with exponential backoff, as long as that is before ``useful_until``
   (a reminder until its session starts, a check-in prompt until its day ends, a crisis
   re-alert always).

Retries are scheduler jobs under their own id (``delivery-retry:<key>``), never the id
of the job that failed, and they are rebuilt from the database at every start (after
the server is known). When a retry is due the desk calls back the service that owns the
kind (``on_retry``), which re-derives what to send from the key and hands it to the desk
again; if the service finds it is no longer owed, the desk records it as skipped.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord

from bot.kernel.clock import Clock
from bot.kernel.db import deliveries
from bot.kernel.db.connection import Database
from bot.kernel.messenger import DmClosed, NotInServer, NotReady
from bot.kernel.pacing import Pacer, Priority, in_lane, message_nonce, prepaid
from bot.kernel.scheduling import ClockedScheduler

log = logging.getLogger(__name__)

RETRY_JOB_PREFIX = "delivery-retry:"
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)

Resend = Callable[[str], Awaitable[None]]


class ChannelUnavailable(Exception):
    """A channel the bot posts to is not known right now (the server is still loading,
    or the channel is missing): worth trying again, and worth telling facilitators."""


def nonce_for(key: str) -> str:
    """At most 25 characters, the same for every send of one delivery."""
    return "d" + hashlib.sha1(key.encode()).hexdigest()[:24]


def classify(error: BaseException) -> tuple[bool, str]:
    """(worth trying again, the reason in plain words)."""
    if isinstance(error, DmClosed):
        return False, "their DMs are closed to the bot"
    if isinstance(error, NotInServer):
        return False, "they are not in the program's server"
    if isinstance(error, NotReady):
        return True, "the server was not loaded yet"
    if isinstance(error, ChannelUnavailable):
        return True, f"the channel could not be found ({error})"
    if isinstance(error, discord.DiscordServerError):
        return True, f"Discord answered with a server error ({error.status})"
    if isinstance(error, discord.RateLimited):
        return True, "Discord asked the bot to slow down"
    if isinstance(error, discord.Forbidden):
        return False, f"Discord refused it: no permission (error {error.code})"
    if isinstance(error, discord.NotFound):
        return False, f"Discord refused it: not found (error {error.code})"
    if isinstance(error, discord.HTTPException):
        if error.status == 429:
            return True, "Discord asked the bot to slow down"
        return False, f"Discord refused the message (error {error.code or error.status})"
    if isinstance(error, asyncio.TimeoutError | aiohttp.ClientError | OSError):
        return True, "Discord did not answer in time"
    return False, f"an unexpected error ({type(error).__name__})"


def backoff(attempts: int, key: str) -> timedelta:
    """30 s, 1 min, 2 min ... at most 15 min, spread by up to a quarter so that a
    fan-out that failed together does not retry together."""
    base = min(FIRST_RETRY * (2 ** min(attempts, 10)), LONGEST_WAIT)
    spread = int(hashlib.sha1(f"{key}:{attempts}".encode()).hexdigest()[:4], 16) / 0xFFFF
    return base + base * 0.25 * spread


@dataclass(frozen=True)
class Outcome:
    """What became of one hand-over to the desk."""

    status: str  # sent, late, retry, failed, held (settled already, or being sent now)
    message_id: int | None = None
    reason: str = ""
    error: BaseException | None = None

    @property
    def delivered(self) -> bool:
        return self.status in ("sent", "late")


def _message_id(result: Any) -> int | None:
    if isinstance(result, int) and not isinstance(result, bool):
        return result
    value = getattr(result, "id", None)
    return value if isinstance(value, int) else None


class DeliveryDesk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        scheduler: ClockedScheduler | None,
        pacer: Pacer | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.scheduler = scheduler
        # Without a pacer of the bot's (a unit test), an unhurried one of its own.
        self.pacer = pacer or Pacer(limit=1000, window=1.0, burst=100)
        self._resend: dict[str, Resend] = {}
        self._in_flight: set[str] = set()
        self.retries_scheduled = 0
        self.given_up = 0

    def on_retry(self, kind: str, resend: Resend) -> None:
        """How to send a delivery of ``kind`` again, from its key (the owning service)."""
        self._resend[kind] = resend

    async def deliver(
        self,
        key: str,
        kind: str,
        user_id: int | None,
        due: datetime,
        send: Callable[[], Awaitable[Any]],
        *,
        useful_until: datetime | None = None,
        late: bool = False,
        priority: Priority = Priority.BULK,
    ) -> Outcome:
        """Send one delivery once; see the module's docstring. ``send`` returns the
        message (or its id); its exceptions are classified, never passed on."""
        if key in self._in_flight:
            return Outcome("held")
        self._in_flight.add(key)
        try:
            await self.pacer.acquire(priority)
            now = self.clock.now()
            if not await deliveries.claim(
                self.db, key, kind, user_id, due, now, useful_until=useful_until
            ):
                return Outcome("held")
            try:
                with in_lane(priority), prepaid(), message_nonce(nonce_for(key)):
                    result = await send()
            except Exception as error:  # every failure is classified and recorded
                return await self._failed(key, kind, useful_until, error)
            status = "late" if late else "sent"
            message_id = _message_id(result)
            await deliveries.settle(self.db, key, status, self.clock.now(), message_id=message_id)
            return Outcome(status, message_id)
        finally:
            self._in_flight.discard(key)

    async def _failed(
        self, key: str, kind: str, useful_until: datetime | None, error: BaseException
    ) -> Outcome:
        transient, reason = classify(error)
        now = self.clock.now()
        if not transient:
            if reason.startswith("an unexpected error"):
                log.error("delivery %s failed", key, exc_info=error)
            return await self.give_up(key, reason, error)
        attempts = await deliveries.attempts(self.db, key)
        retry_at = now + backoff(attempts, key)
        if useful_until is not None and retry_at >= useful_until:
            return await self.give_up(
                key, f"{reason}; not sent before it stopped being useful", error
            )
        if kind not in self._resend or self.scheduler is None:
            return await self.give_up(key, f"{reason}; this kind is not retried", error)
        await deliveries.defer(self.db, key, retry_at, reason)
        self._schedule_retry(key, retry_at)
        log.warning("delivery %s will be retried at %s: %s", key, retry_at.isoformat(), reason)
        return Outcome("retry", reason=reason, error=error)

    async def give_up(self, key: str, reason: str, error: BaseException | None = None) -> Outcome:
        await deliveries.settle(self.db, key, "failed", self.clock.now(), detail=reason)
        self.given_up += 1
        log.warning("delivery %s given up: %s", key, reason)
        return Outcome("failed", reason=reason, error=error)

    def _schedule_retry(self, key: str, when: datetime) -> None:
        if self.scheduler is None:
            return
        self.retries_scheduled += 1
        self.scheduler.schedule_at(RETRY_JOB_PREFIX + key, when, self.retry, key)

    async def resume(self) -> int:
        """Plan every waiting retry from the database (at start, once the server is
        known); returns how many."""
        waiting = await deliveries.waiting(self.db)
        now = self.clock.now()
        for row in waiting:
            self._schedule_retry(row.key, max(row.retry_at or now, now))
        if waiting:
            log.info("%d deliveries waiting to be retried", len(waiting))
        return len(waiting)

    async def retry(self, key: str) -> None:
        """The retry job: hand the delivery back to its service, or give it up."""
        row = await deliveries.waiting_one(self.db, key)
        if row is None:
            return  # settled meanwhile
        now = self.clock.now()
        if row.useful_until is not None and now >= row.useful_until:
            await self.give_up(key, "not sent before it stopped being useful")
            return
        resend = self._resend.get(row.kind)
        if resend is None:
            await self.give_up(key, "this kind is not retried")
            return
        await resend(key)
        if await deliveries.status_of(self.db, key) == "retry":
            after = await deliveries.waiting_one(self.db, key)
            if after is not None and after.retry_at == row.retry_at:
                # The service found nothing to send any more (answered, cancelled...).
                await deliveries.settle(
                    self.db, key, "skipped", now, detail="no longer owed when retried"
                )


# What facilitators read about a delivery, by kind (kinds not named read "message").
KIND_NAMES = {
    "reminder": "Session reminder",
    "checkin-prompt": "Check-in prompt",
    "medication": "Medication reminder",
    "welcome": "Welcome message",
    "checkin-digest": "Check-in digest",
    "daily-skill": "Daily coping skill",
    "crisis_realert": "Repeat of a crisis alert",
    "agenda": "Group agenda",
}
PROBLEMS_WINDOW = timedelta(days=7)


def problem_lines(problems: list[deliveries.Problem], limit: int = 15) -> list[str]:
    """/setup-status's delivery section: what is waiting for a retry, what was given
    up in the last week and why (medication reminders name no medication)."""
    if not problems:
        return ["Deliveries: nothing waiting to be retried, nothing given up in the last 7 days."]
    waiting = [p for p in problems if p.status == "retry"]
    given_up = [p for p in problems if p.status == "failed"]
    lines = [
        f"**Deliveries**: {len(waiting)} waiting to be retried, {len(given_up)} given up "
        "in the last 7 days."
    ]
    for problem in problems[:limit]:
        what = KIND_NAMES.get(problem.kind, "Message")
        who = f" to <@{problem.user_id}>" if problem.user_id else ""
        when = f" (<t:{int(problem.at.timestamp())}:f>)" if problem.at else ""
        if problem.status == "retry":
            tries = "once" if problem.attempts == 1 else f"{problem.attempts} times"
            lines.append(
                f"- {what}{who}: failed {tries} ({problem.detail}); trying again{when}."
            )
        else:
            lines.append(f"- {what}{who}: not delivered{when}: {problem.detail}.")
    if len(problems) > limit:
        lines.append(f"- and {len(problems) - limit} more.")
    return lines


async def problems_report(db: Database, now: datetime) -> list[str]:
    return problem_lines(await deliveries.problems(db, now - PROBLEMS_WINDOW))
