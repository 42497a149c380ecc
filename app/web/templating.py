"""The Jinja2 environment: templates folder, number formatting and math filters."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from app.core.printing import format_number
from app.web.assets import plotly_url, static_url
from app.web.legend import legend_html
from app.web.mathml import math_block, math_inline

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


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


def script_json(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>`` can close it."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.filters.update(
    fixed=fixed,
    full=full,
    percent=percent,
    math=math_inline,
    display_math=math_block,
    script_json=script_json,
    legend=legend_html,
)
templates.env.globals.update(static_url=static_url, plotly_url=plotly_url)
