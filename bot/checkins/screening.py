"""The weekly PHQ-2 / GAD-2: offered after the check-in on the participant's chosen day,
answered item by item, scored when complete, and flagged privately to facilitators."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from bot.checkins.domain.screening import (
    Instrument,
    ScreeningAnswerError,
    ScreenResult,
    score_screening,
    screening_due,
)
from bot.checkins.prompts import nice_day
from bot.checkins.storage import checkins as checkin_db
from bot.program.domain.schedule import Participant

if TYPE_CHECKING:
    # Type only: the service calls into this module, never the other way.
    from bot.checkins.service import CheckinService

log = logging.getLogger(__name__)


async def screen_weekday(service: CheckinService, participant: Participant) -> int:
    """The participant's chosen day, else the weekday their program started on."""
    settings = await checkin_db.get_settings(service.db, participant.key)
    if settings.screen_weekday is not None:
        return settings.screen_weekday
    return participant.start.weekday()


async def is_due(service: CheckinService, participant: Participant, day: date) -> bool:
    weekday = await screen_weekday(service, participant)
    last = await checkin_db.last_screened(service.db, participant.key)
    if last is not None and last >= day:
        return False
    return screening_due(day, weekday, last)


def _item_instrument(service: CheckinService, item_id: str) -> Instrument:
    for instrument in service.config.screening.instruments:
        if any(item.id == item_id for item in instrument.items):
            return instrument
    raise ScreeningAnswerError("This question is no longer part of the weekly screen.")


async def answer_item(
    service: CheckinService,
    participant: Participant,
    prompt_day: date | None,
    item_id: str,
    raw_score: str,
) -> date:
    """Store one item's answer (validated against its instrument's 0-3 scale)."""
    day = service.answer_day(participant, prompt_day)
    instrument = _item_instrument(service, item_id)
    if not raw_score.isdigit() or not 0 <= int(raw_score) <= instrument.answer_max:
        raise ScreeningAnswerError(
            f"The answer must be from 0 to {instrument.answer_max} (got {raw_score!r})."
        )
    await checkin_db.save_screen_item(
        service.db, participant.key, day, item_id, int(raw_score), service.clock.now()
    )
    return day


async def submit(
    service: CheckinService, participant: Participant, prompt_day: date | None
) -> tuple[ScreenResult, ...]:
    """Score the screen (every item answered, else ``ScreeningAnswerError``) and alert
    facilitators when a score reaches its instrument's cut-off."""
    day = service.answer_day(participant, prompt_day)
    items = await checkin_db.screen_items(service.db, participant.key, day)
    by_instrument: dict[str, dict[str, int]] = {}
    for instrument in service.config.screening.instruments:
        by_instrument[instrument.id] = {
            item.id: items[item.id] for item in instrument.items if item.id in items
        }
    results = score_screening(service.config.screening, by_instrument)
    now = service.clock.now()
    await checkin_db.save_screens(
        service.db,
        participant.key,
        day,
        (
            checkin_db.ScreenRow(
                participant.key, day, r.instrument_id, r.score, r.max_score, r.flagged
            )
            for r in results
        ),
        now,
    )
    flagged = [r for r in results if r.flagged]
    if flagged:
        detail = ", ".join(r.describe() for r in results)
        if await checkin_db.add_flag(service.db, participant.key, day, "screen", detail, now):
            await service.outlet.alert_facilitators(
                f"**{participant.display}**'s weekly screen ({nice_day(day)}): {detail}. "
                "A score of 3 or more suggests a fuller assessment; please follow up. "
                "(A screen, not a diagnosis.)"
            )
    return results
