"""``/api/v1/batches``: mini-batch estimates of the gradient, their bias and their spread."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from fastapi import Query

from app.api.batches_schemas import (
    BATCHES_DESCRIPTION,
    DEFAULTS,
    ESTIMATES_LISTED,
    BatchesRequest,
    BatchesResponse,
    SizeSummary,
    named,
)
from app.api.errors import answered, in_field
from app.api.model_inputs import (
    LossQuery,
    ModelFields,
    ModelQuery,
    TextQuery,
    model_query,
    params_query,
    whole_number,
)
from app.api.routing import api_router, json_post
from app.core.limits import MAX_EXAMPLES, MAX_SEED
from app.core.minibatch import (
    BatchAnalysis,
    analyse_batches,
    check_batch_count,
    check_batch_size,
    check_seed,
)

router = api_router("batches")

ALL = "all"
DEFAULT_QUERY = {
    **model_query(DEFAULTS),
    "batch_size": str(DEFAULTS["batch_size"]),
    "batches": str(DEFAULTS["batches"]),
    "seed": str(DEFAULTS["seed"]),
}


def run_batches(
    inputs: ModelFields, batch_size: int | str, batches: int | str, seed: int | str
) -> BatchAnalysis:
    """Parse and analyse; bad input raises ``FieldError`` naming the field it came from."""
    spec, data, theta = inputs.parsed()
    size = in_field("batch_size", batch_size, lambda: whole_number("batch size", batch_size))
    in_field("batch_size", batch_size, lambda: check_batch_size(data.size, size))
    enumerate_all = str(batches).strip().lower() == ALL
    count = (
        0
        if enumerate_all
        else in_field("batches", batches, lambda: whole_number("number of batches", batches))
    )
    in_field("batches", batches, lambda: check_batch_count(data.size, count, enumerate_all))
    chosen_seed = in_field("seed", seed, lambda: whole_number("seed", seed))
    in_field("seed", seed, lambda: check_seed(chosen_seed))
    return analyse_batches(spec, data, theta, size, count, chosen_seed, enumerate_all)


def listed(analysis: BatchAnalysis) -> np.ndarray:
    """Which of the chosen size's batches to list: all, or evenly spaced ones past the cap."""
    count = len(analysis.batches)
    if count <= ESTIMATES_LISTED:
        return np.arange(count)
    return np.linspace(0, count - 1, ESTIMATES_LISTED).round().astype(int)


def batches_response(analysis: BatchAnalysis) -> BatchesResponse:
    names = analysis.spec.parameters
    rows = listed(analysis)
    return BatchesResponse(
        model=str(analysis.spec.model),
        loss=str(analysis.spec.loss),
        parameters=list(names),
        params=named(names, analysis.theta),
        examples=analysis.data.size,
        seed=analysis.seed,
        full_batch={name: named(names, value) for name, value in analysis.full.items()},
        chosen=SizeSummary.of(analysis.chosen, names),
        estimates={
            name: [named(names, row) for row in values[rows]]
            for name, values in analysis.estimates.items()
        },
        estimate_batches=analysis.batches[rows].tolist(),
        sweep=[SizeSummary.of(stats, names) for stats in analysis.sweep],
        warnings=list(analysis.warnings),
    )


Parameters = params_query("The parameters θ, e.g. m=0.5, b=0")


@router.get(
    "/batches",
    response_model=BatchesResponse,
    summary="Mini-batch gradient estimates, their bias and spread (query)",
)
def batches_from_query(
    model: ModelQuery = DEFAULT_QUERY["model"],
    loss: LossQuery = DEFAULT_QUERY["loss"],
    params: Parameters = DEFAULT_QUERY["params"],
    x: TextQuery = DEFAULT_QUERY["x"],
    y: TextQuery = DEFAULT_QUERY["y"],
    batch_size: Annotated[int, Query(ge=1, le=MAX_EXAMPLES)] = DEFAULTS["batch_size"],
    batches: Annotated[
        str, Query(description=BATCHES_DESCRIPTION, pattern=r"^(all|[0-9]{1,9})$")
    ] = DEFAULT_QUERY["batches"],
    seed: Annotated[int, Query(ge=0, le=MAX_SEED)] = DEFAULTS["seed"],
) -> BatchesResponse:
    """The same numbers as the page ``/batches`` with the same query."""
    inputs = ModelFields(model, loss, params, x, y)
    return batches_response(
        answered("query", lambda: run_batches(inputs, batch_size, batches, seed))
    )


@json_post(
    router,
    "/batches",
    BatchesResponse,
    "Mini-batch gradient estimates, their bias and spread (JSON)",
)
def batches_from_body(request: BatchesRequest) -> BatchesResponse:
    inputs, others = ModelFields.split(request.model_dump())
    return batches_response(answered("body", lambda: run_batches(inputs, **others)))
