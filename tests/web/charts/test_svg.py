"""The server-drawn SVG charts: what they draw, and that user text cannot get into them."""

import math
import re

import numpy as np
import pytest

from app.web.charts.static import chosen_drawings, static_charts
from app.web.charts.svg.axes import CHARACTER_WIDTH, TILT
from app.web.charts.svg.elements import shape_paths, shape_paths_of
from app.web.charts.svg.render import NARROW, WIDE, render_svg


def test_line_markers_and_axes():
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "f(x)",
                "x": [0, 1, 2],
                "y": [0, 1, 4],
                "line": {"color": "#0072B2"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "points",
                "x": [1],
                "y": [1],
                "marker": {"color": "#E69F00", "size": 10, "symbol": "diamond"},
            },
        ],
        "layout": {
            "height": 300,
            "xaxis": {"title": {"text": "x"}},
            "yaxis": {"title": {"text": "f(x)"}},
        },
    }
    svg = str(render_svg(figure))
    assert svg.startswith('<svg class="static-chart static-wide" viewBox="0 0 480 300"')
    assert re.search(r'<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+L', svg)  # the line
    assert svg.count('stroke="#fff"') == 1  # one diamond marker
    assert ">points</text>" not in svg  # the legend is HTML beside the chart, not in it
    assert ">x</text>" in svg  # axis title


def test_gaps_break_the_line_and_log_axes_skip_non_positive_values():
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "J",
                "x": [0, 0.5, 1, 2, 3],
                "y": [1, 2, None, 10, 100],
            }
        ],
        "layout": {"yaxis": {"type": "log"}},
    }
    svg = str(render_svg(figure))
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.count("M") == 2  # the null splits the line in two
    assert ">1e1</text>" in svg  # log ticks at powers of ten


def test_text_is_escaped():
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+text",
                "name": "gap",
                "text": ["<script>x</script>", ""],
                "x": [0, 1],
                "y": [0, 1],
            }
        ],
        "layout": {},
    }
    svg = str(render_svg(figure))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_heatmap_becomes_a_png_image():
    figure = {
        "data": [
            {
                "type": "heatmap",
                "x": [0, 1, 2],
                "y": [0, 1],
                "z": [[0, 0.5, 1], [1, 0.5, 0]],
                "zmin": 0,
                "zmax": 1,
                "colorscale": [[0, "#000000"], [1, "#ffffff"]],
            }
        ],
        "layout": {},
    }
    svg = str(render_svg(figure))
    assert "<image " in svg and 'href="data:image/png;base64,iVBORw0KGgo' in svg


def test_a_surface_without_a_finite_value_is_drawn_plain_without_warnings():
    # J overflows everywhere on the plane (parameters near the limits): all null, or inf
    for z in ([[None, None], [None, None]], [[float("inf"), None], [None, float("-inf")]]):
        contour = {"type": "contour", "x": [0, 1], "y": [0, 1], "z": z}
        svg = str(render_svg({"data": [contour], "layout": {}}))  # warnings fail the tests
        assert 'href="data:image/png;base64,' in svg


def bars(categories: list[str]) -> dict:
    values = [10.0**-k for k in range(len(categories))]
    return {
        "data": [{"type": "bar", "name": "error", "x": categories, "y": values}],
        "layout": {"height": 300, "yaxis": {"type": "log"}},
    }


def category_labels(svg: str, categories: list[str]) -> list[re.Match]:
    return [re.search(rf"<text ([^>]*)>{re.escape(c)}</text>", svg) for c in categories]


def bar_tops(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)[1:]]


def test_category_labels_too_wide_for_their_bars_are_tilted_and_kept_in_the_chart():
    short = ["a", "b", "c", "d"]
    level = str(render_svg(bars(short), NARROW, "narrow"))
    assert all("rotate" not in label.group(1) for label in category_labels(level, short))
    long = ["layer 1 weights", "layer 1 biases", "layer 2 weights", "layer 2 biases"]
    tilted = str(render_svg(bars(long), NARROW, "narrow"))
    labels = category_labels(tilted, long)
    assert all(f"rotate(-{TILT} " in label.group(1) for label in labels)
    assert all('text-anchor="end"' in label.group(1) for label in labels)
    # The plot ends higher, so the longest label, reaching down at 30°, stays in the picture.
    baseline = float(re.search(r' y="([\d.]+)"', labels[0].group(1)).group(1))
    reach = len(long[0]) * CHARACTER_WIDTH * math.sin(math.radians(TILT))
    assert baseline + reach <= 300
    assert max(bar_tops(tilted)) < max(bar_tops(level))


def one_marker(x: float, y: float, size: float, symbol: str) -> str:
    """A marker's path data written out one at a time: the oracle for ``shape_paths``."""
    r = size / 2
    if symbol not in ("diamond", "star"):
        return f"M{x - r:.1f} {y:.1f}a{r:g} {r:g} 0 1 0 {size:g} 0a{r:g} {r:g} 0 1 0 {-size:g} 0"
    inner = r if symbol == "diamond" else r * 0.35
    # Clockwise from the top: the tips reach r, the corners between them (a star's) inner.
    signs = [(0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)]
    signs = signs[::2] if symbol == "diamond" else signs
    corners = []
    for sx, sy in signs:
        reach = r if 0 in (sx, sy) else inner
        corners.append((x + sx * reach if sx else x, y + sy * reach if sy else y))
    return "M" + "L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners) + "Z"


@pytest.mark.parametrize("symbol", ["circle", "diamond", "star", "square"])
@pytest.mark.parametrize("size", [5, 7.5, 11])
def test_markers_written_together_are_each_marker_written_alone(symbol, size):
    rng = np.random.default_rng(int(size * 10))
    x, y = rng.uniform(-5, 500, 300), rng.uniform(-5, 500, 300)
    x[:3], y[:3] = 0.25, 0.05  # halves and near-zero round as one at a time would
    points = zip(x.tolist(), y.tolist(), strict=True)
    wanted = "".join(one_marker(a, b, size, symbol) for a, b in points)
    assert shape_paths(x, y, size, symbol) == wanted


def test_markers_of_several_sizes_gaps_and_zero_sizes():
    points = [(1.0, 2.0), None, (3.0, 4.0), (5.0, 6.0), (7.0, 8.0)]
    sizes = [4, 4, 0, 9, 4]
    wanted = one_marker(1.0, 2.0, 4, "circle") + one_marker(5.0, 6.0, 9, "circle")
    wanted += one_marker(7.0, 8.0, 4, "circle")
    assert shape_paths_of(points, sizes, "circle") == wanted


FIGURES = {
    "curve": {"data": [{"type": "scatter", "x": [0, 1, 2], "y": [1, 0, 3]}], "layout": {}},
    "bars": {"data": [{"type": "bar", "x": ["a", "b"], "y": [2, 1]}], "layout": {}},
}


def test_a_live_answer_draws_only_the_drawing_the_page_shows():
    both = static_charts(FIGURES)
    for name in FIGURES:
        wide, narrow = (
            str(static_charts(FIGURES, ["wide"])[name]),
            str(static_charts(FIGURES, ["narrow"])[name]),
        )
        assert wide.startswith('<svg class="static-chart static-wide" viewBox="0 0 480 ')
        assert narrow.startswith('<svg class="static-chart static-narrow" viewBox="0 0 360 ')
        assert both[name] == wide + narrow  # each the very drawing a page gets as served
        assert "static-narrow" not in wide and "static-wide" not in narrow
    assert str(render_svg(FIGURES["curve"], WIDE, "wide")) == str(
        static_charts(FIGURES, ["wide"])["curve"]
    )


@pytest.mark.parametrize(
    ("asked", "drawings"),
    [
        ("wide", ("wide",)),
        ("narrow", ("narrow",)),
        (None, ("wide", "narrow")),
        ("", ("wide", "narrow")),
        ("huge", ("wide", "narrow")),
    ],
)
def test_a_question_naming_no_known_drawing_gets_both(asked, drawings):
    assert chosen_drawings(asked) == drawings
