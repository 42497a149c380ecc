"""The allow-list of functions: each one's NumPy evaluation, derivative rule and LaTeX name.

One row per function, so adding a function means adding one row (and its one-line test in
``tests/core/test_functions.py``, which checks the rule against central differences). A name
not in ``FUNCTIONS`` is an error at parse time; nothing else is ever looked up or called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.core.build import ONE, TWO, ZERO, call, div, mul, neg, power, sub
from app.core.nodes import Call, Node

Array = np.ndarray


@dataclass(frozen=True)
class Function:
    name: str
    evaluate: Callable[[Array, Array | None], Array]
    """Values at an array ``u``; may write them into ``out`` (a spare buffer shaped like ``u``,
    or None) to save an allocation, but must not read ``u`` after writing ``out``."""
    outer_derivative: Callable[[Call], Node]
    """d f(u) / du as an expression of the call node itself (so sub-trees are shared)."""
    latex: str
    summary: str


def _sigmoid(u: Array, out: Array | None) -> Array:
    # exp(-u) overflows to inf for u < -709, and 1 / (1 + inf) is exactly 0: no NaN.
    value = np.negative(u, out=out)
    here = value if isinstance(value, np.ndarray) else None  # the rest in place, if an array
    value = np.exp(value, out=here)
    value = np.add(value, 1.0, out=here)
    return np.divide(1.0, value, out=here)


def _step(u: Array, out: Array | None) -> Array:
    return np.where(u > 0, 1.0, 0.0)


def _relu(u: Array, out: Array | None) -> Array:
    return np.maximum(u, 0.0, out=out)


def _softplus(u: Array, out: Array | None) -> Array:
    return np.logaddexp(0.0, u, out=out)


_ROWS = [
    Function("sigmoid", _sigmoid, lambda c: mul(c, sub(ONE, c)), r"\sigma", "logistic 1/(1+e^-u)"),
    Function("tanh", np.tanh, lambda c: sub(ONE, power(c, TWO)), r"\tanh", "hyperbolic tangent"),
    Function("exp", np.exp, lambda c: c, r"\exp", "e to the power u"),
    Function("log", np.log, lambda c: div(ONE, c.argument), r"\log", "natural logarithm"),
    Function("sqrt", np.sqrt, lambda c: div(ONE, mul(TWO, c)), r"\sqrt", "square root"),
    Function("abs", np.abs, lambda c: call("sign", c.argument), "abs", "absolute value"),
    Function("sin", np.sin, lambda c: call("cos", c.argument), r"\sin", "sine"),
    Function("cos", np.cos, lambda c: neg(call("sin", c.argument)), r"\cos", "cosine"),
    Function(
        "relu", _relu, lambda c: call("step", c.argument), r"\operatorname{relu}", "max(u, 0)"
    ),
    Function(
        "softplus",
        _softplus,
        lambda c: call("sigmoid", c.argument),
        r"\operatorname{softplus}",
        "log(1 + e^u), a smooth relu",
    ),
    # step and sign are flat wherever they are differentiable; their jump at 0 has no derivative.
    Function("step", _step, lambda c: ZERO, r"\operatorname{step}", "1 if u > 0, else 0"),
    Function("sign", np.sign, lambda c: ZERO, r"\operatorname{sgn}", "-1, 0 or 1"),
]

FUNCTIONS: dict[str, Function] = {row.name: row for row in _ROWS}

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}
