"""The one way SVG elements are written: attribute names from keywords, values escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from markupsafe import escape


def el(name: str, text: str | None = None, **attributes: Any) -> str:
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


def marker_shape(
    point: tuple[float, float],
    size: float,
    symbol: str,
    fill: str,
    outline: str = "#fff",
    class_: str | None = None,
) -> str:
    """A Plotly marker symbol (circle, diamond or star) of diameter ``size`` at ``point``."""
    return el("path", d=shape_path(point, size, symbol), fill=fill, stroke=outline, class_=class_)


def shape_path(point: tuple[float, float], size: float, symbol: str) -> str:
    """The path data of one marker: a circle as two arcs, a diamond or star as a polygon.
    Many of them joined make one ``<path>``: a scatter of hundreds of points is one element."""
    return shape_paths(np.array([point[0]]), np.array([point[1]]), size, symbol)


def shape_paths(x: np.ndarray, y: np.ndarray, size: float, symbol: str) -> str:
    """``shape_path`` of every point (``x[i]``, ``y[i]``) joined, the markers of a scatter of
    one size: the numbers are worked out by NumPy and written by one ``%`` of a repeated
    pattern, where a call per marker took most of the time of drawing a 200-point scatter."""
    r = size / 2
    if symbol not in ("diamond", "star"):
        pattern = f"M%.1f %.1fa{r:g} {r:g} 0 1 0 {size:g} 0a{r:g} {r:g} 0 1 0 {-size:g} 0"
        corners = [(x - r, y)]
    else:
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
        pattern = "M" + "L".join(["%.1f %.1f"] * len(corners)) + "Z"
    numbers = np.stack([axis for corner in corners for axis in corner], axis=-1)
    return (pattern * len(x)) % tuple(numbers.ravel().tolist())


def shape_paths_of(
    points: Sequence[tuple[float, float] | None], sizes: Sequence[float], symbol: str
) -> str:
    """The markers at ``points`` (None: not shown) with their ``sizes`` (0: not drawn), as the
    path data of one ``<path>``; runs of one size are written together."""
    parts = []
    drawn = [(p, s) for p, s in zip(points, sizes, strict=False) if p is not None and s]
    start = 0
    while start < len(drawn):
        size = drawn[start][1]
        end = start
        while end < len(drawn) and drawn[end][1] == size:
            end += 1
        xy = np.array([p for p, _ in drawn[start:end]], dtype=float)
        parts.append(shape_paths(xy[:, 0], xy[:, 1], size, symbol))
        start = end
    return "".join(parts)
