"""The fault soak in reduced form (bench/soak.py): nothing the program owed is lost or
sent twice through 429s and 5xx, gateway drops, a refused RESUME, restarts and a hard
kill in the middle of a fan-out."""

from __future__ import annotations

import re

import pytest

from bench.soak import run

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]


async def test_reduced_soak_loses_nothing_and_sends_nothing_twice() -> None:
    line = await run(days=2, participants=10, fault_rate=0.10, seed=21)
    figures = dict(re.findall(r"(\w+)=(\S+)", line))
    assert int(figures["owed"]) > 30
    assert figures["lost"] == "0", line
    assert figures["duplicated"] == "0", line
    assert int(figures["delivered"]) == int(figures["owed"]), line
    assert int(figures["invalid_requests_per_10min_max"]) < 1000, line
