"""Every chart of a page as server-drawn SVG: what the reader sees before Plotly.js loads."""

from __future__ import annotations

from typing import Any

from app.web.charts.figures import Figure
from app.web.charts.svg.render import NARROW, WIDE, render_svg, with_bar_groups


def static_charts(figures: dict[str, Figure] | None) -> dict[str, Any]:
    """Each figure as server-drawn SVG: what the reader sees before Plotly.js is loaded."""
    charts = {}
    for name, figure in (figures or {}).items():
        grouped = with_bar_groups(figure)
        charts[name] = render_svg(grouped, WIDE, "wide") + render_svg(grouped, NARROW, "narrow")
    return charts
