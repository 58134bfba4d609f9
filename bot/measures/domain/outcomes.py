"""Outcomes a clinic can report: per participant, the first and latest score of each
outcome measure (PHQ-9, GAD-7) with the change, and the program's figures. Pure.

Definitions (the CSV's header says the same):
- intake: the participant's first completed score in the period; "measured at intake"
  when it fell in the first two weeks of their program;
- latest: their last completed score in the period; change = latest - intake;
- measured at discharge: a score in the last two weeks of a program that ended within
  the period (the share counts only those whose program ended);
- response: a drop of at least 50% from an intake above 0;
- remission: a latest score below the instrument's remission cut-off (PHQ-9 < 5), counted
  among those whose intake was at or above it.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.measures.domain.instruments import Instrument

WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Measurement:
    participant: str
    instrument: str
    day: date
    value: int
    band: str


@dataclass(frozen=True)
class Enrolled:
    key: str
    name: str
    track: str
    start: date
    end: date  # the day after the last day of their program


@dataclass(frozen=True)
class Row:
    participant: Enrolled
    instrument: Instrument
    intake: Measurement | None
    latest: Measurement | None
    count: int
    at_intake: bool
    at_discharge: bool | None  # None: their program had not ended by the period's end

    @property
    def change(self) -> int | None:
        if self.intake is None or self.latest is None or self.count < 2:
            return None
        return self.latest.value - self.intake.value

    @property
    def percent_change(self) -> float | None:
        change = self.change
        if change is None or self.intake is None or self.intake.value == 0:
            return None
        return 100.0 * change / self.intake.value

    @property
    def response(self) -> bool | None:
        pct = self.percent_change
        return None if pct is None else pct <= -50.0

    @property
    def remission(self) -> bool | None:
        cut = self.instrument.remission_below
        if cut is None or self.change is None or self.intake is None or self.latest is None:
            return None
        if self.intake.value < cut:
            return None  # began below the cut-off: not counted
        return self.latest.value < cut


@dataclass(frozen=True)
class Figures:
    instrument: Instrument
    participants: int
    measured_at_intake: int
    discharged: int
    measured_at_discharge: int
    with_change: int
    median_change: float | None
    responders: int
    response_eligible: int
    remissions: int
    remission_eligible: int


def rows_for(
    instruments: Sequence[Instrument],
    enrolled: Iterable[Enrolled],
    measurements: Iterable[Measurement],
    start: date,
    end: date,
) -> list[Row]:
    """One row per participant in the period [start, end] and outcome instrument."""
    by_key: dict[tuple[str, str], list[Measurement]] = {}
    for m in sorted(measurements, key=lambda m: m.day):
        if start <= m.day <= end:
            by_key.setdefault((m.participant, m.instrument), []).append(m)
    rows = []
    for person in enrolled:
        if person.end <= start or person.start > end:
            continue
        for instrument in instruments:
            if not instrument.outcome:
                continue
            found = by_key.get((person.key, instrument.id), [])
            intake = found[0] if found else None
            latest = found[-1] if found else None
            at_intake = intake is not None and intake.day < person.start + WINDOW
            discharged = person.end - timedelta(days=1) <= end
            at_discharge = (
                latest is not None and latest.day >= person.end - WINDOW
                if discharged
                else None
            )
            rows.append(
                Row(person, instrument, intake, latest, len(found), at_intake, at_discharge)
            )
    return rows


def figures(instrument: Instrument, rows: Sequence[Row], end: date) -> Figures:
    own = [r for r in rows if r.instrument.id == instrument.id]
    changes = [r.change for r in own if r.change is not None]
    discharged = [r for r in own if r.participant.end - timedelta(days=1) <= end]
    response = [r.response for r in own if r.response is not None]
    remission = [r.remission for r in own if r.remission is not None]
    return Figures(
        instrument=instrument,
        participants=len(own),
        measured_at_intake=sum(r.at_intake for r in own),
        discharged=len(discharged),
        measured_at_discharge=sum(bool(r.at_discharge) for r in discharged),
        with_change=len(changes),
        median_change=statistics.median(changes) if changes else None,
        responders=sum(response),
        response_eligible=len(response),
        remissions=sum(remission),
        remission_eligible=len(remission),
    )


CSV_COLUMNS = (
    "participant", "name", "track", "program_start", "program_end", "instrument",
    "intake_date", "intake_score", "intake_band", "latest_date", "latest_score",
    "latest_band", "change", "percent_change", "measurements", "measured_at_intake",
    "measured_at_discharge", "response", "remission",
)  # fmt: skip


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def to_csv(rows: Sequence[Row]) -> str:
    """The quality team's file: one row per participant and measure, plain values
    (dates as YYYY-MM-DD, blank where a value does not apply)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        pct = r.percent_change
        writer.writerow([
            r.participant.key, r.participant.name, r.participant.track,
            r.participant.start.isoformat(),
            (r.participant.end - timedelta(days=1)).isoformat(), r.instrument.name,
            r.intake.day.isoformat() if r.intake else "",
            r.intake.value if r.intake else "", r.intake.band if r.intake else "",
            r.latest.day.isoformat() if r.latest else "",
            r.latest.value if r.latest else "", r.latest.band if r.latest else "",
            "" if r.change is None else r.change,
            "" if pct is None else f"{pct:.0f}",
            r.count, _yes_no(r.at_intake), _yes_no(r.at_discharge),
            _yes_no(r.response), _yes_no(r.remission),
        ])  # fmt: skip
    return out.getvalue()


def share(part: int, whole: int) -> str:
    """``3 of 4 (75%)``; ``none yet`` when there is no one to count."""
    if whole == 0:
        return "none yet"
    return f"{part} of {whole} ({round(100 * part / whole)}%)"
