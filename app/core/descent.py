"""Gradient descent with each variant, the true minimum of J, and J over a parameter plane."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.evaluate import RepeatedEvaluation, evaluate_trees, quiet_floating_point
from app.core.means import average
from app.core.model import INPUT, TARGET, VARIANT_NAMES, Data, ModelSpec, mean_loss


@dataclass(frozen=True)
class Trajectory:
    """θ after each step (row 0 is the start) and J at each; ``diverged`` if it blew up."""

    params: np.ndarray
    loss: np.ndarray
    diverged: bool


@dataclass(frozen=True)
class Run:
    """One descent to take: the variant whose gradient steps, and the factor on the step
    (N descends on the summed loss instead of the mean)."""

    variant: str
    scale: float = 1.0


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
    [trajectory] = descend_together(spec, data, start, learning_rate, steps, [Run(variant, scale)])
    return trajectory


@quiet_floating_point
def descend_together(
    spec: ModelSpec,
    data: Data,
    start: np.ndarray,
    learning_rate: float,
    steps: int,
    runs: Sequence[Run],
) -> list[Trajectory]:
    """Several descents from ``start`` at once, as ``descend`` takes each: one row of θ per
    run, and one evaluation of every tree per step serves them all (see ``_StackedGradients``).

    The explorer's five paths (four variants and the other reduction) cost one set of NumPy
    calls a step instead of ten; each path stops where it stops alone."""
    gradients = _StackedGradients(spec, data, [run.variant for run in runs])
    step_sizes = np.array([[learning_rate * run.scale] for run in runs])
    theta = np.repeat(np.asarray(start, dtype=float)[None, :], len(runs), axis=0)
    thetas, losses = [theta], []
    length = np.full(len(runs), steps + 1)  # points on each path; fewer if it blew up
    for step in range(steps + 1):
        loss, gradient = gradients.at(theta, with_gradient=step < steps)
        losses.append(loss)
        if step:
            blown = (length > step) & ~(np.isfinite(theta).all(axis=1) & np.isfinite(loss))
            length[blown] = step
            if not (length > step).any():
                break
        if step < steps:
            theta = theta - step_sizes * gradient
            thetas.append(theta)
    params, loss_rows = np.array(thetas), np.array(losses)
    return [
        Trajectory(params[:n, r], loss_rows[:n, r], diverged=bool(n <= steps))
        for r, n in enumerate(length)
    ]


class _StackedGradients:
    """J and the chosen variant's gradient at one θ per row, from one evaluation of every tree
    the variants use, with θ broadcast along the rows and the examples along the columns.

    The columns are the N examples and then the averaged example (x̄, ȳ), where the mean-input
    variant evaluates the per-example gradient. Each mean over the examples reduces a row as
    ``app/core/means`` reduces the examples alone, so the numbers are those of the variants'
    own functions in app/core/model.py, to rounding."""

    def __init__(self, spec: ModelSpec, data: Data, variants: Sequence[str]) -> None:
        self.spec, self.size = spec, data.size
        count = len(spec.parameters)
        self.trees = [
            spec.per_example_loss.tree,
            *(g.tree for g in spec.per_example_gradients),
            spec.output_error.tree,
            *(d.tree for d in spec.local_derivatives),
        ]
        self.gradients = slice(1, 1 + count)
        self.error = 1 + count
        self.locals = slice(2 + count, 2 + 2 * count)
        x = np.append(data.x, average(data.x))[None, :]
        y = np.append(data.y, average(data.y))[None, :]
        self.examples = {INPUT: x, TARGET: y}
        # Row r takes variant r's gradient out of the four computed for every row.
        self.pick = ([VARIANT_NAMES.index(v) for v in variants], np.arange(len(variants)))
        shapes = {INPUT: x.shape, TARGET: y.shape}
        shapes.update((p, (len(variants), 1)) for p in spec.parameters)
        self.every_tree = RepeatedEvaluation(self.trees, shapes)

    def at(self, theta: np.ndarray, with_gradient: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """J per row, and (if asked) each row's variant's gradient, shape (rows, P)."""
        bindings = dict(self.examples)
        bindings.update((p, theta[:, [i]]) for i, p in enumerate(self.spec.parameters))
        if with_gradient:
            values = self.every_tree(bindings)
        else:
            values = evaluate_trees(self.trees[:1], bindings)
        n = self.size
        loss = np.add.reduce(values[0][:, :n], axis=1) / n
        if not with_gradient:
            return loss, None
        per_example = np.stack(values[self.gradients], axis=2)  # (rows, N + 1, P)
        delta = values[self.error][:, :n]  # (rows, N)
        local = np.stack(values[self.locals], axis=2)[:, :n]  # (rows, N, P)
        every_variant = np.stack(  # in VARIANT_NAMES' order, as app/core/model.py has them
            [
                np.einsum("rn,rnp->rp", delta, local) / n,  # δᵀD / N
                np.add.reduce(per_example[:, :n], axis=1) / n,  # mean of ∂L_i/∂θ
                per_example[:, n],  # ∂L/∂θ at (x̄, ȳ)
                (np.add.reduce(delta, axis=1) / n)[:, None] * (np.add.reduce(local, axis=1) / n),
            ]
        )
        return loss, every_variant[self.pick]


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
