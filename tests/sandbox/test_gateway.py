"""The sandbox gateway with the real discord.py client: connect, heartbeat, dispatches,
RESUME after a drop (nothing missed), op 7, op 9 (fresh IDENTIFY), bad tokens, intents."""

from __future__ import annotations

import json

import aiohttp
import pytest

from bot.sandbox.driver import Sandbox
from bot.sandbox.gateway import HEARTBEAT_ACK, HELLO, INVALID_SESSION
from tests.conftest import StartSandbox, eventually
from tests.sandbox.probe_bot import probe_cog


@pytest.mark.asyncio
async def test_the_bot_sees_the_whole_server_at_ready(probe: Sandbox) -> None:
    guild = probe.bot.get_guild(probe.guild_id)
    assert guild is not None
    assert probe.bot.user is not None and probe.bot.user.name == "Companion"
    assert {c.name for c in guild.text_channels} >= {"general", "peer-support", "mod-log"}
    assert {r.name for r in guild.roles} >= {"Facilitator", "Participant", "Peer"}
    # member_count equals the members sent, so discord.py asked for no chunks.
    assert guild.chunked and guild.member_count == len(guild.members)
    ops = [frame["op"] for frame in probe.server.gateway.frames]
    assert ops[0] == HELLO
    kinds = [frame["t"] for frame in probe.server.gateway.frames if frame["t"]]
    assert kinds[:2] == ["READY", "GUILD_CREATE"]


@pytest.mark.asyncio
async def test_heartbeats_are_acknowledged(probe: Sandbox) -> None:
    # discord.py sends a heartbeat as soon as it gets HELLO; its latency comes from the ACK.
    assert 1 in probe.server.gateway.received_ops
    assert any(f["op"] == HEARTBEAT_ACK for f in probe.server.gateway.frames)
    assert probe.bot.latency < 1.0


@pytest.mark.asyncio
async def test_a_new_member_reaches_the_bots_cache_with_their_role(probe: Sandbox) -> None:
    user_id = probe.add_member("alex", "participant")
    await probe.settle()
    guild = probe.bot.get_guild(probe.guild_id)
    assert guild is not None
    member = guild.get_member(user_id)
    assert member is not None and [r.name for r in member.roles[1:]] == ["Participant"]


@pytest.mark.asyncio
async def test_a_new_channel_reaches_the_bot(probe: Sandbox) -> None:
    channel_id = probe.add_channel("art-therapy")
    await probe.settle()
    channel = probe.bot.get_channel(channel_id)
    assert channel is not None and getattr(channel, "name", None) == "art-therapy"


@pytest.mark.asyncio
async def test_messages_posted_while_the_connection_is_down_arrive_after_resume(
    probe: Sandbox,
) -> None:
    probe.add_member("alex")
    await probe.settle()
    await probe.server.gateway.drop()
    # Posted while the bot is away: Discord keeps these for the session and replays them.
    probe.actions.post("alex", "general", "while you were away 1")
    probe.actions.post("alex", "general", "while you were away 2")
    await probe.settle()
    seen = [m.content for m in probe_cog(probe.bot).seen]
    assert seen[-2:] == ["while you were away 1", "while you were away 2"]
    assert probe.server.gateway.resumes == 1 and probe.server.gateway.identifies == 1


@pytest.mark.asyncio
async def test_op_7_reconnect_resumes_the_session(probe: Sandbox) -> None:
    probe.server.gateway.request_reconnect()
    await eventually(lambda: probe.server.gateway.resumes == 1)
    await probe.settle()
    assert probe.server.gateway.identifies == 1
    probe.add_member("sam")
    await probe.post("sam", "general", "!ping")
    assert probe.events[-1].text == "pong"


@pytest.mark.asyncio
async def test_a_refused_resume_leads_to_a_fresh_identify(probe: Sandbox) -> None:
    probe.server.faults.plan.refuse_resume = True
    await probe.server.gateway.drop()
    await eventually(lambda: probe.server.gateway.identifies == 2)
    await probe.settle()
    assert probe.server.gateway.resumes == 0
    assert any(f["op"] == INVALID_SESSION for f in probe.server.gateway.frames)
    probe.add_member("jordan")
    await probe.post("jordan", "general", "!ping")
    assert probe.events[-1].text == "pong"


@pytest.mark.asyncio
async def test_op_9_sent_mid_session_makes_the_bot_identify_again(probe: Sandbox) -> None:
    probe.server.gateway.invalidate(resumable=False)
    await eventually(lambda: probe.server.gateway.identifies == 2)
    await probe.settle()
    assert probe.bot.get_guild(probe.guild_id) is not None


async def _raw_identify(url: str, token: str, intents: int) -> tuple[
    aiohttp.ClientSession, aiohttp.ClientWebSocketResponse
]:
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(url)
    hello = json.loads((await ws.receive()).data)
    assert hello["op"] == HELLO and hello["d"]["heartbeat_interval"] > 0
    await ws.send_json({"op": 2, "d": {"token": token, "intents": intents, "properties": {}}})
    return session, ws


@pytest.mark.asyncio
async def test_a_wrong_token_is_closed_with_4004(probe: Sandbox) -> None:
    session, ws = await _raw_identify(probe.server.gateway_url, "not.the.token", 0)
    try:
        msg = await ws.receive()
        assert msg.type is aiohttp.WSMsgType.CLOSE and msg.data == 4004
    finally:
        await session.close()


@pytest.mark.asyncio
async def test_without_the_message_content_intent_guild_messages_arrive_empty(
    start_sandbox: StartSandbox,
) -> None:
    sandbox = await start_sandbox()
    await sandbox.bot.close()  # take over the gateway with a hand-written client
    sandbox.add_member("riley")
    guild_messages = 1 << 9
    session, ws = await _raw_identify(sandbox.server.gateway_url, sandbox.server.state.token,
                                      guild_messages)
    try:
        frames = [json.loads((await ws.receive()).data) for _ in range(2)]
        assert [f.get("t") for f in frames] == ["READY", "GUILD_CREATE"]
        sandbox.actions.post("riley", "general", "something private")
        while (frame := json.loads((await ws.receive()).data)).get("t") != "MESSAGE_CREATE":
            pass
        assert frame["d"]["content"] == "" and frame["d"]["author"]["username"] == "riley"
    finally:
        await session.close()
