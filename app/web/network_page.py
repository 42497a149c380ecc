"""The network explorer ``/network`` and its live feed ``/network/live``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.api.errors import FieldError
from app.api.network import run_network
from app.api.network_schemas import DEFAULTS
from app.core.errors import PointsError
from app.core.network import ACTIVATIONS, LOSSES, VARIANTS
from app.core.points import parse_number
from app.web.live import live_response
from app.web.model_figures import VARIANT_LABELS
from app.web.network_figures import network_figures, network_summaries
from app.web.presets import NETWORK_PRESETS
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

DEFAULT_QUERY = {
    "dataset": DEFAULTS["dataset"],
    "points": "",
    "hidden": ", ".join(str(w) for w in DEFAULTS["hidden"]),
    "activation": DEFAULTS["activation"],
    "loss": DEFAULTS["loss"],
    "seed": str(DEFAULTS["seed"]),
    "batch_size": str(DEFAULTS["batch_size"]),
    "learning_rate": str(DEFAULTS["learning_rate"]),
    "epochs": str(DEFAULTS["epochs"]),
}
PANELS = {"results": "partials/network_results.html"}


def network_context(values: dict[str, str]) -> dict[str, Any]:
    query = urlencode({k: v for k, v in values.items() if v or k != "points"})
    context: dict[str, Any] = {
        **values,
        "title": f"Network explorer: {values['dataset']} — Gradient Lens",
        "presets": NETWORK_PRESETS,
        "activations": list(ACTIVATIONS),
        "losses": LOSSES,
        "variant_names": list(VARIANTS),
        "variant_labels": VARIANT_LABELS,
        "permalink": f"/network?{query}",
        "json_twin": f"/api/v1/network?{query}",
        "analysis": None,
        "figures": None,
        "summaries": None,
        "error": None,
    }
    try:
        analysis = run_network(
            values["dataset"],
            values["points"] or None,
            values["hidden"],
            values["activation"],
            values["loss"],
            _whole("seed", values["seed"]),
            _whole("batch_size", values["batch_size"]),
            _number("learning_rate", values["learning_rate"]),
            _whole("epochs", values["epochs"]),
        )
    except FieldError as error:
        context["error"] = error
        return context
    context.update(
        analysis=analysis,
        figures=network_figures(analysis),
        summaries=network_summaries(analysis),
    )
    return context


def _number(field: str, text: str) -> float:
    try:
        return parse_number(text)
    except PointsError as error:
        raise FieldError(field, error, text) from None


def _whole(field: str, text: str) -> int:
    value = _number(field, text)
    if not value.is_integer() or value < 0:
        raise FieldError(field, PointsError(f"'{text}' is not a whole number"), text)
    return int(value)


def _values(request: Request) -> dict[str, str]:
    query = request.query_params
    values = {name: query.get(name, default) for name, default in DEFAULT_QUERY.items()}
    if values["dataset"] not in ("xor", "moons", "circles", "custom"):
        values["dataset"] = DEFAULT_QUERY["dataset"]
    if values["activation"] not in ACTIVATIONS:
        values["activation"] = DEFAULT_QUERY["activation"]
    if values["loss"] not in LOSSES:
        values["loss"] = DEFAULT_QUERY["loss"]
    return values


@router.get("/network", response_class=HTMLResponse)
async def network_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "network.html", network_context(_values(request)))


@router.get("/network/live")
async def network_live(request: Request) -> JSONResponse:
    return live_response(network_context(_values(request)), PANELS)
