"""The question's derivation of ∂J/∂θ, step by step, each step evaluated with the reader's data.

Steps (as the question writes them for the line fit, but for any model and loss):
factor rule, sum rule, chain rule, definition of f, collect terms. Every step is the same
number computed a different way: the first two numerically (central differences of the whole
sum, then of each term), the last three from the symbolic factors. Then the step where
"average the error first" departs: a product of means instead of a mean of products, off by
exactly the covariance of the output error and the local derivative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.evaluate import evaluate_trees
from app.core.expression import Expression
from app.core.model import (
    INPUT,
    OUTPUT,
    TARGET,
    Data,
    ModelSpec,
    central_difference_gradient,
    central_differences,
    errors_and_local_derivatives,
)
from app.core.nodes import Var
from app.core.printing import precedence, to_latex

PER_EXAMPLE = {INPUT: "x_i", TARGET: "y_i", OUTPUT: "f(x_i)"}
SUM = r"\frac{1}{N} \sum_{i=1}^{N}"


@dataclass(frozen=True)
class Step:
    rule: str
    latex: str
    value: float


@dataclass(frozen=True)
class Derivation:
    parameter: str
    parameter_latex: str
    steps: tuple[Step, ...]
    shortcut: Step
    covariance: float
    """correct − shortcut = Cov(δ, ∂f/∂θ) over the batch (population covariance)."""
    local_derivative_latex: str
    local_derivative_is_constant: bool
    """∂f/∂θ is the same for every example, so the shortcut happens to be right here."""


def derive(spec: ModelSpec, data: Data, theta: np.ndarray) -> tuple[Derivation, ...]:
    delta, local = errors_and_local_derivatives(spec, data, theta)
    whole_sum = central_difference_gradient(spec, data, theta)
    term_by_term = _per_example_central_differences(spec, data, theta)
    return tuple(
        _derive_one(spec, data, theta, p, delta, local[:, p], whole_sum[p], term_by_term[p])
        for p in range(len(spec.parameters))
    )


def _derive_one(
    spec: ModelSpec,
    data: Data,
    theta: np.ndarray,
    p: int,
    delta: np.ndarray,
    local: np.ndarray,
    whole_sum: float,
    term_by_term: float,
) -> Derivation:
    name = spec.parameters[p]
    theta_latex = to_latex(Var(name))
    d_theta = rf"\frac{{\partial}}{{\partial {theta_latex}}}"
    error_latex = to_latex(spec.loss.diff(OUTPUT).tree, PER_EXAMPLE)
    local_expression = spec.local_derivatives[p]
    substituted_error_latex = to_latex(spec.output_error.tree, {INPUT: "x_i", TARGET: "y_i"})
    collected = spec.per_example_gradients[p]
    bindings = spec.bindings(theta, data.x, data.y)
    substituted_error, local_again, collected_values = evaluate_trees(
        [spec.output_error.tree, local_expression.tree, collected.tree], bindings
    )
    steps = (
        Step("factor rule", rf"\frac{{1}}{{N}} {d_theta} \sum_{{i=1}}^{{N}} L_i", whole_sum),
        Step("sum rule", rf"{SUM} {d_theta} L_i", term_by_term),
        Step(
            "chain rule",
            rf"{SUM} \left({error_latex}\right) {d_theta} f(x_i)",
            float(np.mean(delta * local)),
        ),
        Step(
            "definition of f",
            rf"{SUM} \left({substituted_error_latex}\right) \cdot {_operand(local_expression)}",
            float(np.mean(substituted_error * local_again)),
        ),
        Step(
            "collect terms",
            rf"{SUM} {to_latex(collected.tree, {INPUT: 'x_i', TARGET: 'y_i'})}",
            float(np.mean(collected_values)),
        ),
    )
    shortcut = Step(
        "average the error first",
        rf"\left({SUM} {error_latex}\right) \cdot \left({SUM} {_operand(local_expression)}\right)",
        float(np.mean(delta) * np.mean(local)),
    )
    covariance = float(np.mean((delta - np.mean(delta)) * (local - np.mean(local))))
    return Derivation(
        parameter=name,
        parameter_latex=theta_latex,
        steps=steps,
        shortcut=shortcut,
        covariance=covariance,
        local_derivative_latex=to_latex(local_expression.tree),
        local_derivative_is_constant=not local_expression.depends_on(INPUT),
    )


def _per_example_central_differences(spec: ModelSpec, data: Data, theta: np.ndarray) -> np.ndarray:
    """(1/N) Σ_i of each term's own central difference: the sum rule, done numerically."""
    tree = spec.per_example_loss.tree

    def losses(t: np.ndarray) -> np.ndarray:
        [values] = evaluate_trees([tree], spec.bindings(t, data.x, data.y))
        return values

    return central_differences(losses, theta).mean(axis=1)


def _operand(expression: Expression) -> str:
    """LaTeX of a per-example factor, in parentheses only if it is a sum."""
    text = to_latex(expression.tree, {INPUT: "x_i"})
    return rf"\left({text}\right)" if precedence(expression.tree) <= 2 else text
