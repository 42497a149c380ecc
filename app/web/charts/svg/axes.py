"""Axes for the server-drawn charts: ranges from the data or the layout, linear, log and
categorical scales, nice tick values, grid lines and titles."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.web.charts.figures import padded_range
from app.web.charts.palette import GRID
from app.web.charts.svg.elements import el

MARGIN = {"l": 56, "r": 14, "t": 14, "b": 40}
CHARACTER_WIDTH = 6.6  # a generous mean width of a 12-unit system-ui character
TILT = 30  # degrees: category labels too wide for their slots are tilted, as Plotly does
LEVEL_LABEL_DEPTH = 16  # baseline of a level tick label below its axis
TILTED_LABEL_START = 14  # where a tilted label ends, below its axis


@dataclass(eq=False)
class Axis:
    low: float
    high: float
    start: float  # pixel of ``low``
    end: float  # pixel of ``high``
    log: bool = False
    categories: list[str] | None = None
    chosen_ticks: list[tuple[float, str]] | None = None  # the layout's tickvals and ticktext

    def __call__(self, value: float) -> float:
        return float(self.pixels(np.float64(value)))

    @property
    def tilted(self) -> bool:
        """Whether the category labels are too wide to sit side by side, level."""
        if not self.categories:
            return False
        slot = abs(self.end - self.start) / len(self.categories)
        return _text_width(max(self.categories, key=len)) > slot - 4

    @property
    def label_depth(self) -> float:
        """How far below the axis its tick labels reach."""
        if not self.tilted:
            return LEVEL_LABEL_DEPTH
        longest = _text_width(max(self.categories or [""], key=len))
        return TILTED_LABEL_START + longest * math.sin(math.radians(TILT))

    def pixels(self, values: np.ndarray) -> np.ndarray:
        """Pixel positions of many values at once (a curve has hundreds); NaN stays NaN, and
        zero or less on a log axis sits at its low end."""
        if self.log:
            with np.errstate(all="ignore"):
                values = np.where(values > 0, np.log10(values), self.low)
        span = (self.high - self.low) or 1.0
        return self.start + (values - self.low) / span * (self.end - self.start)


def axis_name(letter: str, reference: str) -> str:
    suffix = reference[1:]
    return f"{letter}axis{suffix}"


def layout_axes(
    layout: dict, data: list[dict], plot_bottom: float, width: int
) -> dict[tuple[Axis, Axis], tuple]:
    """Every subplot's pair of axes; the plot ends higher when tilted labels need the room."""
    axes = _layout_axes(layout, data, plot_bottom, width)
    depth = max(x_axis.label_depth for x_axis, _ in axes)
    if depth <= LEVEL_LABEL_DEPTH:
        return axes
    return _layout_axes(layout, data, plot_bottom - (depth - LEVEL_LABEL_DEPTH), width)


def _text_width(text: str) -> float:
    return len(text) * CHARACTER_WIDTH


def _layout_axes(
    layout: dict, data: list[dict], plot_bottom: float, width: int
) -> dict[tuple[Axis, Axis], tuple]:
    names = sorted(
        {(axis_name("x", t.get("xaxis", "x")), axis_name("y", t.get("yaxis", "y"))) for t in data}
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
            if (axis_name("x", t.get("xaxis", "x")), axis_name("y", t.get("yaxis", "y")))
            == (x_name, y_name)
        ]
        x_axis = _make_axis(x_layout, traces, "x", x0, x1)
        y_axis = _make_axis(y_layout, traces, "y", y0, y1)
        axes[(x_axis, y_axis)] = (x_name, y_name)
    return axes


def _make_axis(settings: dict, traces: list[dict], letter: str, start: float, end: float) -> Axis:
    log = settings.get("type") == "log"
    arrays: list[np.ndarray] = []
    categories: list[str] | None = None
    for trace in traces:
        raw = trace.get(letter) or []
        if trace.get("type") == "bar" and letter == "x":
            categories = [str(v) for v in raw]
            continue
        arrays.append(np.array(_flatten(raw), dtype=float))  # None becomes NaN
    if categories is not None:
        axis = Axis(-0.5, len(categories) - 0.5, start, end, categories=categories)
        return axis
    values = np.concatenate(arrays) if arrays else np.empty(0)
    values = values[np.isfinite(values) & ((values > 0) if log else True)]
    if log:
        values = np.log10(values)
    low, high = settings["range"] if "range" in settings else padded_range(values)
    return Axis(low, high, start, end, log=log, chosen_ticks=_chosen_ticks(settings))


def _chosen_ticks(settings: dict) -> list[tuple[float, str]] | None:
    """Ticks the layout names (``tickvals``, with ``ticktext`` as their labels), as Plotly
    draws them instead of its own."""
    if "tickvals" not in settings:
        return None
    values = [float(v) for v in settings["tickvals"]]
    labels = settings.get("ticktext") or [f"{v:.10g}" for v in values]
    return list(zip(values, (str(t) for t in labels), strict=False))


def _flatten(values: Any) -> list[float | None]:
    if values and isinstance(values[0], list):
        return [v for row in values for v in row]
    return list(values)


def _ticks(axis: Axis) -> list[tuple[float, str]]:
    if axis.categories is not None:
        return [(float(i), c) for i, c in enumerate(axis.categories)]
    if axis.chosen_ticks is not None:
        low, high = sorted((axis.low, axis.high))
        shown = [(math.log10(v) if axis.log and v > 0 else v, v, t) for v, t in axis.chosen_ticks]
        return [(v, t) for at, v, t in shown if low - 1e-9 <= at <= high + 1e-9]
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


def _grid_line(x1: float, x2: float, y1: float, y2: float, colour: str) -> str:
    return el("line", x1=x1, x2=x2, y1=y1, y2=y2, stroke=colour, class_="grid")


def grid(x_axis: Axis, y_axis: Axis, x_layout: dict, y_layout: dict, ink: str) -> list[str]:
    parts = []
    show_labels = x_layout.get("showticklabels", True)
    grid = x_layout.get("gridcolor", GRID)
    for value, label in _ticks(x_axis) if show_labels else []:
        x = x_axis(value)
        if x_axis.categories is None:
            parts.append(_grid_line(x, x, y_axis.end, y_axis.start, grid))
        if x_axis.tilted:  # each label ends under its bar, reading down to the left
            y = y_axis.start + TILTED_LABEL_START
            place = {"y": y, "text_anchor": "end", "transform": f"rotate(-{TILT} {x:.1f} {y:.1f})"}
        else:
            place = {"y": y_axis.start + LEVEL_LABEL_DEPTH, "text_anchor": "middle"}
        parts.append(el("text", label, x=x, fill=ink, class_="axis", **place))
    for value, label in _ticks(y_axis) if y_layout.get("showticklabels", True) else []:
        y = y_axis(value)
        parts.append(_grid_line(x_axis.start, x_axis.end, y, y, grid))
        left = x_axis.start - 6
        parts.append(el("text", label, x=left, y=y + 4, text_anchor="end", fill=ink, class_="axis"))
    x_title = x_layout.get("title", {}).get("text", "")
    y_title = y_layout.get("title", {}).get("text", "")
    if x_title:
        centre = (x_axis.start + x_axis.end) / 2
        below = y_axis.start + x_axis.label_depth + LEVEL_LABEL_DEPTH  # a line under them
        parts.append(
            el("text", x_title, x=centre, y=below, text_anchor="middle", fill=ink, class_="axis")
        )
    if y_title:
        middle = (y_axis.start + y_axis.end) / 2
        parts.append(
            el(
                "text",
                y_title,
                x=14,
                y=middle,
                text_anchor="middle",
                fill=ink,
                class_="axis",
                transform=f"rotate(-90 14 {middle:.1f})",
            )
        )
    return parts
