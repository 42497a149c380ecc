"""Static SVG of a Plotly figure dict, drawn on the server: the chart a reader sees first.

It serves readers without JavaScript, print and slides, and lets a page paint its charts
without evaluating Plotly.js during load; Plotly replaces it on the first interaction. It
draws what our figure builders use: scatter lines, markers and text, grouped bars, heatmaps
and filled contours (as a raster image), linear and log axes, subplots, a legend.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from markupsafe import Markup, escape

WIDE, NARROW = 480, 360
MARGIN = {"l": 56, "r": 14, "t": 14, "b": 58}
RASTERS = ("heatmap", "contour")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


@dataclass(eq=False)
class Axis:
    low: float
    high: float
    start: float  # pixel of ``low``
    end: float  # pixel of ``high``
    log: bool = False
    categories: list[str] | None = None

    def __call__(self, value: float) -> float:
        if self.log:
            value = math.log10(value) if value > 0 else self.low
        span = (self.high - self.low) or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def render_svg(figure: dict[str, Any], width: int = WIDE, variant: str = "wide") -> Markup:
    """``figure`` drawn ``width`` units wide at its layout height; CSS shows the ``wide`` or
    the ``narrow`` variant by screen width, so text stays readable on a phone."""
    layout = figure.get("layout", {})
    height = int(layout.get("height", 360))
    ink = layout.get("font", {}).get("color", "#1c2a33")
    data = [t for t in figure.get("data", []) if t.get("visible", True) is not False]
    legend = [
        t
        for t in data
        if t.get("showlegend", True) and t.get("name") and t.get("type") not in RASTERS
    ]
    longest = max((len(str(t["name"])) for t in legend), default=0)
    columns = 2 if longest * 7.5 < (width - MARGIN["l"]) / 2 else 1
    legend_rows = math.ceil(len(legend) / columns)
    plot_bottom = height - MARGIN["b"] - 18 * legend_rows
    parts: list[str] = []
    axes = _axes(layout, data, plot_bottom, width)
    background = layout.get("plot_bgcolor", "#ffffff")
    for (x_axis, y_axis), (x_name, y_name) in axes.items():
        area = (x_axis.end - x_axis.start, y_axis.start - y_axis.end)
        parts.append(
            _el(
                "rect", x=x_axis.start, y=y_axis.end, width=area[0], height=area[1], fill=background
            )
        )
        parts += _grid(x_axis, y_axis, layout.get(x_name, {}), layout.get(y_name, {}), ink)
    for trace in data:
        key = (_axis_name("x", trace.get("xaxis", "x")), _axis_name("y", trace.get("yaxis", "y")))
        pair = next((p for p, names in axes.items() if names == key), None)
        if pair is not None:
            parts += _trace(trace, *pair)
    parts += _annotations(layout, plot_bottom, ink, width)
    parts += _legend(legend, plot_bottom + 50, ink, columns, width)
    body = "".join(parts)
    return Markup(
        f'<svg class="static-chart static-{variant}" viewBox="0 0 {width} {height}"'
        f' style="max-height:{height}px" role="presentation" xmlns="http://www.w3.org/2000/svg"'
        f' font-family="{FONT}" font-size="12">{body}</svg>'
    )


def _el(name: str, text: str | None = None, **attributes: Any) -> str:
    """One SVG element; ``stroke_width=2`` becomes ``stroke-width="2"``, floats get 1 decimal,
    every value and text is escaped."""
    rendered = " ".join(
        f'{key.rstrip("_").replace("_", "-")}="{_value(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    if text is None:
        return f"<{name} {rendered}/>"
    return f"<{name} {rendered}>{escape(text)}</{name}>"


def _value(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(escape(str(value)))


# -- axes ----------------------------------------------------------------------------------------
def _axis_name(letter: str, reference: str) -> str:
    suffix = reference[1:]
    return f"{letter}axis{suffix}"


def _axes(
    layout: dict, data: list[dict], plot_bottom: float, width: int
) -> dict[tuple[Axis, Axis], tuple]:
    names = sorted(
        {(_axis_name("x", t.get("xaxis", "x")), _axis_name("y", t.get("yaxis", "y"))) for t in data}
    )
    axes: dict[tuple[Axis, Axis], tuple] = {}
    left, right = MARGIN["l"], width - MARGIN["r"]
    top = MARGIN["t"]
    for x_name, y_name in names:
        x_layout, y_layout = layout.get(x_name, {}), layout.get(y_name, {})
        x_domain, y_domain = x_layout.get("domain", [0, 1]), y_layout.get("domain", [0, 1])
        subplots = x_name != "xaxis" or "xaxis2" in layout
        pad = 0 if subplots else 1
        x0 = (left * pad) + x_domain[0] * (right - left * pad)
        x1 = (left * pad) + x_domain[1] * (right - left * pad)
        y0 = plot_bottom - y_domain[0] * (plot_bottom - top)
        y1 = plot_bottom - y_domain[1] * (plot_bottom - top)
        traces = [
            t
            for t in data
            if (_axis_name("x", t.get("xaxis", "x")), _axis_name("y", t.get("yaxis", "y")))
            == (x_name, y_name)
        ]
        x_axis = _make_axis(x_layout, traces, "x", x0, x1)
        y_axis = _make_axis(y_layout, traces, "y", y0, y1)
        axes[(x_axis, y_axis)] = (x_name, y_name)
    return axes


def _make_axis(settings: dict, traces: list[dict], letter: str, start: float, end: float) -> Axis:
    log = settings.get("type") == "log"
    values: list[float] = []
    categories: list[str] | None = None
    for trace in traces:
        raw = trace.get(letter) or []
        if trace.get("type") == "bar" and letter == "x":
            categories = [str(v) for v in raw]
            continue
        for value in _flatten(raw):
            if value is not None and math.isfinite(value) and (not log or value > 0):
                values.append(math.log10(value) if log else value)
    if categories is not None:
        axis = Axis(-0.5, len(categories) - 0.5, start, end, categories=categories)
        return axis
    if "range" in settings:
        low, high = settings["range"]
    elif values:
        low, high = min(values), max(values)
        pad = 0.05 * (high - low) if high > low else 0.5
        low, high = low - pad, high + pad
    else:
        low, high = 0.0, 1.0
    return Axis(low, high, start, end, log=log)


def _flatten(values: Any) -> list[float | None]:
    if values and isinstance(values[0], list):
        return [v for row in values for v in row]
    return list(values)


def _ticks(axis: Axis) -> list[tuple[float, str]]:
    if axis.categories is not None:
        return [(float(i), c) for i, c in enumerate(axis.categories)]
    if axis.log:
        first, last = math.ceil(axis.low), math.floor(axis.high)
        stride = max(1, math.ceil((last - first + 1) / 6))
        return [(10.0**k, f"1e{k}") for k in range(first, last + 1, stride)]
    span = axis.high - axis.low
    raw = span / 5 if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(axis.low / step) * step
    ticks = []
    value = first
    while value <= axis.high + 1e-12 * step:
        ticks.append((value, f"{value:.10g}"))
        value += step
    return ticks


def _grid(x_axis: Axis, y_axis: Axis, x_layout: dict, y_layout: dict, ink: str) -> list[str]:
    parts = []
    show_labels = x_layout.get("showticklabels", True)
    grid = x_layout.get("gridcolor", "#eef1f3")
    for value, label in _ticks(x_axis) if show_labels else []:
        x = x_axis(value)
        if x_axis.categories is None:
            parts.append(_el("line", x1=x, x2=x, y1=y_axis.end, y2=y_axis.start, stroke=grid))
        parts.append(_el("text", label, x=x, y=y_axis.start + 16, text_anchor="middle", fill=ink))
    for value, label in _ticks(y_axis) if y_layout.get("showticklabels", True) else []:
        y = y_axis(value)
        parts.append(_el("line", x1=x_axis.start, x2=x_axis.end, y1=y, y2=y, stroke=grid))
        parts.append(_el("text", label, x=x_axis.start - 6, y=y + 4, text_anchor="end", fill=ink))
    x_title = x_layout.get("title", {}).get("text", "")
    y_title = y_layout.get("title", {}).get("text", "")
    if x_title:
        centre = (x_axis.start + x_axis.end) / 2
        parts.append(
            _el("text", x_title, x=centre, y=y_axis.start + 32, text_anchor="middle", fill=ink)
        )
    if y_title:
        middle = (y_axis.start + y_axis.end) / 2
        parts.append(
            _el(
                "text",
                y_title,
                x=14,
                y=middle,
                text_anchor="middle",
                fill=ink,
                transform=f"rotate(-90 14 {middle:.1f})",
            )
        )
    return parts


# -- traces --------------------------------------------------------------------------------------
def _trace(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    kind = trace.get("type", "scatter")
    if kind in ("heatmap", "contour"):
        return [_raster(trace, x_axis, y_axis)]
    if kind == "bar":
        return _bars(trace, x_axis, y_axis)
    return _scatter(trace, x_axis, y_axis)


def _scatter(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    xs, ys = trace.get("x", []), trace.get("y", [])
    mode = trace.get("mode", "lines")
    colour = escape(
        trace.get("line", {}).get("color") or trace.get("marker", {}).get("color", "#0072B2")
    )
    opacity = trace.get("opacity", 1)
    parts = []
    points = [
        (x_axis(x), y_axis(y)) if x is not None and y is not None and _inside(y, y_axis) else None
        for x, y in zip(xs, ys, strict=False)
    ]
    if "lines" in mode:
        line = trace.get("line", {})
        dash = {"dash": "6 4", "dot": "2 3", "longdash": "10 4"}.get(line.get("dash", "solid"), "")
        path, pen_down = [], False
        for point in points:
            if point is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{point[0]:.1f} {point[1]:.1f}")
            pen_down = True
        if path:
            parts.append(
                _el(
                    "path",
                    d=" ".join(path),
                    fill="none",
                    stroke=colour,
                    stroke_width=line.get("width", 2),
                    stroke_dasharray=dash or None,
                    opacity=opacity,
                )
            )
    if "markers" in mode:
        marker = trace.get("marker", {})
        sizes = marker.get("size", 8)
        fill = (
            escape(marker.get("color", colour))
            if isinstance(marker.get("color", colour), str)
            else colour
        )
        for index, point in enumerate(points):
            size = sizes[index] if isinstance(sizes, list) else sizes
            if point is None or not size or marker.get("symbol") == "arrow":
                continue
            parts.append(_marker(point, size, marker.get("symbol", "circle"), fill))
    if "text" in mode:
        font = trace.get("textfont", {})
        for point, text in zip(points, trace.get("text", []), strict=False):
            if point is not None and text:
                parts.append(
                    _el(
                        "text",
                        str(text).strip(),
                        x=point[0] + 4,
                        y=point[1] + 4,
                        fill=font.get("color", colour),
                    )
                )
    return parts


def _inside(y: float, axis: Axis) -> bool:
    return not axis.log or y > 0


def _marker(point: tuple[float, float], size: float, symbol: str, fill: str) -> str:
    x, y = point
    r = size / 2
    if symbol in ("diamond", "star"):
        inner = r if symbol == "diamond" else r * 0.35
        corners = [
            (x, y - r),
            (x + inner, y - inner),
            (x + r, y),
            (x + inner, y + inner),
            (x, y + r),
            (x - inner, y + inner),
            (x - r, y),
            (x - inner, y - inner),
        ]
        if symbol == "diamond":
            corners = corners[::2]
        d = "M" + "L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners) + "Z"
        return _el("path", d=d, fill=fill, stroke="#fff")
    return _el("circle", cx=x, cy=y, r=r, fill=fill, stroke="#fff")


def _bars(trace: dict, x_axis: Axis, y_axis: Axis) -> list[str]:
    group = trace.get("_group", (0, 1))
    index, count = group
    width = (x_axis.end - x_axis.start) / max(1, len(x_axis.categories or [1])) * 0.8 / count
    colour = escape(trace.get("marker", {}).get("color", "#0072B2"))
    base = y_axis.start
    parts = []
    for i, value in enumerate(trace.get("y", [])):
        if value is None or (y_axis.log and value <= 0):
            continue
        centre = x_axis(float(i))
        left = centre - width * count / 2 + index * width
        top = max(y_axis.end, min(base, y_axis(value)))
        parts.append(_el("rect", x=left, y=top, width=width, height=base - top, fill=colour))
    return parts


def _raster(trace: dict, x_axis: Axis, y_axis: Axis) -> str:
    z = np.array([[np.nan if v is None else v for v in row] for row in trace["z"]], dtype=float)
    low = trace.get("zmin", np.nanmin(z))
    high = trace.get("zmax", np.nanmax(z))
    scaled = np.clip((z - low) / ((high - low) or 1.0), 0, 1)
    rgb = _colour_map(
        np.nan_to_num(scaled), trace.get("colorscale", [[0, "#ffffff"], [1, "#0072B2"]])
    )
    xs, ys = trace["x"], trace["y"]
    x0, x1 = x_axis(xs[0]), x_axis(xs[-1])
    y0, y1 = y_axis(ys[-1]), y_axis(ys[0])
    pixelated = "image-rendering:pixelated" if trace.get("type") == "heatmap" else None
    return _el(
        "image",
        x=x0,
        y=y0,
        width=x1 - x0,
        height=y1 - y0,
        preserveAspectRatio="none",
        style=pixelated,
        href=_png(rgb[::-1]),
    )


def _colour_map(values: np.ndarray, scale: list) -> np.ndarray:
    stops = np.array([s[0] for s in scale], dtype=float)
    colours = np.array([[int(c[1][i : i + 2], 16) for i in (1, 3, 5)] for c in scale], dtype=float)
    channels = [np.interp(values, stops, colours[:, k]) for k in range(3)]
    return np.stack(channels, axis=-1).round().astype(np.uint8)


def _png(rgb: np.ndarray) -> str:
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + row.tobytes() for row in rgb)

    def chunk(tag: bytes, payload: bytes) -> bytes:
        body = tag + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


# -- legend and annotations ----------------------------------------------------------------------
def _legend(traces: list[dict], top: float, ink: str, columns: int, width: int) -> list[str]:
    parts = []
    column_width = (width - MARGIN["l"]) / columns
    for index, trace in enumerate(traces):
        row, column = divmod(index, columns)
        x = MARGIN["l"] + column * column_width
        y = top + row * 18
        colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get(
            "color", "#0072B2"
        )
        colour = escape(colour if isinstance(colour, str) else "#0072B2")
        if "lines" in trace.get("mode", "") or trace.get("type") == "bar":
            parts.append(
                _el("line", x1=x, x2=x + 22, y1=y - 4, y2=y - 4, stroke=colour, stroke_width=3)
            )
        else:
            parts.append(_el("circle", cx=x + 11, cy=y - 4, r=4.5, fill=colour))
        parts.append(_el("text", str(trace["name"]), x=x + 28, y=y, fill=ink))
    return parts


def _annotations(layout: dict, plot_bottom: float, ink: str, width: int) -> list[str]:
    parts = []
    for note in layout.get("annotations", []):
        if note.get("xref") != "paper":
            continue
        x = note["x"] * width
        y = plot_bottom - note["y"] * (plot_bottom - MARGIN["t"]) - 2
        parts.append(_el("text", str(note["text"]), x=x, y=y, text_anchor="middle", fill=ink))
    return parts


def with_bar_groups(figure: dict[str, Any]) -> dict[str, Any]:
    """Number the bar traces so grouped bars sit side by side."""
    bars = [t for t in figure.get("data", []) if t.get("type") == "bar"]
    for index, trace in enumerate(bars):
        trace["_group"] = (index, len(bars))
    return figure
