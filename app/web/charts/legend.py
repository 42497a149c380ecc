"""Chart legends as HTML under each chart, built from the figure's traces.

Plotly's own legend is measured and laid out again on every redraw, which costs several
milliseconds per chart on each live update; an HTML list is patched in place and is easier
to read and to reach by keyboard. Each entry is a toggle button: ``static/js/charts.js`` hides
or shows the traces listed in its ``data-traces``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from app.web.charts.figures import RASTER_TYPES
from app.web.charts.palette import BLUE, INK
from app.web.charts.svg.elements import el, marker_shape

DASHES = {"dash": "5 3", "dot": "2 2", "longdash": "8 3"}
SWATCH_WIDTH, SWATCH_HEIGHT = 26, 14


@dataclass(frozen=True)
class LegendEntry:
    name: str
    traces: tuple[int, ...]  # every trace the entry hides and shows: its legend group
    swatch: Markup


def legend_entries(figure: dict[str, Any] | None) -> list[LegendEntry]:
    """One entry per trace that Plotly would list, a legend group counting as one trace."""
    data = (figure or {}).get("data", [])
    groups: dict[str, list[int]] = {}
    for index, trace in enumerate(data):
        if trace.get("legendgroup"):
            groups.setdefault(trace["legendgroup"], []).append(index)
    entries = []
    for index, trace in enumerate(data):
        # Plotly leaves colour fields out unless a trace asks (they carry a colour scale).
        listed = trace.get("showlegend", trace.get("type") not in RASTER_TYPES)
        if not (listed and trace.get("name")):
            continue
        members = groups.get(trace.get("legendgroup") or "", [index])
        entries.append(LegendEntry(str(trace["name"]), tuple(members), swatch(trace)))
    return entries


def legend_html(figure: dict[str, Any] | None) -> Markup:
    """The entries as ``<li>`` items for the chart's ``<ul class="chart-legend">``."""
    return Markup(
        "".join(
            '<li><button type="button" class="legend-entry" aria-pressed="true"'
            f' data-traces="{" ".join(map(str, entry.traces))}">{entry.swatch}'
            f"<span>{escape(entry.name)}</span></button></li>"  # the swatch is ours; names escaped
            for entry in legend_entries(figure)
        )
    )


def swatch(trace: dict[str, Any]) -> Markup:
    """A small picture of the trace: its line (with dash) and/or its marker, or a bar."""
    line, marker = trace.get("line", {}), trace.get("marker", {})
    colour = _on_page(line.get("color") or _solid(marker.get("color")) or BLUE)
    size = _largest(marker.get("size", 8))
    return _drawn_swatch(
        trace.get("type") == "bar",
        "lines" in trace.get("mode", "lines"),
        colour,
        min(float(line.get("width", 2)), 3.5),
        DASHES.get(line.get("dash", "solid")),
        # the marker, if it has one: size, symbol and fill
        min(size, 11)
        if "markers" in trace.get("mode", "") and marker.get("symbol") != "arrow"
        else 0,
        marker.get("symbol", "circle"),
        _on_page(_solid(marker.get("color")) or colour),
    )


@lru_cache(maxsize=256)
def _drawn_swatch(
    bar: bool,
    has_line: bool,
    colour: str,
    width: float,
    dasharray: str | None,
    marker_size: float,
    symbol: str,
    fill: str,
) -> Markup:
    """Drawn once per style: a live update's legends then cost a look-up per entry."""
    middle = SWATCH_HEIGHT / 2
    parts = []
    if bar:
        parts.append(el("rect", x=3, y=2, width=20, height=10, fill=colour))
    elif has_line:
        parts.append(
            el(
                "line",
                x1=1,
                x2=SWATCH_WIDTH - 1,
                y1=middle,
                y2=middle,
                stroke=colour,
                stroke_width=width,
                stroke_dasharray=dasharray,
            )
        )
    if marker_size:
        parts.append(marker_shape((SWATCH_WIDTH / 2, middle), marker_size, symbol, fill))
    return Markup(
        f'<svg class="swatch" width="{SWATCH_WIDTH}" height="{SWATCH_HEIGHT}"'
        f' viewBox="0 0 {SWATCH_WIDTH} {SWATCH_HEIGHT}" aria-hidden="true"'
        f' focusable="false">{"".join(parts)}</svg>'
    )


def _on_page(colour: str) -> str:
    """Marks in the text colour follow the page's text colour, so they show on dark pages."""
    return "currentColor" if colour == INK else colour


def _solid(colour: Any) -> str | None:
    return colour if isinstance(colour, str) else None


def _largest(size: Any) -> float:
    return max(size, default=0) if isinstance(size, list) else float(size)
