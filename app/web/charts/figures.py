"""Shared pieces of every Plotly figure: layout, traces, themes. Figures are plain dicts.

No user text goes into a figure: labels are fixed strings and numbers, so nothing a reader
types can reach Plotly's HTML-like label rendering.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app.web.charts.palette import DARK, GREY, GRID, INK

Figure = dict[str, Any]


def json_numbers(values: Any) -> list[float | None]:
    """Floats for Plotly, to 7 significant digits (far below a pixel; tables keep every
    digit), so figures are small to send and quick to parse; non-finite ones become gaps."""
    array = np.asarray(values, dtype=np.float64).ravel()
    if array.size < _ROUND_AS_ARRAY_FROM:
        return [_seven_digits(v) for v in array.tolist()]
    return _rounded_as_array(array)


def json_rows(values: Any) -> list[list[float | None]]:
    """``json_numbers`` of each row of a matrix (a contour's or heatmap's z): the same numbers,
    rounded as one array, where row by row paid NumPy's few microseconds a call on every row."""
    matrix = np.asarray(values, dtype=np.float64)
    rows, columns = matrix.shape
    if columns < _ROUND_AS_ARRAY_FROM:
        return [json_numbers(row) for row in matrix]
    numbers = _rounded_as_array(matrix.ravel())
    return [numbers[start : start + columns] for start in range(0, rows * columns, columns)]


def _rounded_as_array(array: np.ndarray) -> list[float | None]:
    """``_seven_digits`` of every value of a flat array, worked out by NumPy."""
    magnitude = np.abs(array)
    ordinary = (magnitude >= 1e-15) & (magnitude < 1e15)  # finite, and not zero
    # 7 significant digits are a whole number of units of 10^-decimals. Dividing that whole
    # number by an exact power of ten (10^22 at most) gives the double nearest the short
    # decimal, so JSON prints it short, as float(f"{v:.7g}") would, at a tenth of the cost.
    decimals = 6 - np.floor(np.log10(magnitude, where=ordinary, out=np.zeros_like(array)))
    scale = 10.0 ** np.abs(decimals)
    rounded = np.where(ordinary, array, 0.0)
    up = ordinary & (decimals >= 0)
    down = ordinary & (decimals < 0)
    rounded[up] = np.round(rounded[up] * scale[up]) / scale[up]
    rounded[down] = np.round(rounded[down] / scale[down]) * scale[down]
    numbers: list[float | None] = rounded.tolist()
    for index in np.flatnonzero(~ordinary).tolist():  # zeros, gaps, and the very large or small
        numbers[index] = _seven_digits(float(array[index]))
    return numbers


_ROUND_AS_ARRAY_FROM = 32  # below this many values, one at a time is quicker


def _seven_digits(value: float) -> float | None:
    return float(f"{value:.7g}") if math.isfinite(value) else None


def base_layout(x_title: str, y_title: str, height: int = 340) -> dict[str, Any]:
    axis = {
        "zeroline": True,
        "zerolinecolor": "#c9d1d6",
        "gridcolor": GRID,
        "automargin": True,
        # Plotly's default ("hide past div") measures every tick label after every redraw;
        # automargin already keeps labels inside the chart, so that check only costs time.
        "ticklabeloverflow": "allow",
    }
    return {
        "margin": {"l": 48, "r": 12, "t": 12, "b": 24},
        "height": height,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "hovermode": "closest",
        # The nearest point's values wherever the pointer is in the plot, not only within
        # Plotly's default 20 px of a point: the glass shows values as soon as it is over a chart.
        "hoverdistance": -1,
        # The legend is HTML under the chart (app/web/charts/legend.py); these settings are for
        # downloads and exported files, which turn Plotly's own legend back on.
        "showlegend": False,
        "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        "xaxis": {**axis, "title": {"text": x_title, "standoff": 2}},
        "yaxis": {**axis, "title": {"text": y_title}},
    }


# Widest character of a tick label in the 13 px chart font (digits and the minus sign), rounded
# up, and the longest label Plotly writes for plain numbers (it switches to "10k", "1e+15").
LABEL_CHAR_PX, LONGEST_LABEL = 7.8, 9


def measured_here(layout: dict[str, Any], data: list[dict[str, Any]]) -> dict[str, Any]:
    """``layout`` with its ranges and margins worked out here instead of by Plotly.

    With ``automargin``, a title ``standoff`` or a y title beside wide labels, Plotly measures
    every tick label on every redraw (2 ms and more a chart on each live update). Both ranges
    frame the data as the static SVG does (``padded_range``), so the chart does not move when
    Plotly takes over from the SVG, and the margins can follow from the y range. For charts
    with plain numbers on both axes the widest label follows from the y range: a finer tick step
    than Plotly would choose gives as many decimals as Plotly could show, so the margin is never
    too small. The y title moves out of Plotly into ``meta.y_label``: the page shows it as a
    horizontal label above the chart, and downloads put it back (``with_plotly_labels``)."""
    x_range, y_range = (padded_range(_all_values(data, letter)) for letter in "xy")
    left = math.ceil(_widest_number_label(*y_range) * LABEL_CHAR_PX) + 8  # and the gap to the axis
    x_title = layout["xaxis"]["title"]["text"]  # in Plotly's own place: no standoff to measure
    fixed = {"automargin": False, "autorange": False}
    return {
        **layout,
        "xaxis": {**layout["xaxis"], **fixed, "range": list(x_range), "title": {"text": x_title}},
        "yaxis": {**layout["yaxis"], **fixed, "range": list(y_range), "title": {"text": ""}},
        "margin": {**layout["margin"], "l": left, "b": 58},  # x title: 49 px under the axis
        "meta": {**layout.get("meta", {}), "y_label": layout["yaxis"]["title"]["text"]},
    }


def padded_range(values: Any) -> tuple[float, float]:
    """The span of the finite ``values`` and 5 % more on each side (a little around a single
    value): how the server frames a chart, in the static SVG and in Plotly's fixed ranges."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = 0.05 * (high - low) if high > low else max(0.5, 0.05 * abs(high))
    framed = (low - pad, high + pad)
    return framed if all(map(math.isfinite, framed)) else (low, high)


def _all_values(data: list[dict[str, Any]], letter: str) -> list[float | None]:
    return [value for trace in data for value in trace.get(letter) or []]


def with_plotly_labels(figure: Figure) -> Figure:
    """``figure`` for a file with no page around it: Plotly's legend on, the y title back in
    the chart, and Plotly's automatic margins making room for both."""
    layout = {**figure["layout"], "showlegend": True}
    y_label = layout.get("meta", {}).get("y_label")
    for name in ("xaxis", "yaxis"):
        if name in layout:
            layout[name] = {**layout[name], "automargin": True}
    if y_label:
        layout["yaxis"] = {**layout["yaxis"], "title": {"text": y_label}}
    return {**figure, "layout": layout}


def _widest_number_label(low: float, high: float) -> int:
    if not high > low:
        return LONGEST_LABEL
    step = 10.0 ** math.floor(math.log10((high - low) / 20))
    decimals = max(0, -math.floor(math.log10(step)))
    widest = max(len(f"{v:.{decimals}f}") for v in (low, high))
    return min(widest, LONGEST_LABEL)


def line(x: Any, y: Any, name: str, colour: str, width: float = 2.5, dash: str = "solid") -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": json_numbers(x),
        "y": json_numbers(y),
        "line": {"color": colour, "width": width, "dash": dash},
        "hovertemplate": "%{x:.4f}, %{y:.4f}<extra>" + name + "</extra>",
    }


def markers(x: Any, y: Any, name: str, colour: str, symbol: str = "circle", size: int = 11) -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": json_numbers(x),
        "y": json_numbers(y),
        "marker": {
            "color": colour,
            "size": size,
            "symbol": symbol,
            "line": {"color": "#ffffff", "width": 1.5},
        },
        "hovertemplate": "%{x:.4f}, %{y:.6f}<extra>" + name + "</extra>",
    }


def vertical_line(x: float, y_values: Any, name: str = "mean x̄") -> dict[str, Any]:
    """A dotted vertical line at ``x`` across the finite range of ``y_values``, as a trace:
    Plotly redraws traces faster than layout shapes when the figure changes."""
    finite = np.asarray(y_values, dtype=float)
    finite = finite[np.isfinite(finite)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": [x, x],
        "y": [low, high],
        "line": {"color": GREY, "width": 1, "dash": "dot"},
        "hoverinfo": "skip",
        "showlegend": False,
    }


# Trace types drawn as a filled colour field: light in both themes, left out of legends, and
# rasterised in the static SVG.
RASTER_TYPES = ("heatmap", "contour")


def themed(figure: Figure, theme: str) -> Figure:
    """``figure`` recoloured for a dark page (embeds with theme=dark, images); data are
    untouched. Marks in the text colour (the minimum of J, the full-batch gradient) turn light,
    and their markers get a dark outline, so they show on the dark plot and on the light colour
    fields (filled contours and heatmaps are light in both themes) alike."""
    if theme != "dark":
        return figure
    layout = dict(figure["layout"])
    layout.update(paper_bgcolor=DARK["paper"], plot_bgcolor=DARK["plot"])
    layout["font"] = {**layout.get("font", {}), "color": DARK["ink"]}
    for key, value in list(layout.items()):
        if key.startswith(("xaxis", "yaxis")) and isinstance(value, dict):
            layout[key] = {**value, "gridcolor": DARK["grid"], "zerolinecolor": DARK["grid"]}
    return {**figure, "layout": layout, "data": [_ink_to_dark(t) for t in figure["data"]]}


def themed_figures(figures: dict[str, Figure], theme: str) -> dict[str, Figure]:
    """Every figure of a page for ``theme`` (live answers, figure feeds, embeds)."""
    return {name: themed(figure, theme) for name, figure in figures.items()}


def _ink_to_dark(trace: dict[str, Any]) -> dict[str, Any]:
    recoloured = dict(trace)
    line = trace.get("line")
    if isinstance(line, dict) and line.get("color") == INK:
        recoloured["line"] = {**line, "color": DARK["ink"]}
    marker = trace.get("marker")
    if isinstance(marker, dict) and marker.get("color") == INK:
        outline = {**marker.get("line", {}), "color": INK, "width": 2}
        recoloured["marker"] = {**marker, "color": DARK["ink"], "line": outline}
    return recoloured
