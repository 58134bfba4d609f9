"""Slash commands, autocomplete, buttons, selects and modals, answered by the real
discord.py client through the sandbox."""

from __future__ import annotations

import aiohttp
import pytest

from bot.sandbox.actions import SandboxUsageError
from bot.sandbox.driver import Sandbox


def _bot_said(sandbox: Sandbox) -> list[tuple[str, str, str | None, str]]:
    return [(e.kind, e.where, e.visible_to, e.text) for e in sandbox.events
            if e.actor == "Companion"]


@pytest.mark.asyncio
async def test_a_slash_command_with_options_is_answered_in_the_channel(probe: Sandbox) -> None:
    probe.add_member("alex", "participant")
    await probe.slash("alex", "/echo text:good morning all", channel="general")
    assert _bot_said(probe) == [("message", "#general", None, "good morning all")]


@pytest.mark.asyncio
async def test_an_ephemeral_answer_is_seen_only_by_the_invoker(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.slash("alex", '/echo text:"just for me" ephemeral:true', channel="general")
    assert _bot_said(probe) == [("message", "#general", "alex", "just for me")]
    # No MESSAGE_CREATE for an ephemeral message: other members' clients never see it.
    assert "MESSAGE_CREATE" not in [f["t"] for f in probe.server.gateway.frames[-3:]]


@pytest.mark.asyncio
async def test_a_slash_command_in_dm_is_answered_in_the_dm(probe: Sandbox) -> None:
    probe.add_member("sam")
    await probe.slash("sam", "/echo text:hello")
    assert _bot_said(probe) == [("message", "dm:sam", None, "hello")]


@pytest.mark.asyncio
async def test_a_deferred_answer_and_its_followups(probe: Sandbox) -> None:
    probe.add_member("jordan")
    await probe.slash("jordan", "/slow", channel="general")
    # The first followup fills the "thinking" message; the second is a new message.
    assert _bot_said(probe) == [
        ("message", "#general", None, "done slowly"),
        ("message", "#general", None, "and a followup"),
    ]


@pytest.mark.asyncio
async def test_editing_the_original_response(probe: Sandbox) -> None:
    probe.add_member("riley")
    await probe.slash("riley", "/edits", channel="general")
    assert _bot_said(probe) == [
        ("message", "#general", None, "first draft"),
        ("edit", "#general", None, "final text"),
    ]


@pytest.mark.asyncio
async def test_autocomplete_offers_the_bots_choices(probe: Sandbox) -> None:
    probe.add_member("casey")
    choices = await probe.autocomplete("casey", "/pick fruit:ap", "fruit", channel="general")
    assert [c["name"] for c in choices] == ["apple", "apricot"]
    await probe.slash("casey", "/pick fruit:cherry", channel="general")
    assert _bot_said(probe)[-1][3] == "picked cherry"


@pytest.mark.asyncio
async def test_a_button_updates_its_message(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.slash("alex", "/menu", channel="general")
    await probe.click("alex", "Yes")
    said = _bot_said(probe)
    assert said[0][3].startswith("Choose:\nYes\nForm\nMood")
    assert said[-1] == ("edit", "#general", None, "You said yes")


@pytest.mark.asyncio
async def test_a_select_choice_reaches_the_bot(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.slash("alex", "/menu", channel="general")
    await probe.select("alex", "2", in_="Mood")
    assert _bot_said(probe)[-1] == ("message", "#general", "alex", "mood m2")


@pytest.mark.asyncio
async def test_a_modal_is_opened_filled_and_submitted(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.slash("alex", "/menu", channel="general")
    await probe.click("alex", "Form")
    await probe.submit("alex", {"Note": "tired but ok"})
    assert _bot_said(probe)[-1] == ("message", "#general", None, "noted: tired but ok")
    with pytest.raises(SandboxUsageError, match="no open form"):
        await probe.submit("alex", {"Note": "again"})


@pytest.mark.asyncio
async def test_a_command_that_dms_a_member_with_closed_dms_sees_50007(probe: Sandbox) -> None:
    probe.add_member("sam")
    probe.actions.set_dms_open("sam", False)
    await probe.slash("sam", "/dmme", channel="general")
    assert _bot_said(probe) == [("message", "#general", "sam", "cannot DM you (50007)")]


@pytest.mark.asyncio
async def test_what_a_member_cannot_do_is_refused_clearly(probe: Sandbox) -> None:
    probe.add_member("alex")
    with pytest.raises(SandboxUsageError, match="no slash command /nope"):
        await probe.slash("alex", "/nope")
    with pytest.raises(SandboxUsageError, match="'text' is required"):
        await probe.slash("alex", "/echo")
    with pytest.raises(SandboxUsageError, match="no button 'Maybe'"):
        await probe.click("alex", "Maybe")


@pytest.mark.asyncio
async def test_an_interaction_is_answered_once_then_40060(probe: Sandbox) -> None:
    probe.add_member("alex")
    await probe.slash("alex", "/echo text:once", channel="general")
    ix = next(iter(probe.server.state.interactions.values()))
    url = f"{probe.server.base_url}/interactions/{ix.id}/{ix.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 4, "data": {"content": "twice"}}) as response:
            assert response.status == 400
            assert (await response.json())["code"] == 40060
        async with session.post(url.replace(ix.token, "wrong"), json={"type": 4}) as response:
            assert (await response.json())["code"] == 10062
