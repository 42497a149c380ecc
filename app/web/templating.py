"""The Jinja2 environment: the templates folder, and the number, math and legend filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from app.core.limits import MAX_EXAMPLES
from app.web.assets import plotly_url, static_url
from app.web.charts.legend import legend_html
from app.web.formatting import fixed, full, percent
from app.web.mathml import math_block, math_inline
from app.web.theme import CODE_STORAGE_KEY, STORAGE_KEY, dark_chart_colours, early_theme_script

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def prefix(context: Any) -> str:
    """The path prefix readers reach the app under ("" or "/course/lens"): the request's root
    path on pages, ``root_path`` in the context of a live answer's panels."""
    request = context.get("request")
    if request is not None:
        return request.scope.get("root_path", "").rstrip("/")
    return context.get("root_path", "")


@pass_context
def url(context: Any, path: str) -> str:
    """``path``, written from the app's root ("/model?f=x"), as readers reach it."""
    return prefix(context) + path


@pass_context
def prefixed_static_url(context: Any, name: str) -> str:
    return prefix(context) + static_url(name)


@pass_context
def prefixed_plotly_url(context: Any) -> str:
    return prefix(context) + plotly_url()


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
    url=url,
    static_url=prefixed_static_url,
    plotly_url=prefixed_plotly_url,
    max_examples=MAX_EXAMPLES,
    early_theme_script=early_theme_script,
    theme_storage_key=STORAGE_KEY,
    code_storage_key=CODE_STORAGE_KEY,
    dark_chart_colours=dark_chart_colours,
)
