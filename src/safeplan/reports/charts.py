"""Horizontal bar charts drawn as inline SVG on the server (reports/_bars.html), as the risk history is.

No JavaScript and no library; the template gives each chart a title and a description, and
the table beside it holds the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 24
GAP = 10
TOP = 8
COLOUR = "#1d70b8"


@dataclass(frozen=True)
class Bar:
    label: Any
    value: int
    y: int
    width: str  # formatted here: the template would localise a float's decimal point

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2

    @property
    def value_x(self) -> str:
        return f"{LABEL_WIDTH + float(self.width) + 6:.1f}"


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    colour: str = COLOUR

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(values: Sequence[tuple[Any, int]]) -> BarChart:
    """Return the geometry of one bar per (label, value), scaled to the largest value."""
    largest = max((value for _, value in values), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    bars = tuple(
        Bar(label, value, TOP + index * (BAR_HEIGHT + GAP), f"{room * value / largest:.1f}")
        for index, (label, value) in enumerate(values)
    )
    return BarChart(bars=bars, height=TOP * 2 + len(bars) * (BAR_HEIGHT + GAP))
