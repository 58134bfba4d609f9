"""The fault soak in reduced form (bench/soak.py, 7 days and 50 participants): nothing
the program owed is lost or sent twice through 429s and 5xx, gateway drops, a refused
RESUME, daily restarts and two hard kills in the middle of a fan-out; reminders, check-in
prompts and answers, medication reminders, agendas, crisis replies and alerts, reach-out
requests, and the notices of a cancellation and a closure a facilitator made mid-run."""

from __future__ import annotations

import re

import pytest

from bench.soak import run

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio]


async def test_reduced_soak_loses_nothing_and_sends_nothing_twice() -> None:
    line = await run(days=7, participants=50, fault_rate=0.10, seed=21)
    figures = dict(re.findall(r"(\w+)=(\S+)", line))
    assert int(figures["owed"]) > 500, line
    assert figures["lost"] == "0", line
    assert figures["duplicated"] == "0", line
    assert int(figures["delivered"]) == int(figures["owed"]), line
    assert int(figures["kills"]) == 2, line
    # At most one repeat per kill: only a send on the wire when the bot died.
    assert int(figures["repeated_after_kill"]) <= int(figures["kills"]), line
    assert int(figures["invalid_requests_per_10min_max"]) < 1000, line
