"""Gradient variants for a scalar function f over a set of points.

``mean_of_gradients`` = (1/N) Σ f'(x_i) is what the derivative of the mean loss needs;
``gradient_at_mean`` = f'(x̄) is what "average first, differentiate once" computes. Their
``gap`` is zero for every point set exactly when f is affine in x; otherwise, for points
close together, it is about ½ f'''(x̄) Var(x) (a Taylor expansion of f' around x̄).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.core.errors import LimitExceededError
from app.core.evaluate import evaluate_trees, quiet_floating_point
from app.core.expression import Expression, parse
from app.core.points import validate_points
from app.core.printing import format_number

VARIABLE = "x"


@dataclass(frozen=True)
class ScalarAnalysis:
    function: Expression
    derivative: Expression
    x: np.ndarray
    x_mean: float
    x_variance: float
    values: np.ndarray
    value_at_mean: float
    gradients: np.ndarray
    mean_of_gradients: float
    gradient_at_mean: float
    gap: float
    taylor_gap: float | None
    affine: bool
    warnings: tuple[str, ...]

    @property
    def relative_gap(self) -> float:
        """gap / |mean_of_gradients|: how wrong the shortcut is, as a fraction."""
        scale = abs(self.mean_of_gradients)
        return self.gap / scale if scale > 0 else math.nan


def parse_function(text: str) -> Expression:
    """Parse a function of x; any other name is an error at its column."""
    return parse(text, (VARIABLE,))


@quiet_floating_point
def analyse(function: Expression, points: np.ndarray | list[float]) -> ScalarAnalysis:
    x = validate_points(list(np.asarray(points, dtype=np.float64)))
    derivative = function.diff(VARIABLE)
    x_mean = float(np.mean(x))
    x_variance = float(np.var(x))
    # f and f' at the points and at their mean in one pass: shared sub-trees are computed once
    values, gradients = evaluate_trees(
        [function.tree, derivative.tree], {VARIABLE: np.append(x, x_mean)}
    )
    value_at_mean, gradient_at_mean = float(values[-1]), float(gradients[-1])
    values, gradients = values[:-1], gradients[:-1]
    mean_of_gradients = float(np.mean(gradients))
    warnings = [
        *_non_finite_warnings("f(x)", x, values),
        *_non_finite_warnings("f'(x)", x, gradients),
    ]
    if not math.isfinite(gradient_at_mean):
        warnings.append(f"f'(x) is not finite at the mean x = {format_number(x_mean)}")
    taylor_gap, taylor_warning = _taylor_gap(derivative, x_mean, x_variance)
    if taylor_warning:
        warnings.append(taylor_warning)
    return ScalarAnalysis(
        function=function,
        derivative=derivative,
        x=x,
        x_mean=x_mean,
        x_variance=x_variance,
        values=values,
        value_at_mean=value_at_mean,
        gradients=gradients,
        mean_of_gradients=mean_of_gradients,
        gradient_at_mean=gradient_at_mean,
        gap=mean_of_gradients - gradient_at_mean,
        taylor_gap=taylor_gap,
        affine=not derivative.depends_on(VARIABLE),
        warnings=tuple(warnings),
    )


def _taylor_gap(
    derivative: Expression, x_mean: float, x_variance: float
) -> tuple[float | None, str | None]:
    """½ f'''(x̄) Var(x), or None with a reason when f''' cannot be had."""
    try:
        third = derivative.diff(VARIABLE).diff(VARIABLE)
    except LimitExceededError:
        return None, "the third derivative is too large to write out; no Taylor estimate"
    value = 0.5 * float(third.evaluate(x=x_mean)) * x_variance
    if not math.isfinite(value):
        return None, "f'''(x̄) is not finite, so the Taylor estimate of the gap is unavailable"
    return value, None


def _non_finite_warnings(label: str, x: np.ndarray, values: np.ndarray) -> list[str]:
    bad = np.flatnonzero(~np.isfinite(values))
    messages = [
        f"{label} is not finite at x = {format_number(float(x[i]))} (point {i + 1})"
        for i in bad[:5]
    ]
    if len(bad) > 5:
        messages.append(f"{label} is not finite at {len(bad) - 5} more points")
    return messages


@dataclass(frozen=True)
class Curves:
    """f and f' sampled on a grid that frames the points, for charts."""

    x: np.ndarray
    values: np.ndarray
    gradients: np.ndarray


@quiet_floating_point
def sample_curves(analysis: ScalarAnalysis, count: int = 241) -> Curves:
    """Sample f and f' over the points' span plus a margin, so the curvature between them shows.

    The grid includes every point exactly, so a chart's markers sit on its curve.
    """
    low, high = float(np.min(analysis.x)), float(np.max(analysis.x))
    margin = max(1.5, 0.35 * (high - low))
    grid = np.union1d(np.linspace(low - margin, high + margin, count), analysis.x)
    values, gradients = evaluate_trees(
        [analysis.function.tree, analysis.derivative.tree], {VARIABLE: grid}
    )
    return Curves(x=grid, values=values, gradients=gradients)
