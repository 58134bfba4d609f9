"""Family members: linked by a facilitator to one participant's family sessions, with
the participant's consent recorded; reminded of those sessions (and their agendas) and
nothing else. Either side can end the link.

Family members are not in the program file, so check-ins, other sessions and every
other participant feature never reach them. Their reminders use the program's default
lead times, one job per (link, occurrence, lead) with id
``family:<participant>:<link>:<occurrence>:<lead>``, each guarded by a delivery record.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.continuity.storage import family as family_db
from bot.kernel.db import deliveries, members
from bot.kernel.durations import format_lead
from bot.kernel.log_ids import person
from bot.kernel.messenger import DmClosed, Messenger, NotInServer
from bot.kernel.planner import PlannedJob, Planning, ProgramPlanner
from bot.program.domain.occurrences import Occurrence, occurrences
from bot.program.domain.schedule import Participant, Program

log = logging.getLogger(__name__)

JOB_PREFIX = "family:"
REPLAN_JOB = "family-replan"
KIND = "family-reminder"
HORIZON = timedelta(hours=48)
REPLAN_EVERY = timedelta(hours=12)
FAMILY_KIND = "family"  # the session kind family members are reminded of

# (occurrence, the participant it belongs to, lead time) -> messenger.send kwargs
RenderReminder = Callable[[Occurrence, Participant, timedelta], Awaitable[dict[str, Any]]]
ConsentView = Callable[[int], Any]
SetRole = Callable[[int, bool], Awaitable[None]]


class FamilyError(ValueError):
    """The message is for whoever asked."""


@dataclass(frozen=True)
class Decision:
    link: family_db.Link
    agreed: bool


def reminder_key(link: family_db.Link, occurrence: Occurrence, lead: timedelta) -> str:
    # The participant's key second, so erasure of either person finds the record.
    return f"{KIND}:{link.participant}:{link.id}:{occurrence.delivery_key}:{format_lead(lead)}"


def consent_request(participant: Participant, family_name: str) -> str:
    return (
        f"Your facilitator would like to link **{family_name}** to your **family sessions**, "
        f"{participant.display}. They would get reminders and agendas of your family "
        "sessions only: never your check-ins, your other sessions or anything you share "
        "with the group. You can end the link any time with /family end. Do you agree?"
    )


class FamilyService(ProgramPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        messenger: Messenger,
        render_reminder: RenderReminder,
        consent_view: ConsentView,
        set_role: SetRole,
    ) -> None:
        super().__init__(planning)
        self.messenger = messenger
        self.render_reminder = render_reminder
        self.consent_view = consent_view
        self.set_role = set_role

    # ---- linking ------------------------------------------------------------------------

    async def request(
        self, participant: Participant, family_user_id: int, family_name: str, by: int
    ) -> family_db.Link:
        """Ask the participant for consent (by DM); nothing is active until they agree."""
        participant_id = await self.user_id_for(participant)
        if participant_id is None:
            raise FamilyError(f"{participant.display} has not joined the server yet.")
        if participant_id == family_user_id:
            raise FamilyError("A participant can't be their own family member here.")
        now = self.clock.now()
        link = await family_db.ask(
            self.db, participant.key, family_user_id, family_name, by, now
        )
        if link is None:
            raise FamilyError(
                f"{family_name} is already linked to {participant.display}, or waiting for "
                "their answer."
            )
        try:
            await self.messenger.send(
                participant_id,
                content=consent_request(participant, family_name),
                view=self.consent_view(link.id),
            )
        except (DmClosed, NotInServer):
            await family_db.end(self.db, link.id, by, now)
            raise FamilyError(
                f"I couldn't DM {participant.display} to ask for their consent (their DMs "
                "are closed), so nothing was linked."
            ) from None
        log.info("family link %d asked for %s", link.id, person(participant.key))
        return link

    async def decide(self, participant: Participant, link_id: int, agreed: bool) -> Decision:
        link = await family_db.get(self.db, link_id)
        if link is None or link.participant != participant.key:
            raise FamilyError("This request is not yours to answer.")
        if not await family_db.decide(self.db, link_id, agreed, self.clock.now()):
            raise FamilyError("You already answered this request, or it was withdrawn.")
        log.info("family link %d %s by the participant", link_id,
                 "agreed" if agreed else "declined")
        if agreed:
            try:
                await self.set_role(link.family_user_id, True)
            except Exception:
                log.exception("could not give the family role for link %d", link_id)
            await self._tell(
                link.family_user_id,
                f"Hi {link.family_name}, {participant.display} agreed to link you to their "
                "**family sessions** in the program. I'll remind you before each one, with "
                "its agenda when there is one. To stop, use /family end.",
            )
            await self.replan()
        return Decision(link, agreed)

    async def end(self, link: family_db.Link, by: int) -> None:
        """End a link (either side, or a facilitator); the other side is told."""
        if not await family_db.end(self.db, link.id, by, self.clock.now()):
            raise FamilyError("That link has already ended.")
        log.info("family link %d ended", link.id)
        if not await family_db.open_for_family(self.db, link.family_user_id):
            try:
                await self.set_role(link.family_user_id, False)
            except Exception:
                log.exception("could not take the family role back for link %d", link.id)
        row = await members.by_participant(self.db, link.participant)
        participant_id = row.user_id if row is not None else None
        if by != link.family_user_id:
            await self._tell(
                link.family_user_id,
                "Your link to a participant's family sessions has ended, so I won't send "
                "you their reminders any more.",
            )
        if participant_id is not None and by != participant_id:
            await self._tell(
                participant_id,
                f"The link with **{link.family_name}** for your family sessions has ended.",
            )
        await self.replan()

    async def links_of(self, user_id: int, participant: Participant | None) -> list[family_db.Link]:
        """Open links where the user is the family member or the participant."""
        found = await family_db.open_for_family(self.db, user_id)
        if participant is not None:
            found += await family_db.open_for_participant(self.db, participant.key)
        return found

    async def _tell(self, user_id: int, text: str) -> None:
        try:
            await self.messenger.send(user_id, content=text)
        except (DmClosed, NotInServer):
            log.info("could not DM about a family link (DMs closed)")

    # ---- reminders ----------------------------------------------------------------------

    async def replan(self) -> None:
        async with self._lock:
            now = self.clock.now()
            program = await self.programs.current()
            wanted: dict[str, PlannedJob] = {}
            if program is not None:
                settled = await deliveries.settled_keys(self.db, KIND)
                for link in await family_db.active(self.db):
                    participant = program.participant(link.participant)
                    if participant is None:
                        continue
                    for occurrence in self._family_occurrences(program, participant, now):
                        for lead in program.reminders:
                            due = occurrence.start - lead
                            if reminder_key(link, occurrence, lead) in settled:
                                continue
                            if due <= now - timedelta(minutes=5) or now >= occurrence.start:
                                continue  # not sent late: a nearer reminder follows
                            job = f"{JOB_PREFIX}{link.participant}:{link.id}:{occurrence.key}:" \
                                f"{format_lead(lead)}"
                            wanted[job] = PlannedJob(
                                max(due, now), self.fire,
                                (link.id, occurrence.key, int(lead.total_seconds())),
                            )
            self.replace_jobs(JOB_PREFIX, wanted)
            self.scheduler.schedule_at(REPLAN_JOB, now + REPLAN_EVERY, self.replan)

    def _family_occurrences(
        self, program: Program, participant: Participant, now: datetime
    ) -> list[Occurrence]:
        lead = max(program.reminders, default=timedelta())
        return [
            o for o in occurrences(program, participant, now, now + HORIZON + lead)
            if o.kind == FAMILY_KIND
        ]

    async def fire(self, link_id: int, occurrence_key: str, lead_seconds: int) -> None:
        link = await family_db.get(self.db, link_id)
        program = await self.programs.current()
        if link is None or link.status != "active" or program is None:
            return
        participant = program.participant(link.participant)
        if participant is None:
            return
        now = self.clock.now()
        occurrence = next(
            (o for o in self._family_occurrences(program, participant, now)
             if o.key == occurrence_key),
            None,
        )
        if occurrence is None:
            return  # cancelled since it was planned
        lead = timedelta(seconds=lead_seconds)
        key = reminder_key(link, occurrence, lead)
        if await members.get(self.db, link.family_user_id) is None:
            # Delivery records refer to a member row; a relative whose welcome DM never
            # went out has none yet.
            await members.upsert(self.db, link.family_user_id, link.family_name, now)
        if not await deliveries.claim(self.db, key, KIND, link.family_user_id, now, now):
            return
        try:
            message = await self.messenger.send(
                link.family_user_id, **await self.render_reminder(occurrence, participant, lead)
            )
        except (DmClosed, NotInServer) as error:
            await deliveries.settle(self.db, key, "failed", now, detail=type(error).__name__)
            return
        await deliveries.settle(self.db, key, "sent", self.clock.now(), message_id=message.id)
