"""A measures service on a real temporary database, a simulated clock, and recording
stand-ins for the ports it uses (consent, the crisis path, the way out to Discord)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.kernel.clock import SimulatedClock
from bot.kernel.db.connection import Database
from bot.kernel.ports import CrisisResponse, KnownPerson, Person
from bot.measures.domain.instruments import load_instruments
from bot.measures.service import MeasuresService, Step
from bot.program.service import ProgramService
from tests.builders import participant, program_file

START_DAY = date(2026, 12, 7)  # a Monday
PROGRAM = program_file(
    participant("alex", "America/New_York", start=START_DAY, weeks=8),
    participant("sam", "America/New_York", start=START_DAY, weeks=8),
)
ALEX = KnownPerson(101, "alex", "alex")
SAM = KnownPerson(102, "sam", "sam")


class Consent:
    def __init__(self, agreed: set[int]) -> None:
        self.agreed = agreed

    async def has_agreed(self, user_id: int) -> bool:
        return user_id in self.agreed

    async def has_declined(self, user_id: int) -> bool:
        return False


@dataclass
class RecordingCrisis:
    alerts: list[tuple[int, str, str, tuple[str, ...]]] = field(default_factory=list)
    said: list[str | None] = field(default_factory=list)

    def detect(self, text: str) -> Any:
        raise AssertionError("a questionnaire answer is not read as text")

    async def raise_alert(self, *, user: Person, text: str, where: str, **options: Any) -> int:
        result = options.get("result")
        self.alerts.append((user.id, text, where, tuple(result.categories) if result else ()))
        self.said.append(options.get("said"))
        return len(self.alerts)

    async def respond(self, **options: Any) -> CrisisResponse:
        raise AssertionError("not used")

    async def handle(self, **options: Any) -> str:
        raise AssertionError("not used")

    async def hold_reply(self, user: Person) -> str:
        raise AssertionError("not used")

    def help_text(self, zone: str | None) -> str:
        return "lines"


@dataclass
class RecordingOutlet:
    offers: list[tuple[int, Step]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    async def send_offer(self, user_id: int, offer: Step) -> None:
        self.offers.append((user_id, offer))

    async def tell_facilitators(self, text: str) -> None:
        self.notes.append(text)


@dataclass
class Env:
    db: Database
    clock: SimulatedClock
    programs: ProgramService
    service: MeasuresService
    crisis: RecordingCrisis
    outlet: RecordingOutlet

    async def person(self, name: str) -> Any:
        found = await self.programs.participant(name)
        assert found is not None
        return found

    def at_week(self, week: int) -> date:
        """18:00 in New York on the first day of the program's ``week``."""
        day = START_DAY + timedelta(weeks=week - 1)
        self.clock.set(datetime(day.year, day.month, day.day, 23, tzinfo=UTC))
        return day

    async def answer_all(self, who: Any, person: Person, response_id: int,
                         values: list[int]) -> Step:  # fmt: skip
        """Answer every item through the pages, as the menus do, then finish."""
        step = await self.service.page(who, response_id, 0)
        assert step.instrument is not None
        items = list(step.instrument.items)
        for index, item in enumerate(items):
            page = index // 4
            await self.service.answer(who, person, response_id, item.id, values[index], page)
            if index % 4 == 3 or index == len(items) - 1:
                step = await self.service.finish_page(who, person, response_id, page)
        return step


async def measures_env(db: Database, clock: SimulatedClock, program: str = PROGRAM) -> Env:
    programs = ProgramService(db, guild_id=1)
    crisis = RecordingCrisis()
    outlet = RecordingOutlet()
    service = MeasuresService(
        db, clock, programs, load_instruments(), consent=Consent({101, 102}),
        crisis=crisis, outlet=outlet,
    )  # fmt: skip
    programs.add_check(service.check_program)
    await programs.import_text(program, clock.now())
    return Env(db, clock, programs, service, crisis, outlet)
