"""Daily check-ins: answers for the right local day, "Done", follow-up and the crisis path.

``CheckinService`` builds on ``PromptPlanner`` (the prompt jobs, ``bot.checkins.prompts``);
sharing and the facilitators' reports live in ``bot.checkins.sharing`` and
``.reports`` and take the service as their first argument (they
import it for type checking only, so there is no import cycle). What check-ins need from
other capabilities comes in through ports (``bot.kernel.ports``). Nothing here needs a
Discord client, so it is tested on a real database.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.checkins import reports as checkin_reports
from bot.checkins import sharing as checkin_sharing
from bot.checkins.domain.checkin import (
    AnswerError,
    DayCheckin,
    FollowUp,
    follow_up,
    merge_checkin,
    missing_required,
)
from bot.checkins.domain.checkin_questions import CheckinConfig, Kind
from bot.checkins.domain.checkin_time import StalePromptError, checkin_day
from bot.checkins.prompts import (
    MISSED_NUDGE,
    PROMPT_KIND,
    CheckinOutlet,
    PromptPlanner,
    nice_day,
    participant_pauses,
    participant_zone,
    program_window,
    prompt_job_id,
)
from bot.checkins.storage import checkins as checkin_db
from bot.kernel.crisis_lines import help_for_zone
from bot.kernel.log_ids import person
from bot.kernel.planner import Planning
from bot.kernel.ports import (
    AlumniRoster,
    ConsentStatus,
    CrisisDetector,
    CrisisReading,
    FollowUpOffers,
    MedicationAdherence,
    NoQuestionnaires,
    NoScoreCharts,
    Person,
    QuestionnaireOffers,
    ReachOut,
    ScoreCharts,
)
from bot.program.domain.schedule import Participant

log = logging.getLogger(__name__)


def crisis_resources(zone: str | None = None) -> str:
    """The reply to a check-in note that went through the crisis path, with the lines
    of the region ``zone`` suggests (every region's otherwise), from
    data/crisis_resources.toml."""
    return (
        "Thank you for telling me. What you wrote sounds really hard, and you deserve "
        "support right now. **If you might hurt yourself or you are in danger, please reach "
        f"a person now:** {help_for_zone(zone, full=True)}. I've let your facilitators know "
        "privately so someone from your program can reach out."
    )


class NotOpen(ValueError):
    """A check-in for a day outside the participant's program; the message is for them."""


@dataclass(frozen=True)
class Finished:
    day: date
    checkin: DayCheckin
    follow_up: FollowUp


@dataclass(frozen=True)
class NoteSaved:
    checkin: DayCheckin
    crisis: CrisisReading
    resources: str | None  # shown to the participant when the note went the crisis path


class CheckinService(PromptPlanner):
    def __init__(
        self,
        planning: Planning,
        *,
        outlet: CheckinOutlet,
        config: CheckinConfig,
        consent: ConsentStatus,
        detect_crisis: CrisisDetector,
        alumni: AlumniRoster,
        offers: FollowUpOffers,
        medication: MedicationAdherence,
        questionnaires: QuestionnaireOffers | None = None,
        score_charts: ScoreCharts | None = None,
        reach_out: ReachOut | None = None,
    ) -> None:
        super().__init__(planning)
        self.outlet = outlet
        self.config = config
        self.consent = consent
        # One thread per day even when two shares race to open it (checkin_sharing).
        self.thread_lock = asyncio.Lock()
        self.prompts_sent = 0
        # Retries of failed prompts and digests come back here (bot.kernel.delivery).
        self.desk.on_retry(PROMPT_KIND, self.resend_prompt)
        self.desk.on_retry(checkin_reports.DIGEST_KIND, self.resend_digest)
        # What check-ins ask other capabilities (ports, handed in by bot/app.py): crisis
        # reads notes, the alumni roster keeps alumni out of the digest, coping offers
        # a skill after "Done", medication adds its line to /progress.
        self.detect_crisis = detect_crisis
        self.alumni = alumni
        self.offers = offers
        self.medication = medication
        # Measures (issue 20): the week's questionnaires after "Done"; their scores
        # charted in /progress and /report participant.
        self.questionnaires: QuestionnaireOffers = questionnaires or NoQuestionnaires()
        self.score_charts: ScoreCharts = score_charts or NoScoreCharts()
        # Issue 15: "Yes, please reach out" opens a reach-out request (outreach).
        self.reach_out = reach_out

    async def resend_digest(self, key: str) -> None:
        """A digest's retry (the delivery desk): ``checkin-digest:<day>``."""
        await checkin_reports.send_digest(self, key.rpartition(":")[2])

    async def replan(self) -> None:
        """Prompts, then the digest and the share nudges, all from the database."""
        await self.plan_prompts()
        await checkin_reports.plan_digest(self)
        await checkin_sharing.plan_share_nudges(self)

    def answer_day(self, participant: Participant, prompt_day: date | None) -> date:
        """The local day an answer counts for; raises ``StalePromptError`` / ``NotOpen``."""
        now = self.clock.now()
        day = checkin_day(
            now, participant_zone(participant), prompt_day, self.config.late_answer_days
        )
        window = program_window(participant)
        if not window.contains(day):
            last = participant.end - timedelta(days=1)
            raise NotOpen(
                f"Your program's check-ins run from {nice_day(window.start, year=True)} to "
                f"{nice_day(last, year=True)}, so there is no check-in for {nice_day(day)}."
            )
        return day

    async def record_answers(
        self, participant: Participant, prompt_day: date | None, raw: Mapping[str, object]
    ) -> DayCheckin:
        """Validate and store answers for the right day, all or nothing."""
        day = self.answer_day(participant, prompt_day)
        now = self.clock.now()
        checkin = await checkin_db.upsert_merged(
            self.db,
            participant.key,
            day,
            lambda existing: merge_checkin(self.config, existing, day, raw, now),
        )
        if self.scheduler.get_job(prompt_job_id(participant.key, day)) is not None:
            # A prompt still scheduled for a day that now has its check-in is dropped,
            # and the next day's planned instead.
            await self._plan_one(participant.key)
        return checkin

    async def current(self, participant: Participant, prompt_day: date | None) -> DayCheckin | None:
        day = self.answer_day(participant, prompt_day)
        stored = await checkin_db.get(self.db, participant.key, day)
        return None if stored is None else stored.checkin

    async def save_texts(
        self, participant: Participant, prompt_day: date | None, texts: Mapping[str, str]
    ) -> NoteSaved:
        """Store the modal's text answers; a note that shows crisis goes the crisis path."""
        checkin = await self.record_answers(participant, prompt_day, texts)
        combined = "\n".join(t for t in texts.values() if t.strip())
        result = self.detect_crisis(combined)
        resources = None
        if result.is_crisis:
            resources = await escalate_note(self, participant, checkin.day, combined, result)
        return NoteSaved(checkin, result, resources)

    async def finish(self, participant: Participant, prompt_day: date | None) -> Finished:
        """ "Done": every required question answered; thresholds recorded for facilitators."""
        day = self.answer_day(participant, prompt_day)
        stored = await checkin_db.get(self.db, participant.key, day)
        answers = stored.checkin.answers if stored is not None else {}
        missing = missing_required(self.config, answers)
        if stored is None or missing:
            labels = "; ".join(f'"{self.config.question(q).label}"' for q in missing)
            raise AnswerError(missing[0] if missing else "", f"Please answer {labels} first.")
        now = self.clock.now()
        await checkin_db.mark_finished(self.db, participant.key, day, now)
        result = follow_up(self.config, stored.checkin.answers)
        if result.needed:
            await checkin_db.add_flag(
                self.db, participant.key, day, "threshold", "; ".join(result.reasons), now
            )
        return Finished(day, stored.checkin, result)

    async def request_reach_out(self, participant: Participant, prompt_day: date | None) -> bool:
        """The participant asked for a facilitator to reach out: a private alert (once)."""
        day = self.answer_day(participant, prompt_day)
        detail = await self._reach_out_detail(participant, day)
        now = self.clock.now()
        if not await checkin_db.add_flag(self.db, participant.key, day, "reach_out", detail, now):
            return False
        await self.outlet.alert_facilitators(
            f"**{participant.display}** would like a facilitator to reach out after their "
            f"check-in for {nice_day(day)}. What prompted the offer: {detail}."
        )
        return True

    async def ask_for_person(
        self, participant: Participant, prompt_day: date | None, user: Person
    ) -> str | None:
        """"Yes, please reach out": with the ``ReachOut`` port (issue 15), the day is
        flagged for the digest and a reach-out request is opened (one open request per
        person; asking again adds to it), and this returns what to tell them. Without
        the port, ``request_reach_out`` and None."""
        if self.reach_out is None:
            await self.request_reach_out(participant, prompt_day)
            return None
        day = self.answer_day(participant, prompt_day)
        detail = await self._reach_out_detail(participant, day)
        now = self.clock.now()
        await checkin_db.add_flag(self.db, participant.key, day, "reach_out", detail, now)
        return await self.reach_out.request_from_checkin(
            user, f"After their check-in for {nice_day(day)}: {detail}"
        )

    async def _reach_out_detail(self, participant: Participant, day: date) -> str:
        stored = await checkin_db.get(self.db, participant.key, day)
        reasons = follow_up(self.config, stored.checkin.answers).reasons if stored else ()
        return "; ".join(reasons) or "asked after their check-in"

    # ---- settings -----------------------------------------------------------------------

    async def set_time(
        self,
        participant: Participant,
        at: time | None,
        *,
        enabled: bool = True,
        screen_weekday: int | None = None,
    ) -> checkin_db.CheckinSettings:
        current = await checkin_db.get_settings(self.db, participant.key)
        updated = checkin_db.CheckinSettings(
            at=at if enabled else current.at,
            enabled=enabled,
            screen_weekday=current.screen_weekday if screen_weekday is None else screen_weekday,
        )
        await checkin_db.save_settings(self.db, participant.key, updated)
        await self._plan_one(participant.key)
        return updated

    def text_questions(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.config.active_questions if q.kind is Kind.TEXT)


async def escalate_note(
    service: CheckinService,
    participant: Participant,
    day: date,
    note: str,
    result: CrisisReading,
) -> str:
    """The crisis path for a check-in note: flag the day and return resources to show
    at once. The facilitators' alert (with "I'm on it" and repeats) is raised by the cog
    through the crisis port (``CrisisPath.handle``), the one crisis path of the bot. The
    note is kept (never silently removed)."""
    now = service.clock.now()
    categories = ", ".join(result.categories) or "crisis language"
    await checkin_db.add_flag(service.db, participant.key, day, "crisis", categories, now)
    log.warning("check-in note from %s went through the crisis path", person(participant.key))
    return crisis_resources(participant.timezone)


__all__ = [
    "MISSED_NUDGE",
    "AnswerError",
    "CheckinOutlet",
    "CheckinService",
    "Finished",
    "NotOpen",
    "StalePromptError",
    "escalate_note",
    "nice_day",
    "participant_pauses",
    "participant_zone",
    "program_window",
]
