"""The safety plan on a real database: kept exactly as written, a too-long section refused
with its count (nothing saved), shared and unshared, every facilitator view audited, and
exported and erased with the person's data."""

from __future__ import annotations

import pytest

from bot.app import PERSONAL_DATA
from bot.kernel.clock import SimulatedClock
from bot.kernel.db import audit
from bot.kernel.db.connection import Database
from bot.kernel.personal_data import Subject
from bot.outreach.domain.safety_plan import SECTION_CHARS, TooLong, render_plan
from bot.outreach.personal_data import OUTREACH_DATA
from bot.outreach.safety_plan import NotShared, SafetyPlans
from bot.privacy.service import PrivacyService

ALEX = 42


class Lines:
    """The crisis side of the plan's prefilled section (FacilitatorAlerts, in part)."""

    async def lines_for(self, user_id: int) -> str:
        return "You can reach someone any time (United States):\n• 988"

    async def program_contact(self) -> str:
        return "the front desk, 555-0100"


def plans(db: Database, clock: SimulatedClock) -> SafetyPlans:
    return SafetyPlans(db, clock, Lines())  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_a_section_is_kept_exactly_as_written(db: Database, clock: SimulatedClock) -> None:
    service = plans(db, clock)
    assert not await service.has_plan(ALEX)
    written = "  Not sleeping\n\nskipping group  "
    assert await service.save(ALEX, "warning_signs", written)
    assert (await service.written(ALEX)) == {"warning_signs": written}
    assert await service.has_plan(ALEX)
    assert not await service.save(ALEX, "warning_signs", "   ")  # blank clears it
    assert not await service.has_plan(ALEX)


@pytest.mark.asyncio
async def test_a_too_long_section_is_refused_with_its_count_and_given_back(
    db: Database, clock: SimulatedClock
) -> None:
    service = plans(db, clock)
    await service.save(ALEX, "reasons", "My niece.")
    long_text = "x" * (SECTION_CHARS + 234)
    with pytest.raises(TooLong) as caught:
        await service.save(ALEX, "reasons", long_text)
    assert f"{SECTION_CHARS + 234:,} characters" in str(caught.value)
    assert caught.value.text == long_text  # all of it, to be given back
    assert (await service.written(ALEX))["reasons"] == "My niece."  # nothing changed
    assert await service.save(ALEX, "reasons", "y" * SECTION_CHARS)  # the limit itself is fine


@pytest.mark.asyncio
async def test_professionals_start_from_the_program_and_the_persons_lines(
    db: Database, clock: SimulatedClock
) -> None:
    shown = "\n".join(await plans(db, clock).show_to_owner(ALEX))
    assert "555-0100" in shown and "988" in shown and "filled in from your program" in shown
    assert shown.count("(not written yet)") == 6


@pytest.mark.asyncio
async def test_facilitators_read_only_a_shared_plan_and_every_view_is_audited(
    db: Database, clock: SimulatedClock
) -> None:
    service = plans(db, clock)
    await service.save(ALEX, "reasons", "My niece.")
    with pytest.raises(NotShared):
        await service.view_for_facilitator(7, ALEX, "alex")
    await service.set_shared(ALEX, True)
    shown = "\n".join(await service.view_for_facilitator(7, ALEX, "alex"))
    assert "My niece." in shown and "alex's safety plan" in shown
    await service.set_shared(ALEX, False)
    with pytest.raises(NotShared):
        await service.view_for_facilitator(7, ALEX, "alex")
    entries = await audit.entries_about(db, str(ALEX))
    assert [(e.actor_id, e.action) for e in entries] == [(7, "viewed safety plan")]


@pytest.mark.asyncio
async def test_the_plan_is_exported_and_erased(db: Database, clock: SimulatedClock) -> None:
    service = plans(db, clock)
    await service.save(ALEX, "reasons", "My niece.")
    await service.save(ALEX, "helpers", "Jo, 555-0199")
    await service.set_shared(ALEX, True)
    subject = Subject(user_id=ALEX, participant_key=None)
    kinds = {kind.name: kind for kind in OUTREACH_DATA.kinds}
    exported = await kinds["safety plan"].export(db, subject)
    assert sorted(row["text"] for row in exported) == ["Jo, 555-0199", "My niece."]
    assert (await kinds["safety plan settings"].export(db, subject))[0]["shared_at"]
    async with db.transaction() as conn:
        erased = [await kind.erase(conn, subject) for kind in OUTREACH_DATA.kinds]
    assert erased == [0, 2, 1]
    assert not await service.has_plan(ALEX) and not await service.is_shared(ALEX)
    assert kinds["safety plan"].owner_only  # not in a facilitator's export of the record


def test_a_long_plan_is_split_between_sections_never_inside_one() -> None:
    written = {key: "z" * SECTION_CHARS for key in ("warning_signs", "on_my_own", "helpers")}
    parts = render_plan("Your", written)
    assert len(parts) == 3 and all(len(p) <= 2000 for p in parts)
    assert all(("z" * SECTION_CHARS) in p for p in parts)


@pytest.mark.asyncio
async def test_a_facilitators_export_of_the_record_leaves_the_plan_out(
    db: Database, clock: SimulatedClock
) -> None:
    await plans(db, clock).save(ALEX, "reasons", "My niece.")
    privacy = PrivacyService(db=db, clock=clock, providers=PERSONAL_DATA)
    subject = Subject(user_id=ALEX, participant_key=None)
    assert (await privacy.export(subject))["safety plan"][0]["text"] == "My niece."
    files = dict(await privacy.facilitator_export(7, subject))
    assert b"My niece." not in files["companion-data.json"]
    assert "safety-plan.csv" not in files
