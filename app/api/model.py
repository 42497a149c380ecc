"""``/api/v1/model``: the four gradient variants for a model, a loss and data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.api.errors import answered_at, in_field
from app.api.model_inputs import (
    LossQuery,
    ModelFields,
    ModelQuery,
    TextQuery,
    model_query,
    number,
    params_query,
    whole_number,
)
from app.api.model_schemas import (
    DEFAULTS,
    REDUCTION_DESCRIPTION,
    STEP_DESCRIPTION,
    ModelRequest,
    ModelResponse,
    Reduction,
)
from app.api.routing import api_router, json_post
from app.core.frames import chosen_frame
from app.core.limits import MAX_LEARNING_RATE, MAX_STEPS
from app.core.model_analysis import ModelAnalysis, analyse_model, check_descent_settings
from app.core.points import format_points

router = api_router("model")

DEFAULT_QUERY = {
    **model_query(DEFAULTS),
    "learning_rate": format_points([DEFAULTS["learning_rate"]]),
    "steps": str(DEFAULTS["steps"]),
}


def run_model(
    inputs: ModelFields, learning_rate: float | str, steps: int | str, reduction: str = "mean"
) -> ModelAnalysis:
    """Parse and analyse; bad input raises ``FieldError`` naming the field it came from. An
    empty ``reduction`` is the mean, as the page's form sends it."""
    spec, data, theta = inputs.parsed()
    rate = in_field("learning_rate", learning_rate, lambda: number(learning_rate))
    in_field("learning_rate", learning_rate, lambda: check_descent_settings(rate, 0))
    count = in_field("steps", steps, lambda: whole_number("number of steps", steps))
    in_field("steps", steps, lambda: check_descent_settings(rate, count))
    reduction = reduction or "mean"
    return in_field(
        "reduction", reduction, lambda: analyse_model(spec, data, theta, rate, count, reduction)
    )


StartingValues = params_query("Starting values, e.g. m=0.5, b=0")


@router.get("/model", response_model=ModelResponse, summary="Gradient variants for a model (query)")
def model_from_query(
    model: ModelQuery = DEFAULT_QUERY["model"],
    loss: LossQuery = DEFAULT_QUERY["loss"],
    params: StartingValues = DEFAULT_QUERY["params"],
    x: TextQuery = DEFAULT_QUERY["x"],
    y: TextQuery = DEFAULT_QUERY["y"],
    learning_rate: Annotated[
        float, Query(gt=0, le=MAX_LEARNING_RATE, allow_inf_nan=False)
    ] = DEFAULTS["learning_rate"],
    steps: Annotated[int, Query(ge=0, le=MAX_STEPS)] = DEFAULTS["steps"],
    reduction: Annotated[Reduction, Query(description=REDUCTION_DESCRIPTION)] = "mean",
    step: Annotated[int | None, Query(ge=0, le=MAX_STEPS, description=STEP_DESCRIPTION)] = None,
) -> ModelResponse:
    """The same numbers as the page ``/model`` with the same query."""
    inputs = ModelFields(model, loss, params, x, y)
    return ModelResponse.from_analysis(
        *answered_at(
            "query",
            lambda: run_model(inputs, learning_rate, steps, reduction),
            lambda analysis: checked_step(analysis, step),
        )
    )


def checked_step(analysis: ModelAnalysis, step: int | None) -> int | None:
    """``step`` if the descent has it; past the end is a ``FieldError`` that says so."""
    if step is None:
        return None
    frames = range(analysis.steps + 1)
    return in_field("step", step, lambda: chosen_frame(str(step), frames, "step"))


@json_post(router, "/model", ModelResponse, "Gradient variants for a model (JSON)")
def model_from_body(request: ModelRequest) -> ModelResponse:
    inputs, others = ModelFields.split(request.model_dump())
    step = others.pop("step")
    return ModelResponse.from_analysis(
        *answered_at(
            "body",
            lambda: run_model(inputs, **others),
            lambda analysis: checked_step(analysis, step),
        )
    )
