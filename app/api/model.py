"""``/api/v1/model``: the four gradient variants for a model, a loss and data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Query

from app.api.errors import BAD_BODY, TOO_LONG, answered, in_field
from app.api.model_schemas import (
    DEFAULTS,
    LOSS_DESCRIPTION,
    MODEL_DESCRIPTION,
    REDUCTION_DESCRIPTION,
    STEP_DESCRIPTION,
    ModelRequest,
    ModelResponse,
    Reduction,
)
from app.api.repeated import ONE_VALUE_EACH
from app.core.errors import PointsError
from app.core.frames import chosen_frame
from app.core.limits import MAX_LEARNING_RATE, MAX_POINTS_TEXT_LENGTH, MAX_STEPS
from app.core.model import (
    Data,
    ModelSpec,
    build_spec,
    parameter_vector,
    parse_loss,
    parse_model,
)
from app.core.model_analysis import ModelAnalysis, analyse_model, check_descent_settings
from app.core.points import (
    format_assignments,
    format_points,
    parse_assignments,
    parse_number,
    parse_points,
)

router = APIRouter(
    prefix="/api/v1", tags=["model"], responses=TOO_LONG, dependencies=ONE_VALUE_EACH
)

DEFAULT_QUERY = {
    "model": DEFAULTS["model"],
    "loss": DEFAULTS["loss"],
    "params": format_assignments(DEFAULTS["params"]),
    "x": format_points(DEFAULTS["x"]),
    "y": format_points(DEFAULTS["y"]),
    "learning_rate": format_points([DEFAULTS["learning_rate"]]),
    "steps": str(DEFAULTS["steps"]),
}


def run_model(
    model: str,
    loss: str,
    params: str | Mapping[str, float],
    x: str | Sequence[float],
    y: str | Sequence[float],
    learning_rate: float | str,
    steps: int | str,
    reduction: str = "mean",
) -> ModelAnalysis:
    """Parse and analyse; bad input raises ``FieldError`` naming the field it came from. An
    empty ``reduction`` is the mean, as the page's form sends it."""
    spec, data, theta = model_inputs(model, loss, params, x, y)
    rate = in_field("learning_rate", learning_rate, lambda: _number(learning_rate))
    in_field("learning_rate", learning_rate, lambda: check_descent_settings(rate, 0))
    count = in_field("steps", steps, lambda: whole_number("number of steps", steps))
    in_field("steps", steps, lambda: check_descent_settings(rate, count))
    reduction = reduction or "mean"
    return in_field(
        "reduction", reduction, lambda: analyse_model(spec, data, theta, rate, count, reduction)
    )


def model_inputs(
    model: str,
    loss: str,
    params: str | Mapping[str, float],
    x: str | Sequence[float],
    y: str | Sequence[float],
) -> tuple[ModelSpec, Data, np.ndarray]:
    """The model, the loss, θ and the data, as the model and batches explorers both take them;
    bad input raises ``FieldError`` naming the field it came from."""
    in_field("model", model, lambda: parse_model(model))
    in_field("loss", loss, lambda: parse_loss(loss))
    values = in_field(
        "params", params, lambda: parse_assignments(params) if isinstance(params, str) else params
    )
    spec = in_field("params", params, lambda: build_spec(model, loss, list(values)))
    theta = in_field("params", params, lambda: parameter_vector(spec, values))
    xs = in_field("x", x, lambda: parse_points(x) if isinstance(x, str) else list(x))
    ys = in_field("y", y, lambda: parse_points(y) if isinstance(y, str) else list(y))
    data = in_field("y", y, lambda: Data.of(xs, ys))
    return spec, data, theta


def _number(value: float | str) -> float:
    return parse_number(value) if isinstance(value, str) else float(value)


def whole_number(what: str, value: int | str) -> int:
    """A count typed into a form or sent as JSON; ranges are checked by whoever uses it."""
    number = _number(value)
    if not number.is_integer():
        raise PointsError(f"the {what} must be a whole number, not {value}")
    return int(number)


TextQuery = Annotated[str, Query(max_length=MAX_POINTS_TEXT_LENGTH)]


@router.get("/model", response_model=ModelResponse, summary="Gradient variants for a model (query)")
def model_from_query(
    model: Annotated[str, Query(description=MODEL_DESCRIPTION)] = DEFAULT_QUERY["model"],
    loss: Annotated[str, Query(description=LOSS_DESCRIPTION)] = DEFAULT_QUERY["loss"],
    params: Annotated[
        str, Query(description="Starting values, e.g. m=0.5, b=0", max_length=2000)
    ] = DEFAULT_QUERY["params"],
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
    analysis = answered(
        "query", lambda: run_model(model, loss, params, x, y, learning_rate, steps, reduction)
    )
    return ModelResponse.from_analysis(
        analysis, answered("query", lambda: checked_step(analysis, step))
    )


def checked_step(analysis: ModelAnalysis, step: int | None) -> int | None:
    """``step`` if the descent has it; past the end is a ``FieldError`` that says so."""
    if step is None:
        return None
    frames = range(analysis.steps + 1)
    return in_field("step", step, lambda: chosen_frame(str(step), frames, "step"))


@router.post(
    "/model",
    responses=BAD_BODY,
    response_model=ModelResponse,
    summary="Gradient variants for a model (JSON)",
)
def model_from_body(request: ModelRequest) -> ModelResponse:
    fields = request.model_dump()
    step = fields.pop("step")
    analysis = answered("body", lambda: run_model(**fields))
    return ModelResponse.from_analysis(
        analysis, answered("body", lambda: checked_step(analysis, step))
    )
