"""Margins worked out on the server for the scalar charts (Plotly's automargin is off there)."""

from __future__ import annotations

import pytest

from app.web.figures import LABEL_CHAR_PX, base_layout, measured_here, with_plotly_labels
from app.web.scalar_page import scalar_context


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
    layout = measured_here(base_layout("x", "f(x)"), values)
    assert layout["margin"]["l"] >= len(widest_label) * LABEL_CHAR_PX + 6


def test_margin_is_bounded_for_huge_or_missing_values():
    huge = measured_here(base_layout("x", "f(x)"), [1e300, -1e300])["margin"]["l"]
    nothing = measured_here(base_layout("x", "f(x)"), [float("nan")])["margin"]["l"]
    assert huge <= 9 * LABEL_CHAR_PX + 9 and nothing >= 3 * LABEL_CHAR_PX
