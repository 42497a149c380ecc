"""Each explorer's page, ``/{kind}``: its form, numbers, server-drawn charts and share panel.

The same query drives the page, its embed (``app/web/sharing``), its live feed
(``app/web/live``) and its JSON twin under ``/api/v1``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.charts.static import static_charts
from app.web.explorers.explorer import Explorer
from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code_panel import code_panel
from app.web.sharing.links import origin, shared_context
from app.web.templating import templates

router = APIRouter(include_in_schema=False)


def page_context(request: Request, explorer: Explorer) -> dict[str, Any]:
    context = shared_context(origin(request), explorer, request.query_params)
    context["static_charts"] = static_charts(context["figures"])
    context["code_panel"] = code_panel(explorer, context)
    return context


def _page_route(explorer: Explorer) -> Callable[[Request], HTMLResponse]:
    def page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(
            request, explorer.template, page_context(request, explorer)
        )

    return page


for _explorer in EXPLORERS.values():
    router.add_api_route(f"/{_explorer.kind}", _page_route(_explorer), response_class=HTMLResponse)
