"""Questionnaire scores over the program as a PNG, one panel per questionnaire, with its
severity bands shaded (matplotlib is imported only when a chart is drawn), and the
``ScoreCharts`` port that /progress and /report participant use.

The PNG carries a ``Scores`` text chunk (``PHQ-9:2,GAD-7:1``: points per panel), so a
reader and the tests can tell what it holds without decoding the picture.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.kernel.ports import ScoreChart
from bot.measures.domain.instruments import Score

if TYPE_CHECKING:
    from bot.measures.service import MeasuresService

# Light shades from the lowest band to the highest, never alarming reds.
SHADES = ("#e8f4ea", "#f3f6e0", "#fbf1dc", "#fbe6d8", "#f6dede")


@dataclass(frozen=True)
class Series:
    name: str  # "PHQ-9"
    score: Score
    points: tuple[tuple[date, int], ...]


def render_scores(series: Sequence[Series], title: str) -> bytes:
    # Start-up cost: matplotlib takes about a second to import, so only the first chart
    # pays for it, not every start of the bot.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    panels = max(1, len(series))
    figure = Figure(figsize=(8, 2.6 * panels + 0.6), dpi=100)
    axes_list = figure.subplots(panels, 1, squeeze=False)[:, 0]
    for axes, one in zip(axes_list, series, strict=False):
        bands = one.score.bands
        for index, band in enumerate(bands):
            shade = SHADES[min(index, len(SHADES) - 1)]
            if one.score.higher_is_better:
                shade = SHADES[min(len(bands) - 1 - index, len(SHADES) - 1)]
            axes.axhspan(band.low - 0.5, band.high + 0.5, color=shade, zorder=0)
            axes.text(
                1.01, (band.low + band.high) / 2, band.label, transform=axes.get_yaxis_transform(),
                va="center", fontsize=7, color="#555555",
            )  # fmt: skip
        days: list[Any] = [d for d, _ in one.points]
        values = [v for _, v in one.points]
        axes.plot(days, values, marker="o", color="#2a5d8f", zorder=2)
        axes.set_ylim(one.score.lowest - 0.5, one.score.highest + 0.5)
        axes.set_ylabel(one.name)
        axes.grid(alpha=0.25, zorder=1)
    if not series:
        axes_list[0].text(
            0.5, 0.5, "No questionnaires yet", ha="center", transform=axes_list[0].transAxes
        )
    figure.suptitle(title)
    figure.autofmt_xdate()
    figure.subplots_adjust(right=0.78)
    buffer = io.BytesIO()
    meta = ",".join(f"{s.name}:{len(s.points)}" for s in series)
    figure.savefig(buffer, format="png", metadata={"Scores": meta or "none"})
    return buffer.getvalue()


class ScoreCharts:
    """The ``ScoreCharts`` port: a participant's scores as a chart and lines of text."""

    def __init__(self, service: MeasuresService) -> None:
        self.service = service

    async def chart_for(
        self, participant_key: str, title: str, *, viewer_id: int | None = None
    ) -> ScoreChart:
        if viewer_id is not None:
            rows = await self.service.participant_view(viewer_id, participant_key)
        else:
            rows = await self.service.history(participant_key)
        if not rows:
            return ScoreChart(None, ())
        series: list[Series] = []
        lines: list[str] = []
        for instrument in self.service.instruments.instruments:
            own = [r for r in rows if r.instrument == instrument.id and r.score is not None]
            if not own:
                continue
            main = instrument.main
            points = tuple((r.day, int(r.scores.get(main.id, r.score or 0))) for r in own)
            series.append(Series(instrument.name, main, points))
            first, last = points[0][1], points[-1][1]
            line = (
                f"{instrument.name}: {last} of {main.highest} ({main.band(last).label}) "
                f"on {own[-1].day.strftime('%a %-d %b')}"
            )
            if len(points) > 1:
                line += f"; first {first}, change {last - first:+d}"
            lines.append(line)
        png = await asyncio.to_thread(render_scores, series, title)
        return ScoreChart(png, tuple(lines))
