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
