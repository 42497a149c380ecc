"""The Jinja2 environment: the templates folder, and the number, math and legend filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from app.core.limits import MAX_EXAMPLES
from app.web.assets import plotly_url, static_url
from app.web.charts.legend import legend_html
from app.web.formatting import fixed, full, percent
from app.web.mathml import math_block, math_inline

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


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
templates.env.globals.update(
    static_url=static_url, plotly_url=plotly_url, max_examples=MAX_EXAMPLES
)
