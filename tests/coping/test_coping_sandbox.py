"""Coping skills end to end: the real bot in the sandbox, where scripts cannot reach
(autocomplete, the check-in hook, counting daily posts across restarts)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.coping.domain.library import load_library
from bot.coping.service import skill_for_checkin_answers
from bot.kernel.clock import SimulatedClock
from bot.privacy import storage as privacy_db
from bot.sandbox.command_permissions import allow_role
from bot.sandbox.driver import Sandbox
from bot.sandbox.events import SandboxEvent

pytestmark = pytest.mark.e2e

START = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday, 09:00 in New York


@pytest_asyncio.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    running = await Sandbox.start(
        database_path=tmp_path / "companion.sqlite3", clock=SimulatedClock(START)
    )
    alex = running.add_member("alex", "participant", "America/Chicago")
    running.add_member("sam", "participant", "Europe/London")
    running.add_member("rivera", "facilitator")
    # alex agreed to the privacy notice, so feedback on skills may be kept.
    bot: Any = running.bot
    await privacy_db.set_consent(bot.db, alex, "agreed", 1, running.clock.now())
    yield running
    await running.stop()


def bot_says(sandbox: Sandbox, where: str, text: str = "") -> list[SandboxEvent]:
    return [
        e
        for e in sandbox.events
        if e.kind in ("message", "edit")
        and e.actor == "Companion"
        and e.where == where
        and text.casefold() in e.text.casefold()
    ]


@pytest.mark.asyncio
async def test_autocomplete_always_offers_crisis_help(sandbox: Sandbox) -> None:
    choices = await sandbox.autocomplete("alex", "/coping situation:", "situation")
    values = [c["value"] for c in choices]
    assert values[0] == "craving" and values[-1] == "crisis"
    choices = await sandbox.autocomplete("alex", "/coping situation:hurting myself", "situation")
    assert choices[0]["value"] == "crisis"
    assert "hurting myself" in choices[0]["name"]


@pytest.mark.asyncio
async def test_crisis_in_a_channel_is_private_and_alerts_facilitators(sandbox: Sandbox) -> None:
    await sandbox.slash("alex", "/coping situation:crisis", channel="general")
    help_now = bot_says(sandbox, "#general", "988")
    assert help_now and all(e.visible_to == "alex" for e in help_now)
    (alert,) = bot_says(sandbox, "#facilitators", "crisis alert")
    assert "alex" in alert.text and "#general" in alert.text
    assert not bot_says(sandbox, "dm:alex")


@pytest.mark.asyncio
async def test_buttons_still_work_after_a_restart(sandbox: Sandbox) -> None:
    await sandbox.slash("alex", "/coping situation:sleep")
    (card,) = bot_says(sandbox, "dm:alex", "Trouble sleeping")
    await sandbox.restart_bot()
    await sandbox.click("alex", "This helped")
    await sandbox.slash("alex", "/myskills")
    (mine,) = bot_says(sandbox, "dm:alex", "Skills that helped you")
    title = card.text.splitlines()[0].split(": ", 1)[-1]
    assert title in mine.text


@pytest.mark.asyncio
async def test_the_daily_skill_is_posted_once_a_day_across_restarts(sandbox: Sandbox) -> None:
    # No program is loaded, so the day runs on UTC: 09:00 UTC has passed long enough
    # ago on the first day that it is skipped rather than posted late.
    await sandbox.advance(timedelta(hours=18))  # Tuesday 08:00 UTC
    assert not bot_says(sandbox, "#daily-check-in")
    await sandbox.advance(timedelta(hours=1, minutes=30))
    assert len(bot_says(sandbox, "#daily-check-in", "skill of the day")) == 1
    await sandbox.restart_bot()
    await sandbox.advance(timedelta(hours=2))
    assert len(bot_says(sandbox, "#daily-check-in", "skill of the day")) == 1
    await sandbox.advance(timedelta(days=1))
    posts = bot_says(sandbox, "#daily-check-in", "skill of the day")
    assert [p.at.date().isoformat() for p in posts] == ["2026-12-08", "2026-12-09"]
    # Anyone can ask for another one under it; the answer is theirs alone.
    await sandbox.click("sam", "Another one")
    extra = [e for e in bot_says(sandbox, "#daily-check-in") if e.visible_to == "sam"]
    assert len(extra) == 1 and "Another one" in extra[0].text


@pytest.mark.asyncio
async def test_facilitators_add_and_retire_a_skill(sandbox: Sandbox) -> None:
    await sandbox.slash("rivera", "/skills add", channel="facilitators")
    await sandbox.submit(
        "rivera",
        {
            "title": "Porch steps",
            "steps": "1. Step outside. 2. Breathe the air for a minute.",
            "minutes": "3",
            "situations": "grief, stress",
            "source": "Our Tuesday group",
        },
    )
    assert bot_says(sandbox, "#facilitators", "Added **Porch steps** (`program:1`)")
    choices = await sandbox.autocomplete(
        "rivera", "/skills retire skill:porch", "skill", channel="facilitators"
    )
    assert [c["value"] for c in choices] == ["program:1"]
    await sandbox.slash("rivera", "/skills retire skill:program:1", channel="facilitators")
    assert bot_says(sandbox, "#facilitators", "Retired **Porch steps**")
    await sandbox.slash("rivera", "/skills retire skill:program:1", channel="facilitators")
    assert bot_says(sandbox, "#facilitators", "already retired")


@pytest.mark.asyncio
async def test_participants_cannot_change_the_library(sandbox: Sandbox) -> None:
    # Discord offers facilitator commands to nobody else; a server that shows every command
    # to everyone (Server Settings > Integrations) still gets the bot's own refusal.
    allow_role(sandbox.server.state, sandbox.actions.guild, "@everyone")
    await sandbox.slash("alex", "/skills retire skill:urge-surfing", channel="general")
    (refusal,) = bot_says(sandbox, "#general")
    assert "Only facilitators" in refusal.text and refusal.visible_to == "alex"


@pytest.mark.asyncio
async def test_a_checkin_gets_a_matching_skill_or_crisis_help(sandbox: Sandbox) -> None:
    key = str(sandbox.member_id("alex"))
    sent = await skill_for_checkin_answers(sandbox.bot, key, {"craving": 9, "mood": 6})
    assert sent is not None
    assert sent["content"].startswith("Because your craving was 9")
    assert sent["embed"].fields[1].value == "Craving or urge"
    assert await skill_for_checkin_answers(sandbox.bot, key, {"craving": 1, "mood": 8}) is None
    crisis = await skill_for_checkin_answers(sandbox.bot, key, {"note": "I want to end my life"})
    assert crisis is not None and "988" in crisis["content"] and "embed" not in crisis
    await sandbox.settle()
    assert bot_says(sandbox, "#facilitators", "crisis alert")


@pytest.mark.asyncio
async def test_not_for_me_moves_on_until_nothing_is_left(sandbox: Sandbox) -> None:
    fitting = load_library().for_situation("hard_conversation")
    await sandbox.slash("alex", "/coping situation:hard_conversation")
    for _ in fitting:
        await sandbox.click("alex", "Not for me")
    texts = [e.text for e in bot_says(sandbox, "dm:alex")]
    shown = {s.title for s in fitting if any(s.title in t for t in texts)}
    assert shown == {s.title for s in fitting}  # each one came up before being set aside
    last = bot_says(sandbox, "dm:alex")[-1]
    assert "set aside every skill" in last.text and "Not for me" not in last.text
