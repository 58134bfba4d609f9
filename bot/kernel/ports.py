"""Ports: the small typed interfaces through which capabilities talk to each other.

A capability never imports another capability. When it needs something another one
owns, it names what it needs here, as a Protocol, and takes an object that satisfies it
in its constructor; ``bot/app.py`` builds every service once and hands each the others
that implement its ports. mypy checks the wiring there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.kernel.db.connection import Database
from bot.kernel.personal_data import PersonalData, Subject


class ConsentNotice(Protocol):
    """Privacy's consent notice, which enrolment sends right after the welcome."""

    async def send_notice_once(self, user_id: int, participant_key: str) -> bool:
        """DM the notice once per participant; True if it was sent now."""
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
    number itself. Region-specific lines for a participant come later (issue 18)."""

    def everywhere(self) -> str:
        """Every region's lines and emergency numbers in one sentence."""
        ...

    def short(self) -> str:
        """The shortest pointer to help, for notices that only point the way."""
        ...
