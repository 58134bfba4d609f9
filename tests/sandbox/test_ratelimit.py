"""Discord's rate limits in the sandbox, and the real client living with them."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest

from bot.sandbox.ratelimit import (
    INVALID_REQUEST_BAN,
    BucketRule,
    RateLimiter,
    RateLimitPolicy,
)
from tests.conftest import StartSandbox

MESSAGES = "/channels/{channel_id}/messages"


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_counts_down_then_answers_429_until_it_resets() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time)
    params = {"channel_id": "1"}
    headers = [limiter.check("POST", MESSAGES, params).headers for _ in range(5)]
    assert [h["X-RateLimit-Remaining"] for h in headers] == ["4", "3", "2", "1", "0"]
    assert headers[0]["X-RateLimit-Limit"] == "5"
    assert len({h["X-RateLimit-Bucket"] for h in headers}) == 1
    assert float(headers[-1]["X-RateLimit-Reset-After"]) == pytest.approx(5.0)
    limited = limiter.check("POST", MESSAGES, params)
    assert limited.limited and not limited.is_global
    assert limited.body() == {"message": "You are being rate limited.", "retry_after": 5.0,
                              "global": False, "code": 0}
    assert limited.limited_headers()["Via"] and limited.limited_headers()["Retry-After"] == "5"
    # Another channel is another bucket (the channel is a major parameter).
    assert not limiter.check("POST", MESSAGES, {"channel_id": "2"}).limited
    time.now += 5.0
    assert limiter.check("POST", MESSAGES, params).headers["X-RateLimit-Remaining"] == "4"


def test_the_global_limit_is_50_a_second_and_spares_interactions() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time)
    for n in range(50):
        assert not limiter.check("GET", "/users/{user_id}", {"user_id": str(n)}).limited
    verdict = limiter.check("GET", "/users/{user_id}", {"user_id": "51"})
    assert verdict.limited and verdict.is_global
    assert verdict.body()["global"] is True
    assert verdict.limited_headers()["X-RateLimit-Global"] == "true"
    callback = "/interactions/{interaction_id}/{interaction_token}/callback"
    assert not limiter.check("POST", callback, {"interaction_id": "9"}, global_exempt=True).limited
    time.now += 1.0
    assert not limiter.check("GET", "/users/{user_id}", {"user_id": "52"}).limited


def test_invalid_requests_are_counted_over_ten_minutes_and_ban_at_10000() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time)
    for status in (200, 401, 403, 404, 429, 500):
        limiter.record_status(status)
    assert limiter.invalid_requests() == 3
    time.now += 601
    assert limiter.invalid_requests() == 0
    for _ in range(INVALID_REQUEST_BAN):
        limiter.record_status(403)
    assert limiter.banned


@pytest.mark.asyncio
async def test_the_client_waits_for_an_exhausted_bucket_instead_of_hitting_429(
    start_sandbox: StartSandbox,
) -> None:
    policy_rules = {("POST", MESSAGES): BucketRule(2, 0.1)}
    sandbox = await start_sandbox()
    sandbox.server.ratelimits.policy = RateLimitPolicy(rules=policy_rules)
    channel = sandbox.bot.get_channel(sandbox.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    await asyncio.gather(*(channel.send(f"reminder {n}") for n in range(5)))
    await sandbox.settle()
    assert sorted(e.text for e in sandbox.events) == [f"reminder {n}" for n in range(5)]
    # X-RateLimit-Remaining: 0 with Reset-After made discord.py wait, so Discord never
    # had to refuse anything.
    assert sandbox.server.ratelimits.limited_count == 0


@pytest.mark.asyncio
async def test_the_client_retries_after_a_429_and_succeeds(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox()
    sandbox.server.faults.fail_next(429, method="POST", route=MESSAGES)
    channel = sandbox.bot.get_channel(sandbox.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("after a wait")
    assert sandbox.server.faults.injected == [("POST", MESSAGES, 429)]
    assert [e.text for e in sandbox.events] == ["after a wait"]
    assert sandbox.server.ratelimits.invalid_requests() == 1


@pytest.mark.asyncio
async def test_the_client_holds_all_requests_after_a_global_429(
    start_sandbox: StartSandbox,
) -> None:
    sandbox = await start_sandbox()
    sandbox.server.ratelimits.policy = RateLimitPolicy(global_per_second=3, scale=0.1)
    names = ["general", "agendas", "peer-support", "daily-check-in", "facilitators", "mod-log"]
    channels = [sandbox.bot.get_channel(sandbox.channel_id(n)) for n in names]
    await asyncio.gather(*(c.send("hello") for c in channels))  # type: ignore[union-attr]
    assert len([e for e in sandbox.events if e.text == "hello"]) == 6
    assert sandbox.server.ratelimits.limited_count >= 1


@pytest.mark.asyncio
async def test_a_429_on_the_wire_looks_like_discords(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox()
    one_a_minute = {("POST", MESSAGES): BucketRule(1, 60)}
    sandbox.server.ratelimits.policy = RateLimitPolicy(rules=one_a_minute)
    url = f"{sandbox.server.base_url}/channels/{sandbox.channel_id('general')}/messages"
    headers = {"Authorization": f"Bot {sandbox.server.state.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.post(url, json={"content": "one"}) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "application/json"
            assert response.headers["X-RateLimit-Remaining"] == "0"
        async with session.post(url, json={"content": "two"}) as response:
            assert response.status == 429
            assert response.headers["Via"] and int(response.headers["Retry-After"]) >= 59
            assert response.headers["X-RateLimit-Scope"] == "user"
            body = await response.json()
            assert body["global"] is False and body["code"] == 0 and body["retry_after"] > 59


@pytest.mark.asyncio
async def test_a_banned_bot_gets_cloudflares_bare_429(start_sandbox: StartSandbox) -> None:
    sandbox = await start_sandbox()
    for _ in range(INVALID_REQUEST_BAN):
        sandbox.server.ratelimits.record_status(401)
    channel = sandbox.bot.get_channel(sandbox.channel_id("general"))
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send("hello?")
    assert caught.value.status == 429  # no Via header: discord.py does not retry
