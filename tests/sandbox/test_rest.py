"""REST routes as the real discord.py client uses them, with Discord's error codes."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import discord
import pytest
from discord.http import Route

from bot.sandbox.actions import SandboxUsageError
from bot.sandbox.driver import Sandbox
from bot.sandbox.state import Perm


def _text_channel(sandbox: Sandbox, name: str) -> discord.TextChannel:
    channel = sandbox.bot.get_channel(sandbox.channel_id(name))
    assert isinstance(channel, discord.TextChannel)
    return channel


def _member(sandbox: Sandbox, name: str) -> discord.Member:
    guild = sandbox.bot.get_guild(sandbox.guild_id)
    assert guild is not None
    member = guild.get_member(sandbox.member_id(name))
    assert member is not None
    return member


@pytest.mark.asyncio
async def test_a_message_the_bot_sends_is_stored_recorded_and_echoed(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.settle()
    sent = await _text_channel(probe, "general").send(
        f"welcome <@{probe.member_id('alex')}>",
        embed=discord.Embed(title="Today", description="Group at 6"),
    )
    await probe.settle()
    event = probe.events[-1]
    assert (event.kind, event.where, event.actor) == ("message", "#general", "Companion")
    assert event.text.splitlines() == ["welcome @alex", "Today", "Group at 6"]
    assert sent.mentions and sent.mentions[0].name == "alex"
    fetched = await _text_channel(probe, "general").fetch_message(sent.id)
    assert fetched.embeds[0].title == "Today"


@pytest.mark.asyncio
async def test_content_over_2000_characters_is_refused_with_50035(probe: Sandbox) -> None:
    with pytest.raises(discord.HTTPException) as caught:
        await _text_channel(probe, "general").send("x" * 2001)
    assert caught.value.status == 400 and caught.value.code == 50035
    assert "content" in caught.value.text
    assert not [e for e in probe.events if e.kind == "message"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "b", "custom_id": f"c{i}"}]} for i in range(6)]},
         "components"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds"),
    ],
)
async def test_what_discord_refuses_in_a_message_gets_50035(
    probe: Sandbox, payload: dict[str, object], field: str
) -> None:
    route = Route("POST", "/channels/{channel_id}/messages",
                  channel_id=probe.channel_id("general"))
    with pytest.raises(discord.HTTPException) as caught:
        await probe.bot.http.request(route, json=payload)
    assert caught.value.code == 50035 and field in caught.value.text


@pytest.mark.asyncio
async def test_an_empty_message_is_refused_with_50006(probe: Sandbox) -> None:
    route = Route("POST", "/channels/{channel_id}/messages",
                  channel_id=probe.channel_id("general"))
    with pytest.raises(discord.HTTPException) as caught:
        await probe.bot.http.request(route, json={"content": ""})
    assert caught.value.code == 50006


@pytest.mark.asyncio
async def test_a_member_with_closed_dms_cannot_be_messaged_50007(probe: Sandbox) -> None:
    probe.add_member("sam")
    probe.actions.set_dms_open("sam", False)
    await probe.settle()
    with pytest.raises(discord.Forbidden) as caught:
        await _member(probe, "sam").send("your session starts soon")
    assert caught.value.code == 50007
    assert probe.server.ratelimits.invalid_requests() == 1  # a 403 counts as invalid


@pytest.mark.asyncio
async def test_unknown_message_and_unknown_channel(probe: Sandbox) -> None:
    with pytest.raises(discord.NotFound) as caught:
        await _text_channel(probe, "general").fetch_message(1234567890123456789)
    assert caught.value.code == 10008
    with pytest.raises(discord.NotFound) as caught:
        await probe.bot.fetch_channel(1234567890123456789)
    assert caught.value.code == 10003


@pytest.mark.asyncio
async def test_missing_permissions_gives_50013(probe: Sandbox) -> None:
    channel = probe.server.state.channels[probe.channel_id("agendas")]
    channel.bot_denied = Perm.SEND_MESSAGES  # e.g. an announcement channel for staff only
    with pytest.raises(discord.Forbidden) as caught:
        await _text_channel(probe, "agendas").send("agenda")
    assert caught.value.code == 50013
    owner = probe.bot.get_guild(probe.guild_id).get_member(  # type: ignore[union-attr]
        probe.server.state.guilds[probe.guild_id].owner_id
    )
    assert owner is not None
    with pytest.raises(discord.Forbidden) as caught:
        await owner.timeout(probe.clock.now() + timedelta(minutes=10))
    assert caught.value.code == 50013


@pytest.mark.asyncio
async def test_edit_pin_thread_and_delete_are_recorded(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.settle()
    channel = _text_channel(probe, "peer-support")
    notice = await channel.send("draft")
    await notice.edit(content="Guidelines for this channel")
    await notice.pin()
    thread = await notice.create_thread(name="questions")
    member_message_id = await probe.post("alex", "peer-support", "a message to remove")
    await channel.get_partial_message(member_message_id).delete()
    await probe.settle()
    kinds = [(e.kind, e.where, e.text.splitlines()[0], e.target) for e in probe.events]
    assert kinds == [
        ("message", "#peer-support", "draft", None),
        ("edit", "#peer-support", "Guidelines for this channel", None),
        ("pin", "#peer-support", "Guidelines for this channel", "Companion"),
        ("thread", "#peer-support/questions", "questions", None),
        ("member_message", "#peer-support", "a message to remove", None),
        ("delete", "#peer-support", "a message to remove", "alex"),
    ]
    assert probe.bot.get_channel(thread.id) is not None  # THREAD_CREATE reached the cache
    pins = [m async for m in channel.pins()]
    assert [m.id for m in pins] == [notice.id]
    await thread.send("answers here")
    await probe.settle()
    assert probe.events[-1].where == "#peer-support/questions"


@pytest.mark.asyncio
async def test_a_timeout_is_recorded_and_stops_the_member_posting(probe: Sandbox) -> None:
    probe.add_member("bob", "participant")
    await probe.settle()
    # An absolute instant from the simulated clock: Member.timeout(timedelta) would add
    # to the wall clock, which the sandbox's simulated "now" does not follow.
    until = probe.clock.now() + timedelta(hours=1)
    await _member(probe, "bob").timeout(until, reason="crossposting")
    await probe.settle()
    assert probe.events[-1].kind == "timeout" and probe.events[-1].target == "bob"
    assert _member(probe, "bob").is_timed_out()  # GUILD_MEMBER_UPDATE reached the cache
    with pytest.raises(SandboxUsageError):
        await probe.post("bob", "general", "still here?")


@pytest.mark.asyncio
async def test_a_timeout_longer_than_28_days_is_refused(probe: Sandbox) -> None:
    probe.add_member("bob")
    await probe.settle()
    with pytest.raises(discord.HTTPException) as caught:
        await _member(probe, "bob").edit(
            timed_out_until=probe.clock.now() + timedelta(days=29)
        )
    assert caught.value.code == 50035


@pytest.mark.asyncio
async def test_roles_given_by_the_bot_reach_its_cache(probe: Sandbox) -> None:
    probe.add_member("casey")
    await probe.settle()
    guild = probe.bot.get_guild(probe.guild_id)
    assert guild is not None
    peer = discord.utils.get(guild.roles, name="Peer")
    assert peer is not None
    await _member(probe, "casey").add_roles(peer)
    await probe.settle()
    assert peer in _member(probe, "casey").roles


@pytest.mark.asyncio
async def test_commands_synced_by_the_bot_are_stored(probe: Sandbox) -> None:
    names = {c.name for c in probe.server.state.commands.values()}
    assert {"echo", "slow", "pick", "menu", "dmme"} <= names
    fetched = await probe.bot.tree.fetch_commands(guild=discord.Object(probe.guild_id))
    assert {c.name for c in fetched} == names


@pytest.mark.asyncio
async def test_requests_without_the_bot_token_get_401(probe: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(probe.server.base_url + "/users/@me") as response:
            assert response.status == 401
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["message"] == "401: Unauthorized"
        async with session.get(probe.server.base_url + "/no/such/route") as response:
            assert response.status == 404
    assert probe.server.ratelimits.invalid_requests() == 1
