"""Request and response models of the model API."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from app.api.scalar_schemas import FiniteNumber, MaybeNumber, finite, finite_list
from app.core import derivation, descent
from app.core.limits import (
    MAX_ABS_PARAMETER,
    MAX_EXAMPLES,
    MAX_EXPRESSION_LENGTH,
    MAX_LEARNING_RATE,
    MAX_PARAMETERS,
    MAX_STEPS,
)
from app.core.model import VARIANT_NAMES
from app.core.model_analysis import ModelAnalysis

ParameterValue = Annotated[
    float, Field(allow_inf_nan=False, ge=-MAX_ABS_PARAMETER, le=MAX_ABS_PARAMETER)
]
MODEL_DESCRIPTION = (
    "The model f(x; θ): an expression of x and named parameters, e.g. m*x + b or"
    f" sigmoid(w*x + b); at most {MAX_PARAMETERS} parameters."
)
LOSS_DESCRIPTION = "The per-example loss as an expression of the target y and the output f."
REDUCTION_DESCRIPTION = (
    "J as the mean (default) or the sum of the per-example losses. The sum makes J, every"
    " gradient and every step N times larger at the same learning rate."
)
Reduction = Literal["mean", "sum"]
STEP_DESCRIPTION = (
    "A descent step to look at (0 to steps): the answer's frame holds every variant's θ and J"
    " there, as the page draws it."
)

DEFAULTS = {
    "model": "m*x + b",
    "loss": "(y - f)^2",
    "params": {"m": 0.0, "b": 0.0},
    "x": [-1.5, -0.5, 0.5, 1, 2.5],
    "y": [-1.8, 0.4, 0.9, 2.6, 3.9],
    "learning_rate": 0.1,
    "steps": 100,
}


class ModelInputs(BaseModel):
    """The fields the model and batches APIs share: a model, a loss, θ and data."""

    model: Annotated[str, Field(min_length=1, max_length=MAX_EXPRESSION_LENGTH)] = Field(
        description=MODEL_DESCRIPTION
    )
    loss: Annotated[str, Field(min_length=1, max_length=MAX_EXPRESSION_LENGTH)] = Field(
        description=LOSS_DESCRIPTION
    )
    params: Annotated[dict[str, ParameterValue], Field(min_length=1, max_length=MAX_PARAMETERS)] = (
        Field(description="A value for every parameter of the model: θ, where descent starts.")
    )
    x: Annotated[list[FiniteNumber], Field(min_length=1, max_length=MAX_EXAMPLES)]
    y: Annotated[list[FiniteNumber], Field(min_length=1, max_length=MAX_EXAMPLES)]


class ModelRequest(ModelInputs):
    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [DEFAULTS]}
    )

    learning_rate: Annotated[float, Field(gt=0, le=MAX_LEARNING_RATE, allow_inf_nan=False)] = (
        DEFAULTS["learning_rate"]
    )
    steps: Annotated[int, Field(ge=0, le=MAX_STEPS)] = DEFAULTS["steps"]
    reduction: Reduction = Field(default="mean", description=REDUCTION_DESCRIPTION)
    step: Annotated[int, Field(ge=0, le=MAX_STEPS)] | None = Field(
        default=None, description=STEP_DESCRIPTION
    )


class Comparison(BaseModel):
    absolute: MaybeNumber = Field(description="|variant − gradient_of_mean_loss| (Euclidean).")
    relative: MaybeNumber = Field(description="absolute / |gradient_of_mean_loss|.")
    angle_degrees: MaybeNumber = Field(description="Angle between the two gradient vectors.")


class Trajectory(BaseModel):
    params: list[dict[str, MaybeNumber]]
    loss: list[MaybeNumber]
    diverged: bool

    @classmethod
    def of(cls, trajectory: descent.Trajectory, named) -> Trajectory:
        return cls(
            params=[named(row) for row in trajectory.params],
            loss=finite_list(trajectory.loss),
            diverged=trajectory.diverged,
        )


class Step(BaseModel):
    rule: str
    latex: str
    value: MaybeNumber

    @classmethod
    def of(cls, step: derivation.Step) -> Step:
        return cls(rule=step.rule, latex=step.latex, value=finite(step.value))


class Derivation(BaseModel):
    parameter: str
    steps: list[Step]
    shortcut: Step
    covariance: MaybeNumber = Field(description="Correct minus shortcut: Cov(∂L/∂f, ∂f/∂θ).")
    local_derivative_is_constant: bool


class Minimum(BaseModel):
    params: dict[str, MaybeNumber]
    loss: MaybeNumber


class ModelFrame(BaseModel):
    step: int
    params: dict[str, dict[str, MaybeNumber]] = Field(description="Each variant's θ at the step.")
    loss: dict[str, MaybeNumber] = Field(description="Each variant's J at the step.")
    diverged: dict[str, bool] = Field(
        description="Whether the variant's descent blew up by then (θ and J are its last finite)."
    )


class SumVersusMean(BaseModel):
    examples: int = Field(description="N: the sum is N times the mean.")
    learning_rate: float = Field(description="η as given, for the chosen reduction.")
    curvature: MaybeNumber = Field(
        description="λ_max, the largest eigenvalue of the Hessian of the mean loss at the start."
    )
    diverges_above: dict[str, MaybeNumber] = Field(
        description="For mean and sum: the η beyond which descent overshoots, 2/λ_max and"
        " 2/(N·λ_max) (null when λ_max ≤ 0)."
    )
    equivalent_learning_rate: dict[str, float] = Field(
        description="For mean and sum: the η that takes the very same steps as η on the chosen"
        " reduction (η_sum = η_mean / N)."
    )
    paths: dict[str, Trajectory] = Field(
        description="The true gradient's descent with the same η on the mean and on the sum;"
        " loss is J as the mean, so the two compare."
    )


class ModelResponse(BaseModel):
    model: str
    loss: str
    parameters: list[str]
    params: dict[str, float]
    reduction: Reduction
    loss_value: MaybeNumber = Field(
        description="J(θ) at the given parameters: the mean loss, or the sum with reduction=sum."
    )
    per_example_gradients: list[dict[str, MaybeNumber]]
    variants: dict[str, dict[str, MaybeNumber]] = Field(
        description=f"The four gradient variants: {', '.join(VARIANT_NAMES)}."
    )
    comparisons: dict[str, Comparison]
    finite_difference_check: MaybeNumber = Field(
        description="max |gradient_of_mean_loss − central differences of J|."
    )
    gradient_is_constant: bool
    minimum: Minimum | None
    trajectories: dict[str, Trajectory]
    derivation: list[Derivation] = Field(
        description="Steps for the mean loss, whatever the reduction."
    )
    sum_versus_mean: SumVersusMean
    frame: ModelFrame | None = Field(description="The descent at the requested step, if any.")
    warnings: list[str]

    @classmethod
    def from_analysis(cls, analysis: ModelAnalysis, step: int | None = None) -> ModelResponse:
        names = analysis.spec.parameters
        report = analysis.report
        facts = analysis.sum_versus_mean

        def named(vector: np.ndarray) -> dict[str, float | None]:
            return dict(zip(names, finite_list(vector), strict=True))

        return cls(
            model=str(analysis.spec.model),
            loss=str(analysis.spec.loss),
            parameters=list(names),
            params=named(report.theta),
            reduction=analysis.reduction,
            loss_value=finite(report.loss_value),
            per_example_gradients=[named(row) for row in report.per_example],
            variants={name: named(value) for name, value in report.variants.items()},
            comparisons={
                name: Comparison(
                    absolute=finite(c.absolute),
                    relative=finite(c.relative),
                    angle_degrees=finite(c.angle_degrees),
                )
                for name, c in report.comparisons.items()
            },
            finite_difference_check=finite(report.finite_difference_check),
            gradient_is_constant=analysis.spec.gradient_is_constant,
            minimum=None
            if analysis.minimum is None
            else Minimum(params=named(analysis.minimum.params), loss=finite(analysis.minimum.loss)),
            trajectories={
                name: Trajectory.of(t, named) for name, t in analysis.trajectories.items()
            },
            derivation=[
                Derivation(
                    parameter=d.parameter,
                    steps=[Step.of(s) for s in d.steps],
                    shortcut=Step.of(d.shortcut),
                    covariance=finite(d.covariance),
                    local_derivative_is_constant=d.local_derivative_is_constant,
                )
                for d in analysis.derivations
            ],
            sum_versus_mean=SumVersusMean(
                examples=analysis.data.size,
                learning_rate=facts.learning_rate,
                curvature=finite(facts.curvature),
                diverges_above={k: finite(v) for k, v in facts.diverges_above.items()},
                equivalent_learning_rate=facts.equivalent,
                paths={k: Trajectory.of(t, named) for k, t in facts.paths.items()},
            ),
            frame=None if step is None else _frame(analysis.until(step), step, named),
            warnings=list(analysis.warnings),
        )


def _frame(shown: ModelAnalysis, step: int, named) -> ModelFrame:
    paths = shown.trajectories
    return ModelFrame(
        step=step,
        params={name: named(path.params[-1]) for name, path in paths.items()},
        loss={name: finite(float(path.loss[-1])) for name, path in paths.items()},
        diverged={name: path.diverged for name, path in paths.items()},
    )
