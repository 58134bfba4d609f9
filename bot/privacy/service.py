"""Consent, export, erasure and retention: the data rights of issue 9, in one service.

Each capability answers for its own tables through a personal-data provider (the
``PersonalDataProvider`` port, built in its ``personal_data.py``); app.py hands them in
and this service walks them, so export and erasure cover whatever any capability
stores, and privacy itself knows no other capability's tables. Facilitators'
views (exports) are written to the audit log *before* the data is returned, and an
erasure, its record and its audit entry are one transaction: either all of a person's
rows are gone and the erasure is recorded, or nothing changed.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import discord

from bot.kernel.clock import Clock
from bot.kernel.config import RETENTION_ENV, parse_retention_days
from bot.kernel.crisis_lines import crisis_lines, help_for_user
from bot.kernel.db import deliveries, members
from bot.kernel.db.connection import Database
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.personal_data import KERNEL_DATA, PersonalData, Subject
from bot.kernel.plain import flat_row, jsonable
from bot.kernel.ports import PersonalDataProvider
from bot.kernel.scheduling import ClockedScheduler
from bot.privacy import storage as privacy_db
from bot.privacy.personal_data import PRIVACY_DATA
from bot.program.domain.program_file import parse_program
from bot.program.domain.schedule import Program
from bot.program.personal_data import PROGRAM_ENTRY
from bot.program.service import ProgramService
from bot.program.storage import programs as program_db

log = logging.getLogger(__name__)

RETENTION_JOB = "privacy:retention"
RETENTION_AT = time(3, 30)  # program-local: a quiet hour, after the nightly backup
NOTICE_KIND = "privacy_notice"
AGREE_ID = "privacy:consent:agree"
DECLINE_ID = "privacy:consent:decline"

NOTICE_VERSION = 1  # raise when the notice changes in substance; answers record it


def notice_text(retention: int, help_line: str | None = None) -> str:
    """The consent notice: short, plain, and the same wherever it is shown."""
    return (
        "**Your privacy with Companion**\n"
        "**What I keep:** your check-in answers and notes, your RSVPs and attendance, "
        "the settings you chose, coping skills you rated, and records of the "
        "messages I sent you. If you reach out in crisis, a short excerpt and a link.\n"
        "**Your DMs to me:** nobody reads them as they come in, and I don't keep them. Only "
        "words of crisis or a request for a person send a short excerpt to your "
        "facilitators. A safety plan you write is yours alone unless you share it.\n"
        "**Who sees it:** your facilitators (every time they open your record, it is logged). "
        "Peers see only what you choose to share. Nobody outside your program.\n"
        f"**How long:** until {retention} days after your program ends, then it is deleted.\n"
        "**Your rights:** `/mydata export` sends you a copy; `/mydata delete` erases it. "
        "`/privacy` shows this again and lets you change your mind.\n"
        "**Not a crisis service:** if you are in danger, "
        f"{help_line or crisis_lines().everywhere()}.\n"
        "Until you agree, I won't keep check-ins or RSVPs; I'll still tell you about "
        "your sessions."
    )


def retention_days(env: Mapping[str, str] | None = None) -> int:
    """Days after a participant's program ends before their data is deleted (default 90).

    Read from the environment so a clinic sets its own policy without a code change;
    checked at start-up with the other settings (``bot.kernel.config``), so a bad value
    stops the start with one line rather than deleting data on the wrong schedule.
    """
    return parse_retention_days((os.environ if env is None else env).get(RETENTION_ENV, ""))


def consent_view() -> discord.ui.View:
    """The notice's two buttons; their ids are matched by ``cogs/privacy/_views.py`` so
    they keep working on a notice sent weeks ago, after any restart."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(label="I agree", style=discord.ButtonStyle.success, custom_id=AGREE_ID)
    )
    view.add_item(
        discord.ui.Button(
            label="Not now", style=discord.ButtonStyle.secondary, custom_id=DECLINE_ID
        )
    )
    return view


@dataclass(frozen=True)
class Erasure:
    id: int
    counts: dict[str, int]  # only the kinds that had rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        if not self.counts:
            return "There was nothing stored about you."
        parts = [f"{name} ({count})" for name, count in self.counts.items()]
        return "Deleted: " + ", ".join(parts) + "."


class PrivacyService:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        providers: Sequence[PersonalDataProvider],  # every capability's, from app.py
        # The scheduler and the program, when running in the bot.
        scheduler: ClockedScheduler | None = None,
        programs: ProgramService | None = None,
        retention: int | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.scheduler = scheduler
        self.programs = programs
        self.retention = retention if retention is not None else retention_days()
        # Privacy's own tables after the capabilities'; the kernel's members and
        # deliveries last, since other rows may reference a member.
        self.providers: tuple[PersonalDataProvider, ...] = (
            *providers,
            PRIVACY_DATA,
            KERNEL_DATA,
        )
        # What a capability holds about people in memory only (never on disk), dropped
        # by Discord id when they are erased.
        self._memory_forgetters: list[Callable[[int], object]] = []

    def forget_in_memory_too(self, forget: Callable[[int], object]) -> None:
        """Also call ``forget(user_id)`` on every erasure: for what a capability keeps
        about people in memory (the moderator's last day of peer messages)."""
        self._memory_forgetters.append(forget)

    # ---- consent ---------------------------------------------------------------------

    def notice(self, help_line: str | None = None) -> str:
        return notice_text(self.retention, help_line)

    async def has_agreed(self, user_id: int) -> bool:
        return await privacy_db.has_agreed(self.db, user_id)

    async def has_declined(self, user_id: int) -> bool:
        consent = await privacy_db.get_consent(self.db, user_id)
        return consent is not None and consent.choice == privacy_db.DECLINED

    async def choose(self, user_id: int, agreed: bool) -> None:
        choice = privacy_db.AGREED if agreed else privacy_db.DECLINED
        await privacy_db.set_consent(self.db, user_id, choice, NOTICE_VERSION, self.clock.now())
        log.info("consent recorded: %s", choice)  # no id: the log is not a register of people

    async def choices_text(self, user_id: int) -> str:
        """The person's choice, every answer they gave, and exactly what is stored about
        them now (kind by kind, counted from the same providers the export reads)."""
        history = await privacy_db.consent_history(self.db, user_id)
        consent = await privacy_db.get_consent(self.db, user_id)
        if consent is None:
            lines = ["**Your choice:** you have not answered yet."]
        elif consent.agreed:
            lines = [f"**Your choice:** you agreed on {_stamp(consent.decided_at)}."]
        else:
            lines = [
                f"**Your choice:** *Not now* ({_stamp(consent.decided_at)}). I keep no new "
                "check-ins or RSVPs from you."
            ]
        if len(history) > 1:
            answers = ", ".join(
                f"{'I agree' if c.agreed else 'Not now'} {_stamp(c.decided_at)}" for c in history
            )
            lines.append(f"**Your answers so far:** {answers}.")
        stored = await self.stored_counts(await self.subject_for_user(user_id))
        if not stored:
            lines.append("**Stored about you now:** nothing.")
            return "\n".join(lines)
        lines.append("**Stored about you now:**")
        lines.extend(f"• {name}: {count}" for name, count in stored.items())
        if consent is not None and not consent.agreed and set(stored) - _ALWAYS_KEPT:
            lines.append(
                "What was stored before you chose *Not now* stays until you erase it with "
                "`/mydata delete` (or it is deleted after your program ends)."
            )
        return "\n".join(lines)

    async def stored_counts(self, subject: Subject) -> dict[str, int]:
        """Rows stored about ``subject`` now, per kind of data that has any."""
        data = await self.export(subject)
        return {name: len(rows) for name, rows in data.items() if rows}

    # ---- subjects --------------------------------------------------------------------

    async def subject_for_user(self, user_id: int) -> Subject:
        row = await members.get(self.db, user_id)
        return Subject(user_id, None if row is None else row.participant_key)

    async def subject_for_key(self, participant_key: str) -> Subject:
        row = await members.by_participant(self.db, participant_key)
        if row is not None:
            return Subject(row.user_id, participant_key)
        return Subject(int(participant_key) if participant_key.isdigit() else None, participant_key)

    def kinds(self) -> list[PersonalData]:
        """Every kind of personal data, in erasure order."""
        return [kind for provider in self.providers for kind in provider.kinds]

    # ---- export ----------------------------------------------------------------------

    async def export(
        self, subject: Subject, *, owner: bool = True
    ) -> dict[str, list[dict[str, Any]]]:
        """Every kind; for anyone but the ``owner``, not the kinds only they may have."""
        kinds = [s for s in self.kinds() if owner or not s.owner_only]
        return {s.name: await s.export(self.db, subject) for s in kinds}

    async def export_files(
        self, subject: Subject, *, owner: bool = True
    ) -> list[tuple[str, bytes]]:
        """``companion-data.json`` with everything, and one CSV per kind that has rows
        (a spreadsheet opens those directly)."""
        data = await self.export(subject, owner=owner)
        document = {
            "exported_at": self.clock.now().isoformat(),
            "about": {"discord_id": subject.user_id, "participant_key": subject.participant_key},
            "what_each_part_is": {
                s.name: s.description for s in self.kinds() if s.description
            },
            "data": data,
        }
        files = [("companion-data.json", json.dumps(document, indent=2, default=jsonable).encode())]
        for name, rows in data.items():
            if rows:
                files.append((f"{name.replace(' ', '-')}.csv", _csv(rows)))
        return files

    async def facilitator_export(self, actor_id: int, subject: Subject) -> list[tuple[str, bytes]]:
        """For the clinic's chart: recorded in the audit log before anything is read."""
        async with self.db.transaction() as conn:
            await privacy_db.record_audit(
                conn, actor_id, "export.participant", subject.label, self.clock.now()
            )
        return await self.export_files(subject, owner=False)

    # ---- erasure ---------------------------------------------------------------------

    async def open_followups(self, subject: Subject) -> int:
        """Follow-ups about the person still open (an unanswered crisis alert): their
        own erasure waits until a facilitator has answered."""
        return sum([await p.open_followups(self.db, subject) for p in self.providers])

    async def erase(self, subject: Subject, *, reason: str, actor_id: int | None = None) -> Erasure:
        """Delete every row naming ``subject`` in one transaction, then cancel their jobs
        and let the program's listeners replan (reminders are planned per instant)."""
        now = self.clock.now()
        jobs = await self._jobs_of(subject)
        counts: dict[str, int] = {}
        async with self.db.transaction() as conn:
            for source in self.kinds():
                removed = await source.erase(conn, subject)
                if removed:
                    counts[source.name] = removed
            erasure_id = await privacy_db.record_erasure(
                conn, reason, actor_id if reason == "facilitator" else None, counts, now
            )
            if actor_id is not None and reason == "facilitator":
                # The audit entry names the erasure, not the person: after an erasure no
                # row may name them, and the clinic's chart holds the request itself.
                await privacy_db.record_audit(
                    conn, actor_id, "erase.participant", f"erasure:{erasure_id}", now
                )
        log.info("erasure %d (%s): %d rows", erasure_id, reason, sum(counts.values()))
        for user_id in subject.user_ids:
            for forget in self._memory_forgetters:
                forget(user_id)
        await self._after_erasure(jobs, PROGRAM_ENTRY in counts)
        # Erased means erased on disk too: secure_delete zeroed the rows' pages in the
        # database file; the WAL still holds copies of them until it is checkpointed
        # and emptied.
        await self.db.checkpoint()
        return Erasure(erasure_id, counts)

    async def _jobs_of(self, subject: Subject) -> list[str]:
        """Read before the erasure: the rows that name the jobs are about to go."""
        return [
            prefix
            for provider in self.providers
            for prefix in await provider.job_prefixes(self.db, subject)
        ]

    async def _after_erasure(self, job_prefixes: list[str], program_changed: bool) -> None:
        if self.scheduler is not None:
            for prefix in job_prefixes:
                self.scheduler.remove_jobs_with_prefix(prefix)
        if program_changed and self.programs is not None:
            programs = self.programs
            program = await programs.current()
            # Re-storing the (already trimmed) document runs the program's listeners: the
            # reminder service replans its per-instant jobs without the erased person.
            document = await program_db.get_document(self.db, programs.guild_id)
            if document is not None:
                await programs.import_program(parse_program(document), self.clock.now())
            elif program is not None:
                log.warning("program document vanished during an erasure")

    # ---- retention -------------------------------------------------------------------

    def expired(self, program: Program, now: datetime) -> list[str]:
        """Participant keys whose program ended more than ``retention`` days ago (in the
        program's own calendar: the end date is exclusive, so day N+1 after it)."""
        today = now.astimezone(program.zone).date()
        limit = timedelta(days=self.retention)
        return [p.key for p in program.participants if today - p.end >= limit]

    async def run_retention(self) -> list[Erasure]:
        program = None if self.programs is None else await self.programs.current()
        if program is None:
            return []
        now = self.clock.now()
        # A capability may keep someone's data longer: alumni keep theirs while on the
        # alumni track, so retention counts from the end of alumni participation, not
        # from graduation (issue 11).
        ended_before = now - timedelta(days=self.retention)
        held: set[str] = set()
        for provider in self.providers:
            held |= await provider.retention_holds(self.db, ended_before)
        done = []
        for key in self.expired(program, now):
            if key in held:
                continue
            done.append(await self.erase(await self.subject_for_key(key), reason="retention"))
        if done:
            log.info("retention erased %d participants", len(done))
        return done

    def next_retention_run(self, program: Program | None, now: datetime) -> datetime:
        zone = program.zone if program is not None else now.tzinfo
        local = now.astimezone(zone)
        when = datetime.combine(local.date(), RETENTION_AT, local.tzinfo)
        if when <= local:
            when = datetime.combine(local.date() + timedelta(days=1), RETENTION_AT, local.tzinfo)
        return when


async def send_notice_once(
    db: Database, clock: Clock, messenger: Messenger, user_id: int, participant_key: str
) -> bool:
    """DM the consent notice once per participant (right after the welcome); True if sent.
    Someone who already answered is not asked again."""
    if await privacy_db.get_consent(db, user_id) is not None:
        return False
    now = clock.now()
    key = f"privacy-notice:{participant_key}"
    if not await deliveries.claim(db, key, NOTICE_KIND, user_id, now, now):
        return False
    try:
        message = await messenger.send(
            user_id,
            content=notice_text(retention_days(), await help_for_user(user_id)),
            view=consent_view(),
        )
    except (DmClosed, NotInServer) as error:
        await deliveries.settle(db, key, "failed", now, detail=type(error).__name__)
        return False
    await deliveries.settle(db, key, "sent", clock.now(), message_id=message.id)
    return True


class NoticeSender:
    """Sends the consent notice once per participant (the ``ConsentNotice`` port)."""

    def __init__(self, db: Database, clock: Clock, messenger: Messenger) -> None:
        self.db = db
        self.clock = clock
        self.messenger = messenger

    async def send_notice_once(self, user_id: int, participant_key: str) -> bool:
        return await send_notice_once(
            self.db, self.clock, self.messenger, user_id, participant_key
        )


# Kept for anyone the bot knows, whatever they chose: who they are, their answers to
# the notice, and the records that stop a message being sent twice.
_ALWAYS_KEPT = {"member", "consent", "consent history", "deliveries", "program entry"}


def _stamp(when: datetime) -> str:
    return f"<t:{int(when.timestamp())}:D>"


def _csv(rows: list[dict[str, Any]]) -> bytes:
    """Flat columns a spreadsheet opens (a nested answer becomes 'answers mood', a list
    of records numbered columns): never JSON or a Python repr in a cell."""
    flat = [flat_row(row) for row in rows]
    columns: list[str] = []
    for row in flat:
        columns.extend(k for k in row if k not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(flat)
    return out.getvalue().encode()
