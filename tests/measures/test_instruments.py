"""data/instruments.toml: the shipped questionnaires keep their published shape, every
score lands in the right band at every boundary, and a malformed file is refused with
the line and field of every problem."""

from __future__ import annotations

import itertools

import pytest

from bot.measures.domain.instruments import (
    DEFAULT_PATH,
    InstrumentsError,
    load_instruments,
    parse_instruments,
)
from bot.measures.domain.toml_lines import line_of

SHIPPED = load_instruments()
TEXT = DEFAULT_PATH.read_text(encoding="utf-8")

# (instrument, score id) -> [(first score, last score, label)], from the published scoring
# (Kroenke, Spitzer and Williams; the BAM's cut-offs from its VA manual).
BANDS = {
    ("phq2", "total"): [(0, 2, "below the screening cut-off"),
                        (3, 6, "at or above the screening cut-off")],
    ("gad2", "total"): [(0, 2, "below the screening cut-off"),
                        (3, 6, "at or above the screening cut-off")],
    ("phq9", "total"): [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
                        (15, 19, "moderately severe"), (20, 27, "severe")],
    ("gad7", "total"): [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"),
                        (15, 21, "severe")],
    ("bam", "use"): [(0, 0, "no use"), (1, 12, "some use")],
    ("bam", "risk"): [(0, 11, "fewer risk factors"), (12, 24, "more risk factors")],
    ("bam", "protective"): [(0, 12, "fewer supports"), (13, 24, "more supports")],
}  # fmt: skip


def test_the_shipped_questionnaires_are_the_published_ones() -> None:
    assert SHIPPED.ids() == ("phq2", "phq9", "gad2", "gad7", "bam")
    phq9, gad7 = SHIPPED.get("phq9"), SHIPPED.get("gad7")
    assert len(phq9.items) == 9 and len(gad7.items) == 7
    assert phq9.items[8].text.startswith("Thoughts that you would be better off dead")
    assert phq9.safety_item == "q9"
    assert [o.label for o in phq9.items[0].scale.options] == [
        "Not at all", "Several days", "More than half the days", "Nearly every day",
    ]
    # The screens ask the first two items of their fuller measure, word for word.
    for screen, full in (("phq2", "phq9"), ("gad2", "gad7")):
        two = [i.text for i in SHIPPED.get(screen).items]
        assert two == [i.text for i in SHIPPED.get(full).items[:2]]
        assert SHIPPED.get(screen).follow_up == full
        assert SHIPPED.get(screen).positive_at == 3
    for instrument in SHIPPED.instruments:
        assert "Public domain" in instrument.licence
    for instrument in ("phq2", "phq9", "gad2", "gad7"):
        assert "Kroenke" in SHIPPED.get(instrument).source
        assert "Pfizer" in SHIPPED.get(instrument).source
    bam = SHIPPED.get("bam")
    assert not bam.enabled and "Veterans Affairs" in bam.licence
    assert phq9.remission_below == 5 and phq9.outcome and gad7.outcome


@pytest.mark.parametrize(("key", "bands"), list(BANDS.items()), ids=lambda v: str(v))
def test_every_band_boundary(key: tuple[str, str], bands: list[tuple[int, int, str]]) -> None:
    instrument = SHIPPED.get(key[0])
    score = next(s for s in instrument.scores if s.id == key[1])
    assert (score.lowest, score.highest) == (bands[0][0], bands[-1][1])
    for low, high, label in bands:
        # Both ends of every band, and the score on either side of each boundary.
        assert score.band(low).label == label
        assert score.band(high).label == label
    for (_, high, label), (low, _, next_label) in itertools.pairwise(bands):
        assert (score.band(high).label, score.band(low).label) == (label, next_label)
    with pytest.raises(ValueError):
        score.band(score.highest + 1)


def broken(old: str, new: str) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


def refused(text: str) -> list[str]:
    with pytest.raises(InstrumentsError) as caught:
        parse_instruments(text)
    return list(caught.value.problems)


def line_holding(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def test_a_gap_between_bands_is_refused_with_its_line_and_field() -> None:
    text = broken("min = 10\nmax = 14\nlabel = \"moderate\"",
                  "min = 11\nmax = 14\nlabel = \"moderate\"")  # fmt: skip
    problems = refused(text)
    assert problems == [
        f"line {line_holding(text, 'min = 11')}: instrument[2].score[1].band[3].min: "
        "11 leaves a gap (expected 10)"
    ]


def test_bands_that_stop_short_of_the_highest_score_are_refused() -> None:
    text = broken("min = 20\nmax = 27", "min = 20\nmax = 26")
    (problem,) = refused(text)
    assert problem == (
        f"line {line_holding(text, 'max = 26')}: instrument[2].score[1].band[5].max: "
        "must be 27, the highest possible score"
    )


def test_every_problem_is_listed_at_once_each_with_its_line() -> None:
    text = broken('safety_item = "q9"', 'safety_item = "q10"')
    text = text.replace('scale = "frequency"\npositive_at = 3\nfollow_up = "gad7"',
                        'scale = "frequncy"\npositive_at = 3\nfollow_up = "gad7"', 1)
    text = text.replace('id = "q4"\ntext = "Trouble relaxing"',
                        'id = "q4"\ntxt = "Trouble relaxing"', 1)  # fmt: skip
    problems = refused(text)
    safety = line_holding(text, 'safety_item = "q10"')
    assert problems[0] == (
        f"line {safety}: instrument[2].safety_item: there is no "
        "item 'q10' in this instrument"
    )
    assert problems[1] == (
        f"line {line_holding(text, 'frequncy')}: instrument[3].scale: there is no [[scale]] "
        "'frequncy' (known: days, extent, frequency, health, no_yes)"
    )
    assert any(
        p.startswith(f"line {line_holding(text, 'txt = ')}: instrument[4].item[4].txt: "
                     "unknown field")
        for p in problems
    ), problems
    lines = [int(p.split(":", 1)[0].removeprefix("line ")) for p in problems]
    assert lines == sorted(lines)
    assert all(p.startswith("line ") for p in problems), problems


def test_a_missing_field_points_at_its_block() -> None:
    text = broken('id = "gad7"\nname = "GAD-7"\n', 'id = "gad7"\n')
    (problem,) = refused(text)
    header = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[instrument]]"][3]
    assert problem == f"line {header}: instrument[4].name: is required"


def test_a_follow_up_that_does_not_exist_and_bad_toml_are_refused() -> None:
    text = broken('follow_up = "phq9"', 'follow_up = "phq8"')
    (problem,) = refused(text)
    assert problem.endswith("instrument[1].follow_up: there is no instrument 'phq8'")
    assert problem.startswith(f"line {line_holding(text, 'phq8')}:")
    (problem,) = refused(TEXT + "\n[[instrument]\n")
    assert problem.startswith("not valid TOML")


def test_an_offer_that_names_an_unknown_time_is_refused() -> None:
    text = broken('offer = { every_weeks = 4, at = ["intake", "discharge"] }',
                  'offer = { every_weeks = 4, at = ["intake", "graduation"] }')  # fmt: skip
    (problem,) = refused(text)
    assert problem == (
        f"line {line_holding(text, 'graduation')}: instrument[2].offer.at: 'graduation' is "
        "not one of intake, discharge"
    )


def test_line_of_finds_nested_blocks_and_keys() -> None:
    text = '[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\nx = 3\n[[a.b]]\n[[a.b]]\ny = 4\nz = {w = 1}\n'
    assert line_of(text, "a[2].x") == 6
    assert line_of(text, "a[2].b[2].y") == 9
    assert line_of(text, "a[2].b[1].y") == 7  # not written: its block
    assert line_of(text, "a[2].b[2].z.w") == 10  # inside an inline table: its key
    assert line_of(text, "c[1].x") is None
