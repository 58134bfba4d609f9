"""A person behind the bot: every DM answered, and reach-out requests.

The DM line reads each DM to the bot that is not a command: crisis language goes down the
crisis path (the ``CrisisPath`` port), the concern tier to the gentle check-in when one
is wired (``concern``, else an ordinary answer), a request for a person ("can someone
call me", "is anyone there", "please reach out") becomes a reach-out request, and
anything else gets a short, warm answer that is honest about what the bot is (nobody
reads DMs as they come in) with the ways to reach a person.

A reach-out request (the DM answer's button, ``/reach-out``, the check-in follow-up, or
plain words) goes to the facilitators as an alert through the ``FacilitatorAlerts`` port:
one open alert per person, with **I'm on it**, **Done** and repeats during program
hours. The participant is told at once where it went and roughly when someone answers
(the program file's ``answer_time``); outside program hours they are told so, with
their crisis lines.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import discord

from bot.kernel.clock import Clock
from bot.kernel.db.connection import Database
from bot.kernel.discord_time import discord_timestamp
from bot.kernel.ports import (
    AlertReceipt,
    ConsentStatus,
    CrisisPath,
    CrisisReading,
    FacilitatorAlerts,
    Person,
)
from bot.outreach import storage as outreach_db
from bot.outreach.domain.asks import asks_for_person
from bot.program.domain.hours import DEFAULT_HOURS, ProgramHours
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

NOTE_CHARS = 1000
# The full honest answer once in a while; in between, a short one (with the same buttons).
FULL_ANSWER_EVERY = timedelta(minutes=30)

CRISIS, CONCERN, PERSON, OTHER = "crisis", "concern", "person", "other"

SAID = {
    "button": "would like a facilitator to reach out (the button in their DM with the bot)",
    "command": "would like a facilitator to reach out (/reach-out)",
    "checkin": "would like a facilitator to reach out after their check-in",
    "words": "asked for a person in a DM to the bot",
}

WARM_ANSWER = (
    "Thanks for writing. I'm Companion, your program's bot, so I should be honest: **nobody "
    "reads these messages as they come in**, and I don't keep them. If you'd like a person "
    "from your program to get in touch, press **Ask a facilitator to reach out** (or just "
    "tell me, like \"please reach out\"). If things feel like too much right now, "
    "**Crisis lines** shows who you can call or text at any time."
)
SHORT_ANSWER = (
    "Got it. Nobody reads these DMs live, so if you'd like a person, press **Ask a "
    "facilitator to reach out**."
)
# After words of concern that the concern tier only noted for facilitators (it answered
# the person recently): still an answer, and no claim that nothing was kept.
NOTED_ANSWER = (
    "I'm here. Nobody reads these DMs live, so if you'd like a person from your program, "
    "press **Ask a facilitator to reach out**; **Crisis lines** is there any time."
)
COMMAND_HINT = (
    "That looks like a command: type `/` and pick it from the list Discord shows, "
    "for example /schedule or /coping."
)

# The concern tier's gentle check-in (``ConcernService.check_in_dm``, handed in by the
# app): (person, text, message, reading) -> True when it answered the person itself.
ConcernCheckIn = Callable[
    [Person, str, "discord.Message | None", CrisisReading | None], Awaitable[bool]
]


class NoteTooLong(ValueError):
    def __init__(self, note: str) -> None:
        super().__init__(
            f"Your note is {len(note):,} characters; a request can carry {NOTE_CHARS:,}. "
            "Nothing was sent yet. Here is your note, so you can shorten it and try again:"
        )
        self.note = note


@dataclass(frozen=True)
class Reading:
    """What a DM is, for the DM line."""

    kind: str  # CRISIS, CONCERN, PERSON or OTHER
    crisis: CrisisReading


class OutreachService:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        programs: ProgramService,
        alerts: FacilitatorAlerts,
        crisis: CrisisPath,
        consent: ConsentStatus,
        concern: ConcernCheckIn | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.programs = programs
        self.alerts = alerts
        self.crisis = crisis
        self.consent = consent
        # The single call site for the concern tier (crisis-flow): see ``read``.
        self.concern = concern
        self._last_full_answer: dict[int, datetime] = {}

    # ---- the DM line ------------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        """Crisis first; then a request for a person (it names what they want, and its
        alert carries the words); then the concern tier; else other."""
        reading = self.crisis.detect(text)
        if reading.is_crisis:
            return Reading(CRISIS, reading)
        if asks_for_person(text):
            return Reading(PERSON, reading)
        if reading.tier == CONCERN and self.concern is not None:
            return Reading(CONCERN, reading)
        return Reading(OTHER, reading)

    def answer_for(self, user_id: int, text: str) -> str:
        """The warm, honest answer to an ordinary DM (the full one at most every half hour)."""
        now = self.clock.now()
        last = self._last_full_answer.get(user_id)
        hint = f"\n\n{COMMAND_HINT}" if text.lstrip().startswith(("/", "!")) else ""
        if last is not None and now - last < FULL_ANSWER_EVERY:
            return SHORT_ANSWER + hint
        self._last_full_answer[user_id] = now
        return WARM_ANSWER + hint

    # ---- reach-out requests -----------------------------------------------------------------

    async def request(self, user: Person, *, source: str, note: str = "") -> str:
        """Open (or add to) the person's request; what to tell them. Raises ``NoteTooLong``
        (nothing sent) for a note past ``NOTE_CHARS``."""
        if len(note) > NOTE_CHARS:
            raise NoteTooLong(note)
        receipt = await self.alerts.request_reach_out(
            user, source=source, said=SAID[source], note=note.strip()
        )
        kept = note.strip() if await self.consent.has_agreed(user.id) else ""
        await outreach_db.add_request(
            self.db, user.id, receipt.alert_id, source, kept, self.clock.now()
        )
        return await self.receipt_text(user.id, receipt)

    async def request_from_checkin(self, user: Person, detail: str) -> str:
        """The ``ReachOut`` port: "Yes, please reach out" after a low check-in."""
        return await self.request(user, source="checkin", note=detail)

    async def hours(self) -> tuple[ProgramHours, ZoneInfo, frozenset[date]]:
        program = await self.programs.current()
        if program is None:
            return DEFAULT_HOURS, ZoneInfo("UTC"), frozenset()
        return program.hours, program.zone, program.closed_days

    async def receipt_text(self, user_id: int, receipt: AlertReceipt) -> str:
        hours, zone, closed = await self.hours()
        now = self.clock.now()
        if receipt.taken_by:
            return (
                f"**{receipt.taken_by}** already has your request and will reach out to you; "
                "I've passed this on to them."
            )
        if receipt.kind == "crisis" and not receipt.first:
            return (
                "Your program's facilitators already have an alert from me about you; I've "
                "added this to it, so they know you'd like a person to reach out.\n\n"
                + await self.alerts.lines_for(user_id)
            )
        if receipt.first:
            lead = "I've sent your request to your program's facilitators."
        else:
            lead = (
                "Your request is already with your program's facilitators; I've added "
                "this to it."
            )
        if hours.is_open(now, zone, closed):
            return (
                f"{lead} Someone usually answers **{hours.answer_time}**. When someone picks "
                "it up, I'll tell you here who it is."
            )
        opening = hours.next_opening(now, zone, closed)
        when = (
            f" The program opens again {discord_timestamp(opening, 'F')}, and someone usually "
            f"answers **{hours.answer_time}**."
            if opening is not None
            else ""
        )
        return (
            f"{lead} It's outside program hours right now ({hours.describe()}, "
            f"{zone.key} time), so it may be a while before someone sees it.{when}\n\n"
            "**If you need to talk to someone before then, please reach a person now:**\n"
            + await self.alerts.lines_for(user_id)
        )

    # ---- the facilitators' side -------------------------------------------------------------

    async def listing(self) -> list[str]:
        return await self.alerts.listing()

    async def add_to_digest(self, embed: discord.Embed) -> None:
        """The ``OpenRequests`` port: the morning digest lists what nobody has closed."""
        lines = await self.alerts.open_lines()
        value = "\n".join(lines) if lines else "Nothing open"
        if len(value) > 1024:
            value = value[:1000].rsplit("\n", 1)[0] + "\n… (/requests lists them all)"
        embed.add_field(name="Open reach-out requests and alerts", value=value, inline=False)
