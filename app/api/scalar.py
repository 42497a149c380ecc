"""``/api/v1/scalar``: mean of the gradients versus the gradient at the mean, for f and points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Query

from app.api.errors import FieldError, answered
from app.api.routing import api_router, json_post
from app.api.scalar_schemas import (
    FUNCTION_DESCRIPTION,
    ScalarRequest,
    ScalarResponse,
)
from app.core.errors import ExpressionError
from app.core.limits import MAX_POINTS_TEXT_LENGTH
from app.core.points import parse_points
from app.core.scalar import ScalarAnalysis, analyse, parse_function

DEFAULT_FUNCTION = "sigmoid(x)"
DEFAULT_POINTS = "0, 1"

router = api_router("scalar")


def run_scalar(f: str, x: str | Sequence[float]) -> ScalarAnalysis:
    """Parse and analyse; bad input raises ``FieldError`` naming the field (``f`` or ``x``)."""
    try:
        function = parse_function(f)
    except ExpressionError as error:
        raise FieldError("f", error, f) from None
    try:
        points = parse_points(x) if isinstance(x, str) else list(x)
        return analyse(function, points)
    except ExpressionError as error:
        raise FieldError("x", error, x) from None


@router.get("/scalar", response_model=ScalarResponse, summary="Analyse f at points (query)")
def scalar_from_query(
    f: Annotated[
        str, Query(description=FUNCTION_DESCRIPTION, examples=["sigmoid(x)", "tanh(2x) + x^2"])
    ] = DEFAULT_FUNCTION,
    x: Annotated[
        str,
        Query(
            description="Points separated by commas (or spaces).",
            examples=["0,1", "-2, 0.5, 3"],
            max_length=MAX_POINTS_TEXT_LENGTH,
        ),
    ] = DEFAULT_POINTS,
) -> ScalarResponse:
    """The same numbers as the page ``/scalar?f=...&x=...``."""
    return ScalarResponse.from_analysis(answered("query", lambda: run_scalar(f, x)))


@json_post(router, "/scalar", ScalarResponse, "Analyse f at points (JSON body)")
def scalar_from_body(request: ScalarRequest) -> ScalarResponse:
    return ScalarResponse.from_analysis(answered("body", lambda: run_scalar(request.f, request.x)))
