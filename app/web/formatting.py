"""Numbers as readers see them in sentences, tables and captions (charts keep every digit)."""

from __future__ import annotations

import math

from app.core.printing import format_number


def fixed(value: float | None, digits: int = 4) -> str:
    """``0.2233``; a non-finite or missing number reads as "undefined"."""
    if value is None or not math.isfinite(value):
        return "undefined"
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text == "-0." + "0" * digits else text


def full(value: float | None) -> str:
    """Every digit of a float64 (shortest round-trip form)."""
    if value is None or not math.isfinite(value):
        return "undefined"
    return format_number(float(value))


def percent(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "undefined"
    return f"{100 * value:+.1f} %"
