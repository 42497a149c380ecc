"""Routes shared by every explorer: the page, its live feed, its embed and its downloads.

``/{kind}`` and ``/embed/{kind}`` take the same query; ``/{kind}/live`` feeds the page's
script, by GET or by WebSocket; ``/export/{kind}/{table}.csv`` and
``/export/{kind}/{chart}.html`` download.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app.web import model_page, network_page, scalar_page  # noqa: F401 - registers explorers
from app.web.explorers import EXPLORERS, Explorer
from app.web.exports import TABLES, csv_text, standalone_html
from app.web.figures import static_charts, themed
from app.web.live import live_response
from app.web.live_socket import live_socket_route
from app.web.sharing import origin, shared_context
from app.web.templating import templates

router = APIRouter(include_in_schema=False)


def _explorer(kind: str) -> Explorer:
    if kind not in EXPLORERS:
        raise HTTPException(404, f"no explorer called '{kind}'")
    return EXPLORERS[kind]


def explorer_context(request: Request, explorer: Explorer) -> dict[str, Any]:
    return shared_context(origin(request), explorer, request.query_params)


def page_context(request: Request, explorer: Explorer) -> dict[str, Any]:
    context = explorer_context(request, explorer)
    context["static_charts"] = static_charts(context["figures"])
    return context


def _page_route(explorer: Explorer):
    def page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(
            request, explorer.template, page_context(request, explorer)
        )

    return page


def _live_route(explorer: Explorer):
    def live(request: Request) -> Response:
        return live_response(request, explorer)

    return live


for _explorer_entry in EXPLORERS.values():
    router.add_api_route(
        f"/{_explorer_entry.kind}", _page_route(_explorer_entry), response_class=HTMLResponse
    )
    router.add_api_route(f"/{_explorer_entry.kind}/live", _live_route(_explorer_entry))
    router.add_api_websocket_route(
        f"/{_explorer_entry.kind}/live", live_socket_route(_explorer_entry)
    )


@router.get("/embed/{kind}", response_class=HTMLResponse)
def embed(
    request: Request, kind: str, theme: str = "light", controls: str = "0", chart: str = ""
) -> HTMLResponse:
    """Only the chart(s), a one-line caption and a link back: made to live in an iframe."""
    explorer = _explorer(kind)
    names = [name for name, _ in explorer.charts]
    if chart and chart not in names:
        raise HTTPException(404, f"no chart '{chart}' here; the charts are {', '.join(names)}")
    context = explorer_context(request, explorer)
    theme = "dark" if theme == "dark" else "light"
    charts = [(n, t) for n, t in explorer.charts if not chart or n == chart]
    figures = context["figures"] or {}
    shown = {name: themed(figures[name], theme) for name, _ in charts if name in figures}
    context.update(
        theme=theme,
        controls=controls == "1",
        charts=charts,
        static_charts=static_charts(shown),  # only the charts this embed shows, drawn once
        figures={n: _fill_height(f) for n, f in shown.items()} if len(charts) == 1 else shown,
    )
    return templates.TemplateResponse(request, "embed.html", context)


def _fill_height(figure: dict[str, Any]) -> dict[str, Any]:
    """Let a lone chart take the iframe's height instead of its page height."""
    layout = {k: v for k, v in figure["layout"].items() if k != "height"}
    return {**figure, "layout": {**layout, "autosize": True}}


@router.get("/export/{kind}/{table}.csv")
def export_csv(request: Request, kind: str, table: str) -> Response:
    explorer = _explorer(kind)
    if table not in TABLES[kind]:
        raise HTTPException(404, f"no table '{table}' for the {kind} explorer")
    context = explorer.build(explorer.values(request.query_params))
    if context["error"] is not None:
        raise context["error"].as_validation_error("query")
    _, build_table = TABLES[kind][table]
    filename = f"gradient-lens-{kind}-{table}.csv"
    return Response(
        csv_text(build_table(context["analysis"])),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/export/{kind}/{chart}.html")
def export_html(request: Request, kind: str, chart: str) -> Response:
    explorer = _explorer(kind)
    titles = dict(explorer.charts)
    if chart not in titles:
        raise HTTPException(404, f"no chart '{chart}' for the {kind} explorer")
    context = explorer.build(explorer.values(request.query_params))
    if context["error"] is not None:
        raise context["error"].as_validation_error("query")
    filename = re.sub(r"[^a-z0-9-]", "", f"gradient-lens-{kind}-{chart}") + ".html"
    return Response(
        standalone_html(context["figures"][chart], f"Gradient Lens: {titles[chart]}"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
