"""Arrows as Plotly traces: a line from a start along each vector, with an arrow-head marker at
its end (Plotly has no arrow trace; annotations would not hide with a legend entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class ArrowStyle:
    width: float
    head: int
    opacity: float


BOLD_ARROW = ArrowStyle(width=3.5, head=14, opacity=1.0)


def arrows(
    start: np.ndarray, vectors: np.ndarray, name: str, colour: str, style: ArrowStyle
) -> dict[str, Any]:
    """Arrows from ``start`` along each row of ``vectors``, as one trace with arrow markers."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[int] = []
    for dx, dy in vectors:
        xs += [float(start[0]), float(start[0] + dx), None]
        ys += [float(start[1]), float(start[1] + dy), None]
        sizes += [0, style.head, 0]
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [v if v is None or np.isfinite(v) else None for v in xs],
        "y": [v if v is None or np.isfinite(v) else None for v in ys],
        "line": {"color": colour, "width": style.width},
        "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": colour},
        "opacity": style.opacity,
        "hoverinfo": "skip",
    }
