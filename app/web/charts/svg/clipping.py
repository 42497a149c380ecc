"""Lines cut to a box before they are drawn.

A descent that diverges leaves the plot within a few steps and then zig-zags out to
coordinates in the thousands or millions. The plot area clips what is seen, but renderers
still stroke every segment at full length: resvg took a second for one such chart, and a
browser pays the same on every redraw. Cutting each segment to a box a little larger than the
plot area draws the same picture at the cost of the visible part only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


def clipped_runs(points: Sequence[Point | None], box: Box) -> Iterator[list[Point]]:
    """The polyline through ``points`` (None breaks it) as runs of points inside ``box``:
    each run is drawn as one sub-path, so a line that leaves the box and comes back is two.
    A cut piece drawn already is left out: a diverging zig-zag crosses the box on the same
    line at every step.

    Most segments lie inside the box: found at once (NumPy), they join the run in stretches,
    and only the others are cut one by one."""
    run: list[Point] = []
    drawn: set[tuple[Point, Point]] = set()
    inside = _inside_all(points, box)
    segment_inside = inside[:-1] & inside[1:]
    cut_segments = [*np.flatnonzero(~segment_inside).tolist(), len(points) - 1]
    segment = 0
    for cut_at in cut_segments:
        if segment < cut_at:  # segments segment..cut_at-1, all inside: pieces are themselves
            if run and run[-1] != points[segment]:
                yield run
                run = []
            if not run:
                run.append(points[segment])  # type: ignore[arg-type]
            run.extend(points[segment + 1 : cut_at + 1])  # type: ignore[arg-type]
        if cut_at == len(points) - 1:
            break
        start, end = points[cut_at], points[cut_at + 1]
        piece = None if start is None or end is None else clip_segment(start, end, box)
        if piece is not None and (piece[0] != start or piece[1] != end):
            key = _rounded(piece)
            piece = None if key in drawn else piece
            drawn.add(key)
        if piece is None or (run and run[-1] != piece[0]):
            if len(run) > 1:
                yield run
            run = []
        if piece is not None:
            if not run:
                run.append(piece[0])
            run.append(piece[1])
        segment = cut_at + 1
    if len(run) > 1:
        yield run


def _inside_all(points: Sequence[Point | None], box: Box) -> np.ndarray:
    """For each point, whether it is given and inside ``box``."""
    left, top, right, bottom = box
    xy = np.array([(math.nan, math.nan) if p is None else p for p in points], dtype=float)
    xy = xy.reshape(-1, 2)
    x, y = xy[:, 0], xy[:, 1]
    return (left <= x) & (x <= right) & (top <= y) & (y <= bottom)


def clip_segment(start: Point, end: Point, box: Box) -> tuple[Point, Point] | None:
    """The part of the segment inside ``box``, or None if none of it is."""
    if _inside(start, box) and _inside(end, box):
        return start, end
    if _far(start) and _far(end):
        return None  # a double cannot place the line between them to a pixel: nothing to see
    if _far(start) or _far(end):  # measure from the near end, which double precision can
        near, far = (end, start) if _far(start) else (start, end)
        piece = _liang_barsky(near, _towards(near, far, FAR), box)
        return None if piece is None else (piece if near is start else (piece[1], piece[0]))
    return _liang_barsky(start, end, box)


def _liang_barsky(start: Point, end: Point, box: Box) -> tuple[Point, Point] | None:
    left, top, right, bottom = box
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    enter, leave = 0.0, 1.0
    edges = ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0))
    for direction, distance in edges:
        if direction == 0:
            if distance < 0:
                return None
            continue
        t = distance / direction
        if direction < 0:
            enter = max(enter, t)
        else:
            leave = min(leave, t)
        if enter > leave:
            return None
    return (x0 + enter * dx, y0 + enter * dy), (x0 + leave * dx, y0 + leave * dy)


FAR = 1e7  # units from the origin beyond which a point is only a direction


def _far(point: Point) -> bool:
    return abs(point[0]) > FAR or abs(point[1]) > FAR


def _towards(near: Point, far: Point, reach: float) -> Point:
    """The point ``reach`` units from ``near`` in the direction of ``far``."""
    dx, dy = far[0] - near[0], far[1] - near[1]
    length = math.hypot(dx, dy)
    return near[0] + dx / length * reach, near[1] + dy / length * reach


def _inside(point: Point, box: Box) -> bool:
    left, top, right, bottom = box
    return left <= point[0] <= right and top <= point[1] <= bottom


def _rounded(piece: tuple[Point, Point]) -> tuple[Point, Point]:
    """The piece to a tenth of a unit, either way round: how a repeat is recognised."""
    ends = sorted((round(x, 1), round(y, 1)) for x, y in piece)
    return ends[0], ends[1]
