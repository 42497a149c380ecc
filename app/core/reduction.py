"""Sum versus mean: the same descent, with the learning rate scaled by N.

J_sum = Σ L_i = N · J_mean, so ∇J_sum = N ∇J_mean, and a step of η on the sum is a step of N·η
on the mean. Gradient descent on a quadratic J_mean diverges once η > 2/λ_max (λ_max the largest
eigenvalue of its Hessian); on the sum, once η > 2/(N·λ_max). For other losses the same bound,
taken at the start, says when the first steps overshoot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.core.descent import Trajectory, gradient_and_hessian
from app.core.evaluate import quiet_floating_point
from app.core.model import Comparison, Data, GradientReport, ModelSpec

REDUCTIONS = ("mean", "sum")


def reduction_scale(reduction: str, examples: int) -> float:
    """By how much the chosen reduction multiplies J and every gradient of the mean."""
    return float(examples) if reduction == "sum" else 1.0


@dataclass(frozen=True)
class SumVersusMean:
    reduction: str  # the one the explorer's numbers and paths use
    examples: int
    learning_rate: float  # η as given, for the chosen reduction
    curvature: float | None  # λ_max of ∇²J_mean at the start; None if not finite
    curvature_is_constant: bool  # the Hessian is the same at every θ (the bound is exact)
    diverges_above: dict[str, float | None]  # η beyond which descent on each overshoots
    equivalent: dict[str, float]  # the η on each reduction that takes the very same steps
    paths: dict[str, Trajectory]  # the true gradient with the same η on each (J as the mean)


@quiet_floating_point
def sum_versus_mean(
    spec: ModelSpec,
    data: Data,
    start: np.ndarray,
    learning_rate: float,
    reduction: str,
    paths: dict[str, Trajectory],
) -> SumVersusMean:
    """The learning-rate facts at the start; ``paths`` are the true gradient's, with the same
    η, on each reduction (taken with the variants' in app/core/model_analysis.py)."""
    examples = data.size
    _, hessian = gradient_and_hessian(spec, data, start)
    curvature = None
    if np.all(np.isfinite(hessian)):
        curvature = float(np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1])
    limit = 2 / curvature if curvature is not None and curvature > 0 else None
    step = learning_rate * reduction_scale(reduction, examples)  # the step on the mean
    return SumVersusMean(
        reduction=reduction,
        examples=examples,
        learning_rate=learning_rate,
        curvature=curvature,
        curvature_is_constant=not any(
            h.variables & set(spec.parameters) for row in spec.second_derivatives for h in row
        ),
        diverges_above={"mean": limit, "sum": None if limit is None else limit / examples},
        equivalent={"mean": step, "sum": step / examples},
        paths=paths,
    )


def scaled_report(report: GradientReport, factor: float) -> GradientReport:
    """The report for J multiplied by ``factor`` (N for the sum): every gradient and J scale,
    the per-example gradients and the relative comparisons do not."""
    if factor == 1.0:
        return report
    return replace(
        report,
        loss_value=report.loss_value * factor,
        variants={name: value * factor for name, value in report.variants.items()},
        comparisons={
            name: Comparison(c.absolute * factor, c.relative, c.angle_degrees)
            for name, c in report.comparisons.items()
        },
        finite_difference=report.finite_difference * factor,
        finite_difference_check=report.finite_difference_check * factor,
    )


def scaled_trajectory(trajectory: Trajectory, factor: float) -> Trajectory:
    """The same path, its losses those of J multiplied by ``factor``."""
    return trajectory if factor == 1.0 else replace(trajectory, loss=trajectory.loss * factor)
