"""Sharing (mood and the chosen note only), the day's thread, peer replies and the nudge,
privacy between participants, and the progress chart."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.checkins import reports as checkin_reports
from bot.checkins import sharing as checkin_sharing
from bot.checkins.chart import png_text, render_chart
from bot.checkins.storage import shares as share_db
from tests.checkins.checkin_env import ANSWERS, USER_IDS, checkin_env

pytestmark = pytest.mark.asyncio

PRIVATE = {**ANSWERS, "craving": "9", "used": "yes", "medication": "no"}


async def test_a_share_holds_the_mood_and_chosen_note_and_nothing_else(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, PRIVATE)
        await env.service.save_texts(alex, None, {"note": "Rough day, but I went to group."})
        shared = await checkin_sharing.share(env.service, alex, USER_IDS["alex"], None, False)
        assert "Mood today: **6/10**" in shared.text
        assert "Rough day" not in shared.text
        for private in ("9", "craving", "used", "medication", "yes"):
            assert private not in shared.text.lower().replace("6/10", "")
        # Sharing again with the note updates the same post in the same thread.
        again = await checkin_sharing.share(env.service, alex, USER_IDS["alex"], None, True)
        assert again.updated and "> Rough day, but I went to group." in again.text
        assert len(env.outlet.threads) == 1
        assert env.outlet.threads[0] == (date(2027, 3, 8), "check-ins-2027-03-08")


async def test_one_thread_per_day_shared_by_everyone(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        for name in ("alex", "sam"):
            participant = await env.participant(name)
            await env.service.record_answers(participant, None, ANSWERS)
            await checkin_sharing.share(env.service, participant, USER_IDS[name], None, False)
        env.clock.advance(timedelta(days=1))
        jordan = await env.participant("jordan")
        await env.service.record_answers(jordan, None, ANSWERS)
        await checkin_sharing.share(env.service, jordan, USER_IDS["jordan"], None, False)
        assert [name for _, name in env.outlet.threads] == [
            "check-ins-2027-03-08", "check-ins-2027-03-09",
        ]
        assert len({thread for thread, _ in env.outlet.posts}) == 2


async def test_shares_racing_at_the_start_of_a_day_open_one_thread(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        people = [await env.participant(name) for name in ("alex", "sam", "jordan")]
        for participant in people:
            await env.service.record_answers(participant, None, ANSWERS)
        await asyncio.gather(*(
            checkin_sharing.share(env.service, p, USER_IDS[p.key], None, False) for p in people
        ))
        assert len(env.outlet.threads) == 1
        assert len({thread for thread, _ in env.outlet.posts}) == 1


async def test_an_unanswered_share_gets_one_nudge_and_a_peer_reply_prevents_it(
    tmp_path: Path,
) -> None:
    async with checkin_env(tmp_path) as env:
        for name in ("sam", "jordan"):
            participant = await env.participant(name)
            await env.service.set_time(participant, None, enabled=False)
        alex, sam = await env.participant("alex"), await env.participant("sam")
        await env.service.record_answers(alex, None, ANSWERS)
        await env.service.record_answers(sam, None, ANSWERS)
        alex_share = await checkin_sharing.share(env.service, alex, USER_IDS["alex"], None, False)
        sam_share = await checkin_sharing.share(env.service, sam, USER_IDS["sam"], None, False)
        thread = alex_share.share.thread_id
        env.clock.advance(timedelta(hours=1))
        # Sam replies to alex's share; sam's own share stays unanswered.
        assert await checkin_sharing.peer_message(
            env.service, thread, USER_IDS["sam"], alex_share.share.message_id, env.clock.now()
        )
        # Talking in your own share's thread is not a peer reply to yourself.
        assert not await checkin_sharing.peer_message(
            env.service, thread, USER_IDS["sam"], sam_share.share.message_id, env.clock.now()
        )
        await env.run_until(env.clock.now() + timedelta(hours=12))
        assert [m for _, m, _ in env.outlet.replies] == [sam_share.share.message_id]
        assert "hasn't had a reply yet" in env.outlet.replies[0][2]
        await env.service.replan()  # a restart does not nudge again
        await env.run_until(env.clock.now() + timedelta(hours=12))
        assert len(env.outlet.replies) == 1
        stored = await share_db.by_message(env.db, alex_share.share.message_id)
        assert stored is not None and stored.replied_at is not None


async def test_a_crisis_note_is_never_shared(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        await env.service.record_answers(alex, None, ANSWERS)
        await env.service.save_texts(alex, None, {"note": "I am going to end my life tonight"})
        with pytest.raises(checkin_sharing.ShareRefused, match="mood only"):
            await checkin_sharing.share(env.service, alex, USER_IDS["alex"], None, True)
        assert env.outlet.posts == []


async def test_a_participant_never_sees_another_participants_answers(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex, sam = await env.participant("alex"), await env.participant("sam")
        await env.service.record_answers(alex, None, {**PRIVATE, "mood": "1"})
        await env.service.save_texts(alex, None, {"note": "alex's private note"})
        await env.service.record_answers(sam, None, {**ANSWERS, "mood": "7"})
        # What sam can reach: their own progress, their own current check-in.
        progress = await checkin_reports.progress(env.service, sam)
        assert [(p.mood, p.craving) for p in progress.points] == [(7, 2)]
        own = await env.service.current(sam, None)
        assert own is not None and own.answers["mood"] == 7 and "note" not in own.answers
        # Sam answering a prompt for the same day writes sam's check-in, never alex's.
        await env.service.record_answers(sam, date(2027, 3, 8), {"mood": "8"})
        alex_now = await env.service.current(alex, None)
        assert alex_now is not None and alex_now.answers["mood"] == 1


async def test_the_progress_chart_is_a_png_with_one_point_per_day(tmp_path: Path) -> None:
    async with checkin_env(tmp_path) as env:
        alex = await env.participant("alex")
        for n in range(5):
            if n == 2:
                # A day he was asked and did not check in.
                await env.run_until(env.clock.now() + timedelta(days=1))
                continue
            await env.service.record_answers(alex, None, {**ANSWERS, "mood": str(n + 3)})
            await env.run_until(env.clock.now() + timedelta(days=1))
        progress = await checkin_reports.progress(env.service, alex)
        assert progress.streak == 2 and progress.longest == 2
        png = render_chart(progress.points, "Your mood and craving")
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert png_text(png)["Points"] == "4"
