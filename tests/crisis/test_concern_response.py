"""The concern tier's rules over time: the first concern in a day gets the gentle DM, a
second within 24 hours the crisis path, and after that only notes until the day is over;
and the storage that decides and records in one step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.crisis import concern_storage as concern_db
from bot.crisis.domain.concern_response import (
    ANSWER_OK,
    ANSWER_REACH_OUT,
    ESCALATED,
    QUIET,
    SENT,
    PastConcern,
    Step,
    describe_categories,
    next_step,
)
from bot.kernel.db.connection import Database

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def test_a_first_concern_gets_the_gentle_dm() -> None:
    assert next_step(NOW, []) is Step.DM


@pytest.mark.parametrize("ago", [timedelta(minutes=1), 11 * H, 12 * H, 23 * H + 59 * MINUTE])
def test_a_second_concern_within_24_hours_goes_the_crisis_path(ago: timedelta) -> None:
    assert next_step(NOW, [PastConcern(NOW - ago, SENT)]) is Step.ESCALATE


def test_i_am_ok_does_not_stop_a_second_concern_from_escalating() -> None:
    answered = PastConcern(NOW - 3 * H, SENT, ANSWER_OK, NOW - 2 * H)
    assert next_step(NOW, [answered]) is Step.ESCALATE


def test_after_the_crisis_path_further_concern_that_day_is_a_note_only() -> None:
    past = [PastConcern(NOW - 5 * H, SENT), PastConcern(NOW - 4 * H, ESCALATED)]
    assert next_step(NOW, past) is Step.QUIET
    # The button counts as going the crisis path, from when it was pressed.
    asked = PastConcern(NOW - 30 * H, SENT, ANSWER_REACH_OUT, NOW - 2 * H)
    assert next_step(NOW, [asked]) is Step.QUIET


def test_a_day_later_a_concern_is_a_first_concern_again() -> None:
    past = [PastConcern(NOW - 26 * H, SENT), PastConcern(NOW - 25 * H, ESCALATED),
            PastConcern(NOW - 24 * H, QUIET)]
    assert next_step(NOW, past) is Step.DM


def test_categories_are_named_in_plain_words_once_each() -> None:
    assert describe_categories(("passive", "burden", "passive")) == (
        "a wish not to be here, feeling a burden"
    )
    assert describe_categories(("", "unknown")) == "signs of struggling"


def _new(at: datetime, message_id: int | None) -> concern_db.NewConcern:
    return concern_db.NewConcern(user_id=7, source="peer", created_at=at, message_id=message_id,
                                 excerpt="whats the point", categories="hopeless")


@pytest.mark.asyncio
async def test_storage_decides_from_the_persons_recent_concerns_and_records_once(
    db: Database,
) -> None:
    def decide(past: list[PastConcern]) -> Step:
        return next_step(NOW, past)

    earlier = NOW - 2 * H
    first = await concern_db.record(db, _new(earlier, 1), lambda past: next_step(earlier, past))
    assert first is not None and first[1] is Step.DM
    # The same message again (an edit): nothing new.
    assert await concern_db.record(db, _new(NOW, 1), decide) is None
    second = await concern_db.record(db, _new(NOW, 2), decide)
    assert second is not None and second[1] is Step.ESCALATE
    rows = await concern_db.since(db, NOW - 24 * H)
    assert [(r.message_id, r.outcome) for r in rows] == [(1, "dm"), (2, "escalated")]
    # Another person's concerns are theirs alone.
    other = concern_db.NewConcern(user_id=8, source="dm", created_at=NOW, message_id=3)
    third = await concern_db.record(db, other, decide)
    assert third is not None and third[1] is Step.DM


@pytest.mark.asyncio
async def test_the_first_answer_is_kept_and_a_repeat_is_refused(db: Database) -> None:
    recorded = await concern_db.record(db, _new(NOW, 1), lambda past: Step.DM)
    assert recorded is not None
    concern_id = recorded[0]
    assert await concern_db.answer(db, concern_id, ANSWER_OK, NOW)
    assert not await concern_db.answer(db, concern_id, ANSWER_OK, NOW + H)
    row = await concern_db.get(db, concern_id)
    assert row is not None and row.answer == ANSWER_OK and row.answered_at == NOW
