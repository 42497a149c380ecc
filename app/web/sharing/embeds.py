"""``/embed/{kind}``: an explorer's charts without the site around them, made for an iframe.

It takes the page's query, plus ``theme=dark``, ``controls=1`` (the form too) and
``chart=<name>`` (one chart, filling the iframe's height).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.web.charts.figures import themed_figures
from app.web.charts.static import static_charts
from app.web.explorers.registry import explorer_or_404
from app.web.sharing.links import origin, shared_context
from app.web.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/embed/{kind}", response_class=HTMLResponse)
def embed(
    request: Request, kind: str, theme: str = "light", controls: str = "0", chart: str = ""
) -> HTMLResponse:
    """Only the chart(s), a one-line caption and a link back: made to live in an iframe."""
    explorer = explorer_or_404(kind)
    names = [name for name, _ in explorer.charts]
    if chart and chart not in names:
        raise HTTPException(404, f"no chart '{chart}' here; the charts are {', '.join(names)}")
    context = shared_context(origin(request), explorer, request.query_params)
    theme = "dark" if theme == "dark" else "light"
    charts = [(n, t) for n, t in explorer.charts if not chart or n == chart]
    figures = context["figures"] or {}
    shown = themed_figures({n: figures[n] for n, _ in charts if n in figures}, theme)
    context.update(
        theme=theme,
        controls=controls == "1",
        charts=charts,
        static_charts=static_charts(shown),  # only the charts this embed shows, drawn once
        figures_url=None,  # an embed carries its (themed, resized) figures itself
        figures={n: _fill_height(f) for n, f in shown.items()} if len(charts) == 1 else shown,
    )
    return templates.TemplateResponse(request, "sharing/embed.html", context)


def _fill_height(figure: dict[str, Any]) -> dict[str, Any]:
    """Let a lone chart take the iframe's height instead of its page height."""
    layout = {k: v for k, v in figure["layout"].items() if k != "height"}
    return {**figure, "layout": {**layout, "autosize": True}}
