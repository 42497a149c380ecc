"""Request and response models of the scalar API, named by role."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.limits import MAX_ABS_POINT, MAX_EXPRESSION_LENGTH, MAX_POINTS
from app.core.scalar import ScalarAnalysis

FiniteNumber = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_ABS_POINT, le=MAX_ABS_POINT)]
MaybeNumber = float | None

FUNCTION_DESCRIPTION = (
    "A function of x in Gradient Lens's expression language: numbers, x, pi, e,"
    " + - * / ^ (or **), parentheses, implicit product after a number (2x), and the functions"
    " sigmoid tanh exp log sqrt abs sin cos relu softplus step sign."
    f" At most {MAX_EXPRESSION_LENGTH} characters."
)
POINTS_DESCRIPTION = (
    f"The points x_i, finite numbers with |x| <= {MAX_ABS_POINT:g}; 1 to {MAX_POINTS}."
)


class ScalarRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,  # JSON false is not the number 0, nor "1" the number 1
        json_schema_extra={"examples": [{"f": "sigmoid(x)", "x": [0, 1]}]},
    )

    f: Annotated[
        str, Field(min_length=1, max_length=MAX_EXPRESSION_LENGTH, description=FUNCTION_DESCRIPTION)
    ]
    x: Annotated[
        list[FiniteNumber],
        Field(min_length=1, max_length=MAX_POINTS, description=POINTS_DESCRIPTION),
    ]


class LatexForms(BaseModel):
    f: str
    derivative: str


class ScalarResponse(BaseModel):
    """The two quantities, their gap and everything needed to check them by hand.

    Non-finite numbers (overflow, log of a negative) are ``null``, with a warning naming the point.
    """

    f: str = Field(description="The function as parsed, in the input language.")
    derivative: str = Field(description="f'(x), exact, in the same language.")
    latex: LatexForms
    x: list[float]
    x_mean: float
    x_variance: float = Field(description="Population variance of the points.")
    values: list[MaybeNumber] = Field(description="f(x_i) for each point.")
    value_at_mean: MaybeNumber = Field(description="f(x̄).")
    gradients: list[MaybeNumber] = Field(description="f'(x_i) for each point.")
    mean_of_gradients: MaybeNumber = Field(description="(1/N) Σ f'(x_i): the correct quantity.")
    gradient_at_mean: MaybeNumber = Field(description="f'(x̄): what averaging first computes.")
    gap: MaybeNumber = Field(description="mean_of_gradients − gradient_at_mean.")
    relative_gap: MaybeNumber = Field(description="gap / |mean_of_gradients|.")
    taylor_gap: MaybeNumber = Field(description="½ f'''(x̄) Var(x), the second-order estimate.")
    affine: bool = Field(description="f' does not depend on x, so the gap is 0 for any points.")
    warnings: list[str]

    @classmethod
    def from_analysis(cls, analysis: ScalarAnalysis) -> ScalarResponse:
        return cls(
            f=str(analysis.function),
            derivative=str(analysis.derivative),
            latex=LatexForms(f=analysis.function.latex(), derivative=analysis.derivative.latex()),
            x=analysis.x.tolist(),
            x_mean=analysis.x_mean,
            x_variance=analysis.x_variance,
            values=finite_list(analysis.values),
            value_at_mean=finite(analysis.value_at_mean),
            gradients=finite_list(analysis.gradients),
            mean_of_gradients=finite(analysis.mean_of_gradients),
            gradient_at_mean=finite(analysis.gradient_at_mean),
            gap=finite(analysis.gap),
            relative_gap=finite(analysis.relative_gap),
            taylor_gap=finite(analysis.taylor_gap),
            affine=analysis.affine,
            warnings=list(analysis.warnings),
        )


def finite(value: float | None) -> float | None:
    """JSON has no NaN or Infinity: non-finite numbers travel as null."""
    return value if value is not None and math.isfinite(value) else None


def finite_list(values) -> list[float | None]:
    return [finite(float(v)) for v in values]
