"""The moderator's records against a real temporary database: warnings and lifting them,
per-server rule changes reaching the rules, and the retention of kept message text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.crisis import storage as safety_db
from bot.crisis.domain.crisis import detect_crisis_tier
from bot.crisis.service import CrisisService
from bot.kernel.clock import SimulatedClock
from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.kernel.scheduling import ClockedScheduler
from bot.moderation.domain.moderation import ChatMessage, PastWarning, moderate
from bot.moderation.service import ModerationService
from bot.moderation.storage import moderation as mod_db

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
GUILD = 123456789012345678
ALEX, RIVERA = 42, 7


class NoGuild:
    """A client that is in no server: nothing here posts to Discord."""

    def get_guild(self, guild_id: int) -> None:
        return None


def moderation_service(db: Database) -> ModerationService:
    """The moderator as bot/app.py wires it, with the crisis service as its ports."""
    clock = SimulatedClock(START)
    settings = Settings(guild_id=GUILD)
    crisis = CrisisService(
        db=db,
        clock=clock,
        scheduler=ClockedScheduler(clock),
        settings=settings,
        client=NoGuild(),
    )
    return ModerationService(
        db=db,
        clock=clock,
        settings=settings,
        client=NoGuild(),
        messenger=None,
        crisis=crisis,
        safety=crisis,
        read_crisis=detect_crisis_tier,
    )


async def warn(db: Database, when: datetime, user: int = ALEX) -> int:
    return await mod_db.log_action(
        db,
        guild_id=GUILD,
        user_id=user,
        rule="harassment.phrase",
        action="remove",
        now=when,
        categories=("harassment",),
        content="you're a junkie",
        warning="harassment",
    )


@pytest.mark.asyncio
async def test_lifted_warnings_stop_counting_towards_a_timeout(db: Database) -> None:
    service = moderation_service(db)
    rules = await service.rules()
    for minutes in (0, 5):
        await warn(db, START + timedelta(minutes=minutes))
    message = ChatMessage("42", "peer-support", "you're pathetic", START + timedelta(minutes=9))
    past = [PastWarning(at, why) for at, why in await mod_db.active_warnings(db, GUILD, ALEX)]
    assert [why for _, why in await mod_db.active_warnings(db, GUILD, ALEX)] == ["harassment"] * 2
    assert moderate(message, rules, past_warnings=past).action == "timeout"

    assert await mod_db.lift_warnings(db, GUILD, ALEX, RIVERA, START) == 2
    past = await mod_db.active_warnings(db, GUILD, ALEX)
    assert past == [] and moderate(message, rules, past_warnings=past).action == "remove"
    assert await mod_db.lift_warnings(db, GUILD, ALEX, RIVERA, START) == 0


@pytest.mark.asyncio
async def test_warnings_belong_to_one_member(db: Database) -> None:
    await warn(db, START, user=ALEX)
    assert await mod_db.active_warnings(db, GUILD, 99) == []
    assert len(await mod_db.active_warnings(db, GUILD, ALEX)) == 1


@pytest.mark.asyncio
async def test_server_changes_reach_the_rules_once_the_cache_is_cleared(db: Database) -> None:
    service = moderation_service(db)
    message = ChatMessage("42", "peer-support", "ok snowflake")
    assert moderate(message, await service.rules()).action == "none"

    assert await mod_db.add_rule_change(db, GUILD, "harassment", "snowflake", RIVERA, START)
    assert not await mod_db.add_rule_change(db, GUILD, "harassment", "snowflake", RIVERA, START)
    service.rules_changed()
    assert moderate(message, await service.rules()).action == "remove"

    await mod_db.add_rule_change(db, GUILD, "exempt", "peer-support", RIVERA, START)
    service.rules_changed()
    assert moderate(message, await service.rules()).action == "none"
    assert await mod_db.remove_rule_change(db, GUILD, "exempt", "peer-support")
    assert not await mod_db.remove_rule_change(db, GUILD, "exempt", "peer-support")


@pytest.mark.asyncio
async def test_allow_list_and_dry_run_come_from_the_server_settings(db: Database) -> None:
    service = moderation_service(db)
    message = ChatMessage("42", "peer-support", "the clinic is 555-201-7788")
    assert moderate(message, await service.rules()).action == "remove"
    await mod_db.add_rule_change(db, GUILD, "allow", "555-201-7788", RIVERA, START)
    service.rules_changed()
    assert moderate(message, await service.rules()).action == "none"

    await safety_db.set_setting(db, GUILD, "dry_run", 1, START)
    service.rules_changed()
    verdict = moderate(
        ChatMessage("42", "peer-support", "text me 555-201-7789"), await service.rules()
    )
    assert verdict.action == "remove" and verdict.enforced_action == "none"


@pytest.mark.asyncio
async def test_kept_text_is_forgotten_after_the_retention_period(db: Database) -> None:
    old = await warn(db, START - mod_db.CONTENT_RETENTION - timedelta(days=1))
    recent = await warn(db, START - timedelta(days=1))
    assert await mod_db.forget_old_content(db, START) == 1
    rows = {a.id: a for a in await mod_db.actions_for(db, GUILD, ALEX)}
    assert rows[old].content is None and rows[old].rule == "harassment.phrase"
    assert rows[recent].content == "you're a junkie"


@pytest.mark.asyncio
async def test_every_action_is_logged_with_its_rule_and_dm_outcome(db: Database) -> None:
    action_id = await mod_db.log_action(
        db,
        guild_id=GUILD,
        user_id=ALEX,
        rule="personal_info.phone",
        action="remove",
        now=START,
        categories=("personal_info",),
        channel_id=1,
        message_id=99,
        content="call me at 555-201-7788",
    )
    await mod_db.set_dm_status(db, action_id, "closed")
    (row,) = await mod_db.actions_for(db, GUILD)
    assert (row.rule, row.action, row.dm_status) == ("personal_info.phone", "remove", "closed")
    assert row.content == "call me at 555-201-7788"
    assert await mod_db.action_for_message(db, 99) == action_id
    assert await mod_db.action_for_message(db, 100) is None
