"""The crisis service against a real temporary database: alerts, repeats, who took it on,
regions, and what survives a restart. Discord is replaced by a recording channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.crisis import storage as safety_db
from bot.crisis.service import REALERT_MINUTES, CrisisService
from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.kernel.scheduling import ClockedScheduler

START = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
GUILD = 123456789012345678


@dataclass
class Sent:
    id: int
    content: str
    channel: Any


@dataclass
class RecordingChannel:
    name: str = "facilitators"
    id: int = 555
    sent: list[Sent] = field(default_factory=list)

    async def send(self, content: str, **_: Any) -> Sent:
        message = Sent(1000 + len(self.sent), content, self)
        self.sent.append(message)
        return message


@dataclass
class Guild:
    text_channels: list[RecordingChannel]

    def get_member(self, user_id: int) -> None:
        return None  # nobody is cached: names come from the people the alerts were about


@dataclass
class User:
    id: int = 42
    name: str = "alex"
    display_name: str = "alex"


ALEX: Any = User()


class FakeBot:
    def __init__(self, db: Database, clock: SimulatedClock, channel: RecordingChannel | None):
        self.db = db
        self.clock = clock
        self.settings = Settings(guild_id=GUILD)
        self.scheduler = ClockedScheduler(clock)  # never started: jobs are only recorded
        self.guild = Guild([channel] if channel else [])
        self.crisis = crisis_service(self)  # as bot/app.py builds it, before any cog

    def get_guild(self, guild_id: int) -> Guild | None:
        return self.guild if guild_id == GUILD else None


def crisis_service(bot: FakeBot) -> CrisisService:
    """The crisis service on the fake bot's parts, as bot/app.py builds it."""
    return CrisisService(
        db=bot.db, clock=bot.clock, scheduler=bot.scheduler, settings=bot.settings, client=bot
    )


@pytest.fixture
def channel() -> RecordingChannel:
    return RecordingChannel()


@pytest.fixture
def bot(db: Database, channel: RecordingChannel) -> FakeBot:
    return FakeBot(db, SimulatedClock(START), channel)


def realert_jobs(bot: FakeBot) -> dict[str, datetime]:
    return {j.id: j.trigger.run_date for j in bot.scheduler.get_jobs()}


@pytest.mark.asyncio
async def test_an_alert_is_posted_recorded_and_its_repeat_planned(
    bot: FakeBot, channel: RecordingChannel
) -> None:
    service = crisis_service(bot)
    response = await service.respond(user=ALEX, text="i want to die tonight", where="dm")
    await service.drain()
    assert response.alerted and "988" in response.reply
    assert "facilitators know" in response.reply
    (alert,) = channel.sent
    assert "Crisis alert #1" in alert.content and "i want to die tonight" in alert.content
    row = await safety_db.get_alert(bot.db, 1)
    assert row is not None and row.alert_message_id == alert.id
    assert row.categories and row.rule
    due = START + timedelta(minutes=REALERT_MINUTES)
    assert realert_jobs(bot) == {"crisis:realert:1": due}


@pytest.mark.asyncio
async def test_without_a_facilitators_channel_the_reply_does_not_claim_anyone_was_told(
    db: Database,
) -> None:
    bot = FakeBot(db, SimulatedClock(START), None)
    service = crisis_service(bot)
    response = await service.respond(user=ALEX, text="", where="command")
    await service.drain()
    assert "988" in response.reply
    assert not response.alerted and "facilitators know" not in response.reply
    # The repeat is still planned: the alert is not lost because one post failed.
    assert "crisis:realert:1" in realert_jobs(bot)


@pytest.mark.asyncio
async def test_the_repeat_comes_once_per_interval_until_someone_is_on_it(
    bot: FakeBot, channel: RecordingChannel
) -> None:
    service = crisis_service(bot)
    await service.respond(user=ALEX, text="i have a plan to end it tonight", where="peer")
    await service.drain()
    bot.clock.advance(timedelta(minutes=REALERT_MINUTES))
    await service.realert(1)
    await service.realert(1)  # the same job run twice (a retry): still one repeat
    repeats = [s for s in channel.sent if "Still unacknowledged" in s.content]
    assert len(repeats) == 1 and "10 minutes" in repeats[0].content
    assert realert_jobs(bot)["crisis:realert:1"] == bot.clock.now() + timedelta(minutes=10)

    first, row = await service.acknowledge(1, user_id=7)
    assert first and row.acknowledged_by == 7
    again, row = await service.acknowledge(1, user_id=8)
    assert not again and row.acknowledged_by == 7  # the first one wins
    assert "crisis:realert:1" not in realert_jobs(bot)
    bot.clock.advance(timedelta(minutes=REALERT_MINUTES))
    await service.realert(1)
    await service.drain()
    assert len([s for s in channel.sent if "Still unacknowledged" in s.content]) == 1


@pytest.mark.asyncio
async def test_open_alerts_get_their_repeats_back_after_a_restart(bot: FakeBot) -> None:
    service = crisis_service(bot)
    await service.respond(user=ALEX, text="i want to die", where="dm")
    await service.close(1, user_id=7, note="called, safe")
    sam: Any = User(id=43, name="sam", display_name="sam")
    await service.respond(user=sam, text="i want to kill myself", where="dm")
    await service.drain()
    restarted = FakeBot(bot.db, bot.clock, RecordingChannel())
    assert await crisis_service(restarted).start() == 1
    assert list(realert_jobs(restarted)) == ["crisis:realert:2"]


@pytest.mark.asyncio
async def test_further_crisis_messages_update_the_open_alert_and_keep_its_clock(
    bot: FakeBot,
) -> None:
    service = crisis_service(bot)
    for minute, text in enumerate(("i want to die", "i want to kill myself", "goodbye all")):
        bot.clock.set(START + timedelta(minutes=minute))
        await service.respond(user=ALEX, text=text, where="dm")
    row = await safety_db.open_alert_of(bot.db, ALEX.id)
    assert row is not None and row.id == 1 and row.messages == 3
    said = [m.excerpt for m in await safety_db.messages_of(bot.db, 1)]
    assert said == ["i want to die", "i want to kill myself", "goodbye all"]
    # The clock started with the first message and was not pushed back by the others.
    assert realert_jobs(bot) == {"crisis:realert:1": START + timedelta(minutes=REALERT_MINUTES)}
    await service.drain()


@pytest.mark.asyncio
async def test_a_crisis_message_makes_a_taken_alert_need_someone_again(bot: FakeBot) -> None:
    service = crisis_service(bot)
    await service.respond(user=ALEX, text="i want to die", where="dm")
    await service.acknowledge(1, user_id=7)
    assert "crisis:realert:1" not in realert_jobs(bot)
    bot.clock.advance(timedelta(hours=3))
    await service.respond(user=ALEX, text="i have the pills in my hand", where="dm")
    row = await safety_db.get_alert(bot.db, 1)
    assert row is not None and row.acknowledged_at is None and row.messages == 2
    assert realert_jobs(bot) == {
        "crisis:realert:1": bot.clock.now() + timedelta(minutes=REALERT_MINUTES)
    }
    await service.drain()


@pytest.mark.asyncio
async def test_region_is_the_members_own_else_the_programs_else_us(bot: FakeBot) -> None:
    service = crisis_service(bot)
    assert (await service.region_for(42)).code == "US"
    await safety_db.set_setting(bot.db, GUILD, "region", "AU", START)
    assert (await service.region_for(42)).code == "AU"
    await safety_db.set_member_region(bot.db, 42, "GB", START)
    region = await service.region_for(42)
    assert region.code == "GB"
    reply = await service.reply_for(ALEX, facilitators_told=False)
    assert "116 123" in reply and "741741" not in reply
    await safety_db.set_member_region(bot.db, 42, None, START)
    assert (await service.region_for(42)).code == "AU"


@pytest.mark.asyncio
async def test_program_contact_is_part_of_the_reply(bot: FakeBot) -> None:
    service = crisis_service(bot)
    await safety_db.set_setting(bot.db, GUILD, "program_contact", "front desk 555-0100", START)
    reply = await service.reply_for(ALEX, facilitators_told=True)
    assert "front desk 555-0100" in reply
    assert "commit suicide" not in reply.lower()


@pytest.mark.asyncio
async def test_handle_crisis_for_a_checkin_note_alerts_and_returns_the_reply(
    bot: FakeBot, channel: RecordingChannel
) -> None:
    reply = await bot.crisis.handle(user=ALEX, text="i took 30 pills", where="checkin")
    await bot.crisis.drain()
    assert "988" in reply
    (alert,) = channel.sent
    assert "check-in note" in alert.content and "privately" in alert.content
    row = await safety_db.get_alert(bot.db, 1)
    assert row is not None and row.source == "checkin"


@pytest.mark.asyncio
async def test_the_alert_keeps_only_a_short_excerpt(
    bot: FakeBot, channel: RecordingChannel
) -> None:
    long_text = "i want to die. " + "so much else happened today and " * 40
    service = crisis_service(bot)
    await service.respond(user=ALEX, text=long_text, where="dm")
    await service.drain()
    row = await safety_db.get_alert(bot.db, 1)
    assert row is not None and len(row.excerpt) <= 200
    assert len(channel.sent[0].content) < 900
