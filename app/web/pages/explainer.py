"""The explainer ``/``: the story of the misconception around the headline sigmoid example."""

import functools
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.charts.static import static_charts
from app.web.explorers.presets import (
    BATCHES_PRESETS,
    MODEL_PRESETS,
    NETWORK_PRESETS,
    SCALAR_PRESETS,
)
from app.web.explorers.scalar import HEADLINE, SCALAR, scalar_context
from app.web.sharing.links import origin, sharing
from app.web.templating import templates

router = APIRouter(include_in_schema=False)


@functools.cache
def headline_context() -> dict[str, Any]:
    """The headline example's numbers, figures and server-drawn charts. They are the same on
    every visit, so they are worked out once, on the first (drawing the charts is most of the
    page's cost). Callers copy it before adding to it."""
    context = scalar_context(HEADLINE)
    context.update(
        title="Gradient Lens — average the gradients, not the inputs",
        scalar_presets=SCALAR_PRESETS,
        model_presets=MODEL_PRESETS,
        network_presets=NETWORK_PRESETS,
        batches_presets=BATCHES_PRESETS,
        static_charts=static_charts(context["figures"]),
    )
    return context


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    context = dict(headline_context())
    context["share"] = sharing(origin(request), SCALAR, context, path="/")  # per host
    return templates.TemplateResponse(request, "pages/index.html", context)
