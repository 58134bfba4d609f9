"""The personal safety plan: written in the person's own words, seen by them alone unless
they share it with their facilitators (revocable), and every facilitator view audited.

It is health data: only kept after consent (the cog's consent gate), exported and erased
with the rest of the person's data (``bot.outreach.personal_data``). The "Professionals
and crisis lines" section starts filled in from the program's contact and the person's
own region's crisis lines, until they write it themselves.
"""

from __future__ import annotations

import logging

from bot.kernel.clock import Clock
from bot.kernel.db import audit, members
from bot.kernel.db.connection import Database
from bot.kernel.ports import FacilitatorAlerts
from bot.outreach import storage as outreach_db
from bot.outreach.domain.safety_plan import check_section, render_plan

log = logging.getLogger(__name__)

VIEW_ACTION = "viewed safety plan"
REMIND_TEXT = (
    "**{by}** from your program suggests writing a personal **safety plan**: a short plan, "
    "in your own words, for the moments when things get hard (your warning signs, what "
    "helps, who you can call, your reasons for living). Only you see it unless you choose "
    "to share it with your facilitators. Press **Write my safety plan** or use "
    "`/safety-plan edit` whenever you're ready; every section is optional."
)


class NotShared(LookupError):
    """The participant has not shared their plan (or has none)."""


class SafetyPlans:
    """The ``SafetyPlanLookup`` port (crisis offers **My safety plan**) and the plan."""

    def __init__(self, db: Database, clock: Clock, alerts: FacilitatorAlerts) -> None:
        self.db = db
        self.clock = clock
        self.alerts = alerts  # the person's crisis lines and the program's contact

    async def has_plan(self, user_id: int) -> bool:
        return await outreach_db.has_plan(self.db, user_id)

    async def written(self, user_id: int) -> dict[str, str]:
        return await outreach_db.sections(self.db, user_id)

    async def prefilled(self, user_id: int) -> dict[str, str]:
        contact = await self.alerts.program_contact()
        lines = await self.alerts.lines_for(user_id)
        return {"professionals": f"My program: {contact}.\n{lines}"}

    async def show_to_owner(self, user_id: int) -> list[str]:
        return render_plan("Your", await self.written(user_id), await self.prefilled(user_id))

    async def save(self, user_id: int, section: str, text: str) -> bool:
        """Keep ``text`` exactly as written (blank clears the section); True when kept,
        False when cleared. Raises ``TooLong`` (nothing saved) past the limit."""
        kept = check_section(section, text)
        await outreach_db.save_section(self.db, user_id, section, kept, self.clock.now())
        return kept is not None

    async def is_shared(self, user_id: int) -> bool:
        return (await outreach_db.plan_settings(self.db, user_id)).shared_at is not None

    async def set_shared(self, user_id: int, shared: bool) -> None:
        await outreach_db.set_shared(self.db, user_id, self.clock.now() if shared else None)

    async def view_for_facilitator(self, viewer_id: int, user_id: int, name: str) -> list[str]:
        """The shared plan, audited; raises ``NotShared`` when it is not shared."""
        if not await self.is_shared(user_id) or not await self.has_plan(user_id):
            raise NotShared(name)
        await audit.record(
            self.db, viewer_id, VIEW_ACTION, await self._subject(user_id), self.clock.now()
        )
        log.info("safety plan of %s viewed by %s", user_id, viewer_id)
        return render_plan(f"{name}'s", await self.written(user_id))

    async def record_reminder(self, user_id: int, by: int) -> None:
        await outreach_db.set_reminded(self.db, user_id, by, self.clock.now())

    async def _subject(self, user_id: int) -> str:
        row = await members.get(self.db, user_id)
        if row is not None and row.participant_key:
            return row.participant_key
        return str(user_id)
