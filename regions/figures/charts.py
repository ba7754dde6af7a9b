"""A horizontal bar chart drawn on the server as SVG: coordinates only, no style attributes, so
it passes the CSP, prints, and reaches WeasyPrint as it is. Every chart has a table beside it."""

import unicodedata
from dataclasses import dataclass, field

from django.utils.text import Truncator

LABEL_WIDTH = 230
BAR_AREA = 330
VALUE_WIDTH = 90
BAR_HEIGHT = 20
ROW_HEIGHT = 28
TOP = 8
LABEL_CHARS = 34  # longer labels are shortened with an ellipsis (the table has them in full)
FILL_OWN = "#154273"
FILL_NATIONAL = "#8fa8c8"
FILL_OTHER = "#c5d3e6"


@dataclass
class Bar:
    label: str
    value: float | None
    display: str
    css_class: str = "chart-bar"
    note: str = ""  # said in the table beside the chart, e.g. why a value is not calculated
    y: int = 0
    width: int = 0

    @property
    def text_y(self) -> int:
        return self.y + 15

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6

    @property
    def short_label(self) -> str:
        """The label as ``|truncatechars`` shortens it; a label that fits is returned without
        the Truncator (which translates its ellipsis on every call)."""
        label = unicodedata.normalize("NFC", str(self.label))
        return label if len(label) <= LABEL_CHARS else Truncator(label).chars(LABEL_CHARS)

    @property
    def fill(self) -> str:
        if "chart-bar-own" in self.css_class:
            return FILL_OWN
        if "chart-bar-national" in self.css_class:
            return FILL_NATIONAL
        return FILL_OTHER


@dataclass
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def label_x(self) -> int:
        """Where the labels end (they are right-aligned before the bars)."""
        return self.label_width - 8

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def build_bar_chart(title: str, bars: list[Bar], *, maximum: float | None = None) -> BarChart:
    """Place the bars; ``maximum`` (or else the longest known value) fills the bar area, unknown
    values get no bar."""
    largest = maximum or max((bar.value for bar in bars if bar.value is not None), default=0) or 0
    for index, bar in enumerate(bars):
        bar.y = TOP + index * ROW_HEIGHT
        if bar.value is None or largest <= 0:
            bar.width = 0
        else:
            bar.width = max(1, round(BAR_AREA * bar.value / largest)) if bar.value > 0 else 0
    return BarChart(title=title, bars=bars)
