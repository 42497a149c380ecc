"""One model request, analysed: the gradient report at θ, descent paths, minimum, derivation."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.core.derivation import Derivation, derive
from app.core.descent import Minimum, Run, Trajectory, descend_together, find_minimum
from app.core.errors import ExpressionError, LimitExceededError
from app.core.evaluate import quiet_floating_point
from app.core.limits import MAX_LEARNING_RATE, MAX_STEPS
from app.core.model import (
    REFERENCE,
    VARIANT_NAMES,
    Data,
    GradientReport,
    ModelSpec,
    gradient_report,
)
from app.core.reduction import (
    REDUCTIONS,
    SumVersusMean,
    reduction_scale,
    scaled_report,
    scaled_trajectory,
    sum_versus_mean,
)


@dataclass(frozen=True)
class ModelAnalysis:
    spec: ModelSpec
    data: Data
    report: GradientReport
    trajectories: dict[str, Trajectory]
    minimum: Minimum | None
    derivations: tuple[Derivation, ...]
    learning_rate: float
    steps: int  # descent steps asked for (a path that blew up has fewer points)
    reduction: str  # "mean" or "sum": J, the gradients and the paths are of that reduction
    sum_versus_mean: SumVersusMean
    warnings: tuple[str, ...]

    def until(self, step: int) -> ModelAnalysis:
        """The same analysis with every descent path cut after ``step``: a frame to watch."""
        paths = self.sum_versus_mean.paths
        return replace(
            self,
            trajectories={name: _until(t, step) for name, t in self.trajectories.items()},
            sum_versus_mean=replace(
                self.sum_versus_mean, paths={k: _until(t, step) for k, t in paths.items()}
            ),
        )


def _until(trajectory: Trajectory, step: int) -> Trajectory:
    """The path's first ``step`` + 1 points (all of it, if it blew up before)."""
    reached = step + 1 >= len(trajectory.params)
    return Trajectory(
        trajectory.params[: step + 1], trajectory.loss[: step + 1], trajectory.diverged and reached
    )


@quiet_floating_point
def analyse_model(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    learning_rate: float,
    steps: int,
    reduction: str = "mean",
) -> ModelAnalysis:
    """Everything at θ and along descent, for J the mean (or, with ``reduction="sum"``, the
    sum) of the per-example losses. The derivation is always that of the mean."""
    check_descent_settings(learning_rate, steps)
    if reduction not in REDUCTIONS:
        raise ExpressionError(f"the reduction must be one of {', '.join(REDUCTIONS)}")
    scale = reduction_scale(reduction, data.size)
    other = "sum" if reduction == "mean" else "mean"
    runs = [Run(name, scale) for name in VARIANT_NAMES]
    runs.append(Run(REFERENCE, reduction_scale(other, data.size)))  # for sum versus mean
    *variant_paths, other_path = descend_together(spec, data, theta, learning_rate, steps, runs)
    paths = dict(zip(VARIANT_NAMES, variant_paths, strict=True))
    report = scaled_report(gradient_report(spec, data, theta), scale)
    trajectories = {name: scaled_trajectory(path, scale) for name, path in paths.items()}
    minimum = find_minimum(spec, data, theta)
    if minimum is not None:
        minimum = Minimum(minimum.params, minimum.loss * scale)
    return ModelAnalysis(
        spec=spec,
        data=data,
        report=report,
        trajectories=trajectories,
        minimum=minimum,
        derivations=derive(spec, data, theta),
        learning_rate=learning_rate,
        steps=steps,
        reduction=reduction,
        sum_versus_mean=sum_versus_mean(
            spec,
            data,
            theta,
            learning_rate,
            reduction,
            {reduction: paths[REFERENCE], other: other_path},
        ),
        warnings=tuple(_warnings(spec, report, trajectories, minimum)),
    )


def check_descent_settings(learning_rate: float, steps: int) -> None:
    if not 0 < learning_rate <= MAX_LEARNING_RATE:
        raise LimitExceededError(
            f"the learning rate must be above 0 and at most {MAX_LEARNING_RATE:g}"
        )
    if not 0 <= steps <= MAX_STEPS:
        raise LimitExceededError(f"the number of steps must be between 0 and {MAX_STEPS}")


def _warnings(spec, report, trajectories, minimum):
    if not np.isfinite(report.loss_value):
        yield "J(θ) is not finite at the starting parameters (overflow or log of 0?)"
    for name, value in report.variants.items():
        if not np.all(np.isfinite(value)):
            yield f"{name} is not finite at the starting parameters"
    for name, trajectory in trajectories.items():
        if trajectory.diverged:
            yield (
                f"descent with {name} blew up after {len(trajectory.loss) - 1} steps;"
                " try a smaller learning rate"
            )
    if spec.gradient_is_constant:
        yield (
            "the gradient does not depend on the parameters, so J has no minimum:"
            " every step moves the same way, without end"
        )
    elif minimum is None:
        yield "no finite minimum of J was found near the start (J may decrease without end)"
