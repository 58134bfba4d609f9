"""Where the bot listens in the server: peer channels, channels added with /mod watch
(kept in the database), never the facilitators' own channels. Threads and DMs are
covered end to end by the scripts (crisis_tiers_*.script, mod_watch.script)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.kernel.config import Settings
from bot.kernel.db.connection import Database
from bot.moderation.watch import PEER, WATCHED, NotWatchable, WatchList

pytestmark = pytest.mark.asyncio
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def channel(name: str, channel_id: int) -> Any:
    return SimpleNamespace(name=name, id=channel_id, mention=f"<#{channel_id}>")


def watch_list(db: Database) -> WatchList:
    settings = Settings(guild_id=1)
    return WatchList(db, settings, client=SimpleNamespace(user=None))  # type: ignore[arg-type]


async def test_peer_channels_are_read_and_other_channels_only_once_added(db: Database) -> None:
    watch = watch_list(db)
    peer = await watch.place_of(channel("peer-support", 10))
    assert peer is not None and peer.reason == PEER and not peer.in_thread
    art = channel("art-room", 11)
    assert await watch.place_of(art) is None
    assert await watch.add(art, by=99, now=NOW)
    assert not await watch.add(art, by=99, now=NOW)  # already
    place = await watch.place_of(art)
    assert place is not None and place.reason == WATCHED and place.channel_name == "art-room"
    # Kept in the database: a new list (a restart) reads it back.
    again = watch_list(db)
    assert await again.place_of(art) is not None
    assert "Added with /mod watch: <#11>" in "\n".join(await again.describe())
    assert await again.remove(11)
    assert not await again.remove(11)
    assert await again.place_of(art) is None


async def test_facilitators_channels_are_never_read_or_added(db: Database) -> None:
    watch = watch_list(db)
    for name in ("facilitators", "mod-log"):
        assert await watch.place_of(channel(name, 20)) is None
        with pytest.raises(NotWatchable, match="is for facilitators"):
            await watch.add(channel(name, 20), by=99, now=NOW)
    with pytest.raises(NotWatchable, match="is a peer channel"):
        await watch.add(channel("peer-support", 10), by=99, now=NOW)
