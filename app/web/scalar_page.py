"""The scalar explorer ``/scalar`` and its live feed ``/scalar/live``.

One function builds the page's context (datasette-style); the page renders it with a template
and the live feed returns the same context's results panel and figures, so both paths show
exactly the same numbers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.api.errors import FieldError
from app.api.scalar import DEFAULT_FUNCTION, DEFAULT_POINTS, run_scalar
from app.core.scalar import ScalarAnalysis, sample_curves
from app.web.live import live_response
from app.web.presets import SCALAR_PRESETS
from app.web.scalar_figures import scalar_figures
from app.web.templating import fixed, full, templates

router = APIRouter(include_in_schema=False)


def scalar_context(f: str, x: str) -> dict[str, Any]:
    """Everything the scalar page shows for these inputs; ``error`` set if they are bad."""
    query = urlencode({"f": f, "x": x})
    context: dict[str, Any] = {
        "f": f,
        "x": x,
        "title": f"Explorer: {f} — Gradient Lens",
        "presets": SCALAR_PRESETS,
        "permalink": f"/scalar?{query}",
        "json_twin": f"/api/v1/scalar?{query}",
        "analysis": None,
        "figures": None,
        "summaries": None,
        "error": None,
    }
    try:
        analysis = run_scalar(f, x)
    except FieldError as error:
        context["error"] = error
        return context
    context["analysis"] = analysis
    context["figures"] = scalar_figures(analysis, sample_curves(analysis))
    context["summaries"] = chart_summaries(analysis)
    return context


def chart_summaries(a: ScalarAnalysis) -> dict[str, str]:
    """Text alternatives for the two charts, for screen readers and for readers without JS."""
    count = f"{len(a.x)} point{'s' if len(a.x) != 1 else ''}"
    return {
        "function": (
            f"Chart of f(x) with the {count} marked and their mean x̄ = {full(a.x_mean)},"
            f" where f(x̄) = {fixed(a.value_at_mean)}."
        ),
        "derivative": (
            f"Chart of f′(x) with the gradient at each of the {count}. Their mean,"
            f" {fixed(a.mean_of_gradients)}, is a dashed level line; the gradient at the mean,"
            f" f′(x̄) = {fixed(a.gradient_at_mean)}, is a diamond; the gap between them is"
            f" {fixed(a.gap)}."
        ),
    }


@router.get("/scalar", response_class=HTMLResponse)
async def scalar_page(
    request: Request, f: str = DEFAULT_FUNCTION, x: str = DEFAULT_POINTS
) -> HTMLResponse:
    return templates.TemplateResponse(request, "scalar.html", scalar_context(f, x))


@router.get("/scalar/live")
async def scalar_live(f: str = DEFAULT_FUNCTION, x: str = DEFAULT_POINTS) -> JSONResponse:
    return live_response(scalar_context(f, x), {"results": "partials/scalar_results.html"})
