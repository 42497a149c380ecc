"""The server-drawn SVG charts: what they draw, and that user text cannot get into them."""

import math
import re

from app.web.charts.svg.axes import CHARACTER_WIDTH, TILT
from app.web.charts.svg.render import NARROW, render_svg


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
