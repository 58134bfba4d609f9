"""The mood and craving chart as a PNG (matplotlib is imported only when one is drawn).

The PNG carries a ``Points`` text chunk with the number of days plotted, so a reader
(and the tests) can tell what the picture holds without decoding it.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.checkins.domain.checkin import ChartPoint
from bot.kernel.plain import short_day

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# At least a week is shown, so one or two check-ins sit on a readable axis instead of
# matplotlib stretching a single day over years.
MIN_DAYS_SHOWN = 7
MAX_TICKS = 12


@dataclass(frozen=True)
class Layout:
    """The chart's x axis: the first and last day shown and the days that get a label."""

    first: date
    last: date
    ticks: tuple[date, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(short_day(d) for d in self.ticks)


def chart_layout(days: Sequence[date], today: date | None = None) -> Layout:
    """Axis limits and ticks for these days: every day labelled up to two weeks, then
    one label a week (or every two, four ... weeks) on the same weekday as the last day."""
    if days:
        first, last = min(days), max(days)
    else:
        first = last = today or date.today()
    if (last - first).days + 1 < MIN_DAYS_SHOWN:
        first = last - timedelta(days=MIN_DAYS_SHOWN - 1)
    span = (last - first).days + 1
    step = 1
    if span > 14:
        step = 7
        while span / step > MAX_TICKS:
            step *= 2
    ticks = []
    day = last
    while day >= first:
        ticks.append(day)
        day -= timedelta(days=step)
    return Layout(first, last, tuple(reversed(ticks)))


def render_chart(points: Sequence[ChartPoint], title: str, today: date | None = None) -> bytes:
    """Mood and craving per day (0-10) with gaps where a day has no answer.

    Days are plotted as day numbers with our own labels ("Mon 7 Dec"), not on
    matplotlib's date axis, whose automatic limits and "12-07 12" ticks do not suit a
    day-by-day record. The PNG's text chunks say what was drawn: ``Points``, the axis
    limits as drawn (``XFirst``/``XLast``, ISO dates) and the tick labels (``Ticks``).
    """
    # Start-up cost: matplotlib takes about a second to import, so only the first chart
    # pays for it, not every start of the bot.
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    from matplotlib.figure import Figure

    layout = chart_layout([p.day for p in points], today)
    # The object API, not pyplot: no global figure state, so charts may be drawn in a
    # worker thread while the bot keeps answering.
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.add_subplot()
    # One x per day from the first point to the last, NaN where a day has no answer,
    # so the line breaks over a day without a check-in instead of bridging it.
    by_day = {p.day.toordinal(): p for p in points}
    xs = list(range(min(by_day), max(by_day) + 1)) if by_day else []
    nan = float("nan")
    moods = [nan if (p := by_day.get(x)) is None or p.mood is None else p.mood for x in xs]
    cravings = [nan if (p := by_day.get(x)) is None or p.craving is None else p.craving for x in xs]
    axes.plot(xs, moods, marker="o", color="#2a7ab0", label="Mood")
    axes.plot(xs, cravings, marker="s", color="#c0504d", label="Craving")
    axes.set_xlim(layout.first.toordinal() - 0.5, layout.last.toordinal() + 0.5)
    axes.set_xticks([d.toordinal() for d in layout.ticks], labels=list(layout.labels))
    axes.set_ylim(-0.5, 10.5)
    axes.set_yticks(range(0, 11, 2))
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    if not points:
        axes.text(0.5, 0.5, "No check-ins yet", ha="center", transform=axes.transAxes)
    figure.autofmt_xdate()
    low, high = axes.get_xlim()
    drawn = {
        "Points": str(len(points)),
        "XFirst": date.fromordinal(round(low + 0.5)).isoformat(),
        "XLast": date.fromordinal(round(high - 0.5)).isoformat(),
        "Ticks": "|".join(t.get_text() for t in axes.get_xticklabels()),
    }
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata=drawn)
    return buffer.getvalue()


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG (raises ``ValueError`` if it is not a PNG)."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    found: dict[str, str] = {}
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"corrupt PNG chunk {kind!r}")
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        if kind == b"IEND":
            break
        offset += 12 + length
    return found
