"""The one way SVG elements are written: attribute names from keywords, values escaped."""

from __future__ import annotations

from typing import Any

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
    x, y = point
    r = size / 2
    if symbol not in ("diamond", "star"):
        return f"M{x - r:.1f} {y:.1f}a{r:g} {r:g} 0 1 0 {size:g} 0a{r:g} {r:g} 0 1 0 {-size:g} 0"
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
    return "M" + "L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners) + "Z"
