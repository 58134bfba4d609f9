"""Outcome figures by hand: change, response, remission, intake and discharge shares."""

from __future__ import annotations

from datetime import date, timedelta

from bot.measures.domain.instruments import load_instruments
from bot.measures.domain.outcomes import Enrolled, Measurement, figures, rows_for, share, to_csv

PHQ9 = load_instruments().get("phq9")
START = date(2026, 9, 7)
END = START + timedelta(weeks=8)  # the day after an 8-week program


def person(key: str, start: date = START, end: date = END) -> Enrolled:
    return Enrolled(key, key, "Evening", start, end)


def m(key: str, day: date, value: int) -> Measurement:
    return Measurement(key, "phq9", day, value, PHQ9.main.band(value).label)


def test_change_response_remission_and_the_discharge_share() -> None:
    still_in = person("riley", end=END + timedelta(weeks=8))
    people = [person("alex"), person("sam"), person("casey"), still_in]
    scores = [
        m("alex", START, 20), m("alex", START + timedelta(weeks=4), 12),
        m("alex", END - timedelta(days=3), 4),
        m("sam", START + timedelta(days=2), 10), m("sam", END - timedelta(days=20), 6),
        m("casey", START + timedelta(weeks=3), 3), m("casey", END - timedelta(days=1), 0),
        m("riley", START, 0), m("riley", START + timedelta(weeks=4), 2),
    ]  # fmt: skip
    rows = rows_for([PHQ9], people, scores, START, END)
    by_key = {r.participant.key: r for r in rows}
    assert by_key["alex"].change == -16 and by_key["alex"].response and by_key["alex"].remission
    assert by_key["sam"].change == -4 and by_key["sam"].response is False  # 40% drop
    assert by_key["sam"].at_discharge is False  # last score 20 days before the end
    assert by_key["casey"].at_intake is False and by_key["casey"].remission is None  # began < 5
    assert by_key["riley"].response is None  # an intake of 0 cannot drop by half
    assert by_key["riley"].at_discharge is None  # still in the program
    f = figures(PHQ9, rows, END)
    assert (f.participants, f.measured_at_intake) == (4, 3)
    assert (f.discharged, f.measured_at_discharge) == (3, 2)  # alex and casey
    assert f.median_change == -3.5  # the median of -16, -4, -3 and 2
    assert (f.responders, f.response_eligible) == (2, 3)  # alex, casey (100% drop)
    assert (f.remissions, f.remission_eligible) == (1, 2)  # alex yes, sam no
    lines = to_csv(rows).splitlines()
    assert lines[1].endswith(",3,yes,yes,yes,yes")  # alex: 3 scores, intake, discharge, ...
    assert share(2, 3) == "2 of 3 (67%)" and share(0, 0) == "none yet"


def test_scores_outside_the_period_and_people_outside_it_are_left_out() -> None:
    later = person("jordan", start=END + timedelta(weeks=10), end=END + timedelta(weeks=18))
    rows = rows_for([PHQ9], [person("alex"), later], [m("alex", START - timedelta(days=1), 9)],
                    START, END)  # fmt: skip
    assert [(r.participant.key, r.intake) for r in rows] == [("alex", None)]
