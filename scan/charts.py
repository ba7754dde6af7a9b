"""Server-side SVG bar chart: average scale position per theme (presentation attributes only)."""

from dataclasses import dataclass

LABEL_HEIGHT = 18
BAR_HEIGHT = 16
PREVIOUS_HEIGHT = 8
ROW_GAP = 14
CHART_WIDTH = 640
BAR_AREA = 520
MAX_SCALE = 4


@dataclass
class Bar:
    label: str
    value: float | None
    previous: float | None
    label_y: int
    bar_y: int
    width: float
    previous_y: int
    previous_width: float
    value_x: float


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH
    bar_area: int = BAR_AREA
    show_previous: bool = False

    @property
    def ticks(self) -> list[tuple[int, float]]:
        return [(step, step / MAX_SCALE * self.bar_area) for step in range(1, MAX_SCALE + 1)]


def bar_chart(rows: list[tuple[str, float | None, float | None]], *, show_previous=False):
    """``rows`` = (label, average, previous average); averages on the 1–4 scale or None."""
    bars = []
    y = 4
    for label, value, previous in rows:
        width = (value or 0) / MAX_SCALE * BAR_AREA
        previous_width = (previous or 0) / MAX_SCALE * BAR_AREA
        bar_y = y + LABEL_HEIGHT
        previous_y = bar_y + BAR_HEIGHT + 2
        bars.append(
            Bar(
                label=label,
                value=value,
                previous=previous,
                label_y=y + 13,
                bar_y=bar_y,
                width=round(width, 1),
                previous_y=previous_y,
                previous_width=round(previous_width, 1),
                value_x=round(width + 6, 1),
            )
        )
        y = bar_y + BAR_HEIGHT + (PREVIOUS_HEIGHT + 2 if show_previous else 0) + ROW_GAP
    return BarChart(bars=bars, height=y + 16, show_previous=show_previous)
