"""Which questionnaires are due for a participant in a week of their program. Pure: the
day is an input.

Weeks are counted from each participant's own start: week 1 holds their first day. An
instrument offered every N weeks is due in weeks 1, 1+N, 1+2N, ...; ``intake`` is week
1 and ``discharge`` the program's last week. A screen (PHQ-2) is not asked in a week its
follow-up (PHQ-9) is due anyway: the fuller measure asks the screen's questions too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.measures.domain.instruments import Instrument, Instruments, Offer
from bot.program.domain.program_checks import Problem
from bot.program.domain.schedule import Program


@dataclass(frozen=True)
class Plan:
    """The program's choice for one instrument (or the instrument's own default)."""

    instrument: str
    offer: Offer


def program_week(start: date, day: date) -> int:
    """The week of the program ``day`` falls in (1 for the first seven days)."""
    return (day - start).days // 7 + 1


def week_start(start: date, week: int) -> date:
    return date.fromordinal(start.toordinal() + 7 * (week - 1))


def reasons_due(offer: Offer, week: int, weeks: int) -> tuple[str, ...]:
    """Why an instrument is due in ``week`` of a ``weeks``-long program (empty: it is not)."""
    if not 1 <= week <= weeks:
        return ()
    found = []
    if "intake" in offer.at and week == 1:
        found.append("intake")
    if offer.every_weeks is not None and (week - 1) % offer.every_weeks == 0:
        found.append("scheduled")
    if "discharge" in offer.at and week == weeks:
        found.append("discharge")
    return tuple(found)


def plans_for(instruments: Instruments, chosen: Sequence[Plan] | None) -> tuple[Plan, ...]:
    """The program's plans when its file chooses (only instruments that exist), else each
    enabled instrument's own default."""
    if chosen:
        known = set(instruments.ids())
        return tuple(p for p in chosen if p.instrument in known)
    return tuple(Plan(i.id, i.offer) for i in instruments.instruments if i.enabled)


@dataclass(frozen=True)
class Due:
    instrument: Instrument
    reason: str  # "intake", "scheduled" or "discharge" (the first that applies)


def due_in_week(
    instruments: Instruments,
    plans: Iterable[Plan],
    week: int,
    weeks: int,
    already: Mapping[str, str] | None = None,
) -> list[Due]:
    """The instruments to offer in ``week``, in the file's order, leaving out those
    ``already`` offered this week (instrument id -> status) and screens whose follow-up
    is due too."""
    already = already or {}
    due: dict[str, Due] = {}
    for plan in plans:
        reasons = reasons_due(plan.offer, week, weeks)
        if reasons:
            due[plan.instrument] = Due(instruments.get(plan.instrument), reasons[0])
    out = []
    for instrument in instruments.instruments:
        found = due.get(instrument.id)
        if found is None or instrument.id in already:
            continue
        follow_up = instrument.follow_up
        if follow_up is not None and (follow_up in due or already.get(follow_up) == "completed"):
            continue
        out.append(found)
    return out


def unknown_instruments(program: Program, instruments: Instruments) -> list[Problem]:
    """Every ``[[measure]]`` of the program file that names no instrument of
    data/instruments.toml, with the ones there are."""
    known = instruments.ids()
    return [
        Problem(
            f"measure[{i}].instrument",
            f'there is no questionnaire "{plan.instrument}" (known: {", ".join(known)})',
        )
        for i, plan in enumerate(program.measures, 1)
        if plan.instrument not in known
    ]
