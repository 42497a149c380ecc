"""Gradient variants for a model f(x; θ) trained with a per-example loss L(y, f).

The per-example loss is the loss with the model substituted for f: L_i(θ) = L(y_i, f(x_i; θ)).
The four variants of DESIGN.md, each computed its own way:

- ``gradient_of_mean_loss``: batched backpropagation. The output error δ_i = ∂L/∂f at every
  example times the local derivatives D_ip = ∂f/∂θ_p(x_i), summed over the batch: δᵀD / N.
- ``mean_of_gradients``: the fully differentiated per-example loss ∂L_i/∂θ, averaged.
- ``gradient_at_mean_input``: ∂L/∂θ once, at the averaged example (x̄, ȳ).
- ``mean_error_backprop``: mean(δ) · mean(D): the error averaged before the backward pass.

The first two agree to rounding for any model (linearity); the last two are products of
means where the truth is a mean of products, and differ by Cov(δ, D_p).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from app.core.build import substitute
from app.core.errors import ExpressionError, LimitExceededError, PointsError, UnknownNameError
from app.core.evaluate import evaluate_trees, quiet_floating_point
from app.core.expression import Expression, parse
from app.core.limits import MAX_ABS_PARAMETER, MAX_EXAMPLES, MAX_PARAMETERS
from app.core.means import average, batch_mean
from app.core.points import validate_points

INPUT, TARGET, OUTPUT = "x", "y", "f"
VARIANT_NAMES = (
    "gradient_of_mean_loss",
    "mean_of_gradients",
    "gradient_at_mean_input",
    "mean_error_backprop",
)
REFERENCE = "gradient_of_mean_loss"


def parse_model(text: str) -> Expression:
    """A function of x and named parameters; y and f belong to the loss, not the model."""
    expression = parse(text)
    if TARGET in expression.variables or OUTPUT in expression.variables:
        try:  # parse again without them, only to find the first one's column
            parse(text, tuple(sorted(expression.variables - {TARGET, OUTPUT})))
        except UnknownNameError as error:
            raise UnknownNameError(
                "y and f belong in the loss; the model is a function of x and its parameters",
                column=error.column,
            ) from None
    if len(expression.variables - {INPUT}) > MAX_PARAMETERS:
        raise LimitExceededError(f"the model has more than {MAX_PARAMETERS} parameters")
    if not expression.variables - {INPUT}:
        raise UnknownNameError("the model has no parameters to learn; write e.g. m*x + b")
    return expression


def parse_loss(text: str) -> Expression:
    """A function of the target y and the model's output f."""
    return parse(text, (TARGET, OUTPUT))


@dataclass(frozen=True)
class Data:
    x: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> Data:
        xs = _checked_examples(x, "x")
        ys = _checked_examples(y, "y")
        if len(xs) != len(ys):
            raise PointsError(f"there are {len(xs)} x values but {len(ys)} y values")
        return cls(xs, ys)

    @property
    def size(self) -> int:
        return len(self.x)


def _checked_examples(values: Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    values = list(np.asarray(values, dtype=np.float64))
    if len(values) > MAX_EXAMPLES:
        raise LimitExceededError(f"{len(values)} {name} values; the limit is {MAX_EXAMPLES}")
    return validate_points(values)


@dataclass(frozen=True)
class ModelSpec:
    """A model and a loss, differentiated once: everything the variants evaluate."""

    model: Expression
    loss: Expression
    parameters: tuple[str, ...]

    @cached_property
    def per_example_loss(self) -> Expression:
        return Expression(substitute(self.loss.tree, {OUTPUT: self.model.tree}))

    @cached_property
    def per_example_gradients(self) -> tuple[Expression, ...]:
        """∂L_i/∂θ_p, fully differentiated, one expression per parameter."""
        return tuple(self.per_example_loss.diff(p) for p in self.parameters)

    @cached_property
    def second_derivatives(self) -> tuple[tuple[Expression, ...], ...]:
        """∂²L_i/∂θ_p∂θ_q: the per-example Hessians, whose mean is the Hessian of J."""
        return tuple(tuple(g.diff(q) for q in self.parameters) for g in self.per_example_gradients)

    @cached_property
    def output_error(self) -> Expression:
        """δ = ∂L/∂f with the model substituted: the error that backpropagation sends back."""
        return Expression(substitute(self.loss.diff(OUTPUT).tree, {OUTPUT: self.model.tree}))

    @cached_property
    def local_derivatives(self) -> tuple[Expression, ...]:
        """∂f/∂θ_p: how the model's output moves with each parameter."""
        return tuple(self.model.diff(p) for p in self.parameters)

    @cached_property
    def gradient_is_constant(self) -> bool:
        """True when no gradient depends on θ: J is affine in θ and has no minimum."""
        return not any(g.variables & set(self.parameters) for g in self.per_example_gradients)

    def bindings(self, theta: np.ndarray, x: np.ndarray | float, y: np.ndarray | float) -> dict:
        return {INPUT: x, TARGET: y, **dict(zip(self.parameters, theta, strict=True))}


def build_spec(model_text: str, loss_text: str, parameters: Sequence[str]) -> ModelSpec:
    """Parse both texts; ``parameters`` (the caller's order) must name the model's exactly."""
    return _built_spec(model_text, loss_text, tuple(parameters))


@lru_cache(maxsize=64)
def _built_spec(model_text: str, loss_text: str, parameters: tuple[str, ...]) -> ModelSpec:
    """One spec per model, loss and parameter order: its derivatives, compiled programs and
    plans are then made once, not on every edit of a learning rate or a point (a spec is
    immutable; its cached properties are pure functions of it)."""
    model = parse_model(model_text)
    loss = parse_loss(loss_text)
    expected = model.variables - {INPUT}
    missing = [p for p in sorted(expected) if p not in parameters]
    if missing:
        raise UnknownNameError(f"give a starting value for the parameter '{missing[0]}'")
    extra = [p for p in parameters if p not in expected]
    if extra:
        raise UnknownNameError(f"'{extra[0]}' is not a parameter of the model")
    return ModelSpec(model, loss, parameters)


def parameter_vector(spec: ModelSpec, values: Mapping[str, float]) -> np.ndarray:
    theta = np.array([float(values[p]) for p in spec.parameters])
    bad = [
        p for p, v in zip(spec.parameters, theta, strict=True) if not abs(v) <= MAX_ABS_PARAMETER
    ]
    if bad:
        raise ExpressionError(
            f"the parameter '{bad[0]}' must be a finite number between"
            f" -{MAX_ABS_PARAMETER:g} and {MAX_ABS_PARAMETER:g}"
        )
    return theta


# -- the quantities ------------------------------------------------------------------------------
@quiet_floating_point
def predict(spec: ModelSpec, theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The model's output f(x; θ) at each x."""
    return spec.model.evaluate(**{INPUT: x, **dict(zip(spec.parameters, theta, strict=True))})


def mean_loss(spec: ModelSpec, data: Data, theta: np.ndarray) -> float:
    """J(θ) = (1/N) Σ L_i(θ)."""
    [losses] = evaluate_trees([spec.per_example_loss.tree], spec.bindings(theta, data.x, data.y))
    return average(losses)


def per_example_gradient_matrix(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    """Row i is ∇θ L_i: shape (N, P), vectorised over the examples."""
    trees = [g.tree for g in spec.per_example_gradients]
    columns = evaluate_trees(trees, spec.bindings(theta, data.x, data.y))
    return np.stack(columns, axis=1)


def errors_and_local_derivatives(
    spec: ModelSpec, data: Data, theta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """δ (N,) and D (N, P): the two factors of every per-example gradient."""
    trees = [spec.output_error.tree, *(d.tree for d in spec.local_derivatives)]
    delta, *columns = evaluate_trees(trees, spec.bindings(theta, data.x, data.y))
    return delta, np.stack(columns, axis=1)


def gradient_of_mean_loss(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    delta, local = errors_and_local_derivatives(spec, data, theta)
    with np.errstate(all="ignore"):
        return delta @ local / data.size


def mean_of_gradients(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    return batch_mean(per_example_gradient_matrix(spec, data, theta))


def gradient_at_mean_input(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    trees = [g.tree for g in spec.per_example_gradients]
    x_mean, y_mean = average(data.x), average(data.y)
    return np.array([float(v) for v in evaluate_trees(trees, spec.bindings(theta, x_mean, y_mean))])


def mean_error_backprop(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    delta, local = errors_and_local_derivatives(spec, data, theta)
    return average(delta) * batch_mean(local)


VARIANTS = {
    "gradient_of_mean_loss": gradient_of_mean_loss,
    "mean_of_gradients": mean_of_gradients,
    "gradient_at_mean_input": gradient_at_mean_input,
    "mean_error_backprop": mean_error_backprop,
}


def central_differences(function: Callable[[np.ndarray], Any], theta: np.ndarray) -> np.ndarray:
    """d function / d θ_p for every p by central differences; ``function`` may return an
    array (one value per example), and the result then has a row per parameter."""
    rows = []
    for p in range(len(theta)):
        h = 1e-6 * max(1.0, abs(theta[p]))
        step = np.zeros(len(theta))
        step[p] = h
        rows.append(
            (np.asarray(function(theta + step)) - np.asarray(function(theta - step))) / (2 * h)
        )
    return np.array(rows)


def central_difference_gradient(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    """∇J by central differences of J itself: an independent check on every variant."""
    return central_differences(lambda t: mean_loss(spec, data, t), theta)


@dataclass(frozen=True)
class Comparison:
    """How far a variant is from the true gradient."""

    absolute: float
    relative: float
    angle_degrees: float | None


def compare(candidate: np.ndarray, truth: np.ndarray) -> Comparison:
    difference = float(np.linalg.norm(candidate - truth))
    scale = float(np.linalg.norm(truth))
    norms = scale * float(np.linalg.norm(candidate))
    angle = None
    if norms > 0 and np.isfinite(norms):
        cosine = float(np.clip(np.dot(candidate, truth) / norms, -1.0, 1.0))
        angle = float(np.degrees(np.arccos(cosine)))
    return Comparison(difference, difference / scale if scale > 0 else float("nan"), angle)


@dataclass(frozen=True)
class GradientReport:
    """Everything about the gradient at one θ."""

    theta: np.ndarray
    loss_value: float
    per_example: np.ndarray
    variants: dict[str, np.ndarray]
    comparisons: dict[str, Comparison]
    finite_difference: np.ndarray
    finite_difference_check: float


@quiet_floating_point
def gradient_report(spec: ModelSpec, data: Data, theta: np.ndarray) -> GradientReport:
    variants = {name: VARIANTS[name](spec, data, theta) for name in VARIANT_NAMES}
    truth = variants[REFERENCE]
    finite_difference = central_difference_gradient(spec, data, theta)
    return GradientReport(
        theta=theta,
        loss_value=mean_loss(spec, data, theta),
        per_example=per_example_gradient_matrix(spec, data, theta),
        variants=variants,
        comparisons={
            name: compare(value, truth) for name, value in variants.items() if name != REFERENCE
        },
        finite_difference=finite_difference,
        finite_difference_check=float(np.max(np.abs(truth - finite_difference))),
    )
