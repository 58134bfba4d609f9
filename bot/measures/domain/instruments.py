"""Validated questionnaires as data: the model of ``data/instruments.toml`` and its loader.

The loader reads the whole file and lists every problem with its line and field
(``line 212: instrument[2].score[1].band[3].max: ...``), so whoever edits the file fixes
it in one pass; the bot does not start with a file that has one. Pure: no Discord, no
database, no clock.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.kernel.toml_reader import Problems, Table, check_unique
from bot.measures.domain.toml_lines import line_of

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MAX_LABEL = 100  # a select option's label on Discord
MAX_ITEM = 300  # an item is shown in full in the message; the select shows its start
MAX_MEANING = 400
OFFER_AT = ("intake", "discharge")
MAX_WEEKS = 104


class InstrumentsError(ValueError):
    """A questionnaires file with problems; ``problems`` lists all of them in file order."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        count = len(problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the questionnaires file"
        super().__init__("\n".join([header, *problems]))


@dataclass(frozen=True)
class Option:
    label: str
    score: int


@dataclass(frozen=True)
class Scale:
    id: str
    options: tuple[Option, ...]

    @property
    def lowest(self) -> int:
        return min(o.score for o in self.options)

    @property
    def highest(self) -> int:
        return max(o.score for o in self.options)

    def label_for(self, score: int) -> str:
        for option in self.options:
            if option.score == score:
                return option.label
        raise KeyError(score)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    scale: Scale


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str  # "moderate"
    meaning: str  # what it means, in plain words, for the participant

    def holds(self, score: int) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True)
class Score:
    """A score of an instrument: the sum of some of its items, with its bands."""

    id: str  # "total", or a subscale's id ("use")
    name: str  # "Total", "Use"
    items: tuple[str, ...]
    bands: tuple[Band, ...]
    lowest: int
    highest: int
    higher_is_better: bool = False

    def band(self, value: int) -> Band:
        for band in self.bands:
            if band.holds(value):
                return band
        raise ValueError(f"{self.name}: no band holds {value} ({self.lowest}-{self.highest})")


@dataclass(frozen=True)
class Offer:
    """How often an instrument is offered: program weeks 1, 1+N, ... and/or the first
    (intake) and last (discharge) week of each participant's program."""

    every_weeks: int | None = None
    at: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    about: str
    stem: str
    items: tuple[Item, ...]
    scores: tuple[Score, ...]
    source: str
    licence: str
    offer: Offer
    enabled: bool = True
    positive_at: int | None = None
    follow_up: str | None = None
    safety_item: str | None = None
    outcome: bool = False
    remission_below: int | None = None

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def main(self) -> Score:
        """The score a screen's cut-off, the outcomes and the chart use: the first."""
        return self.scores[0]


@dataclass(frozen=True)
class Instruments:
    scales: tuple[Scale, ...]
    instruments: tuple[Instrument, ...] = field(default=())

    def get(self, instrument_id: str) -> Instrument:
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.instruments)


DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "instruments.toml"


def load_instruments(path: Path | None = None) -> Instruments:
    """Read and check ``data/instruments.toml`` (or ``path``); ``InstrumentsError`` lists
    every problem."""
    file = path or DEFAULT_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise InstrumentsError([f"{file}: cannot be read ({error.strerror})"]) from None
    return parse_instruments(text)


def parse_instruments(text: str) -> Instruments:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentsError([f"not valid TOML: {error}"]) from None
    problems = Problems()
    root = Table(raw, "", problems)
    root.reject_unknown({"scale", "instrument"})
    scales = [_scale(t) for t in root.tables("scale", required=True)]
    known = {s.id: s for s in scales if s is not None}
    check_unique((s.id for s in scales if s is not None), "scale", problems)
    instruments = [_instrument(t, known) for t in root.tables("instrument", required=True)]
    found = [i for i in instruments if i is not None]
    check_unique((i.id for i in found), "instrument", problems)
    # Every id the file declares, so a follow-up naming an instrument that has problems of
    # its own is not reported twice.
    tables = root.tables("instrument", required=False)
    declared = {t.raw.get("id") for t in tables}
    for table, instrument in zip(tables, instruments, strict=True):
        if instrument is not None and instrument.follow_up is not None:
            if instrument.follow_up not in declared:
                table.problem("follow_up", f"there is no instrument {instrument.follow_up!r}")
    if problems:
        located = [(line_of(text, p.split(":", 1)[0]), p) for p in problems]
        # In the order of the file, so whoever fixes it goes from top to bottom.
        located.sort(key=lambda pair: pair[0] or 0)
        raise InstrumentsError([f"line {n}: {p}" if n else p for n, p in located])
    return Instruments(tuple(known.values()), tuple(found))


def _scale(t: Table) -> Scale | None:
    t.reject_unknown({"id", "options"})
    sid = t.get_str("id", pattern=_ID)
    options: list[Option] = []
    for o in t.tables("options", required=True):
        o.reject_unknown({"label", "score"})
        label = o.get_str("label", max_length=MAX_LABEL)
        score = o.get_int("score", minimum=0)
        if label is not None and score is not None:
            options.append(Option(label, score))
    check_unique((o.label for o in options), f"{t.name}.options label", t.problems)
    if len({o.score for o in options}) != len(options):
        t.problem("options", "two options have the same score")
    if sid is None or not options:
        return None
    return Scale(sid, tuple(options))


_INSTRUMENT_KEYS = {
    "id", "name", "about", "stem", "scale", "positive_at", "follow_up", "safety_item",
    "outcome", "remission_below", "enabled", "offer", "source", "licence", "item", "score",
}  # fmt: skip


def _instrument(t: Table, scales: dict[str, Scale]) -> Instrument | None:
    t.reject_unknown(_INSTRUMENT_KEYS)
    iid = t.get_str("id", pattern=_ID)
    name = t.get_str("name", max_length=40)
    about = t.get_str("about", max_length=80)
    stem = t.get_str("stem", max_length=300)
    source = t.get_str("source", max_length=600)
    licence = t.get_str("licence", max_length=300)
    default_scale = _scale_ref(t, "scale", scales)
    items: list[Item] = []
    for it in t.tables("item", required=True):
        it.reject_unknown({"id", "text", "scale"})
        item_id = it.get_str("id", pattern=_ID)
        text = it.get_str("text", max_length=MAX_ITEM)
        scale = _scale_ref(it, "scale", scales) if it.has("scale") else default_scale
        if it.has("scale") is False and default_scale is None and not t.has("scale"):
            it.problem("scale", "is required (or give the instrument a scale)")
        if item_id is not None and text is not None and scale is not None:
            items.append(Item(item_id, text, scale))
    check_unique((i.id for i in items), f"{t.name}.item", t.problems)
    by_id = {i.id: i for i in items}
    scores = [_score(s, by_id) for s in t.tables("score", required=True)]
    check_unique((s.id for s in scores if s is not None), f"{t.name}.score", t.problems)
    offer = _offer(t.table("offer", required=True))
    enabled = t.get_bool("enabled", default=True)
    outcome = t.get_bool("outcome", default=False)
    follow_up = t.get_str("follow_up", default=None, pattern=_ID)
    safety_item = t.get_str("safety_item", default=None)
    if safety_item is not None and safety_item not in by_id and items:
        t.problem("safety_item", f"there is no item {safety_item!r} in this instrument")
    first = next((s for s in scores if s is not None), None)
    top = first.highest if first is not None else None
    positive_at = t.get_int("positive_at", default=None, minimum=1, maximum=top)
    remission_below = t.get_int("remission_below", default=None, minimum=1, maximum=top)
    if follow_up is not None and positive_at is None:
        t.problem("positive_at", "is required with follow_up (the score that offers it)")
    if follow_up is not None and follow_up == iid:
        t.problem("follow_up", "an instrument cannot follow itself up")
    if None in (iid, name, about, stem, source, licence, offer, enabled, outcome):
        return None
    if not items or None in scores or not scores:
        return None
    assert iid and name and about and stem and source and licence and offer is not None
    return Instrument(
        id=iid, name=name, about=about, stem=stem, items=tuple(items),
        scores=tuple(s for s in scores if s is not None), source=source, licence=licence,
        offer=offer, enabled=bool(enabled), positive_at=positive_at, follow_up=follow_up,
        safety_item=safety_item if safety_item in by_id else None, outcome=bool(outcome),
        remission_below=remission_below,
    )  # fmt: skip


def _scale_ref(t: Table, key: str, scales: dict[str, Scale]) -> Scale | None:
    sid = t.get_str(key, default=None)
    if sid is None:
        return None
    if sid not in scales:
        t.problem(key, f"there is no [[scale]] {sid!r} (known: {', '.join(sorted(scales))})")
        return None
    return scales[sid]


def _score(t: Table, items: dict[str, Item]) -> Score | None:
    t.reject_unknown({"id", "name", "items", "band", "higher_is_better"})
    sid = t.get_str("id", pattern=_ID)
    name = t.get_str("name", default="Total", max_length=40)
    chosen = t.str_list("items", default=list(items))
    higher_is_better = t.get_bool("higher_is_better", default=False)
    unknown = [i for i in chosen if i not in items]
    if unknown:
        t.problem("items", f"there is no item {unknown[0]!r} in this instrument")
    if len(set(chosen)) != len(chosen):
        t.problem("items", "an item is listed twice")
    summed = [items[i] for i in chosen if i in items]
    lowest = sum(i.scale.lowest for i in summed)
    highest = sum(i.scale.highest for i in summed)
    bands: list[Band] = []
    for b in t.tables("band", required=True):
        b.reject_unknown({"min", "max", "label", "meaning"})
        low = b.get_int("min", minimum=0)
        high = b.get_int("max", minimum=0)
        label = b.get_str("label", max_length=60)
        meaning = b.get_str("meaning", max_length=MAX_MEANING)
        if low is not None and high is not None and high < low:
            b.problem("max", f"must not be below min ({high} < {low})")
            continue
        if None not in (low, high, label, meaning):
            assert low is not None and high is not None and label and meaning
            bands.append(Band(low, high, label, meaning))
    if unknown or not summed or sid is None or name is None or not bands:
        return None
    # The bands must cover every possible score once, in order, with no gap.
    expected = lowest
    for index, band in enumerate(bands, start=1):
        where = f"band[{index}]"
        if band.low != expected:
            word = "overlaps the band before" if band.low < expected else "leaves a gap"
            t.problem(f"{where}.min", f"{band.low} {word} (expected {expected})")
            return None
        expected = band.high + 1
    if expected - 1 != highest:
        t.problem(f"band[{len(bands)}].max", f"must be {highest}, the highest possible score")
        return None
    return Score(
        sid, name, tuple(i.id for i in summed), tuple(bands), lowest, highest,
        bool(higher_is_better),
    )  # fmt: skip


def _offer(t: Table) -> Offer | None:
    t.reject_unknown({"every_weeks", "at"})
    every = t.get_int("every_weeks", default=None, minimum=1, maximum=MAX_WEEKS)
    at = t.str_list("at", default=[])
    wrong = [a for a in at if a not in OFFER_AT]
    if wrong:
        t.problem("at", f"{wrong[0]!r} is not one of {', '.join(OFFER_AT)}")
        return None
    if every is None and not at and t.raw:
        t.problem("every_weeks", "give every_weeks = N, at = [...], or both")
        return None
    return Offer(every, frozenset(at))
