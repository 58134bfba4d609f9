"""The program-driven planner: the one shape of every service whose scheduler jobs are
derived from the program and the database.

Such a service (session reminders, check-in prompts, medication, alumni and family
reminders, agendas) plans at start, and again whenever the program changes; a lock
keeps two plans from interleaving. Each plan names every job it wants, keyed by a
stable id under the service's prefix; ``replace_jobs`` removes the jobs under that
prefix that are no longer wanted and (re)schedules the rest, so a reload never piles up
duplicates and a change takes effect at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.kernel.clock import Clock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.delivery import DeliveryDesk
from bot.kernel.scheduling import ClockedScheduler

if TYPE_CHECKING:
    # The program service is one layer up (bot.program); the planner only calls it.
    from bot.program.domain.schedule import Participant, Program
    from bot.program.service import ProgramService


@dataclass(frozen=True)
class Planning:
    """What every program-driven service plans with (``bot/app.py`` makes one)."""

    db: Database
    clock: Clock
    scheduler: ClockedScheduler
    programs: ProgramService
    # The bot's one delivery desk (retries, given-up reasons); a service built without
    # one (a unit test) gets its own, with an unhurried pacer.
    desk: DeliveryDesk | None = None


@dataclass(frozen=True)
class PlannedJob:
    """One job a plan wants: ``func(*args)`` at ``when``."""

    when: datetime
    func: Callable[..., Awaitable[Any]]
    args: tuple[Any, ...] = ()


class ProgramPlanner:
    """The base of the program-driven services: ``start`` plans and subscribes to the
    program's changes; subclasses write ``replan`` (under ``self._lock``)."""

    def __init__(self, planning: Planning) -> None:
        self.db = planning.db
        self.clock = planning.clock
        self.scheduler = planning.scheduler
        self.programs = planning.programs
        self.desk = planning.desk or DeliveryDesk(self.db, self.clock, self.scheduler)
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Plan now and after every change to the program (listeners run in the order
        they were added: ``bot/app.py`` starts the services in a deliberate order)."""
        self.programs.on_change(self._program_changed)
        await self.replan()

    async def _program_changed(self, before: Program | None, after: Program | None) -> None:
        await self.replan()

    async def replan(self) -> None:
        """Derive this service's jobs from the database."""
        raise NotImplementedError

    def replace_jobs(self, prefix: str, wanted: Mapping[str, PlannedJob]) -> None:
        """Remove the jobs under ``prefix`` a plan no longer wants; schedule the wanted."""
        self.scheduler.drop_held(prefix, wanted)
        for job in self.scheduler.get_jobs():
            if job.id.startswith(prefix) and job.id not in wanted:
                job.remove()
        for job_id, planned in wanted.items():
            self.scheduler.schedule_at(job_id, planned.when, planned.func, *planned.args)

    async def user_id_for(self, participant: Participant) -> int | None:
        """The member a participant is linked to (enrolment), else the id in the file."""
        row = await members.by_participant(self.db, participant.key)
        return row.user_id if row is not None else participant.discord_id
