"""Ranges and margins worked out on the server for the scalar charts (Plotly's autorange and
automargin are off there)."""

from __future__ import annotations

import math

import pytest

from app.web.charts.figures import (
    LABEL_CHAR_PX,
    base_layout,
    measured_here,
    padded_range,
    with_plotly_labels,
)
from app.web.charts.svg.render import WIDE, render_svg
from app.web.explorers.scalar import scalar_context


def curve(y_values: list[float]) -> list[dict]:
    return [{"type": "scatter", "x": list(range(len(y_values))), "y": y_values}]


def test_scalar_charts_skip_plotlys_label_measuring():
    figures = scalar_context({"f": "sigmoid(x)", "x": "0, 1"})["figures"]
    for figure in figures.values():
        for axis in ("xaxis", "yaxis"):
            assert figure["layout"][axis]["automargin"] is False
            assert "standoff" not in figure["layout"][axis]["title"]
        assert figure["layout"]["yaxis"]["title"]["text"] == ""  # shown above the chart instead
    assert figures["derivative"]["layout"]["meta"]["y_label"] == "f′(x)"


def test_files_without_a_page_get_plotlys_labels_back():
    figure = scalar_context({"f": "sigmoid(x)", "x": "0, 1"})["figures"]["function"]
    layout = with_plotly_labels(figure)["layout"]
    assert layout["showlegend"] is True and layout["yaxis"]["title"]["text"] == "f(x)"
    assert layout["xaxis"]["automargin"] is True and layout["yaxis"]["automargin"] is True
    assert figure["layout"]["yaxis"]["title"]["text"] == ""  # the page's figure is untouched


@pytest.mark.parametrize(
    ("values", "widest_label"),
    [
        ([0.1, 0.25], "0.25"),
        ([-1000.0, 2000.0], "-1500"),  # Plotly writes at most this many characters here
        ([0.00012, 0.00019], "0.00019"),
        ([-3.5, 4.5], "-4.5"),
    ],
)
def test_left_margin_holds_the_widest_tick_label(values, widest_label):
    layout = measured_here(base_layout("x", "f(x)"), curve(values))
    assert layout["margin"]["l"] >= len(widest_label) * LABEL_CHAR_PX + 6


def test_margin_is_bounded_for_huge_or_missing_values():
    huge = measured_here(base_layout("x", "f(x)"), curve([1e300, -1e300]))["margin"]["l"]
    nothing = measured_here(base_layout("x", "f(x)"), curve([None]))["margin"]["l"]
    assert huge <= 9 * LABEL_CHAR_PX + 9 and nothing >= 3 * LABEL_CHAR_PX


def test_scalar_charts_are_framed_here_as_the_static_svg_frames_them():
    figures = scalar_context({"f": "tanh(2x) + x^2", "x": "-2, 0.5, 3"})["figures"]
    for figure in figures.values():
        for letter in "xy":
            axis = figure["layout"][f"{letter}axis"]
            values = [v for t in figure["data"] for v in t[letter] if v is not None]
            low, high = axis["range"]
            assert axis["autorange"] is False
            assert low < min(values) and max(values) < high
            assert high - low == pytest.approx(1.1 * (max(values) - min(values)))  # 5 % a side
        assert "<svg" in render_svg(figure, WIDE, "wide")  # the SVG reads the same ranges


@pytest.mark.parametrize(
    ("values", "framed"),
    [
        ([0.0, 10.0], (-0.5, 10.5)),
        ([3.0, 3.0], (2.5, 3.5)),  # a single value: half a unit around it
        ([1e300], (0.95e300, 1.05e300)),  # or 5 % of it when that is more
        ([None, float("inf")], (0.0, 1.0)),  # nothing finite
        ([-1.7e308, 1.7e308], (-1.7e308, 1.7e308)),  # padding would overflow
    ],
)
def test_padded_range(values, framed):
    low, high = padded_range(values)
    assert (low, high) == pytest.approx(framed) and math.isfinite(low) and math.isfinite(high)
