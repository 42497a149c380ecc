"""HTML pages: the explainer ``/`` and the scalar explorer ``/scalar`` (plus its live feed).

One function builds each page's context (datasette-style); the page renders it with a
template, and ``/scalar/live`` returns the same context's results panel and figures as JSON
for the page's script, so both paths show exactly the same numbers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.api.errors import FieldError
from app.api.scalar import DEFAULT_FUNCTION, DEFAULT_POINTS, run_scalar
from app.core.scalar import ScalarAnalysis, sample_curves
from app.web.presets import SCALAR_PRESETS
from app.web.scalar_figures import scalar_figures
from app.web.templating import fixed, full, templates

router = APIRouter(include_in_schema=False)

HEADLINE_FUNCTION, HEADLINE_POINTS = "sigmoid(x)", "0, 1"


def scalar_context(f: str, x: str) -> dict[str, Any]:
    """Everything the scalar page shows for these inputs; ``error`` set if they are bad."""
    query = urlencode({"f": f, "x": x})
    context: dict[str, Any] = {
        "f": f,
        "x": x,
        "presets": SCALAR_PRESETS,
        "permalink": f"/scalar?{query}",
        "json_twin": f"/api/v1/scalar?{query}",
        "analysis": None,
        "figures": None,
        "error": None,
        "summaries": None,
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


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    context = scalar_context(HEADLINE_FUNCTION, HEADLINE_POINTS)
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/scalar", response_class=HTMLResponse)
async def scalar_page(
    request: Request,
    f: str = DEFAULT_FUNCTION,
    x: str = DEFAULT_POINTS,
) -> HTMLResponse:
    return templates.TemplateResponse(request, "scalar.html", scalar_context(f, x))


@router.get("/scalar/live")
async def scalar_live(
    request: Request,
    f: str = DEFAULT_FUNCTION,
    x: str = DEFAULT_POINTS,
) -> JSONResponse:
    """The results panel and figures for the page's script.

    Bad input is a normal state while someone types, so it answers 200 with ``error`` set
    (the API proper answers 422); the browser console stays clean.
    """
    context = scalar_context(f, x)
    error: FieldError | None = context["error"]
    panel = templates.get_template("partials/scalar_results.html").render(context)
    return JSONResponse(
        {
            "permalink": context["permalink"],
            "json_twin": context["json_twin"],
            "html": panel,
            "figures": context["figures"],
            "summaries": context["summaries"],
            "error": None
            if error is None
            else {
                "field": error.field,
                "message": error.message,
                "column": error.column,
            },
        }
    )
