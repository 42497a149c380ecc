"""Static SVG of a Plotly figure dict, drawn on the server: the chart a reader sees first.

It serves readers without JavaScript, print and slides, and lets a page paint its charts
without evaluating Plotly.js during load; Plotly replaces it on the first interaction. It
draws what our figure builders use: scatter lines, markers and text, grouped bars, heatmaps
and filled contours (as a raster image), linear and log axes, subplots and paper annotations.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from markupsafe import Markup

from app.web.charts.figures import RASTER_TYPES
from app.web.charts.palette import BLUE, INK
from app.web.charts.svg.axes import MARGIN, Axis, axis_name, grid, layout_axes
from app.web.charts.svg.clipping import Box, clipped_runs
from app.web.charts.svg.elements import el, shape_paths_of
from app.web.charts.svg.raster import raster

WIDE, NARROW = 480, 360
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


def render_svg(figure: dict[str, Any], width: int = WIDE, variant: str = "wide") -> Markup:
    """``figure`` drawn ``width`` units wide at its layout height; CSS shows the ``wide`` or
    the ``narrow`` variant by screen width, so text stays readable on a phone."""
    body, height = draw_chart(figure, width)
    return Markup(
        f'<svg class="static-chart static-{variant}" viewBox="0 0 {width} {height}"'
        f' style="max-height:{height}px" role="presentation" xmlns="http://www.w3.org/2000/svg"'
        f' font-family="{FONT}" font-size="12">{body}</svg>'
    )


def draw_chart(figure: dict[str, Any], width: int) -> tuple[str, int]:
    """The SVG elements of ``figure`` drawn ``width`` units wide, and its height: plot areas,
    grids, traces and annotations, without a title or a legend (a page sets those in HTML,
    an image adds them itself: ``standalone.py``)."""
    layout = figure.get("layout", {})
    height = int(layout.get("height", 360))
    ink = layout.get("font", {}).get("color", INK)
    shown = [
        (i, t) for i, t in enumerate(figure.get("data", [])) if t.get("visible", True) is not False
    ]
    data = [t for _, t in shown]
    plot_bottom = height - MARGIN["b"]
    parts: list[str] = []
    axes = layout_axes(layout, data, plot_bottom, width)
    background = layout.get("plot_bgcolor", "#ffffff")
    for (x_axis, y_axis), (x_name, y_name) in axes.items():
        area = (x_axis.end - x_axis.start, y_axis.start - y_axis.end)
        parts.append(
            el(
                "rect",
                x=x_axis.start,
                y=y_axis.end,
                width=area[0],
                height=area[1],
                fill=background,
                class_="plot-bg",
            )
        )
        parts += grid(x_axis, y_axis, layout.get(x_name, {}), layout.get(y_name, {}), ink)
    for index, trace in shown:
        key = (axis_name("x", trace.get("xaxis", "x")), axis_name("y", trace.get("yaxis", "y")))
        pair = next((p for p, names in axes.items() if names == key), None)
        if pair is not None:
            parts.append(_clipped(_trace(trace, *pair), *pair, index))
    parts += _annotations(layout, plot_bottom, ink, width)
    return "".join(parts), height


# -- traces --------------------------------------------------------------------------------------
def _clipped(parts: list[str], x_axis: Axis, y_axis: Axis, index: int) -> str:
    """A trace inside its plot area, as Plotly clips it: a nested ``<svg>`` whose viewport is
    the area and whose coordinates are the chart's own (no clip-path ids to keep unique). It
    carries the trace's index, so a legend entry can hide it (static/js/charts.js)."""
    x, y = x_axis.start, y_axis.end
    width, height = x_axis.end - x_axis.start, y_axis.start - y_axis.end
    box = f"{x:.1f} {y:.1f} {width:.1f} {height:.1f}"
    return el(
        "svg",
        Markup("".join(parts)),
        x=x,
        y=y,
        width=width,
        height=height,
        viewBox=box,
        data_trace=index,
    )


def _trace(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    kind = trace.get("type", "scatter")
    if kind in RASTER_TYPES:
        return [raster(trace, x_axis, y_axis)]
    if kind == "bar":
        return _bars(trace, x_axis, y_axis)
    return _scatter(trace, x_axis, y_axis)


def _scatter(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    xs, ys = trace.get("x", []), trace.get("y", [])
    mode = trace.get("mode", "lines")
    colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color", BLUE)
    opacity = trace.get("opacity", 1)
    parts = []
    points = _pixels(xs, ys, x_axis, y_axis)
    if "lines" in mode:
        line = trace.get("line", {})
        dash = {"dash": "6 4", "dot": "2 3", "longdash": "10 4"}.get(line.get("dash", "solid"), "")
        path = "".join(
            "M" + "L".join(["%.1f %.1f" % point for point in run])  # noqa: UP031 (the fastest)
            for run in clipped_runs(points, _drawing_box(x_axis, y_axis))
        )
        if path:
            parts.append(
                el(
                    "path",
                    d=path,
                    fill="none",
                    stroke=colour,
                    stroke_width=line.get("width", 2),
                    stroke_dasharray=dash or None,
                    opacity=opacity,
                    class_="ink-line" if colour == INK else None,  # the page's text colour
                )
            )
    if "markers" in mode:
        marker = trace.get("marker", {})
        sizes = marker.get("size", 8)
        fill = (
            marker.get("color", colour) if isinstance(marker.get("color", colour), str) else colour
        )
        outline = marker.get("line", {}).get("color", "#fff")
        ink = "ink" if fill == INK else None  # the page's text colour, outlined (site.css)
        symbol = marker.get("symbol", "circle")
        every_size = sizes if isinstance(sizes, list) else [sizes] * len(points)
        d = "" if symbol == "arrow" else shape_paths_of(points, every_size, symbol)
        if d:  # every marker of the trace in one element
            parts.append(el("path", d=d, fill=fill, stroke=outline, class_=ink))
    if "text" in mode:
        font = trace.get("textfont", {})
        for point, text in zip(points, trace.get("text", []), strict=False):
            if point is not None and text:
                parts.append(
                    el(
                        "text",
                        str(text).strip(),
                        x=point[0] + 4,
                        y=point[1] + 4,
                        fill=font.get("color", colour),
                    )
                )
    return parts


def _drawing_box(x_axis: Axis, y_axis: Axis) -> Box:
    """The plot area and a little more: lines are cut to it (``clipping.py``) just outside
    the area, which hides the cut under its edge, stroke ends and joins included."""
    left, right = sorted((x_axis.start, x_axis.end))
    top, bottom = sorted((y_axis.start, y_axis.end))
    return left - CUT_OUTSIDE, top - CUT_OUTSIDE, right + CUT_OUTSIDE, bottom + CUT_OUTSIDE


CUT_OUTSIDE = 12  # more than half the widest line


def _pixels(xs: list, ys: list, x_axis: Axis, y_axis: Axis) -> list[tuple[float, float] | None]:
    """Pixel positions of the points, None where a value is missing (a gap in the line) or
    cannot be shown (zero or less on a log axis)."""
    count = min(len(xs), len(ys))
    x = np.array(xs[:count], dtype=float)  # None becomes NaN
    y = np.array(ys[:count], dtype=float)
    shown = np.isfinite(x) & np.isfinite(y)
    if y_axis.log:
        shown &= y > 0
    pairs = zip(x_axis.pixels(x).tolist(), y_axis.pixels(y).tolist(), shown.tolist(), strict=True)
    return [(px, py) if ok else None for px, py, ok in pairs]


def _bars(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    group = trace.get("_group", (0, 1))
    index, count = group
    width = (x_axis.end - x_axis.start) / max(1, len(x_axis.categories or [1])) * 0.8 / count
    colour = trace.get("marker", {}).get("color", BLUE)
    base = y_axis.start
    parts = []
    for i, value in enumerate(trace.get("y", [])):
        if value is None or (y_axis.log and value <= 0):
            continue
        centre = x_axis(float(i))
        left = centre - width * count / 2 + index * width
        top = max(y_axis.end, min(base, y_axis(value)))
        parts.append(el("rect", x=left, y=top, width=width, height=base - top, fill=colour))
    return parts


# -- annotations ---------------------------------------------------------------------------------
def _annotations(layout: dict, plot_bottom: float, ink: str, width: int) -> list[str]:
    parts = []
    for note in layout.get("annotations", []):
        if note.get("xref") != "paper":
            continue
        x = note["x"] * width
        y = plot_bottom - note["y"] * (plot_bottom - MARGIN["t"]) - 2
        text = str(note["text"])
        parts.append(el("text", text, x=x, y=y, text_anchor="middle", fill=ink, class_="axis"))
    return parts


def with_bar_groups(figure: dict[str, Any]) -> dict[str, Any]:
    """``figure`` with its bar traces numbered, so grouped bars sit side by side; the figure
    itself is left as it is (only the bar traces are copied)."""
    data = figure.get("data", [])
    count = sum(1 for t in data if t.get("type") == "bar")
    numbered, index = [], 0
    for trace in data:
        if trace.get("type") == "bar":
            trace = {**trace, "_group": (index, count)}
            index += 1
        numbered.append(trace)
    return {**figure, "data": numbered}
