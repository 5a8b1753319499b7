"""A tag's daily volume as bar geometry, drawn by the template as inline SVG.

Server-rendered: no script, no third-party chart library, readable by screen
readers through the figure's text summary.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

WIDTH, HEIGHT, GAP = 300, 60, 1


class BarOut(BaseModel):
    day: date
    count: int
    x: float
    y: float
    width: float
    height: float


class ChartOut(BaseModel):
    width: int
    height: int
    bars: list[BarOut]
    total: int
    peak: int
    summary: str  # what the chart shows, in words


def volume_chart(volume: list[tuple[date, int]]) -> ChartOut:
    """Bars scaled to the busiest day; a day without articles keeps a hairline."""
    peak = max((count for _day, count in volume), default=0)
    step = WIDTH / max(len(volume), 1)
    bars = []
    for i, (day, count) in enumerate(volume):
        height = max(HEIGHT * count / peak, 1.0) if peak else 1.0
        bars.append(
            BarOut(
                day=day,
                count=count,
                x=round(i * step, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(step - GAP, 1.0), 2),
                height=round(height, 2),
            )
        )
    total = sum(count for _day, count in volume)
    span = f"{volume[0][0]:%-d %b} to {volume[-1][0]:%-d %b %Y}" if volume else ""
    summary = f"{total} articles from {span}, at most {peak} a day." if volume else "No data."
    return ChartOut(width=WIDTH, height=HEIGHT, bars=bars, total=total, peak=peak, summary=summary)
