"""The model explorer ``/model`` and its live feed ``/model/live``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.api.errors import FieldError
from app.api.model import DEFAULT_QUERY, run_model
from app.core.model import VARIANT_NAMES
from app.web.live import live_response
from app.web.model_figures import VARIANT_LABELS, model_figures, model_summaries, plot_axes
from app.web.presets import MODEL_PRESETS
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

FIELDS = ("model", "loss", "params", "x", "y", "learning_rate", "steps")
PANELS = {
    "results": "partials/model_results.html",
    "derivation": "partials/model_derivation.html",
}


def model_context(values: dict[str, str], plot: str = "") -> dict[str, Any]:
    """Everything the model page shows for these inputs; ``error`` set if they are bad."""
    query = urlencode(values)
    page_query = urlencode({**values, "plot": plot}) if plot else query
    context: dict[str, Any] = {
        **values,
        "plot": plot,
        "title": f"Model explorer: {values['model']} — Gradient Lens",
        "presets": MODEL_PRESETS,
        "variant_names": VARIANT_NAMES,
        "variant_labels": VARIANT_LABELS,
        "permalink": f"/model?{page_query}",
        "json_twin": f"/api/v1/model?{query}",
        "analysis": None,
        "figures": None,
        "summaries": None,
        "error": None,
        "plot_choices": [],
    }
    try:
        analysis = run_model(**values)
    except FieldError as error:
        context["error"] = error
        return context
    axes = plot_axes(analysis.spec.parameters, plot)
    context.update(
        analysis=analysis,
        axes=axes,
        plot_choices=_plot_choices(analysis.spec.parameters),
        plot=",".join(analysis.spec.parameters[i] for i in axes),
        figures=model_figures(analysis, axes),
        summaries=model_summaries(analysis, axes),
    )
    return context


def _plot_choices(parameters: tuple[str, ...]) -> list[str]:
    return [f"{a},{b}" for i, a in enumerate(parameters) for b in parameters[i + 1 :]]


def _values(request: Request) -> tuple[dict[str, str], str]:
    query = request.query_params
    values = {name: query.get(name, DEFAULT_QUERY[name]) for name in FIELDS}
    return values, query.get("plot", "")


@router.get("/model", response_class=HTMLResponse)
async def model_page(request: Request) -> HTMLResponse:
    values, plot = _values(request)
    return templates.TemplateResponse(request, "model.html", model_context(values, plot))


@router.get("/model/live")
async def model_live(request: Request) -> JSONResponse:
    values, plot = _values(request)
    return live_response(model_context(values, plot), PANELS)
