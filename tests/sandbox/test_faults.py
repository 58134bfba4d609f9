"""Fault injection: seeded and repeatable, and the real client coping with each fault."""

from __future__ import annotations

import discord
import pytest

from bot.sandbox.faults import FaultInjector, FaultPlan
from tests.conftest import StartSandbox

MESSAGES = "/channels/{channel_id}/messages"


def _draws(plan: FaultPlan, n: int = 200) -> list[int | None]:
    injector = FaultInjector(plan)
    return [(f.status if (f := injector.decide("POST", MESSAGES)) else None) for _ in range(n)]


def test_the_same_seed_gives_the_same_faults_and_another_seed_others() -> None:
    plan = FaultPlan(seed=7, rate_429=0.2, rate_5xx=0.1)
    first = _draws(plan)
    assert first == _draws(FaultPlan(seed=7, rate_429=0.2, rate_5xx=0.1))
    assert first != _draws(FaultPlan(seed=8, rate_429=0.2, rate_5xx=0.1))
    assert 20 < first.count(429) < 60
    assert 5 < sum(1 for s in first if s in (500, 502)) < 40


def test_login_is_spared_and_queued_faults_come_first() -> None:
    injector = FaultInjector(FaultPlan(rate_429=1.0))
    assert injector.decide("GET", "/users/@me") is None
    injector.fail_next(502, count=2, method="DELETE")
    statuses = [injector.decide("DELETE", "/x"), injector.decide("DELETE", "/x"),
                injector.decide("DELETE", "/x")]
    assert [s.status for s in statuses if s] == [502, 502, 429]


@pytest.mark.asyncio
async def test_every_message_arrives_despite_a_fraction_of_429s(
    start_sandbox: StartSandbox,
) -> None:
    sandbox = await start_sandbox(faults=FaultPlan(seed=3, rate_429=0.3, retry_after=0.01))
    channel = sandbox.bot.get_channel(sandbox.channel_id("mod-log"))
    assert isinstance(channel, discord.TextChannel)
    for n in range(4):
        await channel.send(f"log {n}")
    assert [e.text for e in sandbox.events] == [f"log {n}" for n in range(4)]
    assert any(status == 429 for _, _, status in sandbox.server.faults.injected)


@pytest.mark.asyncio
async def test_a_server_error_is_retried_by_the_client(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox()
    sandbox.server.faults.fail_next(500, method="POST", route=MESSAGES)
    channel = sandbox.bot.get_channel(sandbox.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("second time lucky")  # discord.py waits 1 s before retrying a 500
    assert [e.text for e in sandbox.events] == ["second time lucky"]


@pytest.mark.asyncio
async def test_added_latency_delays_but_does_not_break(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox(faults=FaultPlan(latency=0.02))
    sandbox.add_member("alex")
    await sandbox.post("alex", "general", "!ping")
    assert sandbox.events[-1].text == "pong"


@pytest.mark.asyncio
async def test_members_named_in_the_plan_have_closed_dms(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox(faults=FaultPlan(closed_dms={"sam"}))
    sandbox.add_member("sam")
    sandbox.add_member("alex")
    await sandbox.settle()
    guild = sandbox.bot.get_guild(sandbox.guild_id)
    assert guild is not None
    with pytest.raises(discord.Forbidden) as caught:
        await guild.get_member(sandbox.member_id("sam")).send("hi")  # type: ignore[union-attr]
    assert caught.value.code == 50007
    await guild.get_member(sandbox.member_id("alex")).send("hi")  # type: ignore[union-attr]
    assert sandbox.events[-1].where == "dm:alex"
