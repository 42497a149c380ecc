"""Lines cut to a box before drawing (app/web/charts/svg/clipping.py), against sampling."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.web.charts.svg.clipping import clip_segment, clipped_runs

BOX = (0.0, 0.0, 100.0, 50.0)
coordinate = st.floats(-1e6, 1e6, allow_nan=False)  # pixels; FAR is 1e7
point = st.tuples(coordinate, coordinate)


def inside(x: float, y: float, slack: float = 1e-6) -> bool:
    return -slack <= x <= 100 + slack and -slack <= y <= 50 + slack


@given(point, point)
def test_the_cut_piece_is_the_part_of_the_segment_in_the_box(start, end):
    piece = clip_segment(start, end, BOX)
    t = np.linspace(0, 1, 2001)
    xs = start[0] + t * (end[0] - start[0])
    ys = start[1] + t * (end[1] - start[1])
    samples_inside = [inside(x, y, slack=0) for x, y in zip(xs, ys, strict=True)]
    if piece is None:
        assert not any(inside(x, y, slack=-1e-3) for x, y in zip(xs, ys, strict=True))
        return
    (x0, y0), (x1, y1) = piece
    assert inside(x0, y0, 1e-6 * max(1, *map(abs, (*start, *end))))
    assert inside(x1, y1, 1e-6 * max(1, *map(abs, (*start, *end))))
    if any(samples_inside):  # the piece covers every sampled point that is inside
        first, last = (
            t[samples_inside.index(True)],
            t[len(t) - 1 - samples_inside[::-1].index(True)],
        )
        length = np.hypot(end[0] - start[0], end[1] - start[1])
        step = length / (len(t) - 1)  # the samples' spacing along the segment
        assert np.hypot(x1 - x0, y1 - y0) >= (last - first) * length - step - 1e-6 * max(1, length)


def test_a_segment_inside_is_kept_as_it_is():
    assert clip_segment((1.0, 2.0), (30.0, 40.0), BOX) == ((1.0, 2.0), (30.0, 40.0))


def test_a_polyline_that_leaves_and_comes_back_is_two_runs():
    points = [(10.0, 10.0), (50.0, 10.0), (500.0, 10.0), (50.0, 20.0), (20.0, 20.0)]
    runs = list(clipped_runs(points, BOX))
    assert runs[0] == [(10.0, 10.0), (50.0, 10.0), (100.0, 10.0)]
    assert runs[-1][-2:] == [(50.0, 20.0), (20.0, 20.0)]


def test_a_gap_breaks_the_line():
    points = [(10.0, 10.0), (20.0, 10.0), None, (30.0, 10.0), (40.0, 10.0)]
    assert list(clipped_runs(points, BOX)) == [
        [(10.0, 10.0), (20.0, 10.0)],
        [(30.0, 10.0), (40.0, 10.0)],
    ]


def test_a_diverging_zig_zag_is_drawn_once_across_the_box():
    # each step overshoots to the other side, further out every time, along y = 25
    points = [((-1) ** k * 3.0**k + 50.0, 25.0) for k in range(40)]
    runs = list(clipped_runs(points, BOX))
    pieces = sum(len(run) - 1 for run in runs)
    assert pieces < 8  # not 39 strokes across the same line
    assert all(inside(x, y) for run in runs for x, y in run)


def test_a_point_far_out_still_gives_the_line_towards_it():
    ((x0, y0), (x1, y1)) = clip_segment((50.0, 25.0), (1e300, 5e299), BOX)
    assert (x0, y0) == (50.0, 25.0)
    assert x1 == 100.0 and abs(y1 - 50.0) < 1e-9  # along the direction (2, 1), to the corner
    assert clip_segment((-1e300, 25.0), (1e300, 25.0), BOX) is None


def test_a_point_just_short_of_far_next_to_a_far_one_is_cut_not_a_recursion():
    # 9e6 is not "far" but 9e6 + FAR is: the shortened segment once recursed without end
    piece = clip_segment((9e6, 25.0), (1e9, 25.0), BOX)
    assert piece is None
    ((x0, y0), (x1, y1)) = clip_segment((9e6, 25.0), (-1e9, 25.0), BOX)
    assert (x0, x1, y0, y1) == (100.0, 0.0, 25.0, 25.0)


def runs_one_segment_at_a_time(points, box):
    """What the stretch-wise clipped_runs must give: every segment cut on its own (a repeated
    cut piece dropped), then pieces that meet end to start joined into runs."""
    pieces, seen = [], set()
    for start, end in pairwise(points):
        piece = None if None in (start, end) else clip_segment(start, end, box)
        if piece is not None and piece != (start, end):
            key = frozenset((round(x, 1), round(y, 1)) for x, y in piece)
            piece, _ = (None if key in seen else piece), seen.add(key)
        pieces.append(piece)
    runs: list[list] = [[]]
    for piece in pieces:
        if piece is not None and runs[-1] and runs[-1][-1] == piece[0]:
            runs[-1].append(piece[1])
        else:
            runs.append([] if piece is None else list(piece))
    return [run for run in runs if len(run) > 1]


near = st.tuples(st.floats(-40, 140), st.floats(-40, 90))
polyline_point = st.one_of(
    st.none(), near, near, near, point, st.tuples(st.floats(-1e12, 1e12), coordinate)
)


@given(st.lists(polyline_point, max_size=30))
def test_runs_are_those_of_cutting_each_segment_on_its_own(points):
    assert list(clipped_runs(points, BOX)) == list(runs_one_segment_at_a_time(points, BOX))
