"""Download routes: ``/export/{kind}/{table}.csv`` and ``/export/{kind}/{chart}.html``.

They take the page's query and answer an attachment; what goes into the files is built in
``exports.py``.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.web.explorers.explorer import Context, Explorer
from app.web.explorers.registry import explorer_or_404
from app.web.sharing.exports import TABLES, csv_text, standalone_html

router = APIRouter(include_in_schema=False)


def computed_or_422(request: Request, explorer: Explorer) -> Context:
    """The explorer's context for the request's query; bad input is the API's 422."""
    context = explorer.build(explorer.values(request.query_params))
    if context["error"] is not None:
        raise context["error"].as_validation_error("query")
    return context


def chart_titles_or_404(explorer: Explorer, chart: str) -> dict[str, str]:
    """The explorer's chart titles by name, or the 404 that lists its charts."""
    titles = dict(explorer.charts)
    if chart not in titles:
        listed = ", ".join(titles)
        raise HTTPException(404, f"no chart '{chart}' for the {explorer.kind} explorer: {listed}")
    return titles


@router.get("/export/{kind}/{table}.csv")
def export_csv(request: Request, kind: str, table: str) -> Response:
    explorer = explorer_or_404(kind)
    if table not in TABLES[kind]:
        raise HTTPException(404, f"no table '{table}' for the {kind} explorer")
    context = computed_or_422(request, explorer)
    _, build_table = TABLES[kind][table]
    filename = f"gradient-lens-{kind}-{table}.csv"
    return Response(
        csv_text(build_table(context["analysis"])),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/export/{kind}/{chart}.html")
def export_html(request: Request, kind: str, chart: str) -> Response:
    explorer = explorer_or_404(kind)
    titles = chart_titles_or_404(explorer, chart)
    context = computed_or_422(request, explorer)
    filename = re.sub(r"[^a-z0-9-]", "", f"gradient-lens-{kind}-{chart}") + ".html"
    return Response(
        standalone_html(context["figures"][chart], f"Gradient Lens: {titles[chart]}"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
