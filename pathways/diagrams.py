"""Geometry for the server-rendered SVG of the workforce development cycle (Figure 6):
four circles at the corners of a square, in the order the figure's description gives
(upper right, bottom right, bottom left, top left), arrows between them, a fifth in the
middle. Pure functions, so the drawing is testable without a browser."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 500
CORNERS = [(470, 110), (470, 390), (170, 390), (170, 110)]  # clockwise from upper right
RADIUS, CENTRE_RADIUS = 100, 78
LINE_HEIGHT = 20


@dataclass(frozen=True)
class Circle:
    number: int | None
    text: str
    cx: int
    cy: int
    r: int
    lines: list[tuple[str, int]]  # (line, y)


@dataclass(frozen=True)
class Arrow:
    x1: int
    y1: int
    x2: int
    y2: int


def _lines(text: str, cy: int, width: int) -> list[tuple[str, int]]:
    wrapped = textwrap.wrap(text, width, break_long_words=False)
    top = cy - (len(wrapped) - 1) * LINE_HEIGHT // 2
    return [(line, top + index * LINE_HEIGHT) for index, line in enumerate(wrapped)]


def cycle_layout(stages) -> tuple[list[Circle], list[Arrow]]:
    """Circles for the stages (the centre one last) and the four arrows of the loop."""
    ring = [stage for stage in stages if not stage.is_centre][: len(CORNERS)]
    circles = []
    for number, (stage, (cx, cy)) in enumerate(zip(ring, CORNERS, strict=False), start=1):
        circles.append(Circle(number, stage.text, cx, cy, RADIUS, _lines(f"{number}. {stage.text}", cy, 18)))
    for stage in stages:
        if stage.is_centre:
            cx, cy = WIDTH // 2, HEIGHT // 2
            circles.append(Circle(None, stage.text, cx, cy, CENTRE_RADIUS, _lines(stage.text, cy, 14)))
    arrows = []
    gap = 8
    for index in range(len(ring)):
        (x1, y1), (x2, y2) = CORNERS[index], CORNERS[(index + 1) % len(ring)]
        if x1 == x2:  # vertical
            step = 1 if y2 > y1 else -1
            arrows.append(Arrow(x1, y1 + step * (RADIUS + gap), x2, y2 - step * (RADIUS + gap)))
        else:
            step = 1 if x2 > x1 else -1
            arrows.append(Arrow(x1 + step * (RADIUS + gap), y1, x2 - step * (RADIUS + gap), y2))
    return circles, arrows
