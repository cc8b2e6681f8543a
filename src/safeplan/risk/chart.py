"""The geometry of the grade-over-time chart, drawn as inline SVG by risk/_grade_chart.html.

Server-rendered, so it needs no JavaScript and no third-party library; the
template gives it a title, a description and a table with the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import get_language

from safeplan.content.instruments import UnknownInstrumentError
from safeplan.domain.risk import LEVELS
from safeplan.risk.models import Assessment, Level

WIDTH = 640
HEIGHT = 200
LEFT = 100
RIGHT = 24
TOP = 24
BOTTOM = 44
COLOURS = {"standard": "#0f7a52", "medium": "#b14d00", "high": "#ca3535"}


@dataclass(frozen=True)
class Band:
    level: str
    label: str
    y: float

    @property
    def sy(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class Point:
    assessment_id: int
    level: str
    label: str
    when: datetime
    x: float
    y: float
    colour: str
    instrument_title: str
    yes_count: int
    factor_count: int

    @property
    def cx(self) -> str:
        # Formatted here: the template would localise a float's decimal point.
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class GradeChart:
    width: int
    height: int
    left: int
    right: int
    axis_y: int
    bands: tuple[Band, ...]
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        """Return the points as an SVG polyline's points attribute."""
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]

    @property
    def highest(self) -> str:
        """Return the label of the highest grade reached."""
        return str(Level(max((p.level for p in self.points), key=LEVELS.index)).label)


def _title(assessment: Assessment) -> str:
    try:
        return assessment.instrument.title.get(get_language())
    except UnknownInstrumentError:
        return assessment.instrument_id


def _band_y(level: str) -> float:
    step = (HEIGHT - TOP - BOTTOM) / (len(LEVELS) - 1)
    return TOP + (len(LEVELS) - 1 - LEVELS.index(level)) * step


def grade_chart(assessments: Sequence[Assessment]) -> GradeChart | None:
    """Return the chart of the assessments' grades over time (oldest first), or None when there are none.

    Points sit along the x axis in proportion to time, so a long gap between
    assessments shows as one; assessments made at the same moment are spread evenly.
    """
    if not assessments:
        return None
    span_left, span_right = LEFT + 12, WIDTH - RIGHT - 12
    first, last = assessments[0].created_at, assessments[-1].created_at
    seconds = (last - first).total_seconds()
    points = []
    for index, assessment in enumerate(assessments):
        if len(assessments) == 1:
            x = (span_left + span_right) / 2
        elif seconds > 0:
            x = span_left + (assessment.created_at - first).total_seconds() / seconds * (span_right - span_left)
        else:
            x = span_left + index / (len(assessments) - 1) * (span_right - span_left)
        points.append(
            Point(
                assessment_id=assessment.pk,
                level=assessment.level,
                label=str(Level(assessment.level).label),
                when=assessment.created_at,
                x=x,
                y=_band_y(assessment.level),
                colour=COLOURS[assessment.level],
                instrument_title=_title(assessment),
                yes_count=assessment.yes_count,
                factor_count=assessment.factor_count,
            )
        )
    bands = tuple(Band(level, str(Level(level).label), _band_y(level)) for level in reversed(LEVELS))
    return GradeChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        axis_y=HEIGHT - BOTTOM + 24,
        bands=bands,
        points=tuple(points),
    )
