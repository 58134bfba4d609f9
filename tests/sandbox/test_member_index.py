"""Member lookups by index, so a program of 10,000 participants loads in one pass rather
than scanning every member for every participant (which made the load quadratic).
The figure itself is a benchmark: ``python -m bench.program_load``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

import pytest

from bot.kernel.clock import SimulatedClock
from bot.program.domain.schedule import Participant, Program
from bot.program.enrolment import enrol
from bot.sandbox.payloads import mentioned_user_ids
from bot.sandbox.state import SandboxState

PEOPLE = 200


class Watched(dict[int, Any]):
    """A dict that counts how often something walks through all of it."""

    walks = 0

    def values(self) -> Any:
        Watched.walks += 1
        return super().values()

    def __iter__(self) -> Any:
        Watched.walks += 1
        return super().__iter__()


def test_the_sandbox_finds_members_and_their_dms_without_walking_every_member() -> None:
    state = SandboxState.create(SimulatedClock(datetime(2026, 12, 7, 14, tzinfo=UTC)))
    users = [state.add_user(f"member{n:03d}") for n in range(PEOPLE)]
    state.users = Watched(state.users)
    state.channels = Watched(state.channels)
    Watched.walks = 0
    for user in users:
        assert state.user_by_name(user.name) is user
        first = state.dm_channel(user.id)
        assert state.dm_channel(user.id) is first
        assert mentioned_user_ids(state, f"hi <@{user.id}> and <@!{user.id}>") == [user.id]
    assert state.user_by_name("nobody") is None
    assert Watched.walks == 0


class CountingGuild:
    """A server of many members, none of whom the program names; counts member scans."""

    def __init__(self, size: int) -> None:
        self._members = [cast(Any, type("M", (), {"id": n, "name": f"other{n}"})())
                         for n in range(size)]
        self.scans = 0

    @property
    def members(self) -> list[Any]:
        self.scans += 1
        return list(self._members)

    def get_member(self, user_id: int) -> Any:
        return None


@pytest.mark.asyncio
async def test_enrolment_reads_the_member_list_once_not_once_per_participant() -> None:
    program = Program(
        name="Large IOP", timezone="America/New_York",
        participants=tuple(
            Participant(name=f"p{n:03d}", track=None, timezone="America/Chicago",
                        start=date(2026, 12, 7), weeks=8)
            for n in range(PEOPLE)
        ),
    )
    guild = CountingGuild(PEOPLE)
    nobody = cast(Any, None)  # not reached: nobody the program names is in the server
    report = await enrol(nobody, nobody, nobody, cast(Any, guild), program,
                         welcome=lambda *_: "", notice=nobody)
    assert len(report.not_in_server) == PEOPLE
    assert guild.scans == 1
