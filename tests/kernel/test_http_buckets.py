"""Welcoming a large program opens a DM channel per participant, and discord.py keeps a
rate-limit bucket per channel. Its own sweep for idle buckets walks them all at every
new one past 256 (quadratic in the size of the program); ours walks them when their
number has doubled, and still drops the idle ones."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.kernel.http_buckets import sweep_buckets_sparingly

CHANNELS = 5_000


@pytest.mark.asyncio
async def test_new_buckets_do_not_each_walk_every_bucket_and_idle_ones_still_go() -> None:
    loop = asyncio.get_running_loop()
    http = discord.http.HTTPClient(loop)
    walks = 0
    sweep = http._try_clear_expired_ratelimits

    def counted() -> None:
        nonlocal walks
        walks += 1
        sweep()

    http._try_clear_expired_ratelimits = counted  # type: ignore[method-assign]
    assert sweep_buckets_sparingly(http)
    for n in range(CHANNELS):
        http.get_ratelimit(f"POST:/channels/{n}/messages")
    assert len(http._buckets) == CHANNELS  # none idle: none dropped
    assert walks <= 5  # at 256, 512, 1024, 2048 and 4096; discord.py's own: 4,745

    # Five minutes later every bucket is idle: the next sweep drops them.
    for bucket in http._buckets.values():
        bucket._last_request = loop.time() - 301
    n = CHANNELS
    while walks <= 5:
        http.get_ratelimit(f"POST:/channels/{n}/messages")
        n += 1
    # Every idle bucket went; the ones opened since stay.
    assert not any(f"/{k}/" in key for key in http._buckets for k in (0, 1, CHANNELS - 1))
    assert len(http._buckets) == n - CHANNELS
