"""Export, erasure and retention against a real database holding two participants' rows
in every table that can name a person (see tests/privacy/privacy_data.py)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import pytest
import pytest_asyncio

from bot.app import PERSONAL_DATA
from bot.kernel.clock import SimulatedClock
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import PersonalData, Provider, Subject
from bot.privacy import storage as privacy_db
from bot.privacy.service import PrivacyService, retention_days
from bot.program.service import ProgramService
from tests.privacy.privacy_data import (
    ALEX,
    FACILITATOR_ID,
    NOW,
    PROGRAM,
    SAM,
    rows_naming,
    seed,
)

pytestmark = pytest.mark.asyncio


@dataclass
class FakeScheduler:
    removed: list[str] = field(default_factory=list)

    def remove_jobs_with_prefix(self, prefix: str) -> None:
        self.removed.append(prefix)


@pytest_asyncio.fixture
async def service(db: Database) -> PrivacyService:
    programs = ProgramService(db, 1)
    await programs.import_text(PROGRAM, NOW)
    await seed(db, ALEX, NOW, 1)
    await seed(db, SAM, NOW, 2)
    return PrivacyService(
        db=db, clock=SimulatedClock(NOW), providers=PERSONAL_DATA, scheduler=FakeScheduler(),
        programs=programs, retention=90,
    )


async def alex(service: PrivacyService) -> Subject:
    return await service.subject_for_key("alex")


# ---- export -------------------------------------------------------------------------------


async def test_export_holds_every_row_naming_the_participant_and_nothing_of_anyone_else(
    service: PrivacyService, db: Database
) -> None:
    exported = await service.export(await alex(service))
    in_db = await rows_naming(db, ALEX)
    by_table: dict[str, int] = {}
    for source in service.kinds():
        for table in source.tables:
            by_table[table] = by_table.get(table, 0) + len(exported[source.name])
    # Every table the scan finds them in is exported, row for row.
    assert {t: by_table.get(t, 0) for t in in_db} == in_db
    dump = json.dumps(exported)
    assert ALEX.secret in dump
    assert SAM.secret not in dump
    assert str(SAM.user_id) not in dump
    assert '"sam"' not in dump


async def test_export_files_are_the_json_and_one_csv_per_kind_with_rows(
    service: PrivacyService,
) -> None:
    subject = await alex(service)
    files = dict(await service.export_files(subject))
    document = json.loads(files["companion-data.json"])
    assert document["data"] == json.loads(json.dumps(await service.export(subject)))
    assert document["data"]["check-ins"][0]["answers"]["note"] == f"note {ALEX.secret}"
    checkins = list(csv.DictReader(io.StringIO(files["check-ins.csv"].decode())))
    # Flat columns: one per answer, never a JSON object or a repr in a cell.
    assert len(checkins) == 1 and checkins[0]["answers note"] == f"note {ALEX.secret}"
    assert checkins[0]["answers mood"] == "6"
    assert set(files) - {"companion-data.json"} == {
        f"{name.replace(' ', '-')}.csv" for name, rows in document["data"].items() if rows
    }


async def test_a_facilitators_export_is_audited_before_it_is_returned(
    service: PrivacyService, db: Database
) -> None:
    await service.facilitator_export(FACILITATOR_ID, await alex(service))
    latest = (await privacy_db.audit_entries(db, actor_id=FACILITATOR_ID, limit=1))[0]
    assert (latest.action, latest.subject) == ("export.participant", "alex")


# ---- erasure ------------------------------------------------------------------------------


async def test_erasure_leaves_no_row_naming_them_and_keeps_everyone_elses(
    service: PrivacyService, db: Database
) -> None:
    before_sam = await rows_naming(db, SAM)
    erasure = await service.erase(await alex(service), reason="self")
    assert await rows_naming(db, ALEX) == {}
    assert await rows_naming(db, SAM) == before_sam
    assert erasure.counts["check-ins"] == 1
    assert erasure.counts["deliveries"] == 5
    assert erasure.counts["program entry"] == 1
    assert "check-ins (1)" in erasure.describe()
    # Off the program: nothing can be planned for them again.
    program = await service.programs.current()
    assert program is not None and program.participant("alex") is None
    assert program.participant("sam") is not None
    # Their scheduled jobs: check-in prompts, share nudges and crisis re-alerts.
    removed = service.scheduler.removed
    assert "checkin:alex:" in removed
    assert "checkin-sharenudge:5000001" in removed
    assert not any("sam" in prefix or "5000002" in prefix for prefix in removed)


async def test_a_facilitators_erasure_is_audited_without_naming_the_person(
    service: PrivacyService, db: Database
) -> None:
    erasure = await service.erase(
        await alex(service), reason="facilitator", actor_id=FACILITATOR_ID
    )
    latest = (await privacy_db.audit_entries(db, limit=1))[0]
    assert (latest.actor_id, latest.action) == (FACILITATOR_ID, "erase.participant")
    assert latest.subject == f"erasure:{erasure.id}"
    record = (await privacy_db.erasures(db))[0]
    assert (record.reason, record.actor_id, record.row_count) == (
        "facilitator",
        FACILITATOR_ID,
        erasure.total,
    )
    assert await rows_naming(db, ALEX) == {}


async def test_an_erasure_that_fails_part_way_changes_nothing(
    service: PrivacyService, db: Database
) -> None:
    async def nothing(_db: Database, _subject: Subject) -> list[dict[str, Any]]:
        return []

    async def broken(_conn: aiosqlite.Connection, _subject: Subject) -> int:
        raise RuntimeError("disk full")

    # After every capability's data, so their rows are deleted before it fails.
    broken_too = PrivacyService(
        db=db,
        clock=service.clock,
        providers=(*PERSONAL_DATA, Provider((PersonalData("broken", nothing, broken),))),
        scheduler=service.scheduler,
        programs=service.programs,
        retention=90,
    )
    before = await rows_naming(db, ALEX)
    with pytest.raises(RuntimeError):
        await broken_too.erase(await alex(service), reason="self")
    assert await rows_naming(db, ALEX) == before
    assert await privacy_db.erasures(db) == []


async def test_a_subject_that_never_joined_is_erased_by_key(service: PrivacyService) -> None:
    subject = await service.subject_for_key("casey")
    assert subject == Subject(None, "casey")
    assert (await service.erase(subject, reason="retention")).counts == {}


# ---- retention ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "erased"),
    [
        # alex's program ran 4 weeks from 2026-01-05: its last day was 2026-02-01.
        (datetime(2026, 5, 3, 3, 0, tzinfo=UTC), []),  # 2 May in New York: 90 days after it
        (datetime(2026, 5, 3, 7, 30, tzinfo=UTC), ["alex"]),  # 3 May: more than 90 days after
    ],
)
async def test_retention_deletes_exactly_the_participants_past_the_period(
    service: PrivacyService, db: Database, now: datetime, erased: list[str]
) -> None:
    assert isinstance(service.clock, SimulatedClock)
    service.clock.set(now)
    done = await service.run_retention()
    assert len(done) == len(erased)
    assert (await rows_naming(db, ALEX) == {}) == ("alex" in erased)
    assert await rows_naming(db, SAM) != {}
    if erased:
        assert (await privacy_db.erasures(db))[0].reason == "retention"


async def test_the_retention_period_comes_from_the_environment() -> None:
    assert retention_days({}) == 90
    assert retention_days({"COMPANION_RETENTION_DAYS": "30"}) == 30
    for bad in ("0", "-5", "ninety", "1.5"):
        with pytest.raises(ValueError, match="COMPANION_RETENTION_DAYS"):
            retention_days({"COMPANION_RETENTION_DAYS": bad})


async def test_the_retention_job_runs_at_half_past_three_program_time(
    service: PrivacyService,
) -> None:
    program = await service.programs.current()
    after = service.next_retention_run(program, datetime(2026, 5, 3, 12, 0, tzinfo=UTC))
    assert after == datetime(2026, 5, 4, 7, 30, tzinfo=UTC)
