"""Gradient descent with each variant, the true minimum of J, and J over a parameter plane."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.evaluate import evaluate_trees, quiet_floating_point
from app.core.means import average
from app.core.model import VARIANTS, Data, ModelSpec, mean_loss


@dataclass(frozen=True)
class Trajectory:
    """θ after each step (row 0 is the start) and J at each; ``diverged`` if it blew up."""

    params: np.ndarray
    loss: np.ndarray
    diverged: bool


@quiet_floating_point
def descend(
    spec: ModelSpec,
    data: Data,
    start: np.ndarray,
    learning_rate: float,
    steps: int,
    variant: str,
    scale: float = 1.0,
) -> Trajectory:
    """θ ← θ − η·scale·g(θ) with the variant's g (a gradient of the mean loss), from ``start``;
    ``scale`` N descends on the summed loss instead. Stops early if θ stops being finite. The
    losses are J, the mean, whatever the scale."""
    gradient = VARIANTS[variant]
    step_size = learning_rate * scale
    thetas = [np.asarray(start, dtype=float)]
    losses = [mean_loss(spec, data, thetas[0])]
    for _ in range(steps):
        with np.errstate(all="ignore"):
            theta = thetas[-1] - step_size * gradient(spec, data, thetas[-1])
        loss = mean_loss(spec, data, theta) if np.all(np.isfinite(theta)) else float("nan")
        if not (np.all(np.isfinite(theta)) and np.isfinite(loss)):
            return Trajectory(np.array(thetas), np.array(losses), diverged=True)
        thetas.append(theta)
        losses.append(loss)
    return Trajectory(np.array(thetas), np.array(losses), diverged=False)


@dataclass(frozen=True)
class Minimum:
    params: np.ndarray
    loss: float


@quiet_floating_point
def find_minimum(
    spec: ModelSpec, data: Data, start: np.ndarray, iterations: int = 100
) -> Minimum | None:
    """A minimum of J near ``start`` by damped Newton steps with exact second derivatives.

    Returns None when none is found: J may have no minimum at all (a linear cost, or
    cross-entropy on separable data, where the weights run off to infinity).
    """
    if spec.gradient_is_constant:
        return None
    theta = np.asarray(start, dtype=float)
    loss = mean_loss(spec, data, theta)
    for _ in range(iterations):
        gradient, hessian = gradient_and_hessian(spec, data, theta)
        if not (np.all(np.isfinite(gradient)) and np.all(np.isfinite(hessian))):
            return None
        if np.linalg.norm(gradient) <= 1e-10 * (1 + abs(loss)):
            return Minimum(theta, loss)
        theta, loss = _damped_step(spec, data, theta, loss, gradient, hessian)
        if theta is None:
            return None
    return None


def gradient_and_hessian(
    spec: ModelSpec, data: Data, theta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """∇J and ∇²J at θ from exact second derivatives (symbolic, shared sub-trees evaluated once)."""
    size = len(spec.parameters)
    trees = [g.tree for g in spec.per_example_gradients]
    trees += [h.tree for row in spec.second_derivatives for h in row]
    values = evaluate_trees(trees, spec.bindings(theta, data.x, data.y))
    means = np.array([average(v) for v in values])
    return means[:size], means[size:].reshape(size, size)


def _damped_step(spec, data, theta, loss, gradient, hessian):
    """A Newton step if the Hessian is positive definite, else a gradient step; halved until
    J decreases. Returns (None, None) if no step helps."""
    try:
        np.linalg.cholesky(hessian)
        direction = -np.linalg.solve(hessian, gradient)
    except np.linalg.LinAlgError:
        direction = -gradient
    step = 1.0
    for _ in range(60):
        candidate = theta + step * direction
        candidate_loss = mean_loss(spec, data, candidate)
        if np.isfinite(candidate_loss) and candidate_loss <= loss:
            return candidate, candidate_loss
        step /= 2
    return None, None


def loss_surface(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    axes: tuple[int, int],
    first: np.ndarray,
    second: np.ndarray,
) -> np.ndarray:
    """J on the grid ``first`` × ``second`` of two parameters, the others held at ``theta``.

    Shape (len(second), len(first)), as a contour plot wants it.
    """
    i, j = axes
    first = np.asarray(first, dtype=float)[None, :]
    second = np.asarray(second, dtype=float)[:, None]
    return loss_on_grid(spec, data, theta, {i: first, j: second})


def loss_curve(
    spec: ModelSpec, data: Data, theta: np.ndarray, axis: int, values: np.ndarray
) -> np.ndarray:
    """J as one parameter sweeps ``values``, the others held at ``theta``."""
    return loss_on_grid(spec, data, theta, {axis: np.asarray(values, dtype=float)})


@quiet_floating_point
def loss_on_grid(
    spec: ModelSpec, data: Data, theta: np.ndarray, overrides: dict[int, np.ndarray]
) -> np.ndarray:
    """J with some parameters replaced by broadcastable arrays; vectorised over examples too."""
    dimensions = max(np.ndim(v) for v in overrides.values())
    examples = (slice(None),) + (None,) * dimensions
    bindings: dict[str, np.ndarray | float] = dict(zip(spec.parameters, theta, strict=True))
    for index, values in overrides.items():
        bindings[spec.parameters[index]] = values[None, ...]
    bindings["x"], bindings["y"] = data.x[examples], data.y[examples]
    [losses] = evaluate_trees([spec.per_example_loss.tree], bindings)
    return losses.mean(axis=0)
