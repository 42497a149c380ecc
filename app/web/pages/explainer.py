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

# "In your code": what the two recipes look like in a PyTorch training step. ``pred`` is
# ``model(x)`` on the whole batch (one row per example), ``y`` the targets. Kept here rather
# than in the template so that the page escapes them and a test can run them (with torch).
RIGHT_LINES = """\
loss = F.mse_loss(pred, y)   # reduction="mean": the mean of the N losses
loss.backward()              # its gradient: the mean of the N per-example gradients
optimizer.step()
"""
INPUTS_FIRST_LINES = """\
x_bar, y_bar = x.mean(0, keepdim=True), y.mean(0, keepdim=True)
loss = F.mse_loss(model(x_bar), y_bar)   # one made-up example at the mean
loss.backward()                          # wrong: the gradient at the mean input
"""
ERROR_FIRST_LINES = """\
error = (pred - y).mean(0, keepdim=True)                 # one averaged output error
pred.backward(2 * error.expand_as(pred) / pred.numel())  # wrong: sent back for every row
"""


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
        code_lines={
            "right": RIGHT_LINES,
            "inputs_first": INPUTS_FIRST_LINES,
            "error_first": ERROR_FIRST_LINES,
        },
        static_charts=static_charts(context["figures"]),
    )
    return context


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    context = dict(headline_context())
    context["share"] = sharing(origin(request), SCALAR, context, path="/")  # per host
    return templates.TemplateResponse(request, "pages/index.html", context)
