"""Sharing a check-in with peers: a summary in the day's thread, and the gentle nudge.

Only the mood and, when the participant chooses, the note are ever shared: the text is
built by ``share_summary_for``, which never reads the other answers. The bot opens one
thread per program-local day in the check-in channel; a shared check-in without a peer
reply after ``unanswered_nudge_hours`` gets one nudge in the thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.checkins.domain.checkin import AnswerError, share_summary_for
from bot.checkins.prompts import nice_day
from bot.checkins.storage import checkins as checkin_db
from bot.checkins.storage import shares as share_db
from bot.kernel.db import deliveries
from bot.kernel.timezones import local_day
from bot.program.domain.schedule import Participant

if TYPE_CHECKING:
    # Type only: the service calls into this module, never the other way.
    from bot.checkins.service import CheckinService

log = logging.getLogger(__name__)

NUDGE_JOB_PREFIX = "checkin-sharenudge:"
NUDGE_KIND = "checkin-share-nudge"
SHARE_NUDGE = (
    "This check-in hasn't had a reply yet. If you have a moment, a few kind words here "
    "can mean a lot."
)


class ShareRefused(ValueError):
    """The share cannot be made as asked; the message says why, for the participant."""


@dataclass(frozen=True)
class Shared:
    share: share_db.Share
    text: str
    updated: bool  # True when an earlier share of the same day was replaced


def thread_name(day: date) -> str:
    return f"check-ins-{day.isoformat()}"


async def _program_today(service: CheckinService) -> date:
    program = await service.programs.current()
    zone = program.zone if program is not None else None
    now = service.clock.now()
    return local_day(now, zone) if zone is not None else now.date()


async def day_thread(service: CheckinService, day: date) -> int:
    """The thread for ``day``, opened on first use (one per day, even under races)."""
    async with service.thread_lock:
        found = await share_db.thread_for(service.db, day)
        if found is not None:
            return found
        starter = (
            f"**Check-ins for {nice_day(day)}.** Participants who choose to share their "
            "check-in post it in this thread; reply to each other here. Only what someone "
            "chooses to share appears here."
        )
        thread_id = await service.outlet.open_thread(day, thread_name(day), starter)
        await share_db.save_thread(service.db, day, thread_id, service.clock.now())
        return thread_id


async def share(
    service: CheckinService,
    participant: Participant,
    user_id: int,
    prompt_day: date | None,
    include_note: bool,
) -> Shared:
    day = service.answer_day(participant, prompt_day)
    stored = await checkin_db.get(service.db, participant.key, day)
    if stored is None or "mood" not in stored.checkin.answers:
        raise AnswerError("mood", "Please answer the mood question before sharing.")
    if include_note:
        flags = await checkin_db.flags_on(service.db, day)
        if any(f.participant == participant.key and f.kind == "crisis" for f in flags):
            raise ShareRefused(
                "I didn't share your note: it sounded like you're going through something "
                "very hard, and your facilitators have been told privately. You can still "
                "share your mood only."
            )
    summary = share_summary_for(stored.checkin, include_note)
    text = f"<@{user_id}> shared their check-in:\n{summary}"
    outlet = service.outlet
    now = service.clock.now()
    earlier = await share_db.get(service.db, participant.key, day)
    if earlier is not None:
        await outlet.edit_in_thread(earlier.thread_id, earlier.message_id, text)
        return Shared(earlier, text, updated=True)
    thread_id = await day_thread(service, await _program_today(service))
    message_id = await outlet.post_in_thread(thread_id, text)
    record = share_db.Share(participant.key, day, thread_id, message_id, user_id, now, None)
    await share_db.save(service.db, record)
    _schedule_nudge(service, record)
    return Shared(record, text, updated=False)


def _schedule_nudge(service: CheckinService, record: share_db.Share) -> None:
    due = record.shared_at + timedelta(hours=service.config.unanswered_nudge_hours)
    service.scheduler.schedule_at(
        f"{NUDGE_JOB_PREFIX}{record.message_id}",
        max(due, service.clock.now()),
        fire_share_nudge,
        service,
        record.message_id,
    )


async def plan_share_nudges(service: CheckinService) -> None:
    """At start: a nudge job for every shared check-in still waiting for a reply."""
    settled = await deliveries.settled_keys(service.db, NUDGE_KIND)
    for record in await share_db.unreplied(service.db):
        if f"{NUDGE_KIND}:{record.message_id}" not in settled:
            _schedule_nudge(service, record)


async def fire_share_nudge(service: CheckinService, message_id: int) -> None:
    record = await share_db.by_message(service.db, message_id)
    if record is None or record.replied_at is not None:
        return
    now = service.clock.now()
    key = f"{NUDGE_KIND}:{message_id}"
    if not await deliveries.claim(service.db, key, NUDGE_KIND, None, now, now):
        return
    sent = await service.outlet.reply_in_thread(record.thread_id, message_id, SHARE_NUDGE)
    await deliveries.settle(service.db, key, "sent", now, message_id=sent)


async def peer_message(
    service: CheckinService,
    thread_id: int,
    author_id: int,
    reference_id: int | None,
    now: datetime,
) -> bool:
    """A message in a check-in thread: a reply (to a share, or to the latest unanswered
    one by someone else) marks that share answered. Returns whether one was marked."""
    if not await share_db.is_checkin_thread(service.db, thread_id):
        return False
    target = await share_db.by_message(service.db, reference_id) if reference_id else None
    if target is None or target.author_id == author_id:
        target = await share_db.latest_unreplied_in(service.db, thread_id, author_id, now)
    if target is None or target.author_id == author_id:
        return False
    marked = await share_db.mark_replied(service.db, target.message_id, now)
    if marked:
        service.scheduler.remove_jobs_with_prefix(f"{NUDGE_JOB_PREFIX}{target.message_id}")
    return marked
