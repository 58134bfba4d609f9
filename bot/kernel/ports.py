"""Ports: the small typed interfaces through which capabilities talk to each other.

A capability never imports another capability. When it needs something another one
owns, it names what it needs here, as a Protocol, and takes an object that satisfies it
in its constructor; ``bot/app.py`` builds every service once and hands each the others
that implement its ports. mypy checks the wiring there.

| port | implemented by | used by |
|---|---|---|
| ``ConsentNotice`` | privacy (``NoticeSender``) | enrolment |
| ``ConsentStatus`` | privacy (``PrivacyService``) | check-in prompts, the consent gate |
| ``CrisisDetector`` | crisis (``detect_crisis``) | check-ins, coping, moderation |
| ``CrisisPath`` | crisis (``CrisisService``) | check-ins, coping, moderation, the consent gate |
| ``SafetySettings`` | crisis (``CrisisService``) | the moderator's /mod commands |
| ``FacilitatorAlerts`` | crisis (``CrisisService``) | outreach (reach-out requests, /requests) |
| ``SafetyPlanLookup`` | outreach (``SafetyPlans``) | crisis (**My safety plan** on replies) |
| ``ReachOut`` | outreach (``OutreachService``) | check-ins ("Yes, please reach out") |
| ``OpenRequests`` | outreach (``OutreachService``) | the check-in digest |
| ``ConcernPath`` | crisis (``ConcernService``) | the moderator's listening (channels, threads) |
| ``ConcernDigest`` | crisis (``ConcernService``) | check-ins (the morning digest) |
| ``AgendaSummaries`` | agendas (``AgendaService``) | session and family reminders |
| ``FollowUpOffers`` | coping (``CheckinOffers``) | check-ins ("Done" over a threshold) |
| ``MedicationAdherence`` | continuity (``MedicationService``) | check-ins (/progress, digest) |
| ``AlumniRoster`` | continuity (``AlumniRoster``) | check-in digest |
| ``DailyCheckinSettings`` | check-ins (``DailyCheckinSettingsStore``) | alumni (graduation) |
| ``PersonalDataProvider`` | every capability (its ``personal_data.py``) | privacy |
| ``CrisisLines`` | crisis (``CrisisResources``) | text outside crisis (``crisis_lines()``) |
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    # For annotations only: importing the ports loads no Discord or database code, so
    # pure domain modules (the moderator's rules) may name them too.
    import discord

    from bot.kernel.db.connection import Database
    from bot.kernel.personal_data import PersonalData, Subject

# ---- privacy ------------------------------------------------------------------------------


class ConsentNotice(Protocol):
    """Privacy's consent notice, which enrolment sends right after the welcome."""

    async def send_notice_once(self, user_id: int, participant_key: str) -> bool:
        """DM the notice once per participant; True if it was sent now."""
        ...


class ConsentStatus(Protocol):
    """A member's answer to the consent notice (privacy keeps it)."""

    async def has_agreed(self, user_id: int) -> bool: ...

    async def has_declined(self, user_id: int) -> bool:
        """True only after "Not now"; someone who never answered has not declined."""
        ...


# ---- crisis -------------------------------------------------------------------------------


class CrisisReading(Protocol):
    """What the crisis detector found in a text (``bot.crisis.domain.crisis.CrisisResult``).

    ``tier`` is "crisis" (answered and alerted at once; ``is_crisis``), "concern" (a
    gentle private check-in, nothing removed) or "none"."""

    @property
    def is_crisis(self) -> bool: ...

    @property
    def tier(self) -> str: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    @property
    def rule(self) -> str | None: ...


@dataclass(frozen=True)
class NoCrisis:
    """The reading of a text that was not read (or showed nothing)."""

    is_crisis: bool = False
    tier: str = "none"
    categories: tuple[str, ...] = ()
    rule: str | None = None


# Text in, reading out: pure and fast. The moderator's variant takes text already passed
# through ``bot.kernel.text_normalise.normalise`` (it normalises once for all its rules).
CrisisDetector = Callable[[str], CrisisReading]


class Person(Protocol):
    """Whom a crisis alert is about: a ``discord.abc.User`` or a ``KnownPerson``."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True)
class KnownPerson:
    """A member known by id and name only (not in the client's cache)."""

    id: int
    name: str
    display_name: str


@dataclass(frozen=True)
class CrisisResponse:
    reply: str  # the supportive reply with the person's crisis resources
    alert_id: int | None
    alerted: bool  # the facilitators' alert was recorded (it is posted by a task of its own)
    offer_safety_plan: bool = False  # the person wrote a safety plan: offer **My safety plan**


class CrisisPath(Protocol):
    """The bot's one crisis path: an alert with **I'm on it** and repeats, and the reply
    with the person's crisis resources. Every capability that meets crisis uses it."""

    def detect(self, text: str) -> CrisisReading: ...

    async def respond(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
        result: CrisisReading | None = None,
        held: bool = False,
        reply_in_place: bool = False,
        send_reply: Callable[[str], Awaitable[object]] | None = None,
    ) -> CrisisResponse:
        """Record the alert and build the reply (``where``: "command", "coping", "peer",
        "dm" or "checkin"); with ``reply_in_place`` also answer the message, with
        ``send_reply`` send the reply through it. The reply and the alert's post are
        independent tasks: neither waits for the other."""
        ...

    async def raise_alert(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
        result: CrisisReading | None = None,
        held: bool = False,
    ) -> int:
        """Only the alert (the caller shows its own help); the alert's id."""
        ...

    async def handle(
        self, *, user: Person, text: str, where: str, message: discord.Message | None = None
    ) -> str:
        """``respond`` for callers that show the reply themselves; the reply."""
        ...

    async def hold_reply(self, user: Person) -> str:
        """The private reply to someone whose message was held for method or dose detail."""
        ...

    def help_text(self, zone: str | None) -> str:
        """Crisis lines for someone in the IANA ``zone`` (None: not known)."""
        ...


@dataclass(frozen=True)
class AlertReceipt:
    """What became of a reach-out request (issue 15)."""

    alert_id: int
    kind: str  # "request", or "crisis" when it joined the person's open crisis alert
    first: bool  # it opened the alert (False: it updated the person's open one)
    taken_by: str | None  # the facilitator already on it, if any


class FacilitatorAlerts(Protocol):
    """The facilitators' alerts (crisis keeps them: one open alert per person, with **I'm
    on it**, **Done** and repeats). Outreach opens reach-out requests through it."""

    async def request_reach_out(
        self, user: Person, *, source: str, said: str, note: str = ""
    ) -> AlertReceipt:
        """``source``: "button", "command", "checkin" or "words"; ``said`` tells
        facilitators how they asked ("asked with /reach-out")."""
        ...

    async def lines_for(self, user_id: int) -> str:
        """The person's crisis lines (their region's), ready to show."""
        ...

    async def program_contact(self) -> str:
        """How participants reach the program (the /mod setting, or a default)."""
        ...

    async def listing(self, days: int = 7) -> list[str]:
        """Open, taken and recently closed alerts, one line each (/requests)."""
        ...

    async def open_lines(self) -> list[str]:
        """Alerts nobody has closed, one line each (the morning digest)."""
        ...


# The custom id of the **My safety plan** button: outreach's persistent button answers it
# wherever it is shown (a crisis reply, /crisis), so crisis needs no outreach code.
SAFETY_PLAN_BUTTON_ID = "safetyplan:show"


class SafetyPlanLookup(Protocol):
    """Whether a person wrote a safety plan (outreach keeps it; crisis offers it)."""

    async def has_plan(self, user_id: int) -> bool: ...


class ReachOut(Protocol):
    """A participant's request for a person (outreach): from the check-in follow-up."""

    async def request_from_checkin(self, user: Person, detail: str) -> str:
        """Open (or update) their request; what to tell them."""
        ...


class OpenRequests(Protocol):
    """Open reach-out requests and crisis alerts, for the facilitators' morning digest."""

    async def add_to_digest(self, embed: discord.Embed) -> None: ...


class ConcernPath(Protocol):
    """The concern tier's answer (passive wishes, hopelessness, burden, worrying use): a
    gentle private DM, a quiet note for facilitators, and the crisis path on a second
    concern within a day. Never removes or holds anything."""

    async def hear(
        self,
        *,
        user: Person,
        text: str,
        where: str,
        result: CrisisReading,
        message: discord.Message | None = None,
        channel: discord.abc.Messageable | None = None,
    ) -> object | None:
        """``where``: "dm", "peer", "checkin" or "coping"; None when heard before."""
        ...


class ConcernDigest(Protocol):
    """The day's concerns, listed in the facilitators' morning digest."""

    async def add_to_digest(self, embed: discord.Embed) -> None: ...


class SafetySettings(Protocol):
    """The program's safety settings (crisis keeps them): the moderator's dry run, the
    program's crisis-line region and how participants reach the program."""

    async def dry_run(self) -> bool: ...

    async def set_dry_run(self, on: bool) -> None: ...

    async def program_region_name(self) -> str: ...

    def region_codes(self) -> list[str]: ...

    def region_name(self, code: str) -> str | None:
        """The region's name for a code such as "US" or "uk"; None when it has no lines."""
        ...

    async def set_program_region(self, code: str) -> None: ...

    async def set_program_contact(self, text: str) -> None: ...


# ---- agendas, coping, continuity, check-ins -----------------------------------------------


class AgendaSummaries(Protocol):
    """The posted agenda of one session, as reminders show it."""

    async def posted_summary(self, occurrence_key: str) -> str | None: ...


class FollowUpOffers(Protocol):
    """A coping skill for a check-in that crossed a follow-up threshold."""

    def follow_up_text(self, answers: Mapping[str, object], seed: str) -> str:
        """The skill, ready to show (deterministic per ``seed``)."""
        ...


class MedicationAdherence(Protocol):
    """Medication adherence, for the participant's /progress and the facilitators' digest."""

    async def adherence_line(self, participant_key: str) -> str:
        """A line for /progress; empty when the participant has no medication reminders."""
        ...

    async def add_to_digest(self, embed: discord.Embed) -> None: ...


class AlumniRoster(Protocol):
    """Who is on the alumni track."""

    async def alumni_keys(self) -> set[str]:
        """Everyone who graduated (on the track now or not)."""
        ...


class DailyCheckinSettings(Protocol):
    """A participant's daily check-in settings, which graduation changes."""

    async def checkin_time(self, participant_key: str) -> time | None:
        """Their own check-in time; None: the program's."""
        ...

    async def stop_daily_prompts(self, participant_key: str) -> None:
        """Daily prompts off (planned again when the program's listeners replan)."""
        ...


# ---- privacy's providers and the crisis lines (issue 19: personal data, crisis lines) -----
# Kept together at the end of the file: the personal-data provider every capability gives
# privacy, and the crisis lines every capability shows from the crisis resources file.


class PersonalDataProvider(Protocol):
    """A capability's answer for its own tables to privacy's export and erasure (as each
    Red cog answers for its users' data). ``bot.kernel.personal_data.Provider`` is the
    usual implementation; each capability builds one in its ``personal_data.py``."""

    @property
    def kinds(self) -> Sequence[PersonalData]:
        """Each kind of personal data the capability stores, in erasure order."""
        ...

    async def retention_holds(self, db: Database, ended_before: datetime) -> set[str]:
        """Participant keys whose data must be kept although their program ended before
        ``ended_before`` (e.g. alumni, until their alumni track ends)."""
        ...

    async def open_followups(self, db: Database, subject: Subject) -> int:
        """Follow-ups about the person still open (e.g. an unanswered crisis alert):
        their own erasure waits until these are settled."""
        ...

    async def job_prefixes(self, db: Database, subject: Subject) -> list[str]:
        """Prefixes of the scheduled job ids that carry the person, cancelled after an
        erasure."""
        ...


class CrisisLines(Protocol):
    """Where to reach a person now, as written in data/crisis_resources.toml (read by
    ``bot.crisis.resources``); text elsewhere takes the lines from here, never writes a
    number itself. ``bot.kernel.crisis_lines`` picks the person's region (issue 18)."""

    def everywhere(self) -> str:
        """Every region's lines and emergency numbers in one sentence."""
        ...

    def short(self) -> str:
        """The shortest pointer to help, for notices that only point the way."""
        ...

    def short_for(self, region: str | None) -> str:
        """The shortest pointer to help in one region (a code such as "GB"); every
        region's lines when ``region`` is None or unknown."""
        ...

    def everywhere_for(self, region: str | None) -> str:
        """Every line of one region and its emergency number; every region's lines
        when ``region`` is None or unknown."""
        ...

    def region_of_zone(self, zone: str | None) -> str | None:
        """The region an IANA time zone suggests, if any."""
        ...
