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
from typing import Any

from bot.checkins.domain.checkin import ChartPoint

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_chart(points: Sequence[ChartPoint], title: str) -> bytes:
    """Mood and craving per day (0-10) with gaps where a day has no answer."""
    # Start-up cost: matplotlib takes about a second to import, so only the first chart
    # pays for it, not every start of the bot.
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    from matplotlib.figure import Figure

    # The object API, not pyplot: no global figure state, so charts may be drawn in a
    # worker thread while the bot keeps answering.
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.add_subplot()
    days: list[Any] = [p.day for p in points]  # matplotlib plots dates on a date axis
    moods = [float("nan") if p.mood is None else p.mood for p in points]
    cravings = [float("nan") if p.craving is None else p.craving for p in points]
    axes.plot(days, moods, marker="o", color="#2a7ab0", label="Mood")
    axes.plot(days, cravings, marker="s", color="#c0504d", label="Craving")
    axes.set_ylim(-0.5, 10.5)
    axes.set_yticks(range(0, 11, 2))
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    if not points:
        axes.text(0.5, 0.5, "No check-ins yet", ha="center", transform=axes.transAxes)
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Points": str(len(points))})
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
