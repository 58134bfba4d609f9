"""A check-in service on a real temporary database, a simulated clock and a paused
scheduler whose jobs the tests fire in order (as the sandbox does). Used by the
``test_checkin_*`` modules; tests/checkins/test_checkin_harness.py checks the harness."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.checkins.domain.checkin import DayCheckin
from bot.checkins.domain.checkin_questions import load_checkin_config
from bot.checkins.reports import Digest
from bot.checkins.service import CheckinService
from bot.continuity.alumni import AlumniRoster
from bot.coping.checkin_offer import CheckinOffers
from bot.crisis.domain.crisis import detect_crisis
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import members
from bot.kernel.db.connection import Database
from bot.kernel.db.migrate import migrate
from bot.kernel.planner import Planning
from bot.kernel.scheduling import ClockedScheduler
from bot.privacy.service import PrivacyService
from bot.program.domain.schedule import Participant
from bot.program.service import ProgramService
from tests.builders import participant, program_file
from tests.replay import replay_jobs_until

# Three zones; the US changes to summer time on 2027-03-14, the UK on 2027-03-28,
# and Sydney leaves summer time on 2027-04-04.
PROGRAM = program_file(
    participant("alex", "America/Chicago", start=date(2027, 3, 8), weeks=4),
    participant("sam", "Europe/London", start=date(2027, 3, 8), weeks=4),
    participant("jordan", "Australia/Sydney", start=date(2027, 3, 8), weeks=4),
    name="Check-in test",
    checkin_time="20:00",
    days=("mon",),
)

USER_IDS = {"alex": 101, "sam": 102, "jordan": 103}
START = datetime.fromisoformat("2027-03-08T12:00:00+00:00")


@dataclass
class RecordingOutlet:
    """Records what the service asked Discord to do; ids are handed out in order."""

    prompts: list[tuple[int, str, date, datetime]] = field(default_factory=list)
    dms: list[tuple[int, str]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    threads: list[tuple[date, str]] = field(default_factory=list)
    posts: list[tuple[int, str]] = field(default_factory=list)
    replies: list[tuple[int, int, str]] = field(default_factory=list)
    digests: list[Digest] = field(default_factory=list)
    clock: SimulatedClock | None = None
    _next_id: int = 1000

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    async def send_prompt(
        self, user_id: int, participant: Participant, day: date, existing: DayCheckin | None
    ) -> int:
        assert self.clock is not None
        self.prompts.append((user_id, participant.key, day, self.clock.now()))
        return self._id()

    async def find_member(self, participant: Participant) -> int | None:
        return None

    async def send_dm(self, user_id: int, text: str) -> int:
        self.dms.append((user_id, text))
        return self._id()

    async def alert_facilitators(self, text: str) -> None:
        self.alerts.append(text)

    async def open_thread(self, day: date, name: str, starter: str) -> int:
        await asyncio.sleep(0)  # as a real request would, let other tasks run meanwhile
        self.threads.append((day, name))
        return self._id()

    async def post_in_thread(self, thread_id: int, text: str) -> int:
        self.posts.append((thread_id, text))
        return self._id()

    async def edit_in_thread(self, thread_id: int, message_id: int, text: str) -> None:
        self.posts.append((thread_id, text))

    async def reply_in_thread(self, thread_id: int, message_id: int, text: str) -> int:
        self.replies.append((thread_id, message_id, text))
        return self._id()

    async def post_digest(self, digest: Digest) -> None:
        self.digests.append(digest)


@dataclass
class Env:
    db: Database
    clock: SimulatedClock
    scheduler: ClockedScheduler
    programs: ProgramService
    outlet: RecordingOutlet
    service: CheckinService

    async def participant(self, name: str) -> Participant:
        found = await self.programs.participant(name)
        assert found is not None
        return found

    async def run_until(self, until: datetime) -> None:
        """Fire every job due by ``until`` in time order, each at its own due instant."""
        await replay_jobs_until(self.scheduler, self.clock, until)

    def job_ids(self, prefix: str = "") -> list[str]:
        return sorted(j.id for j in self.scheduler.get_jobs() if j.id.startswith(prefix))


class NoMedication:
    """Nobody here has medication reminders (the ``MedicationAdherence`` port)."""

    async def adherence_line(self, participant_key: str) -> str:
        return ""

    async def add_to_digest(self, embed: Any) -> None:
        return None


@asynccontextmanager
async def checkin_env(
    tmp_path: Path, start: datetime = START, program: str = PROGRAM, **config: Any
) -> AsyncIterator[Env]:
    db = await Database.open(tmp_path / "checkins.db")
    await migrate(db)
    clock = SimulatedClock(start)
    scheduler = ClockedScheduler(clock)
    scheduler.start(paused=True)  # the test fires jobs itself, in simulated time
    programs = ProgramService(db, guild_id=1)
    outlet = RecordingOutlet(clock=clock)
    checkin_config = load_checkin_config()
    if config:
        checkin_config = replace(checkin_config, **config)
    service = CheckinService(
        Planning(db, clock, scheduler, programs), outlet=outlet,
        config=checkin_config, consent=PrivacyService(db=db, clock=clock, providers=()),
        detect_crisis=detect_crisis, alumni=AlumniRoster(db), offers=CheckinOffers(),
        medication=NoMedication(),
    )
    await programs.import_text(program, clock.now())
    for name, user_id in USER_IDS.items():
        await members.upsert(db, user_id, name, clock.now(), participant_key=name)
    await service.start()
    try:
        yield Env(db, clock, scheduler, programs, outlet, service)
    finally:
        scheduler.shutdown(wait=False)
        await db.close()


ANSWERS = {"mood": "6", "craving": "2", "sleep": "good", "medication": "yes", "used": "no"}

