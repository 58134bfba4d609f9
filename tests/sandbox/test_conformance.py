"""Every REST request the bot sends and every answer the sandbox gives agrees with
Discord's official OpenAPI description (../shared/discord-api-spec/openapi.json).

A realistic exchange is recorded on the wire: the real Companion bot logging in, syncing
its commands and answering /about, then the probe bot using every interaction feature,
messages, edits, pins, threads, roles, timeouts and Discord's error answers.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.sandbox.server import Exchange
from tests.conftest import StartSandbox

SPEC = Path(__file__).resolve().parents[2] / ".." / "shared" / "discord-api-spec" / "openapi.json"
HOST = "https://discord.com"
# Where discord.py itself strays from the description, and Discord accepts it anyway.
# The request is validated after undoing just that difference.
CLIENT_DEVIATIONS = {
    ("POST", "/users/@me/channels"): "discord.py sends recipient_id as a number, not a string",
}


def _snowflakes_as_strings(body: bytes) -> bytes:
    data = json.loads(body)
    fixed = {k: str(v) if k.endswith("_id") and isinstance(v, int) else v
             for k, v in data.items()}
    return json.dumps(fixed).encode()


@pytest.fixture(scope="session")
def openapi() -> Any:
    if not SPEC.exists():
        pytest.skip(f"Discord's OpenAPI description is not here ({SPEC}): ../shared is absent")
    from openapi_core import Config, OpenAPI

    # Validating the 1 MB description itself takes long and proves nothing about us.
    return OpenAPI.from_dict(json.loads(SPEC.read_text()), config=Config(spec_validator_cls=None))


def _problems(openapi: Any, exchange: Exchange) -> list[str]:
    from openapi_core.testing import MockRequest, MockResponse

    body = exchange.request_body
    if (exchange.method, exchange.template) in CLIENT_DEVIATIONS:
        body = _snowflakes_as_strings(body)
    request = MockRequest(
        HOST, exchange.method, "/api/v10" + exchange.path, args=exchange.query,
        headers=exchange.request_headers, data=body or None,
        content_type=exchange.request_content_type or "application/json",
    )
    response = MockResponse(
        exchange.response_body, status_code=exchange.status,
        headers=exchange.response_headers,
        content_type=exchange.response_headers.get("Content-Type", "application/json"),
    )
    label = f"{exchange.method} {exchange.template} -> {exchange.status}"
    problems = []
    for what, validate in (("request", lambda: openapi.validate_request(request)),
                           ("response", lambda: openapi.validate_response(request, response))):
        try:
            validate()
        except Exception as error:
            detail = "; ".join(str(e) for e in getattr(error, "schema_errors", []) or [])
            problems.append(f"{label}: {what}: {error} {detail[:600]}")
    return problems


async def _realistic_exchange(start_sandbox: StartSandbox) -> list[Exchange]:
    from bot.sandbox.driver import companion_factory

    captured: list[Exchange] = []
    companion = await start_sandbox(bot_factory=companion_factory, capture=True)
    companion.add_member("rivera", "facilitator")
    await companion.slash("rivera", "/about")
    await companion.slash("rivera", "/about", channel="facilitators")
    captured += companion.server.captures or []
    await companion.stop()

    probe = await start_sandbox(capture=True)
    probe.add_member("alex", "participant", "America/Chicago")
    probe.add_member("sam", "peer")
    probe.actions.set_dms_open("sam", False)
    await probe.slash("alex", "/echo text:hello ephemeral:true", channel="general")
    await probe.slash("alex", "/slow", channel="general")
    await probe.slash("alex", "/edits")
    await probe.autocomplete("alex", "/pick fruit:a", "fruit")
    await probe.slash("alex", "/menu", channel="general")
    await probe.select("alex", "3", in_="Mood")
    await probe.click("alex", "Form")
    await probe.submit("alex", {"Note": "ok"})
    await probe.click("alex", "Yes")
    await probe.slash("sam", "/dmme", channel="general")
    guild = probe.bot.get_guild(probe.guild_id)
    assert guild is not None
    channel = guild.get_channel(probe.channel_id("peer-support"))
    assert isinstance(channel, discord.TextChannel)
    alex = guild.get_member(probe.member_id("alex"))
    assert alex is not None
    rules = discord.Embed(title="Rules", description="Be kind")
    message = await channel.send("Welcome", embed=rules)
    await message.edit(content="Welcome, everyone")
    await message.pin()
    _ = [m async for m in channel.pins()]
    thread = await message.create_thread(name="intros")
    await thread.send("Say hi here")
    await channel.fetch_message(message.id)
    _ = [m async for m in channel.history(limit=5)]
    posted = await probe.post("alex", "peer-support", "hi all")
    await channel.get_partial_message(posted).delete()
    await alex.timeout(probe.clock.now() + timedelta(minutes=10), reason="test")
    peer = discord.utils.get(guild.roles, name="Peer")
    assert peer is not None
    await alex.add_roles(peer)
    await alex.send("your session is at 6")
    await probe.bot.fetch_user(alex.id)
    await guild.fetch_member(alex.id)
    for failing in (channel.send("x" * 2001), channel.fetch_message(1),
                    guild.get_member(probe.member_id("sam")).send("hi")):  # type: ignore[union-attr]
        with pytest.raises(discord.HTTPException):
            await failing
    await probe.settle()
    captured += probe.server.captures or []
    return captured


@pytest.mark.asyncio
async def test_a_realistic_exchange_conforms_to_discords_openapi(
    openapi: Any, start_sandbox: StartSandbox
) -> None:
    exchanges = await _realistic_exchange(start_sandbox)
    routes = {(e.method, e.template) for e in exchanges}
    assert len(routes) >= 18, sorted(routes)  # it really covers the routes bots use
    problems = [p for e in exchanges for p in _problems(openapi, e)]
    assert not problems, "\n".join(problems[:20])


def test_the_check_catches_an_answer_discord_would_not_give(openapi: Any) -> None:
    # Guards the guard: a message without its author and timestamp must be reported.
    exchange = Exchange(
        method="GET", path="/channels/1/messages/2",
        template="/channels/{channel_id}/messages/{message_id}", query={},
        request_body=b"", request_content_type="application/json",
        request_headers={"Authorization": "Bot a.b.c"}, status=200,
        response_body=json.dumps({"id": "2", "channel_id": "1", "content": "hi"}).encode(),
        response_headers={"Content-Type": "application/json"},
    )
    problems = _problems(openapi, exchange)
    assert len(problems) == 1 and "response" in problems[0]
