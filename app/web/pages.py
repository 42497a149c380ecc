"""The explainer ``/``: the story of the misconception around the headline sigmoid example."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.presets import MODEL_PRESETS, SCALAR_PRESETS
from app.web.scalar_page import scalar_context
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

HEADLINE_FUNCTION, HEADLINE_POINTS = "sigmoid(x)", "0, 1"


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    context = scalar_context(HEADLINE_FUNCTION, HEADLINE_POINTS)
    context.update(
        title="Gradient Lens — average the gradients, not the inputs",
        scalar_presets=SCALAR_PRESETS,
        model_presets=MODEL_PRESETS,
    )
    return templates.TemplateResponse(request, "index.html", context)
