"""Measurement-based care (issue 20): which questionnaires are due, offering them after
the check-in, answering them a screen at a time, the safety item, and what facilitators
see (audit-logged).

Due questionnaires are offered once per program week, right after the participant's
first finished check-in of that week (or when they ask with /questionnaire). A positive
screen (PHQ-2 or GAD-2 of 3 or more) offers its fuller measure in the same conversation;
"Not now" is recorded as skipped and the questionnaire is not offered again that week.
An answer above "Not at all" to the PHQ-9's ninth item goes down the crisis path at once,
whatever the total.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.kernel.clock import Clock
from bot.kernel.crisis_lines import crisis_lines
from bot.kernel.db import audit as audit_log
from bot.kernel.db.connection import Database
from bot.kernel.log_ids import person
from bot.kernel.ports import ConsentStatus, CrisisPath, Person
from bot.kernel.timezones import local_day
from bot.measures import storage as measures_db
from bot.measures.domain import outcomes as outcome_math
from bot.measures.domain.instruments import Instrument, Instruments, Item, Offer
from bot.measures.domain.schedule import (
    Plan,
    due_in_week,
    plans_for,
    program_week,
    unknown_instruments,
)
from bot.measures.domain.scoring import (
    AnswerError,
    Result,
    check_answer,
    missing_items,
    safety_answered,
    score,
    summary,
)
from bot.program.domain.program_checks import Problem
from bot.program.domain.schedule import Participant, Program
from bot.program.service import ProgramService

log = logging.getLogger(__name__)

PAGE_SIZE = 4  # selects per message: the fifth row holds the buttons


class MeasuresOutlet(Protocol):
    """The way out to Discord (``cogs/measures/_views.py``), handed in by bot/app.py."""

    async def send_offer(self, user_id: int, offer: Step) -> None:
        """DM the first step of this week's questionnaires."""
        ...

    async def tell_facilitators(self, text: str) -> None: ...


@dataclass(frozen=True)
class SafetyReading:
    """The crisis path's reading for a questionnaire answer (no text was read)."""

    is_crisis: bool = True
    tier: str = "crisis"
    categories: tuple[str, ...] = ("questionnaire safety item",)
    rule: str | None = None


@dataclass(frozen=True)
class Step:
    """What the participant sees next: an offer to start, a screen of items, a result
    (with a follow-up offer or the next questionnaire), or nothing left to do."""

    kind: str  # "offer", "page", "done" (all answered or skipped), "nothing" (none due)
    response: measures_db.Response | None = None
    instrument: Instrument | None = None
    page: int = 0
    pages: int = 1
    items: tuple[Item, ...] = ()
    result: Result | None = None  # the questionnaire just finished (kind "offer"/"done")
    follow_up: bool = False  # the offer is a positive screen's follow-up
    remaining: int = 0  # questionnaires still to answer this week, this one included


@dataclass(frozen=True)
class Answered:
    step: Step
    crisis_reply: str | None  # shown at once when the safety item was answered above 0


def page_items(instrument: Instrument, page: int) -> tuple[Item, ...]:
    return instrument.items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]


def page_count(instrument: Instrument) -> int:
    return max(1, -(-len(instrument.items) // PAGE_SIZE))


def carried_answers(
    screen: Instrument, full: Instrument, answers: dict[str, int]
) -> list[tuple[str, int]]:
    """The screen's answers to items the fuller measure asks word for word (same scale)."""
    by_text = {item.text: item for item in full.items}
    carried = []
    for item in screen.items:
        same = by_text.get(item.text)
        if same is not None and same.scale == item.scale and item.id in answers:
            carried.append((same.id, answers[item.id]))
    return carried


def safety_reply() -> str:
    """For someone whose answer to the safety item was above "Not at all": worded for a
    questionnaire answer, with the crisis lines of data/crisis_resources.toml."""
    return (
        "Thank you for answering that question honestly. You said you've had thoughts "
        "that you'd be better off dead or of hurting yourself. You don't have to carry "
        "that alone, and people want to help. **If you might act on these thoughts, "
        f"please reach a person now:** {crisis_lines().everywhere()}. I've let your "
        "facilitators know privately so someone from your program can reach out. You can "
        "go on with the questions or stop here; either is fine."
    )


class MeasuresService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        programs: ProgramService,
        instruments: Instruments,
        *,
        consent: ConsentStatus,
        crisis: CrisisPath,
        outlet: MeasuresOutlet,
    ) -> None:
        self.db = db
        self.clock = clock
        self.programs = programs
        self.instruments = instruments
        self.consent = consent
        self.crisis = crisis
        self.outlet = outlet

    # ---- the program's choice ---------------------------------------------------------

    def check_program(self, program: Program) -> list[Problem]:
        """Every ``[[measure]]`` names an instrument of data/instruments.toml."""
        return unknown_instruments(program, self.instruments)

    def plans(self, program: Program | None) -> tuple[Plan, ...]:
        chosen = None
        if program is not None and program.measures:
            chosen = [
                Plan(m.instrument, Offer(m.every_weeks, frozenset(m.at)))
                for m in program.measures
            ]
        return plans_for(self.instruments, chosen)

    # ---- offering -----------------------------------------------------------------------

    def today(self, participant: Participant) -> date:
        return local_day(self.clock.now(), ZoneInfo(participant.timezone))

    async def _open(self, participant: Participant, day: date) -> list[measures_db.Response]:
        week = program_week(participant.start, day)
        rows = await measures_db.in_week(self.db, participant.key, week)
        # A positive screen's follow-up first: it belongs to the screen just answered.
        return sorted(
            (r for r in rows if r.status == "offered"), key=lambda r: r.reason != "follow_up"
        )

    async def _offer_due(self, participant: Participant, day: date) -> None:
        if not participant.start <= day < participant.end:
            return
        program = await self.programs.current()
        week = program_week(participant.start, day)
        rows = await measures_db.in_week(self.db, participant.key, week)
        already = {r.instrument: r.status for r in rows}
        now = self.clock.now()
        for due in due_in_week(
            self.instruments, self.plans(program), week, participant.weeks, already
        ):
            await measures_db.offer(
                self.db, participant.key, due.instrument.id, week, day, due.reason, now
            )

    async def next_step(
        self, participant: Participant, day: date, result: Result | None = None
    ) -> Step:
        """The next open questionnaire of the week as an offer, or "done"."""
        pending = await self._open(participant, day)
        if not pending:
            return Step("done", result=result)
        first = pending[0]
        return Step(
            "offer", first, self.instruments.get(first.instrument), result=result,
            follow_up=first.reason == "follow_up", remaining=len(pending),
            pages=page_count(self.instruments.get(first.instrument)),
        )  # fmt: skip

    async def after_checkin(self, participant_key: str, user_id: int, day: date) -> None:
        """The check-in was finished (the ``QuestionnaireOffers`` port): offer what is due
        this week, once. Nothing is offered without the participant's consent."""
        participant = await self.programs.participant(participant_key)
        if participant is None or not await self.consent.has_agreed(user_id):
            return
        week = program_week(participant.start, day)
        before = await measures_db.in_week(self.db, participant.key, week)
        await self._offer_due(participant, day)
        after = await measures_db.in_week(self.db, participant.key, week)
        if len(after) == len(before):
            return  # nothing new this week: never nagged twice
        step = await self.next_step(participant, day)
        if step.kind == "offer":
            await self.outlet.send_offer(user_id, step)

    async def ask(self, participant: Participant) -> Step:
        """/questionnaire: what is due this week (offered now if not yet), else "done"."""
        day = self.today(participant)
        await self._offer_due(participant, day)
        step = await self.next_step(participant, day)
        return Step("nothing") if step.kind == "done" else step

    # ---- answering ----------------------------------------------------------------------

    async def _mine(self, participant: Participant, response_id: int) -> measures_db.Response:
        response = await measures_db.get(self.db, response_id)
        if response is None or response.participant != participant.key:
            raise AnswerError("This questionnaire isn't yours, or it is no longer kept.")
        return response

    async def page(self, participant: Participant, response_id: int, page: int) -> Step:
        response = await self._mine(participant, response_id)
        if response.status != "offered":
            raise AnswerError(_closed(response))
        instrument = self.instruments.get(response.instrument)
        pages = page_count(instrument)
        page = min(max(page, 0), pages - 1)
        return Step(
            "page", response, instrument, page, pages, page_items(instrument, page),
            follow_up=response.reason == "follow_up",
        )  # fmt: skip

    async def answer(
        self, participant: Participant, user: Person, response_id: int, item_id: str,
        value: int, page: int,
    ) -> Answered:  # fmt: skip
        response = await self._mine(participant, response_id)
        if response.status != "offered":
            raise AnswerError(_closed(response))
        instrument = self.instruments.get(response.instrument)
        check_answer(instrument, item_id, value)
        now = self.clock.now()
        await measures_db.save_answer(self.db, response_id, item_id, value, now)
        reply = None
        if safety_answered(instrument, {item_id: value}):
            reply = await self._safety(participant, user, response, instrument, item_id, value)
        return Answered(await self.page(participant, response_id, page), reply)

    async def _safety(
        self, participant: Participant, user: Person, response: measures_db.Response,
        instrument: Instrument, item_id: str, value: int,
    ) -> str:  # fmt: skip
        """The crisis path, once per questionnaire: an alert to facilitators (with "I'm
        on it" and repeats) and the crisis lines to the person, at once."""
        if await measures_db.claim_safety(self.db, response.id):
            item = instrument.item(item_id)
            text = (
                f"Questionnaire answer: {instrument.name} question "
                f"{instrument.items.index(item) + 1} ({item.text}): "
                f'"{item.scale.label_for(value)}"'
            )
            try:
                alert_id = await self.crisis.raise_alert(
                    user=user, text=text, where="checkin",
                    result=SafetyReading(rule=f"{instrument.id} item {item_id}"),
                    said=(
                        f"answered question {instrument.items.index(item) + 1} of the "
                        f"{instrument.name} (thoughts of being better off dead or of "
                        "self-harm) above \"Not at all\" in a questionnaire"
                    ),
                )
                async with self.db.transaction() as conn:
                    await conn.execute(
                        "UPDATE measure_responses SET safety_alert = ? WHERE id = ?",
                        (alert_id, response.id),
                    )
            except Exception:
                # The person still gets the lines even when the alert failed.
                log.exception("questionnaire safety alert failed for %s", participant.key)
            log.warning("questionnaire safety item for %s: crisis path", person(participant.key))
        return safety_reply()

    async def finish_page(
        self, participant: Participant, user: Person, response_id: int, page: int
    ) -> Step:
        """"Next" or "Finish": every item on the page must be answered; after the last
        page the questionnaire is scored, and a positive screen offers its follow-up."""
        response = await self._mine(participant, response_id)
        if response.status != "offered":
            raise AnswerError(_closed(response))
        instrument = self.instruments.get(response.instrument)
        shown = page_items(instrument, page)
        unanswered = [i for i in shown if i.id not in response.answers]
        if unanswered:
            raise AnswerError(f'Please answer "{_short(unanswered[0].text)}" first.')
        if page + 1 < page_count(instrument):
            return await self.page(participant, response_id, page + 1)
        missing = missing_items(instrument, response.answers)
        if missing:
            raise AnswerError(f'Please answer "{_short(missing[0].text)}" first.')
        result = score(instrument, response.answers)
        now = self.clock.now()
        main = result.main
        if not await measures_db.complete(
            self.db, response_id, main.value, main.band.label,
            {p.score.id: p.value for p in result.scores}, now,
        ):  # fmt: skip
            raise AnswerError(_closed(response))
        if result.safety and response.safety_alert is None:
            await self._safety(
                participant, user, response, instrument, instrument.safety_item or "", 1
            )
        await self._tell_facilitators(participant, result, response)
        if result.positive and instrument.follow_up is not None and response.week is not None:
            follow_up = self.instruments.get(instrument.follow_up)
            follow_id = await measures_db.offer(
                self.db, participant.key, follow_up.id, response.week,
                response.day, "follow_up", now, follows=response.id,
            )  # fmt: skip
            if follow_id is not None:
                # The screen's questions are the fuller measure's first ones, asked about
                # the same two weeks: their answers carry over, so only the rest is asked.
                for item_id, value in carried_answers(instrument, follow_up, response.answers):
                    await measures_db.save_answer(self.db, follow_id, item_id, value, now)
        return await self.next_step(participant, response.day, result)

    async def skip(self, participant: Participant, response_id: int) -> Step:
        """"Not now": recorded as skipped; not offered again this week."""
        response = await self._mine(participant, response_id)
        if response.status == "offered":
            await measures_db.skip(self.db, response_id, self.clock.now())
        return await self.next_step(participant, response.day)

    async def _tell_facilitators(
        self, participant: Participant, result: Result, response: measures_db.Response
    ) -> None:
        """A private line for a positive screen or a completed outcome measure."""
        instrument = result.instrument
        if not (result.positive or instrument.outcome or len(result.scores) > 1):
            return
        line = f"**{participant.display}** answered the {summary(result)}"
        if result.positive:
            line += ": a positive screen; the fuller questionnaire was offered"
        intake = await self._intake(participant.key, instrument.id, response.id)
        if intake is not None and intake.score is not None and instrument.outcome:
            change = result.main.value - intake.score
            line += f" (change since intake: {change:+d})"
        line += ". A questionnaire, not a diagnosis."
        try:
            await self.outlet.tell_facilitators(line)
        except Exception:
            log.exception("could not tell facilitators about a questionnaire")

    async def _intake(
        self, participant: str, instrument: str, before_id: int
    ) -> measures_db.Response | None:
        for row in await measures_db.for_participant(self.db, participant):
            if row.instrument == instrument and row.status == "completed" and row.id != before_id:
                return row
        return None

    # ---- what facilitators and the participant see ----------------------------------------

    async def history(self, participant_key: str) -> list[measures_db.Response]:
        rows = await measures_db.for_participant(self.db, participant_key)
        return [r for r in rows if r.status == "completed" and r.instrument in self.known()]

    def known(self) -> set[str]:
        return set(self.instruments.ids())

    async def participant_view(
        self, viewer_id: int, participant_key: str
    ) -> list[measures_db.Response]:
        """A facilitator's view of one participant's scores, audit-logged first."""
        await audit_log.record(
            self.db, viewer_id, "report.measures", participant_key, self.clock.now()
        )
        return await self.history(participant_key)

    async def outcomes(self, viewer_id: int, start: date, end: date) -> Outcomes:
        """/report outcomes: audit-logged before anything is read."""
        await audit_log.record(
            self.db, viewer_id, "report.outcomes",
            f"period:{start.isoformat()}..{end.isoformat()}", self.clock.now(),
        )  # fmt: skip
        program = await self.programs.current()
        people = [
            outcome_math.Enrolled(
                p.key, p.display, p.track or "", p.start, p.end
            )
            for p in (program.participants if program else ())
        ]
        measured = [
            outcome_math.Measurement(r.participant, r.instrument, r.day, r.score, r.band or "")
            for r in await measures_db.completed(self.db)
            if r.score is not None
        ]
        chosen = [i for i in self.instruments.instruments if i.outcome]
        rows = outcome_math.rows_for(chosen, people, measured, start, end)
        figures = [outcome_math.figures(i, rows, end) for i in chosen]
        return Outcomes(start, end, rows, figures, outcome_math.to_csv(rows))


@dataclass(frozen=True)
class Outcomes:
    start: date
    end: date
    rows: Sequence[outcome_math.Row]
    figures: Sequence[outcome_math.Figures]
    csv: str


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _closed(response: measures_db.Response) -> str:
    if response.status == "completed":
        return "You've already finished this questionnaire; thank you."
    return (
        "You skipped this questionnaire this week; that's fine. /questionnaire shows "
        "what's still open."
    )
