"""Every chart of a page as server-drawn SVG: what the reader sees before Plotly.js loads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from app.web.charts.figures import Figure
from app.web.charts.svg.render import NARROW, WIDE, render_svg, with_bar_groups

DRAWINGS = {"wide": WIDE, "narrow": NARROW}
"""The variants drawn for each chart, by name; CSS shows one by screen width (site.css)."""


def static_charts(
    figures: dict[str, Figure] | None, drawings: Sequence[str] = tuple(DRAWINGS)
) -> dict[str, Any]:
    """Each figure as server-drawn SVG, in each of ``drawings`` (both, for a page as served:
    it works without JavaScript and at any width; a live answer draws the one the page shows)."""
    charts = {}
    for name, figure in (figures or {}).items():
        grouped = with_bar_groups(figure)
        charts[name] = Markup("").join(
            render_svg(grouped, DRAWINGS[drawing], drawing) for drawing in drawings
        )
    return charts


def chosen_drawings(asked: str | None) -> tuple[str, ...]:
    """The drawings a live question asks for with ``drawing=``: one of them by name, or both
    (the default, and for any other value: a question that names none gets a complete answer)."""
    return (asked,) if asked in DRAWINGS else tuple(DRAWINGS)
