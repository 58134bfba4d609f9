"""Finding the member a program entry names, for one participant at a time (a check-in
prompt, a member who joins, a retried welcome), without a scan of the whole server each
time: a program of 10,000 would pay 10,000 x 10,000. The figure itself is a benchmark
(``python -m bench.program_load``)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest

from bot.program.domain.schedule import Participant, Program
from bot.program.enrolment import enrol
from bot.program.participants import MemberIndex, member_for_participant

SIZE = 300


class Member:
    def __init__(self, user_id: int, name: str) -> None:
        self.id = user_id
        self.name = name


class CountingGuild:
    """A server's member list that counts how often it is read whole."""

    id = 1

    def __init__(self, names: list[str]) -> None:
        self._members = {n: Member(n, name) for n, name in enumerate(names, 1)}
        self.scans = 0

    @property
    def members(self) -> list[Any]:
        self.scans += 1
        return list(self._members.values())

    def get_member(self, user_id: int) -> Any:
        return self._members.get(user_id)

    def join(self, name: str) -> Member:
        member = Member(len(self._members) + 1, name)
        self._members[member.id] = member
        return member

    def leave(self, member: Member) -> None:
        del self._members[member.id]


def entry(name: str) -> Participant:
    return Participant(name=name, track=None, timezone="America/Chicago",
                       start=date(2026, 12, 7), weeks=8)


def test_a_kept_index_reads_the_member_list_once_for_many_lookups() -> None:
    guild = CountingGuild([f"p{n:03d}" for n in range(SIZE)])
    index = MemberIndex()
    for n in range(SIZE):
        found = member_for_participant(cast(Any, guild), entry(f"p{n:03d}"), index)
        assert found is not None and found.name == f"p{n:03d}"
    assert guild.scans == 1


def test_the_index_follows_joins_renames_and_departures() -> None:
    guild = CountingGuild(["alex", "sam"])
    index = MemberIndex()
    server = cast(Any, guild)
    sam = member_for_participant(server, entry("sam"), index)
    assert sam is not None
    # Someone who joined after the index was built is found.
    jordan = guild.join("jordan")
    assert member_for_participant(server, entry("jordan"), index) is jordan
    # A member renamed since is no longer found under the old name, and is under the new.
    sam.name = "sam.r"
    assert member_for_participant(server, entry("sam"), index) is None
    assert member_for_participant(server, entry("sam.r"), index) is sam
    # A member who left is not named, even though the index still held them.
    guild.leave(jordan)
    assert member_for_participant(server, entry("jordan"), index) is None


@pytest.mark.asyncio
async def test_enrolling_one_member_who_joins_does_not_read_the_whole_server() -> None:
    names = [f"p{n:03d}" for n in range(SIZE)]
    guild = CountingGuild([f"other{n}" for n in range(SIZE)])
    program = Program(name="Large IOP", timezone="America/New_York",
                      participants=tuple(entry(name) for name in names))
    index = MemberIndex()
    nobody = cast(Any, None)  # not reached: the joining member is named by no entry
    for n in range(SIZE):
        stranger = guild.join(f"stranger{n}")
        report = await enrol(nobody, nobody, nobody, cast(Any, guild), program,
                             welcome=lambda *_: "", notice=nobody,
                             only=cast(Any, stranger), index=index)
        assert report.linked == [] and report.not_in_server == []
    assert guild.scans == 0
